package wxapi_test

// What the summary of 'wxrun run --instances' costs on the socket hot path: the scripts
// of BenchmarkInboundText and BenchmarkSend with load.Metrics listening — counters,
// histograms and the per-second series, no formatting. Compare with the untraced
// benchmarks and with the counting sink of trace_bench_test.go.

import (
	"testing"

	"github.com/wxrun/wxrun/load"
)

// BenchmarkInboundTextMetrics is BenchmarkInboundText with a load run's metrics sink.
func BenchmarkInboundTextMetrics(b *testing.B) {
	m := load.NewMetrics()
	benchTraced(b, inboundText, m)
	if got := m.Totals().MessagesReceived; got != int64(b.N) {
		b.Fatalf("counted %d messages, want %d", got, b.N)
	}
}

// BenchmarkSendMetrics is BenchmarkSend with a load run's metrics sink; each frame sent
// also waits in the socket's queue of unanswered frames, for the round trips.
func BenchmarkSendMetrics(b *testing.B) {
	m := load.NewMetrics()
	benchTraced(b, sendText, m)
	if got := m.Totals().MessagesSent; got != int64(b.N)+1 {
		b.Fatalf("counted %d frames sent, want %d", got, b.N+1)
	}
}
