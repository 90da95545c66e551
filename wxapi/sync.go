package wxapi

import (
	"github.com/dop251/goja"
)

// defineSync defines wx.<name> as a plain function: a *Sync API, or one of the functions
// WeChat never gives callbacks (canIUse, nextTick, arrayBufferToBase64, …). Failures of
// a *Sync API throw (throwResult) instead of calling fail. Call it before the first Run*,
// from the goroutine that installed the API.
func (a *API) defineSync(name string, f func(goja.FunctionCall) goja.Value) {
	_ = a.wx.Set(name, f)
}

// throwResult throws what a *Sync API throws when it fails: an Error whose message is the
// errMsg the async form would report ("setStorageSync:fail exceed storage max size
// 10Mb"), with errno when there is one. The base library's *Sync functions throw such an
// Error; the DevTools print it with an "APP-SERVICE-SDK:" prefix, phones without
// (decision 23). Loop goroutine only.
func (a *API) throwResult(r result) {
	a.traceFail(r)
	msg := r.errMsg()
	e, err := a.vm.New(a.errorCtor, a.vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	if r.errno != 0 {
		_ = e.Set("errno", r.errno)
	}
	panic(e)
}
