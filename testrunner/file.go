package testrunner

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/internal/inspect"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/third_party/jest"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

//go:embed js/runner.js
var runnerSource string

//go:embed js/queue.js
var queueSource string

// internalPrefix starts the names of the runner's own scripts, whose frames are left out
// of the stacks shown for failures.
const internalPrefix = "<wxrun>/"

// programs are the runner's scripts, compiled once per process and shared by every file's
// runtime: the jest bundle alone takes about 60 ms to compile and 3 ms to run.
var programs = sync.OnceValues(func() (*compiledScripts, error) {
	var c compiledScripts
	var err error
	if c.jest, err = goja.Compile(internalPrefix+"jest.js",
		"(function (global, process) {"+jest.Source+"\nreturn __wxrunJest;\n})", false); err != nil {
		return nil, fmt.Errorf("compiling the jest bundle: %w", err)
	}
	if c.runner, err = goja.Compile(internalPrefix+"runner.js", "(function (J, host) {"+runnerSource+"\n})", false); err != nil {
		return nil, fmt.Errorf("compiling the runner: %w", err)
	}
	if c.queue, err = goja.Compile(internalPrefix+"queue.js", "(function () {"+queueSource+"\n})", false); err != nil {
		return nil, fmt.Errorf("compiling the mock servers' queue: %w", err)
	}
	if c.wsmock, err = goja.Compile(internalPrefix+"jest-websocket-mock.js", "(function (host, expect, Queue) {"+wsmockSource+"\n})", false); err != nil {
		return nil, fmt.Errorf("compiling jest-websocket-mock: %w", err)
	}
	if c.httpmock, err = goja.Compile(internalPrefix+"http-mock.js", "(function (host, Queue) {"+httpmockSource+"\n})", false); err != nil {
		return nil, fmt.Errorf("compiling wxrun/http-mock: %w", err)
	}
	if c.testing, err = goja.Compile(internalPrefix+"wxrun-testing.js", "(function (host) {"+testingSource+"\n})", false); err != nil {
		return nil, fmt.Errorf("compiling wxrun/testing: %w", err)
	}
	return &c, nil
})

type compiledScripts struct {
	jest, runner, queue, wsmock, httpmock, testing *goja.Program
}

// Reasons a file's run context is cancelled.
var (
	errFinished = errors.New("the tests finished")
	errStuck    = errors.New("a test did not yield")
)

// watchdogGrace is how long past its timeout a test that never yields to the event loop
// (an infinite loop) runs before it is interrupted; a test that yields is failed by its
// timeout timer on time.
const watchdogGrace = time.Second

// fileRun is one test file running in its own runtime. Everything but the watchdog and
// the context belongs to the runtime's loop goroutine.
type fileRun struct {
	run    *run
	path   string // root-relative, slash-separated
	result *FileResult
	rt     *runtime.Runtime
	vm     *goja.Runtime
	runner *goja.Object
	cancel context.CancelCauseFunc

	module   string          // the module whose jest.mock calls are running: a setup file or the test file
	loaded   map[string]bool // the files the test required, for --watch
	done     bool            // the runner called finished
	loading  bool            // a setup file or the test file is being loaded
	reported map[string]int  // full test name → index in result.Tests
	servers  []func()        // closes the mock servers the file started

	realSetTimeout, realClearTimeout goja.Value // the runtime's timers, which fake timers do not replace

	api     *wxapi.API
	network wxapi.Network // the network the file started on, which loadProject goes back to
	app     *testApp      // what wxrun/testing's last loadProject started

	mu       sync.Mutex
	watchdog *time.Timer
	stuck    string // what was interrupted by the watchdog ("test", "hook"), with its timeout
}

// runFile runs the test file path (relative to the project root), instance instance of
// the trace (Options.Tracer), and returns its result. It is called on a goroutine of its
// own: the file's runtime loop runs on it.
func (r *run) runFile(ctx context.Context, p string, instance int) *FileResult {
	res := &FileResult{Path: p, Start: time.Now()}
	defer func() { res.Duration = time.Since(res.Start) }()
	var console syncbuf.Buffer
	defer func() { res.Console = console.String() }()

	fail := func(msg string) { res.Errors = append(res.Errors, Failure{Message: msg}) }
	scripts, err := programs()
	if err != nil {
		fail(err.Error())
		return res
	}
	replayed, finishReplay, err := r.replayFor(p)
	if err != nil {
		fail("@wxrun-replay: " + err.Error())
		return res
	}
	defer finishReplay(res) // after the runtime is closed: its sockets have ended
	tr := r.opts.Tracer.ForInstance(instance)
	if tr.Enabled() {
		tr.Emit(trace.Event{Type: trace.InstanceStart, Name: p})
	}
	rt, err := runtime.New(runtime.WithRoot(r.cfg.RootDir), runtime.WithStdout(&console), runtime.WithStderr(&console),
		runtime.WithMaxCallStackSize(r.opts.StackSize), runtime.WithUnhandledRejections(r.opts.Rejections), runtime.WithTracer(tr))
	if err != nil {
		fail(err.Error())
		return res
	}
	defer rt.Close()
	api, err := wxapi.Install(rt, append(append([]wxapi.Option(nil), r.opts.WX...), replayed...)...)
	if err != nil {
		fail(err.Error())
		return res
	}
	// App, getApp, Page, Component, Behavior and the navigation functions, as a mini
	// program's files expect them (they left package wxapi for the project host).
	if _, err := apphost.Install(rt, api); err != nil {
		fail(err.Error())
		return res
	}
	fctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	f := &fileRun{run: r, path: p, result: res, rt: rt, vm: rt.VM(), cancel: cancel, module: p,
		loaded: map[string]bool{}, reported: map[string]int{}, api: api, network: api.Network()}
	res.loaded = f.loaded
	defer f.stopWatchdog()
	if err := f.install(scripts); err != nil {
		fail("installing the test globals: " + err.Error())
		return res
	}
	rt.OnShutdown(f.closeServers)
	for name, v := range r.opts.Globals {
		if err := f.vm.Set(name, v); err != nil {
			fail(fmt.Sprintf("setting the global %s: %v", name, err))
			return res
		}
	}

	f.loading = true
	for _, setup := range r.cfg.setupFiles() {
		f.module = setup
		if err := rt.RunFile(fctx, setup); err != nil && !f.uncaughtOnly(err) {
			f.loadError("setup file "+setup, err)
			return res
		}
	}
	f.module = p
	f.startWatchdog(r.timeout(), "test file to load")
	err = rt.RunFile(fctx, p)
	f.stopWatchdog()
	f.loading = false
	if err != nil && !f.uncaughtOnly(err) {
		f.loadError("", err)
		return res
	}
	if len(res.Errors) > 0 { // an uncaught error while the file loaded
		return res
	}
	registered := f.registered()

	hold := rt.Hold("wxrun test: " + p)
	rt.Submit(func() {
		run, _ := goja.AssertFunction(f.runner.Get("run"))
		if _, err := run(goja.Undefined()); err != nil {
			rt.ReportError(err)
		}
	})
	err = rt.RunLoop(fctx)
	hold.Release()
	cause := context.Cause(fctx)
	switch {
	case f.done:
	case errors.Is(cause, errStuck):
		f.mu.Lock()
		what := f.stuck
		f.mu.Unlock()
		f.unfinished(registered, what+": JavaScript never yielded to the event loop (an infinite loop?), so the "+
			"test was interrupted; the tests after it in this file did not run.")
	case ctx.Err() != nil:
		f.unfinished(registered, "the run was interrupted before this test finished.")
	default:
		msg := "the event loop went idle before the tests finished"
		if err != nil {
			msg += ": " + err.Error()
		}
		f.unfinished(registered, msg)
	}
	return res
}

// install defines the jest globals, the built-in modules and the module overrides.
func (f *fileRun) install(s *compiledScripts) error {
	vm := f.vm
	f.realSetTimeout, f.realClearTimeout = vm.Get("setTimeout"), vm.Get("clearTimeout")
	call := func(prg *goja.Program, args ...goja.Value) (goja.Value, error) {
		v, err := vm.RunProgram(prg)
		if err != nil {
			return nil, err
		}
		fn, _ := goja.AssertFunction(v)
		return fn(goja.Undefined(), args...)
	}
	process := vm.NewObject()
	_ = process.Set("env", vm.NewObject())
	_ = process.Set("cwd", func() string { return "/" })
	j, err := call(s.jest, vm.GlobalObject(), process)
	if err != nil {
		return err
	}
	host := f.hostObject()
	runner, err := call(s.runner, j, host)
	if err != nil {
		return err
	}
	f.runner = runner.ToObject(vm)
	globals := f.runner.Get("globals")

	f.rt.DefineModule("@jest/globals", func() (goja.Value, error) { return globals, nil })
	expect := globals.ToObject(vm).Get("expect")
	// The mock servers' Queue, made when the first of them is required.
	var queue goja.Value
	queueCtor := func() (goja.Value, error) {
		if queue == nil {
			v, err := call(s.queue)
			if err != nil {
				return nil, err
			}
			queue = v
		}
		return queue, nil
	}
	f.rt.DefineModule("jest-websocket-mock", func() (goja.Value, error) {
		q, err := queueCtor()
		if err != nil {
			return nil, err
		}
		return call(s.wsmock, f.wsmockHost(), expect, q)
	})
	f.rt.DefineModule(HTTPMockModule, func() (goja.Value, error) {
		q, err := queueCtor()
		if err != nil {
			return nil, err
		}
		return call(s.httpmock, f.httpmockHost(), q)
	})
	f.rt.DefineModule(TestingModule, func() (goja.Value, error) { return call(s.testing, f.testingHost()) })

	moduleExports, _ := goja.AssertFunction(f.runner.Get("moduleExports"))
	f.rt.SetModuleOverrides(runtime.ModuleOverrides{
		MapRequest: f.mapRequest,
		Exports: func(name string) (goja.Value, bool) {
			f.loaded[name] = true
			v, err := moduleExports(goja.Undefined(), vm.ToValue(name))
			if err != nil {
				panic(err)
			}
			if o, ok := v.(*goja.Object); ok {
				return o.Get("value"), true
			}
			return nil, false
		},
	})
	uncaught, _ := goja.AssertFunction(f.runner.Get("uncaught"))
	f.rt.OnError(func(ev *runtime.ErrorEvent) {
		if ev.Err.Warning {
			return // --unhandled-rejections=warn: printed, fails nothing
		}
		msg := ev.Err.Message
		if ev.Err.Kind == runtime.UnhandledRejection {
			msg = "Uncaught (in promise) " + msg
		}
		if f.loading {
			f.result.Errors = append(f.result.Errors, f.failure(jsFailure{Message: "Test suite failed to run: " + msg, Stack: ev.Err.Stack}))
			return
		}
		if _, err := uncaught(goja.Undefined(), vm.ToValue(msg), vm.ToValue(ev.Err.Stack)); err != nil {
			panic(err)
		}
	})
	return nil
}

// jsFailure is an error as the runner reports it.
type jsFailure struct {
	Message   string    `json:"message"`
	Stack     string    `json:"stack"`
	Assertion bool      `json:"assertion"`
	Where     *Location `json:"where"`
}

type jsTest struct {
	Ancestors []string    `json:"ancestors"`
	Title     string      `json:"title"`
	Status    Status      `json:"status"`
	Duration  float64     `json:"duration"`
	Errors    []jsFailure `json:"errors"`
	Where     *Location   `json:"where"`
}

// hostObject is the runner's `host`: how the JavaScript side reaches Go.
func (f *fileRun) hostObject() *goja.Object {
	vm := f.vm
	h := vm.NewObject()
	cfg := vm.NewObject()
	_ = cfg.Set("testTimeout", f.run.timeout().Milliseconds())
	_ = cfg.Set("testNamePattern", f.run.opts.TestNamePattern)
	_ = cfg.Set("testPath", f.path)
	_ = cfg.Set("testModule", f.path)
	_ = cfg.Set("snapshotMode", string(f.run.opts.snapshotMode()))
	_ = h.Set("config", cfg)
	stringify := jsonStringify(vm)
	decode := func(v goja.Value, into any) {
		s, err := stringify(goja.Undefined(), v)
		if err == nil {
			err = json.Unmarshal([]byte(s.String()), into)
		}
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("runner protocol: %w", err)))
		}
	}
	set := func(name string, fn any) { _ = h.Set(name, fn) }
	set("testDone", func(v goja.Value) {
		var t jsTest
		decode(v, &t)
		f.addTest(t)
	})
	set("lateError", func(name string, v goja.Value) {
		var e jsFailure
		decode(v, &e)
		f.lateError(name, e)
	})
	set("fileError", func(v goja.Value) {
		var e jsFailure
		decode(v, &e)
		f.result.Errors = append(f.result.Errors, f.failure(e))
	})
	set("warn", func(msg string) { f.warn(msg) })
	set("shouldBail", func() bool { return f.run.bailed() })
	set("watchdogStart", func(ms float64, what string) { f.startWatchdog(time.Duration(ms*float64(time.Millisecond)), what) })
	set("watchdogStop", f.stopWatchdog)
	set("currentModule", func() string { return f.module })
	set("resolve", func(from, request string) string {
		name, err := f.rt.ResolveModule(from, request)
		if err != nil {
			panic(err)
		}
		return name
	})
	set("requireActual", func(from, request string) goja.Value {
		v, err := f.rt.RequireActual(from, request)
		if err != nil {
			panic(err)
		}
		return v
	})
	set("resetModules", f.rt.ResetModules)
	set("defineVirtual", func(name string) {
		f.rt.DefineModule(name, func() (goja.Value, error) { return vm.NewObject(), nil })
	})
	set("manualMock", func(name string) string {
		if strings.HasPrefix(name, "node_modules/") || strings.HasPrefix(name, "miniprogram_npm/") || !strings.Contains(name, ".") {
			return ""
		}
		m := path.Join(path.Dir(name), "__mocks__", path.Base(name))
		if st, err := os.Stat(filepath.Join(f.run.cfg.RootDir, filepath.FromSlash(m))); err == nil && st.Mode().IsRegular() {
			return m
		}
		return ""
	})
	set("readSnapshots", func() goja.Value { return f.readSnapshots() })
	set("snapshotFileExists", func() bool {
		_, err := os.Stat(f.snapshotPath())
		return err == nil
	})
	set("writeSnapshots", func(v goja.Value) {
		var data map[string]string
		decode(v, &data)
		f.writeSnapshots(data)
	})
	set("finished", func(v goja.Value) {
		var s struct {
			Added, Updated, Matched, Unmatched, Removed int
			Obsolete                                    []string
			FileExisted                                 bool
		}
		decode(v, &s)
		f.result.Snapshot = SnapshotSummary{Added: s.Added, Updated: s.Updated, Matched: s.Matched,
			Unmatched: s.Unmatched, Obsolete: s.Obsolete, Removed: s.Removed, FileAdded: !s.FileExisted && s.Added > 0}
		f.finished()
	})
	return h
}

// jsonStringify returns the runtime's JSON.stringify as it was before any test code ran.
func jsonStringify(vm *goja.Runtime) goja.Callable {
	j := vm.Get("JSON").ToObject(vm)
	fn, _ := goja.AssertFunction(j.Get("stringify"))
	return func(this goja.Value, args ...goja.Value) (goja.Value, error) { return fn(j, args...) }
}

func (f *fileRun) addTest(t jsTest) {
	tr := TestResult{Ancestors: t.Ancestors, Title: t.Title, Status: t.Status,
		Duration: time.Duration(t.Duration * float64(time.Millisecond)), Where: t.Where}
	if tr.Ancestors == nil {
		tr.Ancestors = []string{}
	}
	for _, e := range t.Errors {
		tr.Failures = append(tr.Failures, f.failure(e))
	}
	f.reported[tr.FullName()] = len(f.result.Tests)
	f.result.Tests = append(f.result.Tests, tr)
}

// lateError adds an error that came after its test had finished (done called twice).
func (f *fileRun) lateError(name string, e jsFailure) {
	if i, ok := f.reported[name]; ok {
		t := &f.result.Tests[i]
		t.Status = Failed
		t.Failures = append(t.Failures, f.failure(e))
		return
	}
	e.Message = name + ": " + e.Message
	f.result.Errors = append(f.result.Errors, f.failure(e))
}

func (f *fileRun) warn(msg string) {
	for _, w := range f.result.Warnings {
		if w == msg {
			return
		}
	}
	f.result.Warnings = append(f.result.Warnings, msg)
}

// finished is called by the runner, on the loop goroutine, when every test has run: what
// is still pending is reported and closed, and the file's run ends.
func (f *fileRun) finished() {
	f.done = true
	var open []string
	for _, p := range f.rt.Pending() {
		if !strings.HasPrefix(p, "wxrun test: ") && !strings.Contains(p, " at "+internalPrefix) {
			open = append(open, p)
		}
	}
	if len(open) > 0 {
		f.warn("still open when the tests finished, closed by the runner (close them in afterEach or afterAll):\n  " +
			strings.Join(open, "\n  "))
	}
	f.cancel(errFinished)
}

// registered returns the full names of the file's tests, in order.
func (f *fileRun) registered() []jsTest {
	list, _ := goja.AssertFunction(f.runner.Get("list"))
	v, err := list(goja.Undefined())
	if err != nil {
		return nil
	}
	var out []jsTest
	s, err := jsonStringify(f.vm)(goja.Undefined(), v)
	if err == nil {
		_ = json.Unmarshal([]byte(s.String()), &out)
	}
	return out
}

// unfinished fails the registered tests that have no result, with why.
func (f *fileRun) unfinished(registered []jsTest, why string) {
	first := true
	for _, t := range registered {
		tr := TestResult{Ancestors: t.Ancestors, Title: t.Title}
		if tr.Ancestors == nil {
			tr.Ancestors = []string{}
		}
		if _, ok := f.reported[tr.FullName()]; ok {
			continue
		}
		tr.Status = Failed
		msg := why
		if !first {
			msg = "not run: " + why
		}
		first = false
		tr.Failures = []Failure{{Message: msg}}
		f.reported[tr.FullName()] = len(f.result.Tests)
		f.result.Tests = append(f.result.Tests, tr)
	}
	if first {
		f.result.Errors = append(f.result.Errors, Failure{Message: why})
	}
}

// uncaughtOnly reports whether err only says that uncaught errors were reported while a
// file loaded; they have been recorded as the file's errors by the OnError hook.
func (f *fileRun) uncaughtOnly(err error) bool {
	var ue *runtime.UncaughtErrors
	return errors.As(err, &ue)
}

// loadError records that a file could not be loaded (jest's "Test suite failed to run").
func (f *fileRun) loadError(what string, err error) {
	var te *runtime.TimeoutError
	if errors.As(err, &te) {
		msg := "Test suite failed to run: the run was interrupted while the file loaded"
		if what := f.stuckWhat(); what != "" {
			msg = "Test suite failed to run: " + what + ": JavaScript never yielded to the event loop (an infinite loop?)"
		}
		f.result.Errors = append(f.result.Errors, Failure{Message: msg})
		return
	}
	msg := err.Error()
	var ex *goja.Exception
	var stack string
	if errors.As(err, &ex) {
		info := exceptionInfo(f.vm, ex)
		msg, stack = info.Message, info.Stack
	}
	prefix := "Test suite failed to run: "
	if what != "" {
		prefix += what + ": "
	}
	f.result.Errors = append(f.result.Errors, f.failure(jsFailure{Message: prefix + msg, Stack: stack}))
}

func (f *fileRun) stuckWhat() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stuck
}

// exceptionInfo describes a thrown value as the runner's errorInfo does.
func exceptionInfo(vm *goja.Runtime, ex *goja.Exception) jsFailure {
	v := ex.Value()
	if o, ok := v.(*goja.Object); ok {
		if st := o.Get("stack"); st != nil && !goja.IsUndefined(st) {
			msg := ex.Error()
			if m := o.Get("message"); m != nil {
				name := "Error"
				if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
					name = n.String()
				}
				msg = name + ": " + m.String()
			}
			return jsFailure{Message: msg, Stack: st.String()}
		}
	}
	return jsFailure{Message: "thrown: " + ex.Value().String(), Stack: ex.String()}
}

// startWatchdog arms the timer that interrupts a test (or hook) that never yields. Any
// goroutine.
func (f *fileRun) startWatchdog(timeout time.Duration, what string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.watchdog != nil {
		f.watchdog.Stop()
	}
	f.watchdog = time.AfterFunc(timeout+watchdogGrace, func() {
		f.mu.Lock()
		f.stuck = fmt.Sprintf("Exceeded timeout of %d ms for a %s", timeout.Milliseconds(), what)
		f.mu.Unlock()
		f.cancel(errStuck)
	})
}

func (f *fileRun) stopWatchdog() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.watchdog != nil {
		f.watchdog.Stop()
		f.watchdog = nil
	}
}

// closeServers closes the mock servers the file started. Loop goroutine (a shutdown hook).
func (f *fileRun) closeServers() {
	for i := len(f.servers) - 1; i >= 0; i-- {
		f.servers[i]()
	}
	f.servers = nil
}

// ---- failures: stacks and source frames ----

var frameRE = regexp.MustCompile(`\(?([^\s()]+):(\d+):(\d+)\)?$`)

// failure turns a runner error into a Failure: the frames of the test's own code, where
// the first of them points and the source around it.
func (f *fileRun) failure(e jsFailure) Failure {
	out := Failure{Message: e.Message}
	var frames []string
	for _, line := range strings.Split(cleanStack(e.Stack), "\n") {
		if !strings.HasPrefix(line, "    at ") {
			continue
		}
		m := frameRE.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(m[1], internalPrefix) || m[1] == "<native>" || strings.Contains(line, "(native)") {
			continue
		}
		frames = append(frames, line)
		if out.At == nil {
			out.At = &Location{File: m[1], Line: atoi(m[2]), Column: atoi(m[3])}
		}
	}
	out.Stack = strings.Join(frames, "\n")
	if out.At == nil && e.Where != nil {
		out.At = e.Where
	}
	if out.At != nil {
		out.At = callee(f.run.cfg.RootDir, out.At)
		out.Source = codeFrame(f.run.cfg.RootDir, out.At)
	}
	return out
}

// cleanStack keeps goja's stack layout out of reports: Node's "    at fn (file:line:col)".
func cleanStack(stack string) string { return inspect.CleanStack(stack) }

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// codeFrame renders the lines around at, jest style:
//
//	  12 |   const x = 1;
//	> 13 |   expect(x).toBe(2);
//	     |             ^
//	  14 | });
func codeFrame(root string, at *Location) string {
	data, err := fs.ReadFile(os.DirFS(root), at.File)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if at.Line < 1 || at.Line > len(lines) {
		return ""
	}
	first, last := max(1, at.Line-2), min(len(lines), at.Line+2)
	width := len(fmt.Sprint(last))
	var b strings.Builder
	for n := first; n <= last; n++ {
		mark := " "
		if n == at.Line {
			mark = ">"
		}
		text := strings.TrimRight(lines[n-1], " \t")
		gutter := fmt.Sprintf("%s %*d |", mark, width, n)
		if text != "" {
			gutter += " " + text
		}
		b.WriteString(gutter + "\n")
		if n == at.Line && at.Column > 0 {
			pad := strings.Map(func(r rune) rune {
				if r == '\t' {
					return '\t'
				}
				return ' '
			}, prefixRunes(lines[n-1], at.Column-1))
			fmt.Fprintf(&b, "  %*s | %s^\n", width, "", pad)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// callee moves a position that goja gives at the parenthesis of a method call back to the
// method's name, where jest points: expect(x).toBe(2) is marked under toBe.
func callee(root string, at *Location) *Location {
	data, err := fs.ReadFile(os.DirFS(root), at.File)
	if err != nil {
		return at
	}
	lines := strings.Split(string(data), "\n")
	if at.Line < 1 || at.Line > len(lines) {
		return at
	}
	line := []rune(lines[at.Line-1])
	i := at.Column - 1
	if i <= 0 || i >= len(line) || line[i] != '(' {
		return at
	}
	j := i
	for j > 0 && (unicode.IsLetter(line[j-1]) || unicode.IsDigit(line[j-1]) || line[j-1] == '_' || line[j-1] == '$') {
		j--
	}
	if j == i || j == 0 || line[j-1] != '.' {
		return at
	}
	return &Location{File: at.File, Line: at.Line, Column: j + 1}
}

// prefixRunes returns the first n characters of s (all of s if shorter).
func prefixRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
