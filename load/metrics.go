package load

import (
	goruntime "runtime"
	"sync"
	"time"

	"github.com/wxrun/wxrun/trace"
)

// maxPending bounds, per socket, the sent frames waiting for a message to pair with
// (round trips): a client that sends to a server that never answers must not grow
// memory. Frames sent while the queue is full are counted but not timed.
const maxPending = 1024

// Metrics is the trace.Sink behind a load run's summary: it counts sockets, frames and
// bytes each way, times connects and round trips in histograms, groups errors by errMsg
// and keeps the same per second for the report's charts. It formats nothing and keeps
// no payload, so that the socket hot path pays a counter update or two under an
// uncontended lock.
//
// Round trip: each message a socket receives answers the oldest frame that socket sent
// and that no message has answered yet; the time between the two is a round trip. A
// server that pushes without being asked adds messages, not round trips.
//
// Its methods are safe for concurrent use: events arrive from every instance's loop,
// reader and writer goroutines. State is split into shards by instance, so that
// instances on different cores rarely share a lock.
type Metrics struct {
	shards []shard
}

type shard struct {
	mu      sync.Mutex
	sockets map[sockKey]*sockState
	tot     Counts
	connect Histogram
	rtt     Histogram
	errors  map[string]int64
	series  []Point
	every   int      // seconds per point of series: 1, doubled whenever it would pass maxPoints
	_       [64]byte // keeps neighbouring shards' locks off one cache line
}

type sockKey struct {
	instance int
	id       int64
}

type sockState struct {
	connectAt time.Duration
	open      bool
	pending   []time.Duration // send times of frames, oldest first; pending[head:] are unanswered
	head      int
}

// push queues the send time t, unless maxPending frames wait already.
func (st *sockState) push(t time.Duration) {
	if len(st.pending)-st.head >= maxPending {
		return
	}
	if st.head > 0 && len(st.pending) == cap(st.pending) {
		// Reuse the answered front rather than grow: the array stays as large as the
		// most frames ever waiting at once.
		n := copy(st.pending, st.pending[st.head:])
		st.pending, st.head = st.pending[:n], 0
	}
	st.pending = append(st.pending, t)
}

// pop returns the oldest unanswered send time.
func (st *sockState) pop() (time.Duration, bool) {
	if st.head == len(st.pending) {
		return 0, false
	}
	t := st.pending[st.head]
	st.head++
	if st.head == len(st.pending) {
		st.pending, st.head = st.pending[:0], 0
	}
	return t, true
}

// Counts are the totals of a run (or of one second of it, in a Point).
type Counts struct {
	Connects         int64 `json:"connects"`         // wx.connectSocket dials
	Opened           int64 `json:"opened"`           // handshakes that succeeded
	ConnectFailed    int64 `json:"connectFailed"`    // dials that ended without opening
	Closed           int64 `json:"closed"`           // opened sockets that ended
	MessagesSent     int64 `json:"messagesSent"`     // data frames the clients sent
	MessagesReceived int64 `json:"messagesReceived"` // messages the clients received
	BytesSent        int64 `json:"bytesSent"`        // their payload bytes
	BytesReceived    int64 `json:"bytesReceived"`
	Requests         int64 `json:"requests"`  // wx.request calls that went out
	Responses        int64 `json:"responses"` // responses that came back
	Errors           int64 `json:"errors"`    // what Errors groups
}

func (c *Counts) add(o *Counts) {
	c.Connects += o.Connects
	c.Opened += o.Opened
	c.ConnectFailed += o.ConnectFailed
	c.Closed += o.Closed
	c.MessagesSent += o.MessagesSent
	c.MessagesReceived += o.MessagesReceived
	c.BytesSent += o.BytesSent
	c.BytesReceived += o.BytesReceived
	c.Requests += o.Requests
	c.Responses += o.Responses
	c.Errors += o.Errors
}

// Point is one second of a run: what happened in it, and the round trips that ended in
// it. Point i covers [i s, i+1 s) from the run's start.
type Point struct {
	Counts
	RoundTrip Histogram `json:"roundTrip"`
}

// NewMetrics returns an empty Metrics.
func NewMetrics() *Metrics {
	n := min(max(4*goruntime.GOMAXPROCS(0), 4), 64)
	m := &Metrics{shards: make([]shard, n)}
	for i := range m.shards {
		m.shards[i].sockets = make(map[sockKey]*sockState)
		m.shards[i].errors = make(map[string]int64)
		m.shards[i].every = 1
	}
	return m
}

// Event counts e. It implements trace.Sink.
func (m *Metrics) Event(e trace.Event) {
	s := &m.shards[uint(e.Instance)%uint(len(m.shards))]
	s.mu.Lock()
	p := s.point(e.Time)
	switch e.Type {
	case trace.SocketConnect:
		s.sockets[sockKey{e.Instance, e.ID}] = &sockState{connectAt: e.Time}
		s.tot.Connects++
		p.Connects++
	case trace.SocketOpen:
		if st := s.sockets[sockKey{e.Instance, e.ID}]; st != nil && !st.open {
			st.open = true
			s.connect.Record(e.Time - st.connectAt)
			s.tot.Opened++
			p.Opened++
		}
	case trace.SocketSend:
		if e.Payload.Kind == trace.KindClose {
			break
		}
		s.tot.MessagesSent++
		s.tot.BytesSent += int64(e.Payload.Size)
		p.MessagesSent++
		p.BytesSent += int64(e.Payload.Size)
		if st := s.sockets[sockKey{e.Instance, e.ID}]; st != nil {
			st.push(e.Time)
		}
	case trace.SocketMessage:
		s.tot.MessagesReceived++
		s.tot.BytesReceived += int64(e.Payload.Size)
		p.MessagesReceived++
		p.BytesReceived += int64(e.Payload.Size)
		if st := s.sockets[sockKey{e.Instance, e.ID}]; st != nil {
			if sent, ok := st.pop(); ok {
				s.rtt.Record(e.Time - sent)
				p.RoundTrip.Record(e.Time - sent)
			}
		}
	case trace.SocketClose:
		k := sockKey{e.Instance, e.ID}
		if st := s.sockets[k]; st != nil {
			if st.open {
				s.tot.Closed++
				p.Closed++
			} else {
				s.tot.ConnectFailed++
				p.ConnectFailed++
			}
			delete(s.sockets, k)
		}
	case trace.Request:
		s.tot.Requests++
		p.Requests++
	case trace.Response:
		s.tot.Responses++
		p.Responses++
	case trace.SocketError, trace.Fail:
		s.countError(p, e.ErrMsg)
	case trace.Error:
		if !e.Warning {
			s.countError(p, errorPrefix(e.Name)+e.Text)
		}
	}
	s.mu.Unlock()
}

// errorPrefix says what kind of error an Error event's message is: "uncaught exception: ",
// "unhandled rejection: ", or its kind ("load: ", a file that failed to load).
func errorPrefix(kind string) string {
	switch kind {
	case "exception", "":
		return "uncaught exception: "
	case "rejection":
		return "unhandled rejection: "
	}
	return kind + ": "
}

func (s *shard) countError(p *Point, msg string) {
	if msg == "" {
		msg = "(no errMsg)"
	}
	s.errors[msg]++
	s.tot.Errors++
	p.Errors++
}

// maxPoints bounds the points of a series: a longer run gets coarser points (2 s, 4 s, …)
// rather than more, so that the metrics of an hour-long run stay small.
const maxPoints = 600

// point returns the Point of the interval t falls in, adding points up to it.
func (s *shard) point(t time.Duration) *Point {
	i := max(int(t/time.Second), 0) / s.every
	for i >= maxPoints {
		s.series, s.every = coarsen(s.series), s.every*2
		i /= 2
	}
	for len(s.series) <= i {
		s.series = append(s.series, Point{})
	}
	return &s.series[i]
}

// coarsen merges each pair of neighbouring points into one, for intervals twice as long.
func coarsen(pts []Point) []Point {
	out := make([]Point, (len(pts)+1)/2)
	for i := range pts {
		out[i/2].Counts.add(&pts[i].Counts)
		out[i/2].RoundTrip.Merge(&pts[i].RoundTrip)
	}
	return out
}

// rescale coarsens pts, of every seconds each, to points of to seconds (a power-of-two
// multiple of every).
func rescale(pts []Point, every, to int) []Point {
	for ; every < to; every *= 2 {
		pts = coarsen(pts)
	}
	return pts
}

// Totals returns the counts so far, for a progress line. Safe from any goroutine.
func (m *Metrics) Totals() Counts {
	var c Counts
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		c.add(&s.tot)
		s.mu.Unlock()
	}
	return c
}

// fill writes what the metrics hold into sum: totals, histograms, errors, the series.
func (m *Metrics) fill(sum *Summary) {
	errs := map[string]int64{}
	for i := range m.shards {
		m.shards[i].mu.Lock()
		sum.SeriesInterval = max(sum.SeriesInterval, m.shards[i].every)
	}
	for i := range m.shards {
		s := &m.shards[i]
		sum.Counts.add(&s.tot)
		sum.ConnectTime.Merge(&s.connect)
		sum.RoundTrip.Merge(&s.rtt)
		for k, v := range s.errors {
			errs[k] += v
		}
		sum.Series = mergeSeries(sum.Series, rescale(s.series, s.every, sum.SeriesInterval))
		s.mu.Unlock()
	}
	sum.Errors = errorList(errs)
}

// mergeSeries adds the points of b to those of a, point by point (both of one interval).
func mergeSeries(a, b []Point) []Point {
	for len(a) < len(b) {
		a = append(a, Point{})
	}
	for i := range b {
		a[i].Counts.add(&b[i].Counts)
		a[i].RoundTrip.Merge(&b[i].RoundTrip)
	}
	return a
}
