package wxapi

import (
	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

// appState is the app-level error listeners and the handler that passes errors on to the
// App instance (SetAppErrorHandler).
type appState struct {
	errorListeners     []goja.Value
	rejectionListeners []goja.Value
	appHandler         func(method string, arg goja.Value)
}

// installApp defines wx.onError, wx.offError, wx.onUnhandledRejection and
// wx.offUnhandledRejection, and routes the runtime's reported errors to them. App() and
// getApp() belong to the project host (package apphost), which receives the errors after
// the listeners through SetAppErrorHandler.
//
// Decision (wx-socket spec, decision 4): App.onError and wx.onError listeners both receive
// a string — the message followed by the stack — which is what App.onError receives on a
// phone; wx.onUnhandledRejection and App.onUnhandledRejection receive {reason, promise}.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/base/app/app-event/wx.onError.html
func (a *API) installApp() {
	st := &a.app
	listen := func(list *[]goja.Value) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if f := functionOrNil(call.Argument(0)); f != nil {
				*list = append(*list, f)
			}
			return goja.Undefined()
		}
	}
	unlisten := func(list *[]goja.Value) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			f := call.Argument(0)
			if goja.IsUndefined(f) {
				*list = nil // no argument removes every listener
				return goja.Undefined()
			}
			for i, g := range *list {
				if g.StrictEquals(f) {
					*list = append((*list)[:i:i], (*list)[i+1:]...)
					break
				}
			}
			return goja.Undefined()
		}
	}
	_ = a.wx.Set("onError", listen(&st.errorListeners))
	_ = a.wx.Set("offError", unlisten(&st.errorListeners))
	_ = a.wx.Set("onUnhandledRejection", listen(&st.rejectionListeners))
	_ = a.wx.Set("offUnhandledRejection", unlisten(&st.rejectionListeners))

	a.host.OnError(a.dispatchError)
}

// SetAppErrorHandler sets the function that receives every reported error after the
// wx.onError or wx.onUnhandledRejection listeners have: method is "onError" (arg is the
// message and stack, a string) or "onUnhandledRejection" (arg is {reason, promise}). The
// project host passes them to App.onError and App.onUnhandledRejection. Loop goroutine
// only, or before the first Run*.
func (a *API) SetAppErrorHandler(handler func(method string, arg goja.Value)) {
	a.app.appHandler = handler
}

func (a *API) dispatchError(ev *runtime.ErrorEvent) {
	st := &a.app
	var arg goja.Value
	var listeners []goja.Value
	var method string
	if ev.Err.Kind == runtime.UnhandledRejection {
		res := a.vm.NewObject()
		_ = res.Set("reason", ev.Value)
		if ev.Promise != nil {
			_ = res.Set("promise", ev.Promise)
		}
		arg, listeners, method = res, st.rejectionListeners, "onUnhandledRejection"
	} else {
		arg, listeners, method = a.vm.ToValue(ev.Err.Text()), st.errorListeners, "onError"
	}
	for _, l := range append([]goja.Value(nil), listeners...) {
		a.host.CallFunction(l, nil, arg)
	}
	if st.appHandler != nil {
		st.appHandler(method, arg)
	}
}
