package apphost

import (
	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/trace"
)

// enterOptions is what App.onLaunch and App.onShow receive, and what
// wx.getLaunchOptionsSync and wx.getEnterOptionsSync return.
type enterOptions struct {
	path  string
	query query
}

// sceneDevTools is the scene of a mini program opened from the DevTools' compile button
// (1001 is "发现栏小程序主入口" — what the DevTools report by default).
const sceneDevTools = 1001

// object renders the options as the base library does: {path, query, scene,
// referrerInfo, apiCategory}, query values strings. Each call makes fresh objects, so
// that a listener changing its argument does not change what the next one sees.
func (h *Host) optionsObject(o enterOptions) *goja.Object {
	vm := h.vm
	obj := vm.NewObject()
	_ = obj.Set("path", o.path)
	_ = obj.Set("query", h.queryObject(o.query))
	_ = obj.Set("scene", sceneDevTools)
	_ = obj.Set("referrerInfo", vm.NewObject())
	_ = obj.Set("apiCategory", "default") // base library 2.20.0+
	return obj
}

func (h *Host) queryObject(q query) *goja.Object {
	obj := h.vm.NewObject()
	for _, kv := range q {
		_ = obj.Set(kv[0], kv[1])
	}
	return obj
}

// installApp defines App and getApp (logic-layer spec §10.2, §10.4), the app events of wx
// (onAppShow, onAppHide, onPageNotFound and their off* functions) and
// wx.getLaunchOptionsSync/getEnterOptionsSync, and passes reported errors on to
// App.onError and App.onUnhandledRejection.
//
// https://developers.weixin.qq.com/miniprogram/dev/reference/api/App.html
func (h *Host) installApp() {
	vm := h.vm
	_ = vm.Set("App", func(call goja.FunctionCall) goja.Value {
		obj, ok := call.Argument(0).(*goja.Object)
		if !ok {
			panic(vm.NewTypeError("App() expects an object"))
		}
		if h.app != nil {
			h.warn("App() can only be called once; this call is ignored")
			return goja.Undefined()
		}
		if h.appDefaults != nil {
			// Properties set on the default app before registration carry over.
			for _, k := range h.appDefaults.Keys() {
				if obj.Get(k) == nil {
					_ = obj.Set(k, h.appDefaults.Get(k))
				}
			}
		}
		h.app = obj
		if h.project == nil && !h.launched {
			// A script: the framework runs onLaunch and onShow once the file has been
			// evaluated. A project's launch calls them itself, after the page files.
			h.launched = true
			h.rt.Submit(func() {
				h.callApp("onLaunch", h.optionsObject(h.launchOpts))
				h.callApp("onShow", h.optionsObject(h.enterOpts))
			})
		}
		return goja.Undefined()
	})
	_ = vm.Set("getApp", func(call goja.FunctionCall) goja.Value {
		if h.app != nil {
			return h.app
		}
		if opts, ok := call.Argument(0).(*goja.Object); ok {
			if allow := opts.Get("allowDefault"); allow != nil && allow.ToBoolean() {
				if h.appDefaults == nil {
					h.appDefaults = vm.NewObject()
				}
				return h.appDefaults
			}
		}
		return goja.Undefined()
	})

	wx := h.api.WX()
	for _, event := range []string{"AppShow", "AppHide", "PageNotFound"} {
		event := event
		_ = wx.Set("on"+event, func(call goja.FunctionCall) goja.Value {
			if _, ok := goja.AssertFunction(call.Argument(0)); ok {
				h.listeners[event] = append(h.listeners[event], call.Argument(0))
			}
			return goja.Undefined()
		})
		_ = wx.Set("off"+event, func(call goja.FunctionCall) goja.Value {
			f := call.Argument(0)
			if goja.IsUndefined(f) {
				h.listeners[event] = nil // no argument removes every listener
				return goja.Undefined()
			}
			list := h.listeners[event]
			for i, g := range list {
				if g.StrictEquals(f) {
					h.listeners[event] = append(list[:i:i], list[i+1:]...)
					break
				}
			}
			return goja.Undefined()
		})
	}
	_ = wx.Set("getLaunchOptionsSync", func() *goja.Object { return h.optionsObject(h.launchOpts) })
	_ = wx.Set("getEnterOptionsSync", func() *goja.Object { return h.optionsObject(h.enterOpts) })

	h.api.SetAppErrorHandler(func(method string, arg goja.Value) {
		if h.app != nil {
			h.rt.CallFunction(h.method(h.app, method), h.app, arg)
		}
	})
}

// callApp calls App's method name with args, reporting what it throws.
func (h *Host) callApp(name string, args ...goja.Value) {
	if h.tr.Enabled() {
		e := trace.Event{Type: trace.App, Name: name}
		switch name {
		case "onLaunch":
			e.URL, e.Query = h.launchOpts.path, h.launchOpts.query.toMap()
		case "onShow":
			e.URL, e.Query = h.enterOpts.path, h.enterOpts.query.toMap()
		}
		h.tr.Emit(e)
	}
	if h.app != nil {
		h.rt.CallFunction(h.method(h.app, name), h.app, args...)
	}
}

// emit calls the wx.on<event> listeners, each with its own copy of arg (made by mk).
func (h *Host) emit(event string, mk func() goja.Value) {
	for _, l := range append([]goja.Value(nil), h.listeners[event]...) {
		var args []goja.Value
		if mk != nil {
			args = append(args, mk())
		}
		h.rt.CallFunction(l, goja.Undefined(), args...)
	}
}

// method reads obj[name] from Go outside any script call, where a throwing getter or
// Proxy trap (or a revoked Proxy) would otherwise be a Go panic: it is reported like an
// exception thrown by the method itself, and there is no method.
func (h *Host) method(obj *goja.Object, name string) goja.Value {
	var v goja.Value
	if ex := h.vm.Try(func() { v = obj.Get(name) }); ex != nil {
		h.rt.ReportError(ex)
		return nil
	}
	return v
}
