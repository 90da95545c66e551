package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/inspect"
	"github.com/wxrun/wxrun/trace"
)

// DefaultMaxCallStackSize is the JavaScript call depth at which a runaway recursion is
// stopped with "RangeError: Maximum call stack size exceeded". V8 and JavaScriptCore stop
// ordinary recursion at roughly ten thousand frames; goja's own default is unbounded.
const DefaultMaxCallStackSize = 10000

// InternalSourcePrefix starts the names of programs that belong to a host rather than to
// the mini program — the project host compiles its component framework as
// "<wxrun>/framework.js". Their frames are left out of the stacks wxrun prints (uncaught
// errors, console.log of an error, console.trace) and of the positions it reports, so a
// user's error shows the user's code only, as WeChat's base library frames are not shown
// in the DevTools. A mini program's own files never have such names.
const InternalSourcePrefix = inspect.InternalPrefix

// ErrClosed is returned by Run* after Close, or after a run was interrupted (unless the
// runtime was created WithKeepOpen).
var ErrClosed = errors.New("wxrun: runtime is closed")

// ErrRunning is returned by Run* when another Run* on the same Runtime has not returned.
var ErrRunning = errors.New("wxrun: runtime is already running")

// Option configures a Runtime.
type Option func(*config)

type config struct {
	root       string
	stdout     io.Writer
	stderr     io.Writer
	maxStack   int
	fsys       fs.FS
	rejections UnhandledRejections
	keepOpen   bool
	tracer     *trace.Tracer
}

// WithRoot sets the mini program root directory: `require` resolves "/x" from it, refuses
// to leave it, and stack traces print paths relative to it. The default is the working
// directory. Files are read through an os.Root opened on it when the runtime is created
// (and closed when it shuts down), which refuses every path and symbolic link leading out
// of the directory — absolute symlinks included, even those pointing inside it. Module
// names are the files' root-relative paths with symlinks evaluated.
func WithRoot(dir string) Option { return func(c *config) { c.root = dir } }

// WithFS runs the mini program from fsys instead of a directory: its top directory is
// the root, modules are read from it, and stack traces and module names are its slash
// paths ("pages/index/index.js"). Use it for an embed.FS, an fstest.MapFS in tests, or
// fs.Sub(fsys, "miniprogram") for a project whose miniprogramRoot is a subdirectory.
// Symbolic links are followed if fsys implements fs.ReadLinkFS, within it only.
//
// The runtime reads fsys only from its loop goroutine; a fsys shared by several runtimes
// must allow concurrent reads (embed.FS, os.DirFS and an fstest.MapFS no longer being
// modified do). WithFS and WithRoot exclude each other.
func WithFS(fsys fs.FS) Option { return func(c *config) { c.fsys = fsys } }

// WithStdout sets where console.log/info/debug write. The default is os.Stdout.
func WithStdout(w io.Writer) Option { return func(c *config) { c.stdout = w } }

// WithStderr sets where console.warn/error and uncaught errors write. The default is os.Stderr.
func WithStderr(w io.Writer) Option { return func(c *config) { c.stderr = w } }

// WithMaxCallStackSize sets the JavaScript call depth limit (DefaultMaxCallStackSize if n <= 0).
func WithMaxCallStackSize(n int) Option { return func(c *config) { c.maxStack = n } }

// UnhandledRejections selects what an unhandled promise rejection does to the run.
type UnhandledRejections int

const (
	RejectionsStrict UnhandledRejections = iota // reported, and the run fails (today's behaviour, the default)
	RejectionsWarn                              // reported as a warning; the run's result is not affected
)

// WithUnhandledRejections sets what an unhandled promise rejection does to the run, like
// Node's --unhandled-rejections. Under RejectionsWarn the rejection is still printed
// (prefixed "Warning: ") and still passed to the OnError hooks, with JSError.Warning set,
// but it is left out of the *UncaughtErrors (and TimeoutError.Reported) a run returns —
// for programs, such as some vendor SDKs, that leave expected failures unhandled. Uncaught
// exceptions are always counted. A value other than RejectionsWarn means RejectionsStrict.
func WithUnhandledRejections(mode UnhandledRejections) Option {
	return func(c *config) { c.rejections = mode }
}

// WithKeepOpen makes a run that its context ended (a timeout, a signal) leave the runtime
// open instead of shutting it down: the JavaScript that was running is interrupted, but
// queued jobs, timers and holds stay, and a later Run* carries on from there. A host that
// tears the program down the way a user closing it would — page onHide and onUnload, so
// that clean-up code closes sockets and clears timers — runs that teardown with RunLoop and
// a short deadline of its own, then calls Close. Without the option (the default), such a
// run shuts the runtime down and later runs return ErrClosed.
func WithKeepOpen() Option { return func(c *config) { c.keepOpen = true } }

// WithTracer traces the run to tr (package trace): console output, uncaught errors and
// the timeout here, and, for the host APIs installed on the runtime, what they trace —
// wxapi's sockets and requests, apphost's lifecycles and setData — since they take the
// tracer from Tracer. A nil tr traces nothing.
func WithTracer(tr *trace.Tracer) Option { return func(c *config) { c.tracer = tr } }

// Runtime is one isolated mini program logic layer: a goja VM with its event loop.
// See the package documentation for which goroutine may call what.
type Runtime struct {
	vm      *goja.Runtime
	cfg     config
	modules *moduleSystem
	shared  *goja.Object // the logic layer's `global`: a plain object shared by all modules

	// inspector formats values for the console and for error reports, with vm's built-ins
	// captured before any script ran.
	inspector *inspect.Inspector

	// goErrorProto is the prototype of the errors vm.NewGoError makes, the only thrown
	// values that wrap a Go error (see asError).
	goErrorProto *goja.Object

	loop   loopState
	timers timerQueue

	runMu   sync.Mutex // held for the duration of a Run*
	running bool
	runCtx  context.Context // the current Run*'s context; nil between runs. Loop goroutine only

	errorHooks    []func(*ErrorEvent)
	rewriters     []func(message string, at Where) string // RewriteErrors
	shutdownHooks []func()
	reported      []*JSError
	rejections    []rejection // rejected without a handler during the current macrotask
	rejecting     *rejection  // the host promise being rejected right now (NewPromiseFrom)
	inHook        bool

	// testAfterLoop, when set, is called between the end of a run's loop and the
	// clearing of the VM's interrupt flag, so tests can cancel the context exactly there.
	testAfterLoop func()
}

// New creates a Runtime with the logic-layer globals (console, timers, global, the dynamic
// code rules) installed. Host APIs (wx) are installed afterwards, before the first Run*.
func New(opts ...Option) (*Runtime, error) {
	cfg := config{stdout: os.Stdout, stderr: os.Stderr}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.maxStack <= 0 {
		cfg.maxStack = DefaultMaxCallStackSize
	}
	fsys := cfg.fsys
	var osRoot *os.Root
	switch {
	case fsys != nil && cfg.root != "":
		return nil, errors.New("wxrun: WithRoot and WithFS exclude each other")
	case fsys == nil:
		if cfg.root == "" {
			cfg.root = "."
		}
		var err error
		if osRoot, cfg.root, err = openRoot(cfg.root); err != nil {
			return nil, fmt.Errorf("wxrun: %w", err)
		}
		fsys = osRoot.FS()
	}

	r := &Runtime{vm: goja.New(), cfg: cfg}
	if osRoot != nil {
		r.OnShutdown(func() { _ = osRoot.Close() }) // registered first, so it runs last
	}
	r.loop.init()
	r.vm.SetMaxCallStackSize(cfg.maxStack)
	r.vm.SetFieldNameMapper(goja.UncapFieldNameMapper())
	r.vm.SetPromiseRejectionTracker(r.trackRejection)
	r.goErrorProto = r.vm.NewGoError(errors.New("")).Prototype()
	r.shared = r.vm.NewObject()
	r.inspector = inspect.New(r.vm) // before any script can replace the built-ins it reads
	installConsole(r.vm, r.inspector, cfg.stdout, cfg.stderr).tracer = cfg.tracer
	installJSONParse(r.vm)
	r.installTimers()
	r.installLogicLayerRules()
	r.modules = newModuleSystem(r.vm, fsys, cfg.root, r.shared)
	r.modules.rt = r
	return r, nil
}

// VM returns the goja runtime. Loop goroutine only; values obtained from it must not be
// used on other goroutines.
func (r *Runtime) VM() *goja.Runtime { return r.vm }

// Root returns the absolute mini program root directory, symlinks evaluated (WithRoot);
// "" when the runtime runs from an fs.FS (WithFS). Safe from any goroutine.
func (r *Runtime) Root() string { return r.cfg.root }

// SharedGlobal returns the plain object every module sees as `global`. Loop goroutine only.
func (r *Runtime) SharedGlobal() *goja.Object { return r.shared }

// Tracer returns the tracer given with WithTracer: nil (which traces nothing) without
// one. Host APIs installed on the runtime trace their events to it. Safe from any
// goroutine.
func (r *Runtime) Tracer() *trace.Tracer { return r.cfg.tracer }

// Stdout and Stderr return the writers the console uses. Safe from any goroutine.
func (r *Runtime) Stdout() io.Writer { return r.cfg.stdout }

// Stderr returns the writer for warnings and uncaught errors. Safe from any goroutine.
func (r *Runtime) Stderr() io.Writer { return r.cfg.stderr }

// OnShutdown registers f to run on the loop goroutine when the runtime shuts down — when
// Close is called or a run is interrupted — so host APIs can release what they hold
// (close sockets). Hooks run in reverse order of registration. Loop goroutine only.
func (r *Runtime) OnShutdown(f func()) { r.shutdownHooks = append(r.shutdownHooks, f) }

// RunFile runs the file at path (relative to the root; under WithRoot also an absolute
// path inside it) as the main module, then runs the event loop until nothing is pending or
// ctx is done.
//
// It returns nil when the program finished without uncaught errors, *UncaughtErrors when
// errors were reported along the way, or *TimeoutError when ctx ended the run (the runtime
// is then shut down, unless WithKeepOpen was given). It must not be called concurrently with another Run* on the same
// Runtime; the calling goroutine becomes the loop goroutine until it returns.
func (r *Runtime) RunFile(ctx context.Context, path string) error {
	return r.run(ctx, false, func() error {
		_, err := r.modules.runMain(path)
		return err
	})
}

// RunString runs src as a module named name (a path relative to the root, used in stack
// traces and to resolve relative requires), then runs the event loop like RunFile.
func (r *Runtime) RunString(ctx context.Context, name, src string) error {
	return r.run(ctx, false, func() error {
		_, err := r.modules.runSource(name, src)
		return err
	})
}

// Stopping reports whether the current Run*'s context has ended: the JavaScript that was
// running has been interrupted and the run is about to return. A host that calls into
// JavaScript several times in one job — a launch: app.js, onLaunch, onShow, the entry
// page — checks it between the calls, so that nothing more of the program runs once a
// --timeout or a signal has stopped it (goja's interrupt stops one call, not the job).
// Loop goroutine only.
func (r *Runtime) Stopping() bool { return r.runCtx != nil && r.runCtx.Err() != nil }

// RunLoop runs only the event loop until nothing is pending or ctx is done, with the same
// results as RunFile. Useful after jobs were submitted from Go.
func (r *Runtime) RunLoop(ctx context.Context) error {
	return r.run(ctx, false, func() error { return nil })
}

// Settle runs the event loop until the work under way is done — no job queued and no Hold
// held that is not idle (Hold.SetIdle) — or ctx is done, with the results of RunLoop.
// Timers that are due run along the way, but a timer due later does not keep it going,
// and neither does an idle Hold (a connection that is simply open). It is for a host's
// teardown: what the clean-up code started (closing handshakes) finishes, while an
// interval the program never cleared, or a socket it never closed, does not hold the
// teardown up until its deadline.
func (r *Runtime) Settle(ctx context.Context) error {
	return r.run(ctx, true, func() error { return nil })
}

func (r *Runtime) run(ctx context.Context, settle bool, start func() error) error {
	r.runMu.Lock()
	if r.running {
		r.runMu.Unlock()
		return ErrRunning
	}
	if r.loop.isClosed() {
		r.runMu.Unlock()
		return ErrClosed
	}
	r.running = true
	r.runMu.Unlock()
	defer func() {
		r.runMu.Lock()
		r.running = false
		r.runMu.Unlock()
	}()

	firstReported := len(r.reported)
	r.runCtx = ctx
	defer func() { r.runCtx = nil }()
	stopWatch := r.watchContext(ctx)
	defer stopWatch() // only matters if something below panics; stopping twice is harmless

	if err := r.guard(start); err != nil {
		r.ReportError(err)
	}
	r.afterMacrotask()
	loopErr := r.runLoop(ctx, settle)
	if r.testAfterLoop != nil {
		r.testAfterLoop()
	}
	// The watcher must be stopped, and finished if it had started, before the flag is
	// cleared: an Interrupt landing after the clear would abort the next Run*'s first call.
	stopWatch()
	r.vm.ClearInterrupt()
	counted := countedErrors(r.reported[firstReported:])
	if loopErr != nil {
		pending := r.Pending()
		r.traceTimeout(loopErr, pending)
		if !r.cfg.keepOpen {
			r.shutdown()
		}
		return &TimeoutError{Cause: loopErr, Pending: pending, Reported: counted}
	}
	if len(counted) > 0 {
		return &UncaughtErrors{Errors: counted}
	}
	return nil
}

// watchContext interrupts running JavaScript and wakes the loop when ctx is done. The
// returned stop function is idempotent; once it returns, the watcher will never touch the
// VM again: either it was stopped before it started, or stop waited for it to finish.
// Loop goroutine only.
func (r *Runtime) watchContext(ctx context.Context) (stop func()) {
	done := make(chan struct{})
	stopAfter := context.AfterFunc(ctx, func() {
		defer close(done)
		r.vm.Interrupt(ctx.Err())
		r.loop.wakeup()
	})
	stopped := false
	return func() {
		if stopped {
			return
		}
		stopped = true
		if !stopAfter() {
			<-done // it has started: wait until its Interrupt has landed
		}
	}
}

// traceTimeout records that the run's context ended it, and what was pending.
func (r *Runtime) traceTimeout(cause error, pending []string) {
	if !r.cfg.tracer.Enabled() {
		return
	}
	what := "canceled"
	if errors.Is(cause, context.DeadlineExceeded) {
		what = "deadline"
	}
	r.cfg.tracer.Emit(trace.Event{Type: trace.Timeout, Name: what, Pending: pending})
}

// Close shuts the runtime down: shutdown hooks run (host APIs close their sockets), queued
// jobs and timers are dropped and Submit returns false from then on. It must not be called
// while a Run* is executing on another goroutine — cancel that run's context instead.
// Close is idempotent.
func (r *Runtime) Close() error {
	r.runMu.Lock()
	running := r.running
	r.runMu.Unlock()
	if running {
		return ErrRunning
	}
	r.shutdown()
	return nil
}

func (r *Runtime) shutdown() {
	if !r.loop.close() {
		return
	}
	for i := len(r.shutdownHooks) - 1; i >= 0; i-- {
		hook := r.shutdownHooks[i]
		if err := r.guard(func() error { hook(); return nil }); err != nil {
			fmt.Fprintf(r.cfg.stderr, "wxrun: shutdown hook: %v\n", err)
		}
	}
	r.shutdownHooks = nil
	r.timers.clear()
	r.loop.drop()
}

// guard runs f, turning a Go panic into an error so that a bug in a host API or a goja
// panic is reported instead of crashing every runtime in the process.
func (r *Runtime) guard(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				_, ex := asError[*goja.Exception](e, r.goErrorProto)
				_, ie := asError[*goja.InterruptedError](e, r.goErrorProto)
				_, so := asError[*goja.StackOverflowError](e, r.goErrorProto)
				if ex || ie || so {
					err = e
					return
				}
			}
			err = &InternalError{Value: p, Stack: stackOf()}
		}
	}()
	return f()
}
