package apphost

import (
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
)

// installPages defines Page, Component, Behavior (the framework's) and getCurrentPages.
func (h *Host) installPages() {
	vm := h.vm
	_ = vm.Set("Page", h.fw.page)
	_ = vm.Set("Component", h.fw.component)
	_ = vm.Set("Behavior", h.fw.behavior)
	_ = vm.Set("getCurrentPages", func() goja.Value {
		items := make([]any, len(h.stack))
		for i, p := range h.stack {
			items[i] = p.inst
		}
		return vm.NewArray(items...)
	})
}

// Launch starts the mini program the way WeChat's cold start does (logic-layer spec
// §10.4): app.js is evaluated, then every page file of the main package (only the entry
// page's with lazyCodeLoading "requiredComponents"; a subpackage's when the entry page is
// in it), then App.onLaunch and App.onShow run with the launch options ({path, query,
// scene, referrerInfo, apiCategory}), then the entry page opens: onLoad(query), onShow,
// and onReady on a later turn. An entry page app.json does not list goes to
// App.onPageNotFound and the wx.onPageNotFound listeners, or, with neither, is reported
// as an error. For a script (OpenScript), Launch evaluates the script; App() then runs
// onLaunch and onShow. Open queues Launch; loop goroutine only; it runs once.
func (h *Host) Launch() {
	if h.launchRan || h.tornDown {
		return
	}
	h.launchRan = true
	if h.project == nil {
		h.launchOpts.query = h.cfg.launchQuery
		h.enterOpts = h.launchOpts
		if h.main != "" {
			if _, err := h.rt.Require(h.main); err != nil {
				h.rt.ReportError(err)
			}
		}
		h.scheduleBackground()
		return
	}
	proj := h.project
	url := proj.entry
	if h.cfg.entry != "" {
		url = h.cfg.entry
	}
	entry, q := parseURL(url, "")
	q = append(q, h.cfg.launchQuery...)
	r, found := proj.routes[entry]

	// A --timeout or signal that interrupts the launch's JavaScript ends the launch there
	// (rt.Stopping): the program got no further, and the teardown has only that to undo.
	h.loadFile("app")
	if !proj.lazy {
		for _, m := range proj.main {
			h.loadFile(m.path)
		}
	}
	if found {
		h.ensureLoaded(r)
	}
	if h.rt.Stopping() {
		return
	}

	h.launched = true
	h.launchOpts = enterOptions{path: entry, query: q}
	h.enterOpts = h.launchOpts
	h.callApp("onLaunch", h.optionsObject(h.launchOpts))
	if h.rt.Stopping() {
		return
	}
	h.callApp("onShow", h.optionsObject(h.enterOpts))
	if h.rt.Stopping() {
		return
	}
	if found {
		h.openPage(r, q, nil)
	} else {
		h.pageNotFound(entry, q, true)
	}
	h.scheduleBackground()
}

// loadFile evaluates the page file (or app.js) of route once, with Page() and
// Component() registering for it; what fails is reported and the launch goes on, as in
// WeChat, where the page then opens blank.
func (h *Host) loadFile(route string) {
	if h.loaded[route] || h.rt.Stopping() {
		return
	}
	h.loaded[route] = true
	if route != "app" {
		h.loading = route
	}
	_, err := h.rt.Require(h.project.module(route))
	h.loading = ""
	if err != nil {
		h.rt.ReportError(err)
	}
}

// ensureLoaded evaluates what opening r needs: its subpackage's page files when the
// subpackage is entered for the first time (only r's with lazy code loading), or r's
// own file.
func (h *Host) ensureLoaded(r *route) {
	if pkg := r.pkg; pkg != nil && !pkg.loaded && !h.project.lazy {
		pkg.loaded = true
		for _, pr := range pkg.routes {
			h.loadFile(pr.path)
		}
	}
	h.loadFile(r.path)
}

// pageNotFound handles a route app.json does not list: App.onPageNotFound and the
// wx.onPageNotFound listeners receive {path, query, isEntryPage}; with neither, a page
// that was to open at launch is reported as an error (a phone shows its "page not found"
// screen).
func (h *Host) pageNotFound(route string, q query, entry bool) {
	mk := func() goja.Value {
		res := h.vm.NewObject()
		_ = res.Set("path", route)
		_ = res.Set("query", h.queryObject(q))
		_ = res.Set("isEntryPage", entry)
		return res
	}
	handled := len(h.listeners["PageNotFound"]) > 0
	h.emit("PageNotFound", mk)
	if h.app != nil {
		if m := h.method(h.app, "onPageNotFound"); m != nil {
			if _, ok := goja.AssertFunction(m); ok {
				handled = true
				h.rt.CallFunction(m, h.app, mk())
			}
		}
	}
	if !handled && entry {
		h.rt.ReportError(fmt.Errorf("page %q is not found: app.json does not list it, and there is no App.onPageNotFound", route))
	}
}

// openPage creates the page of r with query q and pushes it: created and attached
// lifetimes, onLoad(query), onShow (when in the foreground), and onReady on a later turn,
// as the first render completes. channel is the EventChannel of a navigateTo, or nil.
func (h *Host) openPage(r *route, q query, channel goja.Value) *page {
	h.ensureLoaded(r)
	if !h.fwCall(h.fw.registered, h.vm.ToValue(r.path)).ToBoolean() {
		// WeChat's text; the page opens blank.
		h.rt.ReportError(errors.New(`Page "` + r.path + `" has not been registered yet.`))
	}
	if channel == nil {
		channel = goja.Null()
	}
	qo := h.queryObject(q)
	v := h.fwCall(h.fw.createPage, h.vm.ToValue(r.path), qo, channel)
	inst, ok := v.(*goja.Object)
	if !ok {
		inst = h.vm.NewObject() // the framework failed (reported); keep the stack consistent
	}
	h.nextID++
	p := &page{id: h.nextID, route: r, query: q, inst: inst}
	h.stack = append(h.stack, p)
	if r.tab {
		h.tabs = append(h.tabs, p)
	}
	h.pageEvent(p, "load", qo)
	h.showPage(p)
	h.rt.Submit(func() {
		if !p.unloaded && !p.ready {
			p.ready = true
			h.pageEvent(p, "ready", nil)
		}
	})
	return p
}

// pageMethods are the page methods the framework's page events run, by event.
var pageMethods = map[string]string{"load": "onLoad", "show": "onShow", "ready": "onReady", "hide": "onHide", "unload": "onUnload"}

func (h *Host) pageEvent(p *page, event string, arg goja.Value) {
	if h.tr.Enabled() {
		e := trace.Event{Type: trace.Page, ID: int64(p.id), URL: p.route.path, Name: pageMethods[event]}
		if event == "load" {
			e.Query = p.query.toMap()
		}
		h.tr.Emit(e)
	}
	if arg == nil {
		arg = goja.Undefined()
	}
	if _, err := h.fw.pageEvent(goja.Undefined(), p.inst, h.vm.ToValue(event), arg); err != nil {
		if ie, ok := err.(*goja.InterruptedError); ok {
			panic(ie) // the run is being stopped: stop here too
		}
		h.rt.ReportError(err)
	}
}

// showPage runs onShow unless the page is shown already or the app is in the background
// (it shows when the app comes back).
func (h *Host) showPage(p *page) {
	if p.shown || p.unloaded || h.background {
		return
	}
	p.shown = true
	h.pageEvent(p, "show", nil)
}

func (h *Host) hidePage(p *page) {
	if !p.shown || p.unloaded {
		return
	}
	p.shown = false
	h.pageEvent(p, "hide", nil)
}

// unloadPage runs onUnload (and the detached lifetimes) and forgets the page: it is no
// longer on the stack nor a live tab page.
func (h *Host) unloadPage(p *page) {
	if p.unloaded {
		return
	}
	p.shown = false
	h.pageEvent(p, "unload", nil)
	p.unloaded = true
	for i, q := range h.stack {
		if q == p {
			h.stack = append(h.stack[:i:i], h.stack[i+1:]...)
			break
		}
	}
	for i, q := range h.tabs {
		if q == p {
			h.tabs = append(h.tabs[:i:i], h.tabs[i+1:]...)
			break
		}
	}
}

func (h *Host) top() *page {
	if len(h.stack) == 0 {
		return nil
	}
	return h.stack[len(h.stack)-1]
}

// EnterBackground sends the mini program to the background, as pressing the home button
// does: the current page's onHide (and its pageLifetimes.hide), App.onHide, then the
// wx.onAppHide listeners. Open sockets are closed with reason "interrupted" if it stays
// there longer than WithInterruptSocketsAfter. Nothing happens if it is in the background
// already. Loop goroutine only.
func (h *Host) EnterBackground() {
	if h.background || h.tornDown {
		return
	}
	if p := h.top(); p != nil {
		h.hidePage(p)
	}
	h.background = true
	h.bgGen++
	h.callApp("onHide")
	h.emit("AppHide", nil)
	if d := h.cfg.interruptAfter; d > 0 {
		gen := h.bgGen
		h.interrupt = time.AfterFunc(d, func() {
			h.rt.Submit(func() {
				if h.background && h.bgGen == gen && !h.tornDown {
					h.api.InterruptSockets()
				}
			})
		})
	}
}

// EnterForeground brings the mini program back from the background: App.onShow with the
// options of the current page ({path, query, scene, …}, what wx.getEnterOptionsSync
// returns from then on), the wx.onAppShow listeners with the same, then the current
// page's onShow (and its pageLifetimes.show). Loop goroutine only.
func (h *Host) EnterForeground() {
	if !h.background || h.tornDown {
		return
	}
	h.background = false
	if h.interrupt != nil {
		h.interrupt.Stop()
		h.interrupt = nil
	}
	opts := enterOptions{}
	if p := h.top(); p != nil {
		opts = enterOptions{path: p.route.path, query: p.query}
	}
	h.enterOpts = opts
	h.callApp("onShow", h.optionsObject(opts))
	h.emit("AppShow", func() goja.Value { return h.optionsObject(opts) })
	if p := h.top(); p != nil {
		h.showPage(p)
	}
}

// Teardown closes the mini program the way a user closing it does, so that clean-up code
// runs: if it is in the foreground, the current page's onHide, App.onHide and the
// wx.onAppHide listeners; then onUnload (and detached) of every page, from the top of the
// stack down, then of the tab pages kept alive off the stack. Planned background switches
// are cancelled. What the pages' onUnload starts (closing sockets) finishes as the loop
// runs on; Exit runs Teardown and then the loop, bounded. Loop goroutine only; once.
func (h *Host) Teardown() {
	if h.tornDown {
		return
	}
	h.stopTimers()
	h.final = h.live()
	if !h.background && (h.launched || len(h.stack) > 0) {
		if p := h.top(); p != nil {
			h.hidePage(p)
		}
		h.callApp("onHide")
		h.emit("AppHide", nil)
	}
	h.tornDown = true
	for len(h.stack) > 0 {
		h.unloadPage(h.top())
	}
	for len(h.tabs) > 0 {
		h.unloadPage(h.tabs[0])
	}
}

// scheduleBackground plans the switches WithBackground asks for, counted from now.
func (h *Host) scheduleBackground() {
	after := h.cfg.backgroundAt
	if after < 0 {
		return
	}
	hold := h.rt.Hold(fmt.Sprintf("a switch to the background %v after launch", after))
	h.plan(after, hold, func() {
		h.EnterBackground()
		if back := h.cfg.foregroundIn; back > 0 {
			h.plan(back, h.rt.Hold(fmt.Sprintf("a switch back to the foreground %v later", back)), h.EnterForeground)
		}
	})
}

// plan runs f on the loop after d, keeping the program alive until then with hold.
func (h *Host) plan(d time.Duration, hold *runtime.Hold, f func()) {
	timer := time.AfterFunc(d, func() {
		if !h.rt.Submit(func() {
			defer hold.Release()
			if !h.tornDown {
				f()
			}
		}) {
			hold.Release()
		}
	})
	h.schedules = append(h.schedules, schedule{timer: timer, hold: hold})
}

// stopTimers cancels the planned switches (releasing what kept the program alive for
// them) and the pending interruption of sockets.
func (h *Host) stopTimers() {
	for _, s := range h.schedules {
		if s.timer.Stop() {
			s.hold.Release()
		}
	}
	h.schedules = nil
	if h.interrupt != nil {
		h.interrupt.Stop()
		h.interrupt = nil
	}
}
