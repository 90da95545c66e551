package runtime

// Tests of what a host building on the runtime uses: a run that its context ended leaving
// the runtime open (WithKeepOpen), loading files (Require), the RequireCheck, the
// asynchronous forms of require, and host code's frames left out of printed stacks.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func TestKeepOpenLetsATeardownRunAfterATimeout(t *testing.T) {
	rt, out, _ := newTestRuntime(t, WithKeepOpen())
	shutdown := false
	rt.OnShutdown(func() { shutdown = true })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := rt.RunString(ctx, "main.js", `
		global.ticks = 0;
		setInterval(() => { global.ticks++ }, 5);
		setTimeout(() => { console.log("busy"); while (true) {} }, 20);
	`)
	var te *TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a *TimeoutError for the deadline, got %v", err)
	}
	if shutdown {
		t.Fatal("the runtime was shut down although it was created WithKeepOpen")
	}
	if len(te.Pending) != 1 || !strings.HasPrefix(te.Pending[0], "setInterval(…, 5ms) at main.js:") {
		t.Fatalf("pending = %q", te.Pending)
	}

	// The teardown: a job that clears the interval; the loop then goes idle.
	ran := false
	if !rt.Submit(func() {
		ran = true
		if _, err := rt.VM().RunString(`clearInterval(1); console.log("torn down")`); err != nil {
			rt.ReportError(err)
		}
	}) {
		t.Fatal("Submit after a timed-out run returned false")
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if err := rt.RunLoop(ctx2); err != nil {
		t.Fatalf("teardown run: %v", err)
	}
	if !ran || out.String() != "busy\ntorn down\n" {
		t.Fatalf("teardown ran %v, output %q", ran, out.String())
	}
	if err := rt.Close(); err != nil || !shutdown {
		t.Fatalf("Close: %v, shutdown hooks ran: %v", err, shutdown)
	}
	if err := rt.RunLoop(ctx2); !errors.Is(err, ErrClosed) {
		t.Fatalf("a run after Close: want ErrClosed, got %v", err)
	}
}

func TestRequireLoadsAFileOnceAndReturnsItsErrors(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"pages/a/a.js":     `global.loads = (global.loads || 0) + 1; module.exports = { route: "a" };`,
		"pages/bad/bad.js": "var x = ;",
		"pages/throw.js":   `throw new Error("page boom")`,
	})
	rt, _, _ := newTestRuntime(t, WithRoot(root))
	var results []string
	rt.Submit(func() {
		for _, name := range []string{"pages/a/a", "pages/a/a.js", "pages/bad/bad.js", "pages/throw.js", "pages/none.js"} {
			v, err := rt.Require(name)
			var syn *goja.CompilerSyntaxError
			var ex *goja.Exception
			switch {
			case errors.As(err, &syn):
				results = append(results, "syntax: "+syn.Message)
			case errors.As(err, &ex):
				results = append(results, "throw: "+ex.Value().String())
			case err != nil:
				results = append(results, "error: "+err.Error())
			default:
				results = append(results, v.ToObject(rt.VM()).Get("route").String())
			}
		}
		results = append(results, fmt.Sprint(rt.SharedGlobal().Get("loads")))
	})
	if err := run(t, rt, ""); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a", "a",
		"syntax: pages/bad/bad.js:1:9: Unexpected \";\"",
		"throw: Error: page boom",
		"throw: Error: module 'pages/none.js' is not defined, require args is 'pages/none.js'",
		"1",
	}
	if strings.Join(results, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(results, "\n"), strings.Join(want, "\n"))
	}
}

// A RequireCheck sees every require, synchronous or not, and what it refuses fails in the
// form of the call: a thrown Error, or {mod, errMsg}.
func TestRequireCheckRefusesRequires(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"pkg/util.js": `module.exports = { who: "pkg" };`,
		"lib.js":      `module.exports = { who: "lib" };`,
	})
	rt, out, _ := newTestRuntime(t, WithRoot(root))
	var seen []string
	rt.SetRequireCheck(func(from, request, module string, async bool) error {
		seen = append(seen, fmt.Sprintf("%s %s %s %v", from, request, module, async))
		if strings.HasPrefix(module, "pkg/") && !async {
			return fmt.Errorf("should not require %s in %s without a callback", request, from)
		}
		return nil
	})
	err := run(t, rt, `
		try { require("./pkg/util") } catch (e) { console.log("sync: " + e.message) }
		console.log("lib: " + require("./lib").who);
		require.async("./pkg/util").then((m) => console.log("async: " + m.who));
		require("./pkg/util", (m) => console.log("callback: " + m.who));
	`)
	if err != nil {
		t.Fatal(err)
	}
	want := "sync: should not require ./pkg/util in main.js without a callback\nlib: lib\nasync: pkg\ncallback: pkg\n"
	if out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
	wantSeen := []string{
		"main.js ./pkg/util pkg/util.js false",
		"main.js ./lib lib.js false",
		"main.js ./pkg/util pkg/util.js true",
		"main.js ./pkg/util pkg/util.js true",
	}
	if strings.Join(seen, "\n") != strings.Join(wantSeen, "\n") {
		t.Fatalf("the check saw\n%s\nwant\n%s", strings.Join(seen, "\n"), strings.Join(wantSeen, "\n"))
	}
}

// The asynchronous forms load on a later turn and fail with {mod, errMsg}, the shape the
// WeChat docs show; a throwing callback is reported like any callback's exception.
func TestRequireAsync(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"sub/ok.js":    `console.log("evaluating ok"); module.exports = 42;`,
		"sub/throw.js": `throw new TypeError("bad module")`,
	})
	rt, out, errOut := newTestRuntime(t, WithRoot(root))
	rt.SetRequireCheck(func(from, request, module string, async bool) error {
		if module == "sub/throw.js" && request == "./sub/refused" {
			return errors.New("refused")
		}
		return nil
	})
	err := run(t, rt, `
		const p = require.async("./sub/ok");
		console.log("returned " + (p instanceof Promise));
		p.then((v) => console.log("ok " + v));
		require.async("./sub/missing").catch((e) => console.log("missing " + JSON.stringify(e)));
		require.async("./sub/throw").catch((e) => console.log("throw " + JSON.stringify(e)));
		require("./sub/missing", () => console.log("never"), (e) => console.log("callback " + e.mod + " | " + e.errMsg));
		require("./sub/ok", () => { throw new Error("callback boom") });
		try { require.async(42) } catch (e) { console.log(e.name + ": " + e.message) }
	`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 1 || ue.Errors[0].Message != "Error: callback boom" {
		t.Fatalf("want the throwing callback reported, got %v\n%s", err, errOut.String())
	}
	want := strings.Join([]string{
		"returned true",
		"TypeError: require.async args must be a string, got int64 42 (required from main.js)",
		"evaluating ok",
		"ok 42",
		`missing {"mod":"./sub/missing","errMsg":"module 'sub/missing.js' is not defined, require args is './sub/missing' (required from main.js)"}`,
		`throw {"mod":"sub/throw.js","errMsg":"bad module"}`,
		"callback ./sub/missing | module 'sub/missing.js' is not defined, require args is './sub/missing' (required from main.js)",
	}, "\n") + "\n"
	if out.String() != want {
		t.Fatalf("output\n%s\nwant\n%s", out.String(), want)
	}
}

// Frames of host code (InternalSourcePrefix) are left out of printed stacks, so an error
// thrown by user code that host JavaScript called shows the user's frames only.
func TestHostFramesAreLeftOutOfPrintedStacks(t *testing.T) {
	rt, out, errOut := newTestRuntime(t)
	prg, err := goja.Compile(InternalSourcePrefix+"framework.js", `(function callUser(f) { return f(); })`, false)
	if err != nil {
		t.Fatal(err)
	}
	callUser, err := rt.VM().RunProgram(prg)
	if err != nil {
		t.Fatal(err)
	}
	_ = rt.VM().Set("callUser", callUser)
	err = run(t, rt, `function userCode() { throw new Error("user boom") }
function logged() { try { userCode() } catch (e) { console.log(e) } }
callUser(logged);
callUser(function trace() { console.trace("here") });
callUser(userCode);
`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) {
		t.Fatalf("want the error reported, got %v", err)
	}
	for name, text := range map[string]string{"report": errOut.String(), "console.log": out.String()} {
		if strings.Contains(text, "<wxrun>") || strings.Contains(text, "callUser") {
			t.Errorf("%s shows host frames:\n%s", name, text)
		}
		if !strings.Contains(text, "at userCode (main.js:1:29)") {
			t.Errorf("%s lacks the user's frame:\n%s", name, text)
		}
	}
	if !strings.Contains(errOut.String(), "Trace: here\n    at trace (main.js:4:") {
		t.Errorf("console.trace output:\n%s", errOut.String())
	}
}

// Settle finishes the work under way — jobs, Holds that are not idle, timers already due
// — and does not wait for timers due later or for idle Holds.
func TestSettleWaitsForWorkNotForTimersOrIdleHolds(t *testing.T) {
	rt, out, _ := newTestRuntime(t, WithKeepOpen())
	open := rt.Hold("WebSocket ws://x/ (OPEN)")
	defer open.Release()
	open.SetIdle(true)
	closing := rt.Hold("WebSocket ws://y/ (closing)")
	go func() {
		time.Sleep(50 * time.Millisecond)
		rt.Submit(func() { fmt.Fprintln(out, "closed") })
		closing.Release()
	}()
	rt.Submit(func() {
		if _, err := rt.VM().RunString(`
			setTimeout(() => console.log("due"), 0);
			setTimeout(() => console.log("during the close"), 10);
			setInterval(() => console.log("never"), 60000);
		`); err != nil {
			rt.ReportError(err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := rt.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Settle took %v", elapsed)
	}
	if out.String() != "due\nduring the close\nclosed\n" {
		t.Errorf("output %q", out.String())
	}
	if pending := rt.Pending(); len(pending) != 2 {
		t.Errorf("pending after Settle: %q, want the open socket and the interval", pending)
	}

	// A busy Hold released with idle ones left ends Settle at once, with no job to wake it.
	busy := rt.Hold("busy")
	go func() {
		time.Sleep(30 * time.Millisecond)
		busy.Release()
	}()
	start = time.Now()
	if err := rt.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Settle took %v after the busy Hold was released", elapsed)
	}

	// An idle Hold that is busy again keeps Settle going.
	open.SetIdle(false)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	var te *TimeoutError
	if err := rt.Settle(ctx2); !errors.As(err, &te) {
		t.Fatalf("Settle with a busy Hold: want a timeout, got %v", err)
	}
}

// Queued lets a job wait for the work already queued, and the work that work queues: it
// resubmits itself while jobs are waiting, and so runs after a chain of jobs.
func TestQueuedLetsAJobRunAfterAChain(t *testing.T) {
	rt, _, _ := newTestRuntime(t)
	var order []string
	var chain func(n int) func()
	chain = func(n int) func() {
		return func() {
			order = append(order, fmt.Sprint("job ", n))
			if n < 3 {
				rt.Submit(chain(n + 1))
			}
		}
	}
	var drain func()
	rounds := 0
	drain = func() {
		rounds++
		if rt.Queued() > 0 {
			rt.Submit(drain)
			return
		}
		order = append(order, "drained")
	}
	hold := rt.Hold("test")
	rt.Submit(func() {
		rt.Submit(chain(1))
		rt.Submit(drain)
		if n := rt.Queued(); n != 2 {
			t.Errorf("Queued() = %d with two jobs submitted, want 2", n)
		}
		rt.Submit(hold.Release)
	})
	if err := rt.RunLoop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ", "); got != "job 1, job 2, job 3, drained" {
		t.Errorf("order: %s", got)
	}
	if rounds < 2 {
		t.Errorf("the drain ran %d times: it never saw the chain waiting", rounds)
	}
}
