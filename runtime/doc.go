// Package runtime runs WeChat Mini Program logic-layer JavaScript on goja, outside WeChat.
//
// It knows nothing of the wx API: it provides the JavaScript VM, the event loop, timers,
// the console, the CommonJS module system of the logic layer and error reporting. Host
// APIs such as wx (package wxapi) install themselves onto a Runtime through the small set
// of methods documented under "Threading contract".
//
// # Running a program
//
//	rt, err := runtime.New(runtime.WithRoot("./miniprogram"))
//	if err != nil { ... }
//	defer rt.Close()
//	err = rt.RunFile(ctx, "app.js")
//
// RunFile (and RunString) run the script and then the event loop until nothing is pending —
// no timer, no queued job and no Hold — exactly like `node file.js`. Cancelling ctx (or
// its deadline passing) interrupts running JavaScript, even inside `while(true){}`, and
// makes RunFile return a *TimeoutError that lists what was still pending.
//
// # Files
//
// Modules are read from the root directory given with WithRoot, through an os.Root that
// refuses every path and symbolic link leading out of it, or from any fs.FS given with
// WithFS (an embed.FS, an fstest.MapFS). Module names, which stack traces and the console
// show, are the files' slash paths relative to the root, symbolic links evaluated
// ("pages/index/index.js").
//
// # Errors
//
// An exception that escapes the top level, a timer callback or any callback the host
// invokes through CallFunction is reported: printed to the error writer with its message
// and a stack of file:line:column frames relative to the project root, and passed to the
// hooks registered with OnError (the wx layer maps them to wx.onError and App.onError).
// The program keeps running, as it would on a phone. Unhandled promise rejections are
// reported the same way, as "Uncaught (in promise)". When the loop finally goes idle,
// RunFile returns an *UncaughtErrors listing everything that was reported, so callers
// (and the CLI's exit status) notice — except, under
// WithUnhandledRejections(RejectionsWarn), unhandled rejections, which are then printed
// as warnings and still passed to the hooks. A rejected promise that a host API made with
// NewPromiseFrom is reported with the script position of the call that made it.
//
// # Threading contract
//
// A *goja.Runtime belongs to one goroutine. Before Run*, the Runtime may be configured from
// the goroutine that created it (this is when host APIs are installed). While Run* is
// executing, the goroutine that called it is the loop goroutine: only it may touch the VM,
// and goja values never leave it. Other goroutines (network readers, for example) interact
// with the program only through two goroutine-safe calls:
//
//   - Submit(job) queues a Go closure to run on the loop goroutine. Jobs run in the order
//     they were submitted; each job is a macrotask (promise jobs it triggers run right after
//     it). Submit returns false once the runtime has shut down; the job is then dropped.
//   - Hold(what) returns a *Hold that keeps the loop alive until it is released. An open
//     socket holds one. A goroutine that delivers a final event must Submit it before it
//     calls Release, so the loop cannot go idle between the two.
//
// Methods documented as "loop goroutine only" must be called from jobs, from JavaScript
// callbacks, or during setup before Run*.
//
// # Hosting a whole program
//
// A host that runs more than one file — the project host, package apphost — uses a few
// more calls: Require loads a file (a page) from a job, with the module cache; a
// RequireCheck (SetRequireCheck) may refuse a require between packages, and the
// cross-package forms require.async(path) and require(path, callback, error) load on a
// later turn; WithKeepOpen leaves the runtime open after a run its context ended, so that
// a teardown can run; Settle runs the loop until the work under way is done (queued jobs,
// Holds not marked idle with Hold.SetIdle), not waiting for timers due later; Queued
// lets a job run again until the jobs queued before it, and those they queued, have run
// (a test harness waiting for the lifecycles a navigation queued); and programs compiled
// under InternalSourcePrefix are host code whose frames printed stacks leave out.
//
// # Tracing
//
// WithTracer hands what happens to a trace.Tracer (package trace): console output (level,
// stream, text), uncaught errors and unhandled rejections with their stacks, and the
// timeout that ends a run. Host APIs take the same tracer from Tracer, so one option
// traces a whole program. Without it, Tracer is nil and nothing is built.
//
// # Isolation
//
// Each Runtime has its own VM, loop, module cache and globals; any number can run side by
// side in one process. Compiled programs are shared between runtimes (they are immutable),
// which makes starting many instances of the same mini program cheap.
package runtime
