package wxapi_test

// What tracing costs on the socket hot path. Untraced, each instrumentation point is one
// nil comparison: BenchmarkInboundText and BenchmarkSend (bench_test.go) measure that
// path. Here their scripts run with a sink listening: a counter, as a metrics consumer
// would be (no formatting, no allocation), and the JSON Lines writer of --trace, writing to
// nowhere.

import (
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
)

// counter counts messages and bytes each way, as a load run's summary would.
type counter struct {
	in, out, inBytes, outBytes atomic.Int64
}

func (c *counter) Event(e trace.Event) {
	switch e.Type {
	case trace.SocketMessage:
		c.in.Add(1)
		c.inBytes.Add(int64(e.Payload.Size))
	case trace.SocketSend:
		if e.Payload.Kind == trace.KindClose {
			return
		}
		c.out.Add(1)
		c.outBytes.Add(int64(e.Payload.Size))
	}
}

// inboundText receives N 64-byte text messages; sendText sends N and asks the server how
// many it counted. BenchmarkInboundText and BenchmarkSend run them untraced.
const inboundText = `
	const task = wx.connectSocket({ url: URL + "/b/push?size=64&n=" + N });
	let got = 0;
	task.onMessage(function (res) {
		if (typeof res.data !== "string" || res.data.length !== 64) throw new Error("bad message");
		if (++got === N) task.close();
	});
	task.onClose(function () { global.result = got; });
`

const sendText = `
	const task = wx.connectSocket({ url: URL + "/b/sink" });
	const msg = "x".repeat(64);
	task.onOpen(function () {
		for (let i = 0; i < N; i++) task.send({ data: msg });
		task.send({ data: "count?" });
	});
	task.onMessage(function (res) { global.result = Number(res.data); task.close(); });
`

func benchTraced(b *testing.B, src string, sink trace.Sink) {
	srv := benchServer(b)
	got := runScript(b, srv, src, runtime.WithTracer(trace.New(time.Now(), sink)))
	if got != int64(b.N) {
		b.Fatalf("%d messages, want %d", got, b.N)
	}
	reportRate(b, "msgs/s")
}

// BenchmarkInboundTextCounted is BenchmarkInboundText with a counting sink.
func BenchmarkInboundTextCounted(b *testing.B) {
	c := &counter{}
	benchTraced(b, inboundText, c)
	if c.in.Load() != int64(b.N) {
		b.Fatalf("counted %d messages, want %d", c.in.Load(), b.N)
	}
}

// BenchmarkInboundTextTraceFile is BenchmarkInboundText with --trace's writer.
func BenchmarkInboundTextTraceFile(b *testing.B) {
	w := trace.NewWriter(io.Discard, time.Now(), trace.WriterOptions{})
	defer w.Close()
	benchTraced(b, inboundText, w)
}

// BenchmarkSendCounted is BenchmarkSend with a counting sink.
func BenchmarkSendCounted(b *testing.B) {
	c := &counter{}
	benchTraced(b, sendText, c)
	if c.out.Load() != int64(b.N)+1 {
		b.Fatalf("counted %d frames sent, want %d", c.out.Load(), b.N+1)
	}
}

// BenchmarkSendTraceFile is BenchmarkSend with --trace's writer.
func BenchmarkSendTraceFile(b *testing.B) {
	w := trace.NewWriter(io.Discard, time.Now(), trace.WriterOptions{})
	defer w.Close()
	benchTraced(b, sendText, w)
}
