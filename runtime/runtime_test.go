package runtime

import (
	"context"
	"errors"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func newTestRuntime(t *testing.T, opts ...Option) (*Runtime, *syncbuf.Buffer, *syncbuf.Buffer) {
	t.Helper()
	var out, errOut syncbuf.Buffer
	opts = append([]Option{WithRoot(t.TempDir()), WithStdout(&out), WithStderr(&errOut)}, opts...)
	rt, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	return rt, &out, &errOut
}

func run(t *testing.T, rt *Runtime, src string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return rt.RunString(ctx, "main.js", src)
}

func TestTimersRunInOrderAndLoopExitsWhenIdle(t *testing.T) {
	rt, out, _ := newTestRuntime(t)
	err := run(t, rt, `
		const order = [];
		setTimeout(() => order.push("t20"), 20);
		setTimeout(() => order.push("t0a"), 0);
		setTimeout(() => order.push("t0b"));
		setTimeout((a, b) => order.push("args:" + a + b), 5, "x", "y");
		const cancelled = setTimeout(() => order.push("never"), 1);
		clearTimeout(cancelled);
		let n = 0;
		const iv = setInterval(() => { order.push("iv" + n); if (++n === 3) clearInterval(iv); }, 1);
		Promise.resolve().then(() => order.push("micro"));
		setTimeout(() => console.log(order.join(",")), 60);
	`)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(out.String())
	if !strings.HasPrefix(got, "micro,t0a,t0b,") || !strings.HasSuffix(got, "t20") ||
		!strings.Contains(got, "iv0") || !strings.Contains(got, "iv2") || strings.Contains(got, "iv3") ||
		strings.Contains(got, "never") || !strings.Contains(got, "args:xy") {
		t.Fatalf("unexpected order: %q", got)
	}
}

func TestTimerIDsAreNumbersAndBadCallbackThrowsWeChatTypeError(t *testing.T) {
	rt, out, _ := newTestRuntime(t)
	err := run(t, rt, `
		const id = setTimeout(function(){}, 0);
		console.log(typeof id);
		try { setTimeout("alert(1)", 0) } catch (e) { console.log(e instanceof TypeError, e.message) }
		try { setInterval(undefined, 0) } catch (e) { console.log(e.message) }
	`)
	if err != nil {
		t.Fatal(err)
	}
	want := "number\ntrue setTimeout expects a function as first argument but got string.\nsetInterval expects a function as first argument but got undefined.\n"
	if out.String() != want {
		t.Fatalf("got %q want %q", out.String(), want)
	}
}

func TestTimeoutInterruptsBusyLoopAndReportsPending(t *testing.T) {
	rt, _, _ := newTestRuntime(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := rt.RunString(ctx, "spin.js", `setInterval(function(){}, 1000); while (true) {}`)
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("want *TimeoutError, got %T %v", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want deadline exceeded, got %v", err)
	}
	if len(te.Pending) != 1 || !strings.Contains(te.Pending[0], "setInterval(…, 1000ms) at spin.js:1:1") {
		t.Fatalf("pending = %q", te.Pending)
	}
	if err := rt.RunString(context.Background(), "again.js", "1"); !errors.Is(err, ErrClosed) {
		t.Fatalf("after timeout want ErrClosed, got %v", err)
	}
}

func TestTimeoutWhileWaitingOnHold(t *testing.T) {
	rt, _, _ := newTestRuntime(t)
	h := rt.Hold("WebSocket ws://127.0.0.1:1/ (OPEN)")
	defer h.Release()
	shutdown := false
	rt.OnShutdown(func() { shutdown = true })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := rt.RunString(ctx, "wait.js", `1`)
	var te *TimeoutError
	if !errors.As(err, &te) || len(te.Pending) != 1 || !strings.HasPrefix(te.Pending[0], "WebSocket") {
		t.Fatalf("got %v", err)
	}
	if !shutdown {
		t.Fatal("shutdown hooks did not run")
	}
	if rt.Submit(func() {}) {
		t.Fatal("Submit after shutdown must return false")
	}
}

func TestUncaughtErrorsAreReportedAndProgramGoesOn(t *testing.T) {
	rt, out, errOut := newTestRuntime(t)
	var hooked []string
	rt.OnError(func(ev *ErrorEvent) { hooked = append(hooked, ev.Err.Message) })
	err := run(t, rt, `
		setTimeout(function tick() { throw new TypeError("in timer") }, 0);
		setTimeout(function () { console.log("still running") }, 5);
		Promise.reject(new Error("nobody handles me"));
		const handledLater = Promise.reject(new Error("handled"));
		handledLater.catch(() => {});
		throw new Error("top level");
	`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) {
		t.Fatalf("want *UncaughtErrors, got %T %v", err, err)
	}
	if len(ue.Errors) != 3 {
		t.Fatalf("want 3 errors, got %d: %v", len(ue.Errors), ue.Errors)
	}
	if !strings.Contains(out.String(), "still running") {
		t.Fatal("program did not go on after an uncaught exception")
	}
	stderr := errOut.String()
	for _, want := range []string{
		"Uncaught Error: top level\n    at main.js:7:9",
		"Uncaught (in promise) Error: nobody handles me\n    at main.js:4:18",
		"Uncaught TypeError: in timer\n    at tick (main.js:2:38)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "handled\n") || strings.Contains(stderr, "(9)") {
		t.Errorf("stderr has a handled rejection or a goja pc suffix:\n%s", stderr)
	}
	if len(hooked) != 3 {
		t.Fatalf("hooks saw %v", hooked)
	}
}

func TestRunawayRecursionIsARangeErrorAndTheProgramGoesOn(t *testing.T) {
	rt, out, errOut := newTestRuntime(t, WithMaxCallStackSize(500))
	err := run(t, rt, `
		function down(n) { return down(n + 1) + 1 }
		setTimeout(() => console.log("after overflow"), 0);
		down(0);
	`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || ue.Errors[0].Message != "RangeError: Maximum call stack size exceeded" {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(out.String(), "after overflow") {
		t.Fatalf("program stopped: %q / %q", out.String(), errOut.String())
	}
}

func TestDefaultStackLimitHoldsDeepButFiniteRecursion(t *testing.T) {
	rt, out, _ := newTestRuntime(t)
	err := run(t, rt, `
		function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1) }
		console.log(depth(5000));
		let caught = "none";
		function forever() { return forever() }
		try { forever() } catch (e) { caught = "caught" }
	`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) {
		t.Fatalf("want the overflow reported, got %v", err)
	}
	if !strings.HasPrefix(out.String(), "5000\n") {
		t.Fatalf("got %q", out.String())
	}
}

func TestDynamicCodeFollowsTheLogicLayer(t *testing.T) {
	rt, out, _ := newTestRuntime(t)
	err := run(t, rt, `
		console.log(typeof eval);
		const g = new Function("return this")();
		console.log(g === global, g === globalThis);
		console.log(Function("return this;")() === global);
		let msg = "no error";
		try { new Function("a", "return a + 1") } catch (e) { msg = e.name }
		console.log(msg);
		console.log((function(){}) instanceof Function, (function(){}).constructor === Function, typeof Function.prototype.call);
		console.log(typeof window, typeof document, typeof process, typeof Buffer, typeof WebSocket, typeof XMLHttpRequest, typeof require);
		global.shared = 1;
		console.log(globalThis.shared);
	`)
	if err != nil {
		t.Fatal(err)
	}
	want := "undefined\ntrue false\ntrue\nEvalError\ntrue true function\nundefined undefined undefined undefined undefined undefined function\nundefined\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestSubmitAndHoldFromAnotherGoroutine(t *testing.T) {
	rt, out, _ := newTestRuntime(t)
	var f goja.Value
	if err := run(t, rt, `global.onData = function (s) { console.log("got " + s) }`); err != nil {
		t.Fatal(err)
	}
	f = rt.SharedGlobal().Get("onData")
	h := rt.Hold("test producer")
	go func() {
		for i := 0; i < 3; i++ {
			time.Sleep(5 * time.Millisecond)
			i := i
			rt.Submit(func() { rt.CallFunction(f, nil, rt.VM().ToValue(i)) })
		}
		h.Release()
	}()
	if err := rt.RunLoop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out.String() != "got 0\ngot 1\ngot 2\n" {
		t.Fatalf("got %q", out.String())
	}
}

func TestManyRuntimesAreIsolated(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var out syncbuf.Buffer
			rt, err := New(WithRoot(t.TempDir()), WithStdout(&out), WithStderr(&out))
			if err != nil {
				errs <- err
				return
			}
			defer rt.Close()
			src := `global.n = (global.n || 0) + 1; globalThis.x = (globalThis.x || 0) + 1;
				setTimeout(() => console.log(global.n, globalThis.x), 1)`
			if err := rt.RunString(context.Background(), "m.js", src); err != nil {
				errs <- err
				return
			}
			if out.String() != "1 1\n" {
				errs <- errors.New("state leaked between runtimes: " + out.String())
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestPanickingHostFunctionIsReportedNotFatal(t *testing.T) {
	rt, _, errOut := newTestRuntime(t)
	rt.Submit(func() { panic("host bug") })
	err := rt.RunLoop(context.Background())
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || !strings.Contains(ue.Errors[0].Message, "wxrun internal error: host bug") {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(errOut.String(), "goroutine") {
		t.Fatalf("no Go stack for an internal error: %s", errOut.String())
	}
}

// Whatever a script throws is reported as what it threw: reporting must not run script
// code (a Proxy's traps), panic (a revoked Proxy) or copy the value (a sparse array of
// 2**32-1 elements would be 64 GiB as a Go slice).
func TestHostileThrownValuesAreReportedAsThrown(t *testing.T) {
	rt, _, errOut := newTestRuntime(t)
	err := run(t, rt, `
var revocable = Proxy.revocable({}, {});
revocable.revoke();
setTimeout(function () { throw revocable.proxy; });
setTimeout(function () {
	throw new Proxy({}, { getPrototypeOf: function () { throw new Error("trap ran"); } });
});
setTimeout(function () { throw new Array(Math.pow(2, 32) - 1); });
setTimeout(function () {
	throw Object.create(new Proxy({}, { getPrototypeOf: function () { throw new Error("trap ran"); } }));
});
`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) {
		t.Fatalf("got %v\n%s", err, errOut)
	}
	var got []string
	for _, e := range ue.Errors {
		got = append(got, e.Message)
	}
	want := []string{"<Revoked Proxy>", "{}", "[ <4294967295 empty items> ]"}
	if len(got) != 4 || strings.Contains(got[3], "trap ran") {
		t.Errorf("an object on a trapping Proxy: reported %q", got)
	} else if got = got[:3]; !slices.Equal(got, want) {
		t.Errorf("reported %q, want %q\n%s", got, want, errOut)
	}
}

// A cancel that lands after the loop finished must not leave the VM interrupted: the next
// Run* on the same runtime has to run its code. The hook cancels exactly between the end
// of the loop and the clearing of the interrupt flag. Whether the old hand-made watcher
// goroutine then interrupted before or after the clear depended on scheduling (it lost
// about every other time), so the scenario is repeated: the fixed code passes every
// round by construction, the old one could not pass fifty.
func TestCancelAfterTheLoopEndedDoesNotAbortTheNextRun(t *testing.T) {
	for round := 0; round < 50; round++ {
		rt, out, _ := newTestRuntime(t)
		ctx, cancel := context.WithCancel(context.Background())
		rt.testAfterLoop = cancel
		if err := rt.RunString(ctx, "first.js", `console.log("first")`); err != nil {
			t.Fatalf("round %d, first run: %v", round, err)
		}
		rt.testAfterLoop = nil
		if err := rt.RunString(context.Background(), "second.js", `console.log("second")`); err != nil {
			t.Fatalf("round %d, second run: %v", round, err)
		}
		if out.String() != "first\nsecond\n" {
			t.Fatalf("round %d: the second run did not run its code: output %q", round, out.String())
		}
		_ = rt.Close()
	}
}

// installFakeHostAPI defines host.fail(later), a host API returning a promise made with
// NewPromiseFrom("host.fail") that rejects with { errMsg } — at once, or from a later job
// (as a socket's result arrives) when later is true.
func installFakeHostAPI(t *testing.T, rt *Runtime) {
	t.Helper()
	vm := rt.VM()
	host := vm.NewObject()
	_ = host.Set("fail", func(call goja.FunctionCall) goja.Value {
		p, _, reject := rt.NewPromiseFrom("host.fail")
		res := vm.NewObject()
		_ = res.Set("errMsg", "fail:fail nope")
		if call.Argument(0).ToBoolean() {
			rt.Submit(func() { _ = reject(res) })
		} else {
			_ = reject(res)
		}
		return vm.ToValue(p)
	})
	if err := vm.Set("host", host); err != nil {
		t.Fatal(err)
	}
}

func TestUnhandledHostPromiseRejectionNamesItsCallSite(t *testing.T) {
	rt, _, errOut := newTestRuntime(t)
	installFakeHostAPI(t, rt)
	var origins []string
	rt.OnError(func(ev *ErrorEvent) { origins = append(origins, ev.Err.Origin) })
	err := run(t, rt, `
function reconnect() {
	host.fail();
}
reconnect();
[1].forEach(function () { host.fail(true) });
host.fail().catch(function () {});
Promise.reject({ errMsg: "plain" });
`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 3 {
		t.Fatalf("want 3 uncaught errors, got %v\n%s", err, errOut)
	}
	stderr := errOut.String()
	for _, want := range []string{
		"Uncaught (in promise) { errMsg: 'fail:fail nope' }\n    from host.fail() at main.js:3:11\n",
		// a native frame (forEach) between the host API and its caller is skipped; the
		// rejection comes from a later job, where no script frame is on the stack
		"Uncaught (in promise) { errMsg: 'fail:fail nope' }\n    from host.fail() at main.js:6:36\n",
		"Uncaught (in promise) { errMsg: 'plain' }\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Count(stderr, "from host.fail()") != 2 {
		t.Errorf("want exactly two origin lines (the handled rejection is not reported):\n%s", stderr)
	}
	// The plain rejection is reported with the first macrotask, the later one after it.
	want := []string{"host.fail() at main.js:3:11", "", "host.fail() at main.js:6:36"}
	if strings.Join(origins, "|") != strings.Join(want, "|") {
		t.Errorf("hooks saw origins %q, want %q", origins, want)
	}
	if got := ue.Errors[0].Text(); got != "{ errMsg: 'fail:fail nope' }\n    from host.fail() at main.js:3:11" {
		t.Errorf("Text() = %q", got)
	}
}

func TestHostPromiseMadeWithoutAScriptFrameNamesOnlyTheAPI(t *testing.T) {
	rt, _, errOut := newTestRuntime(t)
	rt.Submit(func() {
		_, _, reject := rt.NewPromiseFrom("host.fromGo")
		_ = reject("no")
	})
	err := rt.RunLoop(context.Background())
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || ue.Errors[0].Origin != "host.fromGo()" {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(errOut.String(), "Uncaught (in promise) 'no'\n    from host.fromGo()\n") {
		t.Fatalf("stderr:\n%s", errOut)
	}
}

func TestUnhandledRejectionsWarnReportsButDoesNotFailTheRun(t *testing.T) {
	const src = `
host.fail();
Promise.reject(new Error("plain"));
setTimeout(function () { console.log("went on") }, 1);
`
	t.Run("strict", func(t *testing.T) {
		rt, _, errOut := newTestRuntime(t)
		installFakeHostAPI(t, rt)
		err := run(t, rt, src)
		var ue *UncaughtErrors
		if !errors.As(err, &ue) || len(ue.Errors) != 2 || ue.Errors[0].Warning {
			t.Fatalf("want 2 counted errors, got %v", err)
		}
		if strings.Contains(errOut.String(), "Warning") {
			t.Fatalf("strict mode printed a warning:\n%s", errOut)
		}
	})
	t.Run("warn", func(t *testing.T) {
		rt, out, errOut := newTestRuntime(t, WithUnhandledRejections(RejectionsWarn))
		installFakeHostAPI(t, rt)
		var hooked []*JSError
		rt.OnError(func(ev *ErrorEvent) { hooked = append(hooked, ev.Err) })
		if err := run(t, rt, src); err != nil {
			t.Fatalf("warn mode: the run failed: %v", err)
		}
		if out.String() != "went on\n" {
			t.Fatalf("output %q", out.String())
		}
		stderr := errOut.String()
		for _, want := range []string{
			"Warning: Uncaught (in promise) { errMsg: 'fail:fail nope' }\n    from host.fail() at main.js:2:10\n",
			"Warning: Uncaught (in promise) Error: plain\n    at main.js:3:16\n",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		if len(hooked) != 2 || !hooked[0].Warning || !hooked[1].Warning || hooked[0].Kind != UnhandledRejection {
			t.Fatalf("hooks saw %v", hooked)
		}
		if len(rt.Reported()) != 2 {
			t.Fatalf("Reported() = %v, want both warnings", rt.Reported())
		}
	})
	t.Run("warn leaves uncaught exceptions counted", func(t *testing.T) {
		rt, _, errOut := newTestRuntime(t, WithUnhandledRejections(RejectionsWarn))
		err := run(t, rt, `Promise.reject(1); setTimeout(function () { throw new TypeError("boom") }, 0)`)
		var ue *UncaughtErrors
		if !errors.As(err, &ue) || len(ue.Errors) != 1 || ue.Errors[0].Message != "TypeError: boom" || ue.Errors[0].Warning {
			t.Fatalf("got %v\n%s", err, errOut)
		}
		if !strings.Contains(errOut.String(), "\nUncaught TypeError: boom\n") {
			t.Fatalf("stderr:\n%s", errOut)
		}
	})
	t.Run("warn leaves warnings out of a timeout's errors", func(t *testing.T) {
		rt, _, _ := newTestRuntime(t, WithUnhandledRejections(RejectionsWarn))
		h := rt.Hold("forever")
		defer h.Release()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		err := rt.RunString(ctx, "main.js", `Promise.reject(1); throw new Error("counted")`)
		var te *TimeoutError
		if !errors.As(err, &te) || len(te.Reported) != 1 || te.Reported[0].Message != "Error: counted" {
			t.Fatalf("got %v (%v)", err, te)
		}
	})
}
