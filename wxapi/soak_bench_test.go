package wxapi

import (
	"context"
	"fmt"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/wstest"
)

// BenchmarkSoakMillionMessages is the soak check of the reliability issue: one runtime
// receives a million messages (per benchmark iteration) and its memory must stay flat.
// The JS handler samples the Go heap after 100k messages and at the end (through a Go
// function); the benchmark reports both and fails if the heap grew with the message
// count. It is a benchmark, not a test, because it takes seconds: run it with
//
//	go test -run '^$' -bench SoakMillion -benchtime 1x ./wxapi
func BenchmarkSoakMillionMessages(b *testing.B) {
	const total = 1_000_000
	srv := wstest.NewServer(b)
	srv.Handle("/soak", func(c *wstest.Conn) {
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, []byte(strings.Repeat("x", 64)))
		if err != nil {
			return
		}
		ws := c.WebSocket()
		for i := 0; i < total; i++ {
			if ws.WritePreparedMessage(pm) != nil {
				return
			}
		}
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	})
	heap := func() float64 {
		goruntime.GC()
		var m goruntime.MemStats
		goruntime.ReadMemStats(&m)
		return float64(m.HeapInuse) / (1 << 20)
	}
	for i := 0; i < b.N; i++ {
		rt, out := newRuntime(b)
		var early, late float64
		_ = rt.VM().Set("sampleHeap", func(which string) {
			if which == "early" {
				early = heap()
			} else {
				late = heap()
			}
		})
		err := rt.RunString(context.Background(), "soak.js", fmt.Sprintf(`
			let n = 0;
			const task = wx.connectSocket({ url: %q });
			task.onMessage((res) => {
				n++;
				if (n === 100000) sampleHeap("early");
				if (n === %d) { sampleHeap("late"); task.close(); }
			});
			task.onClose(() => console.log("received", n));
		`, srv.URL+"/soak", total))
		if err != nil || out.String() != fmt.Sprintf("received %d\n", total) {
			b.Fatalf("%v %q", err, out)
		}
		b.ReportMetric(early, "heapMiB@100k")
		b.ReportMetric(late, "heapMiB@1M")
		if late > early*1.5+4 {
			b.Errorf("heap grew from %.1f MiB at 100k messages to %.1f MiB at 1M", early, late)
		}
		_ = rt.Close()
	}
}
