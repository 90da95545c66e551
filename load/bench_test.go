package load

import (
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxrun/wxrun/trace"
)

// What one event costs the sink of a load run, against the JSON Lines writer of --trace:
// a message received and a frame sent (with its round-trip bookkeeping), 64-byte text.

var payload64 = trace.TextPayload(string(make([]byte, 64)))

func benchSink(b *testing.B, s trace.Sink) {
	s.Event(trace.Event{Type: trace.SocketConnect, Instance: 1, ID: 1})
	s.Event(trace.Event{Type: trace.SocketOpen, Instance: 1, ID: 1})
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		t := time.Duration(i) * time.Microsecond
		s.Event(trace.Event{Time: t, Instance: 1, Type: trace.SocketSend, ID: 1, Payload: payload64})
		s.Event(trace.Event{Time: t + 50*time.Microsecond, Instance: 1, Type: trace.SocketMessage, ID: 1, Payload: payload64})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/event")
}

// BenchmarkMetricsEvent: a send and its answer through Metrics.
func BenchmarkMetricsEvent(b *testing.B) { benchSink(b, NewMetrics()) }

// BenchmarkTraceWriterEvent: the same two events through --trace's writer, to nowhere.
func BenchmarkTraceWriterEvent(b *testing.B) {
	w := trace.NewWriter(io.Discard, time.Now(), trace.WriterOptions{})
	defer w.Close()
	benchSink(b, w)
}

// BenchmarkMetricsEventParallel: instances on every core at once, each its own socket.
func BenchmarkMetricsEventParallel(b *testing.B) {
	m := NewMetrics()
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		inst := int(next.Add(1))
		m.Event(trace.Event{Type: trace.SocketConnect, Instance: inst, ID: 1})
		m.Event(trace.Event{Type: trace.SocketOpen, Instance: inst, ID: 1})
		var t time.Duration
		for pb.Next() {
			t += time.Microsecond
			m.Event(trace.Event{Time: t, Instance: inst, Type: trace.SocketSend, ID: 1, Payload: payload64})
			m.Event(trace.Event{Time: t + 50*time.Microsecond, Instance: inst, Type: trace.SocketMessage, ID: 1, Payload: payload64})
		}
	})
}
