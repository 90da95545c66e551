package replay

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

// Options configure a Session.
type Options struct {
	// Timing serves with the recorded timing — each handshake, server frame and response
	// as long after the step before it as in the recording — instead of as fast as
	// possible.
	Timing bool
}

// Divergence is a place where the replayed client did not do what the recorded one did.
type Divergence struct {
	Where    string // the socket or request: "socket 2, ws://x/chat (1st connection to this URL)"
	Recorded string // what the recording has there, with its trace line
	Replayed string // what the client did instead
}

func (d Divergence) String() string {
	return d.Where + "\n    recorded: " + d.Recorded + "\n    replayed: " + d.Replayed
}

// Session serves one run from a Recording, with no network: it is the wxapi.Transport of
// that run (wxapi.WithTransport). Sockets and requests are matched by URL, in order: the
// k-th socket the run dials to a URL gets the k-th recorded connection to that URL. A
// connection replays its recorded steps in order: the server's frames are sent, and each
// frame the client sent in the recording is waited for and compared; a different one, a
// connection or request the recording does not have, or a recorded one the run never
// reaches, is a Divergence.
//
// Its methods are safe for concurrent use; each replayed connection is served by a
// goroutine of its own (and one reading the client's frames), all ended by Close.
type Session struct {
	rec  *Recording
	opts Options

	mu          sync.Mutex
	usedSockets map[string]int // by URL: how many of its recorded connections were dialled
	usedReqs    map[string]int
	used        map[any]bool // the scripts and exchanges the run reached
	conns       map[*serverConn]struct{}
	divergences []Divergence
	closing     bool

	done chan struct{} // closed by Close: stop serving
	wg   sync.WaitGroup
}

var _ wxapi.Transport = (*Session)(nil)

// NewSession starts serving a run from r.
func (r *Recording) NewSession(o Options) *Session {
	return &Session{rec: r, opts: o, usedSockets: map[string]int{}, usedReqs: map[string]int{}, used: map[any]bool{},
		conns: map[*serverConn]struct{}{}, done: make(chan struct{})}
}

// errClosed is what a dial gets after Close.
var errClosed = errors.New("wxrun replay: the session is closed")

func (s *Session) diverge(d Divergence) {
	s.mu.Lock()
	s.divergences = append(s.divergences, d)
	s.mu.Unlock()
}

// Divergences returns the divergences found so far, in the order they were found.
func (s *Session) Divergences() []Divergence {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Divergence(nil), s.divergences...)
}

// ordinal is "1st", "2nd", "3rd", "4th" …
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// DialSocket is the connection of the next recorded socket to rawURL: as recorded, it
// fails, never answers (until ctx ends), or is a pipe to a replayed server that refuses
// the handshake or accepts it and plays the connection's steps.
func (s *Session) DialSocket(ctx context.Context, rawURL string) (net.Conn, error) {
	sc, n, recorded, err := take(s, s.rec.sockets, s.usedSockets, rawURL)
	if err != nil {
		return nil, err
	}
	if sc == nil {
		s.diverge(Divergence{
			Where:    "socket to " + rawURL,
			Recorded: fmt.Sprintf("%d connection(s) to this URL", recorded),
			Replayed: "the client opened a " + ordinal(n+1) + " one",
		})
		return nil, fmt.Errorf("wxrun replay: %s has no %s connection to %s", s.rec.name, ordinal(n+1), rawURL)
	}

	where := fmt.Sprintf("socket %d, %s (%s connection to this URL; trace line %d)", sc.id, rawURL, ordinal(n+1), sc.line)
	switch sc.outcome {
	case failed:
		if !s.wait(ctx, sc.answered-sc.connect) {
			return nil, ctxErr(ctx)
		}
		return nil, errors.New(sc.dialError)
	case stalled:
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.done:
			return nil, errClosed
		}
	}
	client, server := net.Pipe()
	c := &serverConn{s: s, sc: sc, where: where, raw: server, in: make(chan sentFrame, 64)}
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return nil, errClosed
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go c.serve()
	return client, nil
}

// take takes the next recorded item of key (a URL, a request key) and marks it used: the
// item (nil when all were taken), how many were taken before it, and how many there are.
func take[T comparable](s *Session, lists map[string][]T, taken map[string]int, key string) (item T, n, recorded int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return item, 0, 0, errClosed
	}
	list := lists[key]
	n = taken[key]
	if n >= len(list) {
		return item, n, len(list), nil
	}
	taken[key]++
	item = list[n]
	s.used[item] = true
	return item, n, len(list), nil
}

// wait waits d (when replaying with the recorded timing) or until the session closes;
// false when it closed.
func (s *Session) wait(ctx context.Context, d time.Duration) bool {
	if !s.opts.Timing || d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// RoundTrip answers the next recorded request with the same method and URL as recorded:
// its response, or its failure (a timeout or an abort by waiting until the request's
// context ends, as it did). A request the recording does not have fails, and diverges.
func (s *Session) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	key := requestKey(req.Method, req.URL.String())
	x, n, recorded, err := take(s, s.rec.requests, s.usedReqs, key)
	if err != nil {
		return nil, err
	}
	if x == nil {
		s.diverge(Divergence{
			Where:    "request " + key,
			Recorded: fmt.Sprintf("%d such request(s)", recorded),
			Replayed: "the client made a " + ordinal(n+1) + " one",
		})
		return nil, &wxapi.RequestFailure{Reason: fmt.Sprintf("wxrun replay: %s has no %s %s request", s.rec.name, ordinal(n+1), key)}
	}

	if got := bodyPayload(body); !samePayload(x.body, got) {
		s.diverge(Divergence{
			Where:    fmt.Sprintf("request %d, %s (%s such request; trace line %d)", x.id, key, ordinal(n+1), x.line),
			Recorded: "the body " + bodyPhrase(x.body),
			Replayed: "the body " + bodyPhrase(got),
		})
	}
	ctx := req.Context()
	if !s.wait(ctx, x.answerAt-x.at) {
		return nil, ctxErr(ctx)
	}
	if !x.answered || x.failure == "timeout" || x.failure == "abort" {
		// As recorded: no answer before the request's time ran out, or the script gave up.
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.done:
			return nil, errClosed
		}
	}
	if x.failure != "" {
		return nil, &wxapi.RequestFailure{Reason: x.failure, Errno: x.errno}
	}
	data := []byte(x.respBody.Text)
	if x.respBody.Kind == trace.KindBinary {
		data = x.respBody.Data
	}
	return &http.Response{
		Status:        strconv.Itoa(x.status) + " " + http.StatusText(x.status),
		StatusCode:    x.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        x.header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(data)),
		ContentLength: int64(len(data)),
		Request:       req,
	}, nil
}

func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errClosed
}

// bodyPayload is a body as the trace records it (wxapi does the same).
func bodyPayload(b []byte) trace.Payload {
	if utf8.Valid(b) {
		return trace.TextPayload(string(b))
	}
	return trace.BinaryPayload(b)
}

func samePayload(a, b trace.Payload) bool {
	if a.Size == 0 && b.Size == 0 {
		return true
	}
	return sameFrame(a, 0, "", b, 0, "")
}

func bodyPhrase(p trace.Payload) string {
	if p.Size == 0 {
		return "is empty"
	}
	return "is " + framePhrase(p, 0, "")
}

// Close stops serving: it gives the connections a moment to see the end of the run
// (whose teardown closed them), then cuts those left, and returns every divergence: those
// found along the way, then, in the recording's order, the recorded connections and
// requests the run never reached. Idempotent.
func (s *Session) Close() []Divergence {
	s.mu.Lock()
	first := !s.closing
	s.closing = true
	s.mu.Unlock()
	if first {
		// The run is over: its sockets were closed by the teardown, so their connections
		// end at once, having seen how. A connection still waiting for the client after
		// this is one the client will never serve again.
		waitGroup(&s.wg, 2*time.Second)
		close(s.done)
		s.mu.Lock()
		for c := range s.conns {
			_ = c.raw.Close()
		}
		s.mu.Unlock()
		waitGroup(&s.wg, 5*time.Second)

		s.mu.Lock()
		for _, x := range s.rec.order {
			if s.used[x] {
				continue
			}
			switch x := x.(type) {
			case *sockScript:
				s.divergences = append(s.divergences, Divergence{
					Where:    fmt.Sprintf("socket %d, %s (trace line %d)", x.id, x.url, x.line),
					Recorded: "the client connects",
					Replayed: "the run ended without this connection",
				})
			case *exchange:
				s.divergences = append(s.divergences, Divergence{
					Where:    fmt.Sprintf("request %d, %s (trace line %d)", x.id, requestKey(x.method, x.url), x.line),
					Recorded: "the client makes this request",
					Replayed: "the run ended without it",
				})
			}
		}
		s.mu.Unlock()
	}
	return s.Divergences()
}

func waitGroup(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// serverConn is one replayed connection, the server's end of a pipe: its goroutine
// (serve) plays the steps; a second one (read) reads the client's frames into in.
type serverConn struct {
	s     *Session
	sc    *sockScript
	where string
	raw   net.Conn
	ws    *websocket.Conn
	in    chan sentFrame // closed when reading ends
}

// sentFrame is a frame the client sent, or the end of its connection (gone).
type sentFrame struct {
	payload trace.Payload
	code    int
	reason  string
	gone    bool
}

func (f *sentFrame) describe() string {
	if f.gone {
		return "the connection ended without a close frame"
	}
	return "the client sent " + framePhrase(f.payload, f.code, f.reason)
}

// responseHeaderSkip are the handshake's own headers, which the upgrader writes itself.
var responseHeaderSkip = map[string]bool{
	"Upgrade": true, "Connection": true, "Sec-Websocket-Accept": true,
	"Sec-Websocket-Protocol": true, "Sec-Websocket-Extensions": true,
}

func (c *serverConn) serve() {
	s, sc := c.s, c.sc
	defer s.wg.Done()
	defer func() {
		_ = c.raw.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	br := bufio.NewReader(c.raw)
	req, err := http.ReadRequest(br)
	if err != nil {
		return // the client went away during its handshake
	}
	// Nothing here needs a context of its own: Close closes raw once the session is
	// done, which ends whatever waits on the connection.
	if !s.wait(context.Background(), sc.answered-sc.connect) {
		return
	}
	if sc.outcome == refused {
		resp := &http.Response{StatusCode: sc.status, ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, Close: true}
		_ = resp.Write(c.raw)
		return
	}
	header := http.Header{}
	for k, v := range sc.header {
		if !responseHeaderSkip[http.CanonicalHeaderKey(k)] {
			header[k] = v
		}
	}
	up := websocket.Upgrader{
		CheckOrigin:       func(*http.Request) bool { return true },
		EnableCompression: strings.Contains(strings.Join(sc.header.Values("Sec-Websocket-Extensions"), ","), "permessage-deflate"),
	}
	if sc.protocol != "" {
		up.Subprotocols = []string{sc.protocol}
	}
	w := &hijackWriter{conn: c.raw, brw: bufio.NewReadWriter(br, bufio.NewWriter(c.raw)), header: http.Header{}}
	ws, err := up.Upgrade(w, req, header)
	if err != nil {
		return
	}
	c.ws = ws
	ws.SetReadLimit(-1)
	// The recording says how the server answers a close frame: no automatic answer.
	ws.SetCloseHandler(func(int, string) error { return nil })
	go c.read()
	defer func() {
		for range c.in { // let the reader finish
		}
	}()
	c.play()
}

// read hands the client's frames to serve, then the end of the connection.
func (c *serverConn) read() {
	defer close(c.in)
	for {
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
				c.in <- sentFrame{payload: trace.Payload{Kind: trace.KindClose}, code: ce.Code, reason: ce.Text}
			} else {
				c.in <- sentFrame{gone: true}
			}
			return
		}
		p := trace.BinaryPayload(data)
		if kind == websocket.TextMessage {
			p = trace.TextPayload(string(data))
		}
		c.in <- sentFrame{payload: p}
	}
}

// next returns the client's next frame; gone once the connection ended, or the session
// closed with nothing more from the client.
func (c *serverConn) next() sentFrame {
	select {
	case f, ok := <-c.in:
		if ok {
			return f
		}
	case <-c.s.done:
		select {
		case f, ok := <-c.in:
			if ok {
				return f
			}
		default:
		}
	}
	return sentFrame{gone: true}
}

// play plays the recorded steps, then reports anything more the client sends.
func (c *serverConn) play() {
	s, ws := c.s, c.ws
	prev := c.sc.answered
	closed := false // a close frame went each way
	for i := range c.sc.steps {
		st := &c.sc.steps[i]
		if st.kind != clientFrame && !s.wait(context.Background(), st.at-prev) {
			c.unfinished(st, nil)
			return
		}
		prev = st.at
		switch st.kind {
		case serverFrame:
			kind := websocket.TextMessage
			data := []byte(st.frame.Text)
			if st.frame.Kind == trace.KindBinary {
				kind, data = websocket.BinaryMessage, st.frame.Data
			}
			if err := ws.WriteMessage(kind, data); err != nil {
				f := c.next()
				c.unfinished(st, &f)
				return
			}
		case clientFrame:
			f := c.next()
			if f.gone || !sameFrame(st.frame, st.code, st.reason, f.payload, f.code, f.reason) {
				c.unfinished(st, &f)
				if !f.gone && f.payload.Kind != trace.KindClose {
					_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseInternalServerErr, "wxrun replay: diverged from the recording"), time.Now().Add(time.Second))
				}
				return
			}
		case serverClose:
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(st.code, st.reason), time.Now().Add(time.Second))
			for f := c.next(); !f.gone && f.payload.Kind != trace.KindClose; f = c.next() {
				// Frames the client sent while the close was on its way; a client that
				// sent them in the recording too had them recorded before the close.
			}
			closed = true
		case serverDrop:
			_ = c.raw.Close()
			return
		case answerClose:
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(st.code, st.reason), time.Now().Add(time.Second))
			closed = true
		case noAnswer:
			c.next() // the client drops the connection when it tires of waiting
			return
		}
	}
	if closed {
		return
	}
	// Nothing more was recorded on this connection: the client's next move, if any, is
	// one the recording does not have.
	if f := c.next(); !f.gone {
		s.diverge(Divergence{Where: c.where, Recorded: "nothing more on this connection", Replayed: f.describe()})
	}
}

// unfinished reports that the connection did not follow the recording at st: got is
// what the client did instead (nil: the run ended first).
func (c *serverConn) unfinished(st *step, got *sentFrame) {
	replayed := "the run ended first"
	if got != nil {
		replayed = got.describe()
	}
	c.s.diverge(Divergence{Where: c.where, Recorded: fmt.Sprintf("%s (trace line %d)", st.describe(), st.line), Replayed: replayed})
}

// hijackWriter is the http.ResponseWriter the upgrader needs: it hands over the pipe, and
// writes the error responses the upgrader may send.
type hijackWriter struct {
	conn   net.Conn
	brw    *bufio.ReadWriter
	header http.Header
	status int
}

func (w *hijackWriter) Header() http.Header { return w.header }

func (w *hijackWriter) WriteHeader(status int) { w.status = status }

func (w *hijackWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	resp := &http.Response{StatusCode: w.status, ProtoMajor: 1, ProtoMinor: 1, Header: w.header,
		Body: io.NopCloser(bytes.NewReader(b)), ContentLength: int64(len(b)), Close: true}
	if err := resp.Write(w.conn); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (w *hijackWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) { return w.conn, w.brw, nil }
