package apphost

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
)

//go:embed framework.js
var frameworkSource string

// frameworkName is the framework's file name in stack positions: under the runtime's
// internal prefix, so that its frames are left out of the stacks wxrun prints.
const frameworkName = runtime.InternalSourcePrefix + "framework.js"

var (
	frameworkOnce    sync.Once
	frameworkProgram *goja.Program
	frameworkErr     error
)

// compiledFramework compiles framework.js once per process; the program is immutable and
// runs in every runtime.
func compiledFramework() (*goja.Program, error) {
	frameworkOnce.Do(func() {
		frameworkProgram, frameworkErr = goja.Compile(frameworkName, frameworkSource, true)
	})
	return frameworkProgram, frameworkErr
}

// framework is the component model running in one runtime: the functions framework.js
// returns. Loop goroutine only.
type framework struct {
	page, component, behavior goja.Value // the globals Page, Component and Behavior
	registered                goja.Callable
	createPage                goja.Callable
	pageEvent                 goja.Callable
	eventChannel              goja.Callable
	viewData                  goja.Callable
}

// installFramework runs framework.js in h's runtime and binds the functions it returns.
func (h *Host) installFramework() error {
	prg, err := compiledFramework()
	if err != nil {
		return fmt.Errorf("apphost: compiling the framework: %w", err)
	}
	vm := h.vm
	v, err := vm.RunProgram(prg)
	if err != nil {
		return fmt.Errorf("apphost: loading the framework: %w", err)
	}
	install, ok := goja.AssertFunction(v)
	if !ok {
		return fmt.Errorf("apphost: the framework is not a function")
	}
	hostObj := vm.NewObject()
	_ = hostObj.Set("call", h.callUser)
	_ = hostObj.Set("later", func(fn goja.Value) {
		h.rt.Submit(func() { h.rt.CallFunction(fn, goja.Undefined()) })
	})
	_ = hostObj.Set("warn", func(text string) { h.warn(text) })
	_ = hostObj.Set("error", func(text string) { h.warn(text) })
	_ = hostObj.Set("loading", func() string { return h.loading })
	if h.tr.Enabled() {
		// Only when traced: the framework asks for it before each call.
		_ = hostObj.Set("traceSetData", h.traceSetData)
	}
	apiVal, err := install(goja.Undefined(), hostObj)
	if err != nil {
		return fmt.Errorf("apphost: starting the framework: %w", err)
	}
	api := apiVal.ToObject(vm)
	fn := func(name string) goja.Callable {
		f, ok := goja.AssertFunction(api.Get(name))
		if !ok {
			panic("apphost: the framework has no " + name)
		}
		return f
	}
	h.fw = framework{
		page:         api.Get("Page"),
		component:    api.Get("Component"),
		behavior:     api.Get("Behavior"),
		registered:   fn("registered"),
		createPage:   fn("createPage"),
		pageEvent:    fn("pageEvent"),
		eventChannel: fn("eventChannel"),
		viewData:     fn("viewData"),
	}
	return nil
}

// callUser is the framework's host.call(fn, this, ...args): user code is called the way
// WeChat calls every callback — an exception is reported (printed, App.onError,
// wx.onError) and the framework goes on. An interruption (the run is being stopped) is
// not an exception: it is thrown on, uncatchably, so that a stopped run stops.
func (h *Host) callUser(call goja.FunctionCall) goja.Value {
	f, ok := goja.AssertFunction(call.Argument(0))
	if !ok {
		return goja.Undefined()
	}
	var args []goja.Value
	if len(call.Arguments) > 2 {
		args = call.Arguments[2:]
	}
	v, err := f(call.Argument(1), args...)
	if err != nil {
		if ie, ok := err.(*goja.InterruptedError); ok {
			panic(ie)
		}
		h.rt.ReportError(err)
		return goja.Undefined()
	}
	return v
}

// traceSetData records a setData call that reached the view of page instance inst: the
// changes, as the JSON the view got. Such a page is live: the framework stops sending to a
// page's view once its onUnload has run, and unloadPage takes it off the stack and the
// tabs only after that (the pages of a teardown included).
func (h *Host) traceSetData(inst *goja.Object, changes string) {
	for _, p := range h.live() {
		if p.inst.SameAs(inst) {
			h.tr.Emit(trace.Event{Type: trace.SetData, ID: int64(p.id), URL: p.route.path, Text: changes})
			return
		}
	}
}

// fwCall calls a framework function from Go. The framework guards user code itself; what
// reaches here is an exception thrown by framework code on the script's behalf (an
// interruption, a cycle in data) and is reported.
func (h *Host) fwCall(f goja.Callable, args ...goja.Value) goja.Value {
	v, err := f(goja.Undefined(), args...)
	if err != nil {
		h.rt.ReportError(err)
		return goja.Undefined()
	}
	return v
}
