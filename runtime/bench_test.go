package runtime_test

// Benchmarks of the runtime's fixed costs: creating a runtime, handing work to it from
// another goroutine, and running timers. Run them with
//
//	go test -run '^$' -bench . -benchmem ./runtime
//
// See bench/README.md for the side-by-side comparison with Node.js.

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

func benchRuntime(b *testing.B, root string) *runtime.Runtime {
	b.Helper()
	rt, err := runtime.New(runtime.WithRoot(root), runtime.WithStdout(io.Discard), runtime.WithStderr(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	return rt
}

// One mini program instance's life: New, a small script, Close.
func BenchmarkNewRunClose(b *testing.B) {
	root := b.TempDir()
	ctx := context.Background()
	const src = `
		var total = 0;
		for (var i = 0; i < 10; i++) total += i;
		module.exports = { total: total };
	`
	b.ReportAllocs()
	for b.Loop() {
		rt, err := runtime.New(runtime.WithRoot(root), runtime.WithStdout(io.Discard), runtime.WithStderr(io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		if err := rt.RunString(ctx, "main.js", src); err != nil {
			b.Fatal(err)
		}
		if err := rt.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// One Submit from another goroutine delivered to a JavaScript function: the path every
// socket event takes. The producer submits b.N jobs as fast as it can; each job calls
// global.onJob(i) through CallFunction.
func BenchmarkSubmitToJS(b *testing.B) {
	rt := benchRuntime(b, b.TempDir())
	defer rt.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := rt.RunString(ctx, "main.js", `
		global.count = 0;
		global.onJob = function (n) { global.count++; };
	`); err != nil {
		b.Fatal(err)
	}
	fn := rt.SharedGlobal().Get("onJob")
	vm := rt.VM()
	n := b.N
	args := make([]goja.Value, 0, 1)
	b.ReportAllocs()
	b.ResetTimer()
	hold := rt.Hold("benchmark producer")
	go func() {
		for i := 0; i < n; i++ {
			rt.Submit(func() {
				rt.CallFunction(fn, nil, append(args[:0], vm.ToValue(i))...)
			})
		}
		// The last job runs after every other one: release the loop from there.
		rt.Submit(hold.Release)
	}()
	if err := rt.RunLoop(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if got := rt.SharedGlobal().Get("count").ToInteger(); got != int64(n) {
		b.Fatalf("onJob ran %d times, want %d", got, n)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "jobs/s")
}

// A chain of b.N setTimeout(f, 0) callbacks, each scheduling the next.
func BenchmarkTimeoutChain(b *testing.B) {
	rt := benchRuntime(b, b.TempDir())
	defer rt.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	src := fmt.Sprintf(`
		global.left = %d;
		function tick() { if (--global.left > 0) setTimeout(tick, 0); }
		setTimeout(tick, 0);
	`, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	if err := rt.RunString(ctx, "main.js", src); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if left := rt.SharedGlobal().Get("left").ToInteger(); left != 0 {
		b.Fatalf("chain stopped with %d left", left)
	}
}

// b.N timers created at once with setTimeout(f, 0), all due in the same pass.
func BenchmarkTimeoutBurst(b *testing.B) {
	rt := benchRuntime(b, b.TempDir())
	defer rt.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	src := fmt.Sprintf(`
		global.fired = 0;
		function tick() { global.fired++; }
		for (var i = 0; i < %d; i++) setTimeout(tick, 0);
	`, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	if err := rt.RunString(ctx, "main.js", src); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if got := rt.SharedGlobal().Get("fired").ToInteger(); got != int64(b.N) {
		b.Fatalf("%d timers fired, want %d", got, b.N)
	}
}
