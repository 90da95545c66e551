package wxapi

import (
	"github.com/dop251/goja"
)

// result is the outcome of one asynchronous-style wx API call: the errMsg and any extra
// fields. Every wx API reports through it, so errMsg formatting lives in one place.
type result struct {
	api    string // "connectSocket", "sendSocketMessage", …
	ok     bool
	reason string  // after "<api>:fail "
	errno  int     // 0 = absent
	fields []field // extra res fields, in order
}

type field struct {
	name  string
	value any
}

func okResult(api string) result { return result{api: api, ok: true} }

func failResult(api, reason string) result { return result{api: api, reason: reason} }

// errMsg renders the errMsg exactly as WeChat does: "<api>:ok" or "<api>:fail <reason>".
func (r result) errMsg() string {
	if r.ok {
		return r.api + ":ok"
	}
	if r.reason == "" {
		return r.api + ":fail"
	}
	return r.api + ":fail " + r.reason
}

// callbacks holds the success/fail/complete functions of one call, or the resolve/reject
// pair of the Promise returned instead. Loop goroutine only.
type callbacks struct {
	success, fail, complete goja.Value
	resolve, reject         func(any) error
}

// noPromise is parseCallbacks' promiseAPI for the APIs that never return a Promise.
const noPromise = ""

// parseCallbacks reads success/fail/complete from opts. When promiseAPI names the API
// ("closeSocket") and opts has none of them (or there is no opts), it creates the Promise
// the call returns instead (wx-socket spec §6, decision 3), remembering where the script
// called wx.<promiseAPI> so that an unhandled rejection names the call site; otherwise
// the returned value is undefined. Call it from the API function itself, before it
// returns to JavaScript.
func (a *API) parseCallbacks(opts *goja.Object, promiseAPI string) (*callbacks, goja.Value) {
	cb := &callbacks{}
	if opts != nil {
		cb.success = functionOrNil(opts.Get("success"))
		cb.fail = functionOrNil(opts.Get("fail"))
		cb.complete = functionOrNil(opts.Get("complete"))
	}
	if promiseAPI != noPromise && cb.success == nil && cb.fail == nil && cb.complete == nil {
		p, resolve, reject := a.host.NewPromiseFrom("wx." + promiseAPI)
		cb.resolve, cb.reject = resolve, reject
		return cb, a.vm.ToValue(p)
	}
	return cb, goja.Undefined()
}

func (cb *callbacks) empty() bool {
	return cb.success == nil && cb.fail == nil && cb.complete == nil && cb.resolve == nil
}

func functionOrNil(v goja.Value) goja.Value {
	if _, ok := goja.AssertFunction(v); ok {
		return v
	}
	return nil
}

// finish delivers r: success or fail, then complete, with the same res object; or settles
// the Promise. A throwing callback is reported (wx.onError, App.onError) and the next one
// still runs; nothing propagates to the caller. Loop goroutine only.
func (a *API) finish(cb *callbacks, r result) {
	if cb == nil || cb.empty() {
		return
	}
	res := a.resObject(r)
	switch {
	case cb.resolve != nil && r.ok:
		_ = cb.resolve(res)
		return
	case cb.reject != nil && !r.ok:
		_ = cb.reject(res)
		return
	}
	if r.ok {
		a.host.CallFunction(cb.success, nil, res)
	} else {
		a.host.CallFunction(cb.fail, nil, res)
	}
	a.host.CallFunction(cb.complete, nil, res)
}

func (a *API) resObject(r result) *goja.Object {
	res := a.vm.NewObject()
	_ = res.Set("errMsg", r.errMsg())
	if r.errno != 0 {
		_ = res.Set("errno", r.errno)
	}
	for _, f := range r.fields {
		_ = res.Set(f.name, f.value)
	}
	return res
}

// jsTypeName is the type name WeChat's parameter checks print, taken from
// Object.prototype.toString: "Number", "Null", "Undefined", "Object", "Array", …
func (a *API) jsTypeName(v goja.Value) string {
	if a.toStringTag == nil {
		f, _ := goja.AssertFunction(a.vm.Get("Object").ToObject(a.vm).Get("prototype").ToObject(a.vm).Get("toString"))
		a.toStringTag = f
	}
	if v == nil {
		v = goja.Undefined()
	}
	s, err := a.toStringTag(v)
	if err != nil {
		return "Object"
	}
	tag := s.String() // "[object Number]"
	if len(tag) > 9 {
		return tag[8 : len(tag)-1]
	}
	return tag
}

// objectToString is Object.prototype.toString applied to v ("[object Object]"), which is
// how WeChat renders header values that are neither strings nor numbers.
func (a *API) objectToString(v goja.Value) string {
	return "[object " + a.jsTypeName(v) + "]"
}
