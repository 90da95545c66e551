package wxapi

import (
	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

// appState is the App() registration and the app-level error listeners.
type appState struct {
	instance           *goja.Object
	defaults           *goja.Object // what getApp({allowDefault: true}) returned before App()
	errorListeners     []goja.Value
	rejectionListeners []goja.Value
}

// installApp defines App and getApp (logic-layer spec §10.2, §10.4) and wx.onError,
// wx.offError, wx.onUnhandledRejection and wx.offUnhandledRejection, and routes the
// runtime's reported errors to them.
//
// Decision (wx-socket spec, decision 4): App.onError and wx.onError listeners both receive
// a string — the message followed by the stack — which is what App.onError receives on a
// phone; wx.onUnhandledRejection and App.onUnhandledRejection receive {reason, promise}.
//
// https://developers.weixin.qq.com/miniprogram/dev/reference/api/App.html
func (a *API) installApp() {
	vm := a.vm
	st := &a.app
	_ = vm.Set("App", func(call goja.FunctionCall) goja.Value {
		obj, ok := call.Argument(0).(*goja.Object)
		if !ok {
			panic(vm.NewTypeError("App() expects an object"))
		}
		if st.instance != nil {
			a.warn("App() can only be called once; this call is ignored")
			return goja.Undefined()
		}
		if st.defaults != nil {
			// Properties set on the default app before registration carry over.
			for _, k := range st.defaults.Keys() {
				if obj.Get(k) == nil {
					_ = obj.Set(k, st.defaults.Get(k))
				}
			}
		}
		st.instance = obj
		// The framework runs onLaunch and onShow once app.js has finished evaluating.
		a.host.Submit(func() {
			opts := a.launchOptions()
			a.host.CallFunction(a.method(obj, "onLaunch"), obj, opts)
			a.host.CallFunction(a.method(obj, "onShow"), obj, opts)
		})
		return goja.Undefined()
	})
	_ = vm.Set("getApp", func(call goja.FunctionCall) goja.Value {
		if st.instance != nil {
			return st.instance
		}
		if allow := option(optionsObject(call.Argument(0)), "allowDefault"); allow != nil && allow.ToBoolean() {
			if st.defaults == nil {
				st.defaults = vm.NewObject()
			}
			return st.defaults
		}
		return goja.Undefined()
	})

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
	if st.instance != nil {
		a.host.CallFunction(a.method(st.instance, method), st.instance, arg)
	}
}

// method reads obj[name] from Go outside any script call, where a throwing getter or
// Proxy trap (or a revoked Proxy) would otherwise be a Go panic: it is reported like an
// exception thrown by the method itself, and there is no method.
func (a *API) method(obj *goja.Object, name string) goja.Value {
	var v goja.Value
	if ex := a.vm.Try(func() { v = obj.Get(name) }); ex != nil {
		a.host.ReportError(ex)
		return nil
	}
	return v
}

// launchOptions is what App.onLaunch/onShow receive for a cold start from the DevTools.
func (a *API) launchOptions() *goja.Object {
	o := a.vm.NewObject()
	_ = o.Set("path", "")
	_ = o.Set("query", a.vm.NewObject())
	_ = o.Set("scene", 1001)
	_ = o.Set("referrerInfo", a.vm.NewObject())
	return o
}
