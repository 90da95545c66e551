package wxapi

import (
	"context"
	"errors"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
)

// Many runtimes in one process fail independently: a timeout, a runaway recursion, a host
// panic and an uncaught exception in some of them leave the others' sockets and results
// untouched.
func TestRuntimesFailIndependently(t *testing.T) {
	srv := wstest.NewServer(t)
	echo := `
		let n = 0;
		const task = wx.connectSocket({ url: "` + srv.URL + `/echo" });
		task.onOpen(() => task.send({ data: "0" }));
		task.onMessage((res) => {
			if (++n < 50) task.send({ data: String(n) }); else task.close();
		});
		task.onClose((res) => console.log("done", n, res.code));
	`
	cases := []struct {
		name   string
		src    string
		inject func(rt *runtime.Runtime)
		check  func(err error, out string) bool
	}{
		{"healthy-1", echo, nil, func(err error, out string) bool { return err == nil && out == "done 50 1000\n" }},
		{"healthy-2", echo, nil, func(err error, out string) bool { return err == nil && out == "done 50 1000\n" }},
		{"busy-loop", `wx.connectSocket({ url: "` + srv.URL + `/echo" }); while (true) {}`, nil,
			func(err error, out string) bool {
				var te *runtime.TimeoutError
				return errors.As(err, &te)
			}},
		{"recursion", `function f() { return f() } f()`, nil, func(err error, out string) bool {
			return err != nil && strings.Contains(err.Error(), "Maximum call stack size exceeded")
		}},
		{"host-panic", echo, func(rt *runtime.Runtime) { rt.Submit(func() { panic("injected host bug") }) },
			func(err error, out string) bool {
				var ue *runtime.UncaughtErrors
				return errors.As(err, &ue) && strings.Contains(out, "done 50 1000")
			}},
		{"throws", `setTimeout(() => { throw new Error("x") }, 1);` + echo, nil, func(err error, out string) bool {
			var ue *runtime.UncaughtErrors
			return errors.As(err, &ue) && strings.Contains(out, "done 50 1000")
		}},
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		rt, out := newRuntime(t)
		if c.inject != nil {
			c.inject(rt)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Only the busy loop is meant to time out; the others get ample time even on
			// one loaded core, where they share the CPU with the busy loop until it ends.
			limit := 30 * time.Second
			if c.name == "busy-loop" {
				limit = 500 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), limit)
			defer cancel()
			err := rt.RunString(ctx, c.name+".js", c.src)
			if !c.check(err, out.String()) {
				t.Errorf("%s: err=%v output=%q", c.name, err, out.String())
			}
		}()
	}
	wg.Wait()
}

// 10,000 connect/send/close cycles in one runtime: afterwards the goroutine count and the
// heap are back at their baseline.
func TestTenThousandSocketCyclesReturnToBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	// devserver keeps no per-connection records (wstest does), so any growth is ours.
	srv, err := devserver.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	goruntime.GC()
	baseGoroutines := goruntime.NumGoroutine()
	var before goruntime.MemStats
	goruntime.ReadMemStats(&before)

	rt, out := newRuntime(t)
	err = rt.RunString(context.Background(), "cycles.js", `
		const total = 10000, parallel = 5;
		let started = 0, finished = 0;
		function cycle() {
			if (started >= total) return;
			started++;
			const task = wx.connectSocket({ url: "`+srv.URL()+`/echo" });
			task.onOpen(() => task.send({ data: "x" }));
			task.onMessage(() => task.close());
			task.onError((res) => console.log("error", res.errMsg));
			task.onClose(() => { finished++; if (finished === total) console.log("finished", finished); else cycle(); });
		}
		for (let i = 0; i < parallel; i++) cycle();
	`)
	if err != nil || out.String() != "finished 10000\n" {
		t.Fatalf("%v %q", err, out)
	}
	_ = rt.Close()

	deadline := time.Now().Add(5 * time.Second)
	for goruntime.NumGoroutine() > baseGoroutines && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := goruntime.NumGoroutine(); n > baseGoroutines {
		t.Errorf("goroutines: %d after, %d before", n, baseGoroutines)
	}
	goruntime.GC()
	var after goruntime.MemStats
	goruntime.ReadMemStats(&after)
	// The closed runtime is still referenced by the test's cleanup; allow for it, but
	// not for anything that grows with the number of sockets.
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 8<<20 {
		t.Errorf("heap grew by %d MiB over 10,000 cycles", grown>>20)
	}
}
