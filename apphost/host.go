package apphost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

// DefaultInterruptAfter is how long the mini program may stay in the background before
// its open sockets are closed with reason "interrupted". WeChat on iOS tears sockets down
// about five seconds after the app leaves the foreground (wx-socket spec §9: "≈5–10 s");
// the shorter end makes reconnect code meet the case sooner.
const DefaultInterruptAfter = 5 * time.Second

// DefaultTeardownGrace bounds Exit when its context has no deadline of its own: time
// enough for onUnload's clean-up (closing handshakes of sockets) on a healthy network,
// short enough that a teardown that hangs does not hang the program.
const DefaultTeardownGrace = 3 * time.Second

// ErrClosed is returned by the methods that wait for the loop once the host has been
// closed.
var ErrClosed = errors.New("apphost: closed")

// Option configures a Host.
type Option func(*config)

type config struct {
	runtimeOpts    []runtime.Option
	wxOpts         []wxapi.Option
	entry          string
	interruptAfter time.Duration
	backgroundAt   time.Duration // < 0: never
	foregroundIn   time.Duration // <= 0: stay in the background
	manualLaunch   bool
	launchQuery    query // added to the entry's query (WithLaunchQuery)
}

func defaultConfig() config {
	return config{interruptAfter: DefaultInterruptAfter, backgroundAt: -1}
}

// WithRuntime passes options to runtime.New (standard output and error, stack size,
// unhandled rejections). Open and OpenScript set where the files are (WithRoot, WithFS)
// and WithKeepOpen themselves.
func WithRuntime(opts ...runtime.Option) Option {
	return func(c *config) { c.runtimeOpts = append(c.runtimeOpts, opts...) }
}

// WithWX passes options to wxapi.Install, after the project's own (Project.Options), so
// that they override them.
func WithWX(opts ...wxapi.Option) Option {
	return func(c *config) { c.wxOpts = append(c.wxOpts, opts...) }
}

// WithEntryPage opens url instead of app.json's entryPagePath (or first page) at launch:
// a page route with an optional query, "pages/chat/chat?room=1". The query reaches
// App.onLaunch and the page's onLoad as it is written, values not URL-decoded.
func WithEntryPage(url string) Option { return func(c *config) { c.entry = url } }

// WithLaunchQuery adds the parameters of q ("a=1&b=2", values not URL-decoded) to the
// launch query, after those of the entry page's URL: App.onLaunch, App.onShow,
// wx.getLaunchOptionsSync and the entry page's onLoad see them, in a script too. A load
// run uses it to tell each instance which one it is.
func WithLaunchQuery(q string) Option {
	return func(c *config) {
		_, parsed := parseURL("?"+q, "")
		c.launchQuery = append(c.launchQuery, parsed...)
	}
}

// WithInterruptSocketsAfter sets how long the mini program may stay in the background
// before open sockets are closed with onClose reason "interrupted" (DefaultInterruptAfter);
// d <= 0 never closes them.
func WithInterruptSocketsAfter(d time.Duration) Option {
	return func(c *config) { c.interruptAfter = d }
}

// WithBackground sends the mini program to the background after (counted from the
// launch) and, with back > 0, brings it to the foreground again back later. Until then
// the program is kept alive, so the switch happens even if nothing else is pending.
func WithBackground(after, back time.Duration) Option {
	return func(c *config) {
		c.backgroundAt, c.foregroundIn = max(after, 0), back
	}
}

// WithManualLaunch leaves the launch to the caller (Launch, on the loop goroutine):
// Open then only prepares the host. Test harnesses use it to define their tests before
// the mini program starts.
func WithManualLaunch() Option { return func(c *config) { c.manualLaunch = true } }

// Host runs one mini program: a runtime with wx installed, App, Page, Component and
// Behavior, the page stack and its navigation, the app's foreground and background.
//
// # Goroutines
//
// Open returns a host whose launch is queued; Run runs it, and the goroutine that calls
// Run is the loop goroutine until Run returns, as for runtime.Runtime. Methods marked
// "loop goroutine only" (Launch, Navigate, EnterBackground, EnterForeground, Teardown,
// LivePages, CurrentPages, PageData, MapRequest) are for code already on that goroutine:
// JavaScript callbacks, jobs passed to Do, or a harness running the loop itself
// (InstallProject).
// Other goroutines use the methods that take a context (NavigateTo, Background, Pages, …):
// each queues its work on the loop with Submit and waits for it, so they work while Run
// executes on another goroutine (or before it starts, the work waiting for it). Between
// runs, the goroutine that called Run may use every method except those that wait.
// Keep the program alive while a goroutine drives it with Runtime().Hold.
type Host struct {
	rt      *runtime.Runtime
	api     *wxapi.API
	vm      *goja.Runtime
	tr      *trace.Tracer // the runtime's; nil: not traced
	cfg     config
	project *project // nil for a script
	main    string   // the script to run, for OpenScript

	fw framework

	// Loop goroutine only.
	app         *goja.Object // what App() registered
	appDefaults *goja.Object // what getApp({allowDefault: true}) returned before App()
	launchRan   bool         // Launch has run
	launched    bool         // App.onLaunch has run (or is queued, for a script)
	loading     string       // the page file being evaluated: Page() registers for it
	loaded      map[string]bool
	stack       []*page
	tabs        []*page // tab pages loaded, alive until reLaunch or teardown
	nextID      int
	background  bool
	bgGen       int // counts switches to the background, so a stale interruption does nothing
	tornDown    bool
	launchOpts  enterOptions
	enterOpts   enterOptions
	listeners   map[string][]goja.Value // wx.onAppShow, wx.onAppHide, wx.onPageNotFound
	schedules   []schedule
	interrupt   *time.Timer
	final       []*page
	finalStates []PageState

	closed    chan struct{}
	closeOnce sync.Once
}

// page is one page instance. Loop goroutine only.
type page struct {
	id       int
	route    *route
	query    query
	inst     *goja.Object
	shown    bool
	ready    bool
	unloaded bool
}

// schedule is a switch planned with WithBackground: its timer and the hold that keeps
// the program alive until it has happened.
type schedule struct {
	timer *time.Timer
	hold  *runtime.Hold
}

// PageState is a page as the Go API and --print-data show it: its route, its query (as
// onLoad received it) and its data as the view has it — what setData sent, not what the
// script changed in this.data directly.
type PageState struct {
	Route string            `json:"route"`
	Query map[string]string `json:"query"`
	Data  json.RawMessage   `json:"data"`
}

// Open prepares the project p to run (see wxapi.LoadProject): a runtime reading its
// mini program root, with wx installed with the project's options and those given with
// WithWX, and the mini program's launch queued (unless WithManualLaunch). app.json must
// list at least one page; an entryPagePath, a tabBar page or the WithEntryPage route that
// app.json does not list is an error only for the latter (App.onPageNotFound handles it).
func Open(p *wxapi.Project, opts ...Option) (*Host, error) {
	proj, err := newProject(p)
	if err != nil {
		return nil, err
	}
	var files runtime.Option
	if p.FS != nil {
		sub, err := fs.Sub(p.FS, p.Root)
		if err != nil {
			return nil, err
		}
		files = runtime.WithFS(sub)
	} else {
		files = runtime.WithRoot(p.Root)
	}
	return open(files, proj, "", append([]Option{WithWX(p.Options()...)}, opts...))
}

// OpenScript prepares a script that is not a project to run: main (relative to the root
// that files names: runtime.WithRoot or runtime.WithFS) is the main module, as with
// runtime.RunFile. App() still works, its onLaunch and onShow run once main has been
// evaluated, and teardown runs App.onHide; Page() has no file to register for.
func OpenScript(files runtime.Option, main string, opts ...Option) (*Host, error) {
	return open(files, nil, main, opts)
}

func open(files runtime.Option, proj *project, main string, opts []Option) (*Host, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	rt, err := runtime.New(append(append([]runtime.Option{files}, cfg.runtimeOpts...), runtime.WithKeepOpen())...)
	if err != nil {
		return nil, err
	}
	api, err := wxapi.Install(rt, cfg.wxOpts...)
	if err != nil {
		_ = rt.Close()
		return nil, err
	}
	h, err := install(rt, api, cfg, proj)
	if err != nil {
		_ = rt.Close()
		return nil, err
	}
	h.main = main
	if !cfg.manualLaunch {
		rt.Submit(h.Launch)
	}
	return h, nil
}

// Install adds the project host's globals — App, getApp, Page, Component, Behavior,
// getCurrentPages — and wx's navigation and app-event functions to a runtime on which
// wx is installed (api), for a program run the caller's way (rt.RunFile): App() then
// schedules onLaunch and onShow itself, as for OpenScript. Call it before the first Run*,
// from the goroutine that created the runtime.
func Install(rt *runtime.Runtime, api *wxapi.API, opts ...Option) (*Host, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	return install(rt, api, cfg, nil)
}

// InstallProject adds the project host of p to a runtime the caller runs (with wx
// installed: api), as Install does for a script, for a harness that starts the program in
// a runtime of its own — package testrunner's wxrun/testing, where the pages and the test
// share one logic layer. dir is the folder of p's mini program root (p.Root) in the
// runtime's file tree, a slash path ("" when the runtime reads p.Root itself); requests
// for "/x" from the program's files must then be mapped to the runtime's "/dir/x"
// (MapRequest). Options are as for Open, but wx is the caller's: WithWX and WithRuntime
// do nothing, and p.Options() are not applied. The launch is the caller's too (Launch),
// as with WithManualLaunch. It checks app.json as Open does. The globals replace those of
// an earlier Install or InstallProject on the runtime, whose host is then left as it is:
// tear it down first. Loop goroutine only, or before the first Run*.
func InstallProject(rt *runtime.Runtime, api *wxapi.API, p *wxapi.Project, dir string, opts ...Option) (*Host, error) {
	proj, err := newProject(p)
	if err != nil {
		return nil, err
	}
	proj.dir = trimSlashes(dir)
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	return install(rt, api, cfg, proj)
}

// MapRequest returns the request a runtime reading the folder above the mini program
// root (InstallProject with a dir) must resolve for request in the module from: "/x" in
// one of the program's files means the mini program root's x, "/dir/x" in the runtime.
// Any other request is returned as it is. Call it from the runtime's
// runtime.ModuleOverrides.MapRequest. Loop goroutine only.
func (h *Host) MapRequest(from, request string) string {
	if h.project == nil || h.project.dir == "" || !strings.HasPrefix(request, "/") {
		return request
	}
	if _, in := h.project.inRoot(from); !in {
		return request
	}
	return "/" + h.project.dir + request
}

func install(rt *runtime.Runtime, api *wxapi.API, cfg config, proj *project) (*Host, error) {
	h := &Host{
		rt: rt, api: api, vm: rt.VM(), tr: rt.Tracer(), cfg: cfg, project: proj,
		loaded:    map[string]bool{},
		listeners: map[string][]goja.Value{},
		closed:    make(chan struct{}),
	}
	if err := h.installFramework(); err != nil {
		return nil, err
	}
	h.installApp()
	h.installPages()
	h.installNavigation()
	if proj != nil {
		rt.SetRequireCheck(proj.checkRequire)
	}
	rt.OnShutdown(h.shutdown)
	return h, nil
}

// Runtime returns the host's runtime (for Hold, Submit, and the rest of its contract).
func (h *Host) Runtime() *runtime.Runtime { return h.rt }

// WX returns the wx API installed on the runtime.
func (h *Host) WX() *wxapi.API { return h.api }

// Run runs the mini program — its launch first, when Open queued it — and its event loop
// until nothing is pending or ctx ends, like runtime.RunLoop: nil, *runtime.UncaughtErrors
// or *runtime.TimeoutError. The runtime stays open after ctx ends (the JavaScript that was
// running is interrupted): call Exit to tear the program down.
func (h *Host) Run(ctx context.Context) error { return h.rt.RunLoop(ctx) }

// Exit tears the mini program down the way a user closing it does (Teardown: onHide, App
// onHide, onUnload from the top of the stack down), lets the clean-up finish
// (runtime.Settle: queued jobs and sockets still connecting or closing, not timers due
// later nor sockets left open) until ctx ends (DefaultTeardownGrace when ctx has no
// deadline), keeps the final data of the pages that were live (FinalPages), and closes
// the runtime: sockets still open get close code 1001. It returns what the teardown's
// run returned. Call it from the goroutine that called Run, once Run has returned.
func (h *Host) Exit(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTeardownGrace)
		defer cancel()
	}
	var err error
	if h.rt.Submit(h.Teardown) {
		err = h.rt.Settle(ctx)
		h.finalStates = h.states(h.final)
	}
	if cerr := h.rt.Close(); err == nil {
		err = cerr
	}
	return err
}

// FinalPages returns the pages that were live when Exit began its teardown — the stack,
// bottom first, then tab pages kept alive off the stack — with their data as it was when
// the teardown finished. Call it after Exit, from the same goroutine.
func (h *Host) FinalPages() []PageState { return h.finalStates }

// Close shuts the runtime down without a teardown (sockets get 1001). It must not be
// called while Run executes on another goroutine. Idempotent.
func (h *Host) Close() error { return h.rt.Close() }

// shutdown stops what the host started outside the loop. It runs when the runtime shuts
// down.
func (h *Host) shutdown() {
	h.stopTimers()
	h.closeOnce.Do(func() { close(h.closed) })
}

// Do runs f on the loop goroutine as a macrotask and waits until it has run or ctx ends.
// Safe from any goroutine while Run executes on another one; f may call the loop
// goroutine's methods and touch JavaScript values. A job whose wait ended before it ran
// does nothing when it runs. It returns ErrClosed once the host is closed.
func (h *Host) Do(ctx context.Context, f func()) error {
	done := make(chan struct{})
	var abandoned atomic.Bool
	if !h.rt.Submit(func() {
		defer close(done)
		if !abandoned.Load() {
			f()
		}
	}) {
		return ErrClosed
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		abandoned.Store(true)
		return ctx.Err()
	case <-h.closed:
		return ErrClosed
	}
}

// Background sends the mini program to the background (EnterBackground) and waits until
// it is there. Any goroutine, while Run executes.
func (h *Host) Background(ctx context.Context) error { return h.Do(ctx, h.EnterBackground) }

// Foreground brings the mini program back to the foreground (EnterForeground). Any
// goroutine, while Run executes.
func (h *Host) Foreground(ctx context.Context) error { return h.Do(ctx, h.EnterForeground) }

// Pages returns the live pages (LivePages) as they are now. Any goroutine, while Run
// executes.
func (h *Host) Pages(ctx context.Context) ([]PageState, error) {
	var out []PageState
	err := h.Do(ctx, func() { out = h.LivePages() })
	return out, err
}

// CurrentPages returns the instances of the pages on the stack, bottom first: what
// getCurrentPages() returns. Loop goroutine only.
func (h *Host) CurrentPages() []*goja.Object {
	out := make([]*goja.Object, len(h.stack))
	for i, p := range h.stack {
		out[i] = p.inst
	}
	return out
}

// PageData returns the data of the page whose instance is inst as the view has it (JSON,
// as in PageState), whether or not the page is still live; ok is false when inst is not
// a page of this host. Loop goroutine only.
func (h *Host) PageData(inst goja.Value) (data json.RawMessage, ok bool) {
	if _, isObj := inst.(*goja.Object); !isObj {
		return nil, false
	}
	// The framework keeps the state of its own instances only: it refuses anything else,
	// a page of another host's framework included.
	v, err := h.fw.viewData(goja.Undefined(), inst)
	if err != nil || !goja.IsString(v) {
		return nil, false
	}
	return json.RawMessage(v.String()), true
}

// LivePages returns the pages on the stack, bottom first, then the tab pages kept alive
// off the stack, with their data as the view has it. Loop goroutine only (or between runs).
func (h *Host) LivePages() []PageState { return h.states(h.live()) }

func (h *Host) live() []*page {
	out := append([]*page(nil), h.stack...)
	for _, t := range h.tabs {
		if !h.onStack(t) {
			out = append(out, t)
		}
	}
	return out
}

func (h *Host) onStack(p *page) bool {
	for _, q := range h.stack {
		if q == p {
			return true
		}
	}
	return false
}

func (h *Host) states(pages []*page) []PageState {
	out := make([]PageState, 0, len(pages))
	for _, p := range pages {
		data := "{}"
		if v := h.fwCall(h.fw.viewData, p.inst); goja.IsString(v) {
			data = v.String()
		}
		out = append(out, PageState{Route: p.route.path, Query: p.query.toMap(), Data: json.RawMessage(data)})
	}
	return out
}

// warn prints a DevTools-style warning or error line on the runtime's error writer.
func (h *Host) warn(text string) { fmt.Fprintln(h.rt.Stderr(), text) }

// displayPath names a project file in messages: its OS path, or its slash path in the
// project's fs.FS.
func displayPath(p *wxapi.Project, name string) string {
	if p.FS != nil {
		return path.Join(p.Root, name)
	}
	return filepath.Join(p.Root, filepath.FromSlash(name))
}

// trimSlashes cleans a route or folder given in app.json: no leading or trailing slash.
func trimSlashes(s string) string { return strings.Trim(path.Clean("/"+s), "/") }
