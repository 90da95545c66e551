package wxapi

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/mailbox"
	"github.com/wxrun/wxrun/runtime"
)

// BenchmarkTextDelivery takes one 64-byte text message from Go to the listener of
// bench/scenarios/push_text.js, one rung at a time, so that what each step of the path
// costs over goja's own floor can be read off in one run:
//
//	floor  the listener called from a Go loop with prepared res objects (bench/cmd/floor)
//	text   + the text imported from a Go string of its own into res.data
//	res    + a fresh res object per message, built as drain builds it
//	hop    + the rest of the way without the socket: the text copied out of a read
//	       buffer, the backlog reserved, the inbox, the loop job, drain, emit — what the
//	       reader goroutine and the loop do for a message, minus gorilla and the kernel
//
// The rest of the path, reading frames from the connection, is what
// `go run ./bench/cmd/compare -only push_text` adds (its "wxrun ÷ floor"). Run with one
// core and the CLI's GC setting, as the comparison runs wxrun:
//
//	GOGC=400 go test -run '^$' -bench TextDelivery -cpu 1 -count 5 ./wxapi
func BenchmarkTextDelivery(b *testing.B) {
	const listener = `
		let got = 0, bytes = 0;
		globalThis.listener = function (res) {
			bytes += res.data.length;
			if (++got < N) return;
			globalThis.result = bytes;
		};`
	payload := strings.Repeat("x", 64)
	setup := func(b *testing.B) (*runtime.Runtime, *API, goja.Callable, func()) {
		rt, a, out := newRuntimeAPI(b, WithMaxSockets(0))
		if err := rt.RunString(context.Background(), "listener.js", "const N = "+itoa(b.N)+";"+listener); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		f, ok := goja.AssertFunction(a.vm.GlobalObject().Get("listener"))
		if !ok {
			b.Fatal("no listener")
		}
		check := func() {
			if got := a.vm.GlobalObject().Get("result"); got == nil || got.ToInteger() != int64(64*b.N) {
				b.Fatalf("the listener counted %v characters, want %d", got, 64*b.N)
			}
		}
		return rt, a, f, check
	}

	b.Run("floor", func(b *testing.B) {
		_, a, f, check := setup(b)
		lit, err := a.vm.RunString(`"` + payload + `"`) // a string as JavaScript makes it
		if err != nil {
			b.Fatal(err)
		}
		pool := make([]*goja.Object, min(b.N, 1024))
		for i := range pool {
			pool[i] = a.vm.NewObject()
			_ = pool[i].Set("data", lit)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			a.invoke(f, pool[i%len(pool)])
		}
		b.StopTimer()
		check()
	})

	// texts are distinct Go strings, as the reader makes one per message; their number
	// is bounded so that making them is not what is measured.
	texts := func(b *testing.B) []string {
		t := make([]string, min(b.N, 1024))
		for i := range t {
			t[i] = strings.Clone(payload)
		}
		return t
	}

	// imported: the text from a Go string of its own into res.data of a reused res, or,
	// with fresh, of a new res per message, as drain builds it.
	imported := func(fresh bool) func(b *testing.B) {
		return func(b *testing.B) {
			_, a, f, check := setup(b)
			texts := texts(b)
			res := a.vm.NewObject()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if fresh {
					res = a.vm.NewObject()
				}
				_ = res.Set("data", texts[i%len(texts)])
				a.invoke(f, res)
			}
			b.StopTimer()
			check()
		}
	}
	b.Run("text", imported(false))
	b.Run("res", imported(true))

	b.Run("hop", func(b *testing.B) {
		rt, a, f, check := setup(b)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		hold := rt.Hold("the delivery benchmark")
		t := a.newTask("ws://127.0.0.1/bench")
		t.opened, t.readyState = true, stateOpen
		t.listeners[evMessage] = []goja.Callable{f}
		t.conn = &wsConn{space: mailbox.NewSignal(), dialCtx: ctx}
		e := newTaskEvents(t, hold)
		b.ReportAllocs()
		b.ResetTimer()
		go func() {
			// The reader goroutine's part, as readLoop does it.
			var buf bytes.Buffer
			for i := 0; i < b.N; i++ {
				buf.Reset()
				buf.WriteString(payload)
				m := inbound{text: buf.String()}
				if !t.conn.reserve(m.size()) {
					break
				}
				e.message(m)
			}
			// Submitted after the last message, so it runs after the last drain.
			rt.Submit(hold.Release)
		}()
		if err := rt.RunLoop(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		check()
	})
}

func itoa(n int) string { return formatNumber(float64(n)) }
