package load

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxrun/wxrun/trace"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// The metrics count what the events say: a socket that opens, sends two frames and gets
// three messages (two answers and a push), one that fails to connect, errors grouped by
// errMsg, and the same per second.
func TestMetricsFromEvents(t *testing.T) {
	m := NewMetrics()
	ev := func(e trace.Event) { m.Event(e) }
	ev(trace.Event{Time: ms(0), Instance: 1, Type: trace.SocketConnect, ID: 1})
	ev(trace.Event{Time: ms(5), Instance: 1, Type: trace.SocketOpen, ID: 1})
	ev(trace.Event{Time: ms(10), Instance: 1, Type: trace.SocketSend, ID: 1, Payload: trace.TextPayload("abc")})
	ev(trace.Event{Time: ms(11), Instance: 1, Type: trace.SocketSend, ID: 1, Payload: trace.TextPayload("de")})
	ev(trace.Event{Time: ms(30), Instance: 1, Type: trace.SocketMessage, ID: 1, Payload: trace.TextPayload("ack1")})
	ev(trace.Event{Time: ms(41), Instance: 1, Type: trace.SocketMessage, ID: 1, Payload: trace.BinaryPayload([]byte{1, 2})})
	ev(trace.Event{Time: ms(1500), Instance: 1, Type: trace.SocketMessage, ID: 1, Payload: trace.TextPayload("push")})
	ev(trace.Event{Time: ms(1600), Instance: 1, Type: trace.SocketSend, ID: 1, Payload: trace.Payload{Kind: trace.KindClose}})
	ev(trace.Event{Time: ms(1601), Instance: 1, Type: trace.SocketClose, ID: 1, Code: 1000})

	ev(trace.Event{Time: ms(0), Instance: 2, Type: trace.SocketConnect, ID: 1})
	ev(trace.Event{Time: ms(20), Instance: 2, Type: trace.SocketError, ID: 1, ErrMsg: "connect refused"})
	ev(trace.Event{Time: ms(20), Instance: 2, Type: trace.SocketClose, ID: 1, Code: 1006})
	ev(trace.Event{Time: ms(21), Instance: 3, Type: trace.SocketError, ID: 1, ErrMsg: "connect refused"})
	ev(trace.Event{Time: ms(22), Instance: 3, Type: trace.Fail, Name: "request", ErrMsg: "request:fail timeout"})
	ev(trace.Event{Time: ms(23), Instance: 3, Type: trace.Error, Name: "exception", Text: "Error: boom"})
	ev(trace.Event{Time: ms(24), Instance: 3, Type: trace.Error, Name: "rejection", Text: "Error: later", Warning: true})
	ev(trace.Event{Time: ms(24), Instance: 3, Type: trace.Error, Name: "rejection", Text: "Error: no"})
	ev(trace.Event{Time: ms(24), Instance: 3, Type: trace.Error, Name: "load", Text: "app.js:1:1: SyntaxError"})
	ev(trace.Event{Time: ms(25), Instance: 3, Type: trace.Request, ID: 1})
	ev(trace.Event{Time: ms(26), Instance: 3, Type: trace.Response, ID: 1})

	s := newSummary(3)
	m.fill(s)
	want := Counts{Connects: 2, Opened: 1, ConnectFailed: 1, Closed: 1, MessagesSent: 2, MessagesReceived: 3,
		BytesSent: 5, BytesReceived: 10, Requests: 1, Responses: 1, Errors: 6}
	if s.Counts != want {
		t.Errorf("counts\n%+v\nwant\n%+v", s.Counts, want)
	}
	if s.ConnectTime.Count() != 1 || s.ConnectTime.Max() != 5000 {
		t.Errorf("connect times: %d, max %dµs; want one of 5000µs", s.ConnectTime.Count(), s.ConnectTime.Max())
	}
	// The two answers pair with the two sent frames in order (20 ms, 30 ms); the push
	// has nothing to answer.
	if s.RoundTrip.Count() != 2 || s.RoundTrip.Min() != 20000 || s.RoundTrip.Max() != 30000 {
		t.Errorf("round trips: %d, %d–%dµs; want 2, 20000–30000µs", s.RoundTrip.Count(), s.RoundTrip.Min(), s.RoundTrip.Max())
	}
	wantErrs := []ErrorCount{{"connect refused", 2}, {"load: app.js:1:1: SyntaxError", 1}, {"request:fail timeout", 1},
		{"uncaught exception: Error: boom", 1}, {"unhandled rejection: Error: no", 1}}
	if !slices.Equal(s.Errors, wantErrs) {
		t.Errorf("errors %+v, want %+v", s.Errors, wantErrs)
	}
	if len(s.Series) != 2 || s.Series[0].MessagesReceived != 2 || s.Series[1].MessagesReceived != 1 || s.Series[1].Closed != 1 || s.Series[0].RoundTrip.Count() != 2 {
		t.Errorf("series %+v", s.Series)
	}
	if tot := m.Totals(); tot != want {
		t.Errorf("Totals() = %+v", tot)
	}
}

// A client that sends to a server that never answers keeps at most maxPending send
// times per socket.
func TestMetricsBoundsUnansweredSends(t *testing.T) {
	m := NewMetrics()
	m.Event(trace.Event{Type: trace.SocketConnect, ID: 1})
	for range maxPending + 100 {
		m.Event(trace.Event{Type: trace.SocketSend, ID: 1, Payload: trace.TextPayload("x")})
	}
	s := &m.shards[0]
	st := s.sockets[sockKey{0, 1}]
	if n := len(st.pending) - st.head; n != maxPending {
		t.Errorf("%d pending send times, want %d", n, maxPending)
	}
	if s.tot.MessagesSent != maxPending+100 {
		t.Errorf("%d messages sent counted", s.tot.MessagesSent)
	}
	// Answers drain the queue oldest first; the array is reused, not grown.
	for i := range 3 * maxPending {
		m.Event(trace.Event{Time: ms(i), Type: trace.SocketMessage, ID: 1})
		m.Event(trace.Event{Time: ms(i), Type: trace.SocketSend, ID: 1})
	}
	if cap(st.pending) > 2*maxPending {
		t.Errorf("the queue's array grew to %d", cap(st.pending))
	}
}

func TestPendingQueueOrder(t *testing.T) {
	var st sockState
	for i := range 5 {
		st.push(ms(i))
	}
	for want := range 3 {
		if got, ok := st.pop(); !ok || got != ms(want) {
			t.Fatalf("pop %d = %v, %v", want, got, ok)
		}
	}
	st.push(ms(5))
	for want := 3; want <= 5; want++ {
		if got, ok := st.pop(); !ok || got != ms(want) {
			t.Fatalf("pop %d = %v, %v", want, got, ok)
		}
	}
	if _, ok := st.pop(); ok {
		t.Fatal("pop from an empty queue")
	}
}

func TestShardRangesCoverEveryInstanceOnce(t *testing.T) {
	for _, n := range []int{1, 2, 7, 100, 1001} {
		for _, shards := range []int{1, 2, 3, 8, 16} {
			seen := make([]int, n+1)
			for i := 1; i <= shards; i++ {
				first, last := Shard{Index: i, Count: shards}.Range(n)
				for k := first; k <= last; k++ {
					seen[k]++
				}
			}
			for k := 1; k <= n; k++ {
				if seen[k] != 1 {
					t.Fatalf("%d instances in %d shards: instance %d runs %d times", n, shards, k, seen[k])
				}
			}
		}
	}
}

func TestMergeRejectsOtherRunsAndRepeatedShards(t *testing.T) {
	a := newSummary(10)
	a.Shards = []Shard{{1, 2}}
	b := newSummary(10)
	b.Shards = []Shard{{1, 2}}
	if _, err := Merge(a, b); err == nil || err.Error() != "shard 1/2 appears twice" {
		t.Errorf("repeated shard: %v", err)
	}
	c := newSummary(20)
	c.Shards = []Shard{{2, 2}}
	if _, err := Merge(a, c); err == nil || err.Error() != "summaries of different runs: 10 instances and 20" {
		t.Errorf("other run: %v", err)
	}
	if _, err := Merge(); err == nil {
		t.Error("merging nothing: no error")
	}
	d := newSummary(10)
	d.Shards = []Shard{{2, 2}}
	m, err := Merge(d, a)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Shards, []Shard{{1, 2}, {2, 2}}) || len(m.Missing()) != 0 {
		t.Errorf("merged shards %v, missing %v", m.Shards, m.Missing())
	}
	if miss := a.Missing(); !slices.Equal(miss, []Shard{{2, 2}}) {
		t.Errorf("missing %v", miss)
	}
}

// The ramp-up spreads the starts, --iterations repeats, --duration stops what runs for
// ever, and each instance gets its number.
func TestRunnerRampUpIterationsDuration(t *testing.T) {
	var calls atomic.Int64
	var seen [6]atomic.Int64
	starts := make(chan time.Time, 5)
	r, err := Start(context.Background(), Config{Instances: 5, RampUp: 200 * time.Millisecond, Iterations: 2,
		Run: func(ctx context.Context, in Instance) Outcome {
			if in.Iteration == 1 {
				starts <- time.Now()
			}
			calls.Add(1)
			seen[in.Number].Add(1)
			if in.Count != 5 || in.Tracer.Instance() != in.Number {
				t.Errorf("instance %+v", in)
			}
			return Finished
		}})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Wait()
	close(starts)
	var ts []time.Time
	for x := range starts {
		ts = append(ts, x)
	}
	if span := ts[len(ts)-1].Sub(ts[0]); span < 150*time.Millisecond {
		t.Errorf("5 starts over a 200ms ramp-up took %v", span)
	}
	if calls.Load() != 10 || s.Iterations != 10 || s.Finished != 5 {
		t.Errorf("calls %d, iterations %d, finished %d; want 10, 10, 5", calls.Load(), s.Iterations, s.Finished)
	}
	for k := 1; k <= 5; k++ {
		if seen[k].Load() != 2 {
			t.Errorf("instance %d ran %d times", k, seen[k].Load())
		}
	}

	// --duration: iterations that wait for the context are stopped, and count as finished.
	r, _ = Start(context.Background(), Config{Instances: 3, Duration: 100 * time.Millisecond,
		Run: func(ctx context.Context, in Instance) Outcome {
			<-ctx.Done()
			return Stopped
		}})
	if s := r.Wait(); s.Finished != 3 || s.Iterations != 3 || s.Duration < 0.1 {
		t.Errorf("--duration: finished %d, iterations %d, %.3fs", s.Finished, s.Iterations, s.Duration)
	}

	// The first failed iteration ends an instance.
	r, _ = Start(context.Background(), Config{Instances: 2, Iterations: 5,
		Run: func(ctx context.Context, in Instance) Outcome {
			if in.Number == 2 {
				return TimedOut
			}
			return Failed
		}})
	if s := r.Wait(); s.Failed != 1 || s.TimedOut != 1 || s.Iterations != 2 {
		t.Errorf("failures: %+v", s.Outcomes)
	}

	if _, err := Start(context.Background(), Config{Instances: 0, Run: func(context.Context, Instance) Outcome { return Finished }}); err == nil {
		t.Error("0 instances: no error")
	}
}

// A long run gets coarser points, not more: 2000 s of events make at most maxPoints
// points of 4 s, which hold every count; merging it with a summary of 1 s points
// coarsens those to match.
func TestSeriesOfALongRunCoarsen(t *testing.T) {
	m := NewMetrics()
	for sec := range 2000 {
		m.Event(trace.Event{Time: time.Duration(sec) * time.Second, Instance: sec % 7, Type: trace.SocketMessage, ID: 1, Payload: trace.TextPayload("x")})
	}
	s := newSummary(7)
	m.fill(s)
	if s.SeriesInterval != 4 || len(s.Series) > maxPoints || len(s.Series) != 500 {
		t.Fatalf("interval %d s, %d points; want 4 s, 500 points", s.SeriesInterval, len(s.Series))
	}
	var n int64
	for _, p := range s.Series {
		n += p.MessagesReceived
		if p.MessagesReceived != 4 {
			t.Fatalf("a point of 4 s holds %d messages, want 4", p.MessagesReceived)
		}
	}
	if n != 2000 {
		t.Errorf("the series holds %d messages, want 2000", n)
	}

	short := newSummary(7)
	short.Shards = []Shard{{2, 2}}
	short.Series = make([]Point, 8)
	for i := range short.Series {
		short.Series[i].MessagesReceived = 1
	}
	s.Shards = []Shard{{1, 2}}
	merged, err := Merge(short, s)
	if err != nil {
		t.Fatal(err)
	}
	if merged.SeriesInterval != 4 || merged.Series[0].MessagesReceived != 8 || merged.Series[1].MessagesReceived != 8 || merged.Series[2].MessagesReceived != 4 {
		t.Errorf("merged: interval %d, first points %+v", merged.SeriesInterval, merged.Series[:3])
	}
}

func TestSummaryText(t *testing.T) {
	s := newSummary(40)
	s.Duration = 2
	s.Shards = []Shard{{1, 2}, {2, 2}}
	s.Outcomes = Outcomes{Started: 40, Finished: 39, Failed: 1, Iterations: 40}
	s.Counts = Counts{Connects: 40, Opened: 39, ConnectFailed: 1, Closed: 39, MessagesSent: 1000, MessagesReceived: 3000,
		BytesSent: 64000, BytesReceived: 3 << 20, Requests: 2, Responses: 2, Errors: 13}
	for v := range 100 {
		s.RoundTrip.RecordValue(int64(1000 * (v + 1)))
	}
	for i := range 12 {
		s.Errors = append(s.Errors, ErrorCount{fmt.Sprintf("connectSocket:fail %d", i), int64(12 - i)})
	}
	var b strings.Builder
	if err := s.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `instances   40 started of 40 (shards 1/2, 2/2) in 2.0s: 39 finished, 1 failed, 0 timed out; 40 iterations
sockets     40 connects, 39 opened, 1 failed to open, 39 closed
messages    sent 1000 (62.5 KiB, 500/s), received 3000 (3.0 MiB, 1500/s)
requests    2 sent, 2 responses
connect     none
round trip  p50 50.2ms  p90 90.1ms  p99 99.3ms  max 100ms  (100)
errors      13, by errMsg:
        12  connectSocket:fail 0
        11  connectSocket:fail 1
        10  connectSocket:fail 2
         9  connectSocket:fail 3
         8  connectSocket:fail 4
         7  connectSocket:fail 5
         6  connectSocket:fail 6
         5  connectSocket:fail 7
         4  connectSocket:fail 8
         3  connectSocket:fail 9
  … and 2 other messages (see --summary-json)
`
	if b.String() != want {
		t.Errorf("text summary:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestRampOffset(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		i, n int
		want time.Duration
	}{
		{time.Second, 0, 5, 0},
		{time.Second, 4, 5, time.Second},
		{time.Second, 2, 5, 500 * time.Millisecond},
		{time.Second, 0, 1, 0},
		{24 * time.Hour, 999_999, 1_000_000, 24 * time.Hour}, // 24 h × 999,999 overflows a Duration
	} {
		if got := rampOffset(tt.d, tt.i, tt.n); got != tt.want {
			t.Errorf("rampOffset(%v, %d, %d) = %v, want %v", tt.d, tt.i, tt.n, got, tt.want)
		}
	}
}
