package testrunner

// The Go side of the built-in module "wxrun/testing" (js/testing.js): the mini program's
// pages in a test. loadProject starts the project in the test file's own runtime, with
// apphost.InstallProject, so that the pages and the test share one logic layer as on a
// phone: jest.mock replaces the modules the pages require, fake timers drive their
// setTimeout, and the test reads their data synchronously.
//
// Everything here runs on the file's loop goroutine: the module's functions are called by
// the test's JavaScript, and settle's steps are jobs of the same loop.

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/wxapi"
)

// TestingModule is the name of the built-in module with wxrun's own test helpers:
//
//	const { loadProject, waitFor } = require('wxrun/testing');
//	const app = await loadProject({ page: 'pages/chat/chat?room=lobby' }); // app.js, App.onLaunch/onShow, the page
//	app.currentPage.data;                                // what the page's setData calls sent to the view
//	await app.currentPage.tap('onSend', { dataset: { id: 1 } }); // a method, called as a tap calls it
//	await app.navigateTo('/pages/room/room?id=1');       // navigation and the page stack (app.pages)
//	await app.background(); await app.foreground();      // onHide/onShow, App.onHide/onShow
//	await app.offline(); await app.online();             // wx.onNetworkStatusChange; sockets cut
//	await waitFor(() => expect(app.currentPage.data.status).toBe('open'));
//	await app.currentPage.unload();                      // onUnload (the first page: the app closes)
//
// Each call resolves once the page lifecycles it ran, and the jobs they queued (onReady,
// setData callbacks, a navigation's outcome), have run, so a test reads the pages' state
// right after awaiting. The README's Testing section documents the whole API.
const TestingModule = "wxrun/testing"

//go:embed js/testing.js
var testingSource string

// maxSettleRounds bounds settle: jobs that keep queueing jobs (a server flooding a
// socket) must not keep a test's await from resolving.
const maxSettleRounds = 100

// closeGrace bounds how long app.close() waits for the sockets its teardown closes, as
// apphost.Host.Exit bounds a teardown.
const closeGrace = apphost.DefaultTeardownGrace

// testApp is the mini program the file's last loadProject started. Loop goroutine only.
type testApp struct {
	h       *apphost.Host
	gen     int // counts loadProject calls: the handles of an earlier app refuse to work
	uiStart int // UI calls recorded before this app started
}

// jsError is a plain Error with msg, for what the module's functions throw.
func (f *fileRun) jsError(format string, args ...any) *goja.Object {
	o, err := f.vm.New(f.vm.Get("Error"), f.vm.ToValue(fmt.Sprintf(format, args...)))
	if err != nil {
		return f.vm.NewGoError(fmt.Errorf(format, args...))
	}
	return o
}

// testingHost is the object js/testing.js calls. The module's JavaScript is evaluated
// again after jest.resetModules, each time with a host of its own, but the app they drive
// is the file's: f.app.
func (f *fileRun) testingHost() *goja.Object {
	vm := f.vm
	h := vm.NewObject()
	set := func(name string, fn any) { _ = h.Set(name, fn) }
	// app returns the app of generation gen, throwing for one a later loadProject replaced.
	app := func(gen int) *testApp {
		if f.app == nil || f.app.gen != gen {
			panic(f.jsError("wxrun/testing: this app was replaced by a later loadProject(); use the app it returned"))
		}
		return f.app
	}
	set("realSetTimeout", f.realSetTimeout)
	set("now", func() float64 { return float64(time.Now().UnixNano()) / 1e6 })
	set("settle", f.settle)
	set("load", func(root, page, query string, interruptMs float64, network string) int {
		if err := f.loadProject(root, page, query, interruptMs, network); err != nil {
			panic(f.jsError("wxrun/testing: loadProject: %v", err))
		}
		return f.app.gen
	})
	set("pages", func(gen int) []*goja.Object { return app(gen).h.CurrentPages() })
	set("pageData", func(gen int, inst goja.Value) goja.Value {
		data, ok := app(gen).h.PageData(inst)
		if !ok {
			return goja.Undefined()
		}
		return vm.ToValue(string(data))
	})
	set("navigate", func(gen int, api, url string, delta int) string {
		if err := app(gen).h.Navigate(api, url, delta); err != nil {
			return err.Error()
		}
		return ""
	})
	set("background", func(gen int) { app(gen).h.EnterBackground() })
	set("foreground", func(gen int) { app(gen).h.EnterForeground() })
	set("setNetwork", func(gen int, name string) {
		app(gen)
		n, err := wxapi.ParseNetwork(name)
		if err == nil {
			err = f.api.SetNetwork(n)
		}
		if err != nil {
			panic(f.jsError("wxrun/testing: %v", err))
		}
	})
	set("close", func(gen int) { app(gen).h.Teardown() })
	set("socketsInProgress", f.api.SocketsInProgress)
	set("closeGrace", closeGrace.Milliseconds())
	set("uiCalls", func(gen int) []any {
		calls := f.api.UICalls()[app(gen).uiStart:]
		out := make([]any, len(calls))
		for i, c := range calls {
			opts := vm.NewObject()
			for _, o := range c.Options {
				_ = opts.Set(o.Name, o.Value)
			}
			obj := vm.NewObject()
			_ = obj.Set("api", c.API)
			_ = obj.Set("options", opts)
			_ = obj.Set("result", c.Result)
			if c.Answer != "" {
				_ = obj.Set("answer", c.Answer)
			}
			out[i] = obj
		}
		return out
	})
	return h
}

// loadProject starts the project in root (relative to the test root; "" is the root) in
// the file's runtime, as a phone starts it again after closing it: the app an earlier
// call started is torn down (onHide, onUnload) and what it left is reset — its sockets
// closed, its wx event listeners forgotten, the module registry emptied by
// jest.resetModules (app.js and the pages are evaluated again, and jest.mock factories run
// again; the registrations stay) — the network is set back (to network, else the run's), and the new app
// launches on page (else app.json's entry page) with query ("a=1&b=2") added to its
// query. interruptMs < 0 keeps apphost's default.
func (f *fileRun) loadProject(root, page, query string, interruptMs float64, network string) error {
	dir := filepath.Join(f.run.cfg.RootDir, filepath.FromSlash(root))
	p, err := wxapi.LoadProject(dir)
	if err != nil {
		return err
	}
	rel, err := f.run.cfg.rootRelative(p.Root)
	if err != nil {
		return fmt.Errorf("the mini program root %s is outside the test root %s", p.Root, f.run.cfg.RootDir)
	}
	if rel == "." {
		rel = ""
	}
	n := f.network
	if network != "" {
		if n, err = wxapi.ParseNetwork(network); err != nil {
			return err
		}
	}
	opts := []apphost.Option{apphost.WithEntryPage(page), apphost.WithLaunchQuery(query)}
	if interruptMs >= 0 {
		opts = append(opts, apphost.WithInterruptSocketsAfter(time.Duration(interruptMs*float64(time.Millisecond))))
	}

	gen := 1
	if f.app != nil {
		gen = f.app.gen + 1
		f.app.h.Teardown()
	}
	f.app = nil
	f.api.Reset()
	reset, _ := goja.AssertFunction(f.runner.Get("resetModules"))
	if _, err := reset(goja.Undefined()); err != nil {
		return err
	}
	if err := f.api.SetNetwork(n); err != nil {
		return err
	}
	h, err := apphost.InstallProject(f.rt, f.api, p, rel, opts...)
	if err != nil {
		return err
	}
	f.app = &testApp{h: h, gen: gen, uiStart: len(f.api.UICalls())}
	h.Launch()
	return nil
}

// settle calls done on the loop once the jobs queued now, and those they queue, have run
// (at most maxSettleRounds turns): what a navigation, a lifecycle or a setData queued.
// Timers are not waited for: fake timers never fire by themselves, and real ones are
// what waitFor is for.
func (f *fileRun) settle(done goja.Callable) {
	rounds := 0
	var step func()
	step = func() {
		if f.rt.Queued() > 0 && rounds < maxSettleRounds {
			rounds++
			f.rt.Submit(step)
			return
		}
		if _, err := done(goja.Undefined()); err != nil {
			f.rt.ReportError(err)
		}
	}
	f.rt.Submit(step)
}

// mapRequest is the file's moduleNameMapper, then the running app's mapping of "/x" in
// its files into a miniprogramRoot folder (apphost.Host.MapRequest). A request the
// configuration mapped is a path of the test root already.
func (f *fileRun) mapRequest(from, request string) string {
	if mapped := f.run.cfg.mapRequest(from, request); mapped != request || f.app == nil {
		return mapped
	}
	return f.app.h.MapRequest(from, request)
}
