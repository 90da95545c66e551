package wxapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/internal/mailbox"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
)

// closeHandshakeTimeout is how long a client-initiated close waits for the peer's close
// frame before dropping the connection.
const closeHandshakeTimeout = 5 * time.Second

// writeTimeout bounds one write to a peer that stopped reading.
const writeTimeout = 30 * time.Second

// connEvents receives what happens to a connection. Every method is called on the
// connection's own goroutines, never on the loop goroutine: opened at most once (reader
// goroutine), then messages (reader goroutine) and send outcomes (writer goroutine), then
// exactly one of failed/closed as the last call, made once the writer has stopped, so
// that every send outcome comes before it. Send outcomes come in send order.
// Implementations hand the events to the loop with Host.Submit.
type connEvents interface {
	opened(header http.Header, p profile)
	message(m inbound)
	sent(id uint64, err error)
	// failed: the connection could not be opened or broke; errMsg is what onError shows.
	// closeCode < 0 means no onClose follows (a refused handshake).
	failed(errMsg string, closeCode int, closeReason string)
	closed(code int, reason string)
}

type profile struct {
	fetchStart, dnsStart, dnsEnd, connectStart, connectEnd time.Time
	opened                                                 time.Time
}

type outgoing struct {
	kind   int // websocket.TextMessage, BinaryMessage or CloseMessage
	data   []byte
	text   string // a text frame's data as the script's string, kept only when traced
	id     uint64 // non-zero: report the outcome through sent
	code   int    // for close
	reason string
}

type dialParams struct {
	url        string
	header     http.Header
	protocols  []string
	tcpNoDelay bool
	deflate    bool
	timeout    time.Duration
	tlsConfig  *tls.Config
	maxMessage int64
	resolver   *net.Resolver // nil: the system's
	link       *link         // the emulated network the connection goes through
	transport  Transport     // nil: the network (WithTransport)

	tr *trace.Tracer // nil: not traced
	id int64         // the socket's number in the trace
}

// wsConn is the Go side of one socket: a goroutine that dials and then owns all reads,
// and, once open, a goroutine that owns all writes (gorilla/websocket allows one reader
// and one writer at a time). The loop goroutine talks to it through send, close, abort,
// shutdown and delivered, which are goroutine-safe and never block on the network.
type wsConn struct {
	events connEvents
	hold   *runtime.Hold
	tr     *trace.Tracer // nil: not traced
	id     int64         // the socket's number in the trace

	dialCtx    context.Context
	cancelDial context.CancelCauseFunc

	// out holds the frames for the writer, in send order. It is closed by the client's
	// close frame (the last frame), by shutdown, and when the connection ends.
	out  mailbox.Mailbox[outgoing]
	wake mailbox.Signal // the writer's: out started a batch, or writing is over
	// stopped: the connection is over; the writer fails what is still queued and exits.
	stopped atomic.Bool

	mu        sync.Mutex
	conn      *websocket.Conn // set once the handshake succeeded
	closeSent bool            // the client's close frame was queued
	aborted   bool            // closed while connecting, in abort mode
	shut      bool            // shutdown was called: tear down, report nothing more
	// interrupted: the app stayed in the background too long (interrupt); however the
	// connection then ends, the script's last event is onClose with interruptedReason.
	interrupted bool

	done chan struct{} // closed when the connection's goroutines have finished

	backlog atomic.Int64   // bytes received but not yet delivered to the script
	space   mailbox.Signal // the reader's: the backlog fell below half
}

var errAborted = errors.New("aborted")

// What a phone reports when the system tears sockets down after the mini program stayed
// in the background too long (wx-socket spec §9): onClose with reason "interrupted" and a
// code observed as 1000 (or 0, or absent); wxrun reports 1000 and no onError.
const (
	interruptedCode   = websocket.CloseNormalClosure
	interruptedReason = "interrupted"
)

var errInterrupted = errors.New(interruptedReason)

// startConn dials in the background. hold is released after the last event.
func startConn(p dialParams, events connEvents, hold *runtime.Hold) *wsConn {
	c := &wsConn{events: events, hold: hold, tr: p.tr, id: p.id, wake: mailbox.NewSignal(), done: make(chan struct{}), space: mailbox.NewSignal()}
	c.dialCtx, c.cancelDial = context.WithCancelCause(context.Background())
	go c.run(p)
	return c
}

func (c *wsConn) run(p dialParams) {
	defer close(c.done)
	defer c.hold.Release()

	ctx, cancel := context.WithTimeout(c.dialCtx, p.timeout)
	defer cancel()
	conn, resp, prof, err := dial(ctx, p)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		c.dialFailed(ctx, err, resp)
		return
	}
	if sp := conn.Subprotocol(); sp != "" && !slices.Contains(p.protocols, sp) {
		// RFC 6455 §4.1: the client must fail a connection whose server picked a
		// subprotocol it never offered. It is a handshake failure: onError, no onClose.
		_ = conn.Close()
		c.end(failedWith(fmt.Sprintf("exception server selected subprotocol %q, which was not offered", sp), -1, "", ""))
		return
	}
	conn.SetReadLimit(p.maxMessage)

	c.mu.Lock()
	if c.shut || c.aborted || c.interrupted {
		aborted, interrupted := c.aborted && !c.shut, c.interrupted && !c.shut
		c.mu.Unlock()
		_ = c.writeClose(conn, websocket.CloseGoingAway, "", time.Second)
		_ = conn.Close()
		switch {
		case interrupted:
			c.end(closedWith(interruptedCode, interruptedReason, trace.ByWxrun))
		case aborted:
			c.end(failedWith("abnormal closure", websocket.CloseAbnormalClosure, "abnormal closure", trace.ByClient))
		default:
			c.end(shutDown)
		}
		return
	}
	c.conn = conn
	c.mu.Unlock()

	if c.tr.Enabled() {
		c.tr.Emit(trace.Event{Type: trace.SocketOpen, ID: c.id, Header: resp.Header, Protocol: conn.Subprotocol()})
	}
	c.events.opened(resp.Header, prof)
	writerDone := make(chan struct{})
	go c.writeLoop(conn, writerDone)
	end := c.readLoop(conn)
	// The connection is over. Stop the writer and wait for it before reporting the end:
	// frames still queued fail, and every send outcome is submitted before the final
	// event. Closing the connection breaks a write stuck on a peer that stopped reading;
	// the close frames this side owes were written before the reader returned, except
	// shutdown's 1001, whose goroutine closes the connection once it is sent.
	c.stopWriting()
	c.mu.Lock()
	shut := c.shut
	c.mu.Unlock()
	if !shut {
		_ = conn.Close()
	}
	<-writerDone
	_ = conn.Close()
	c.mu.Lock()
	if c.interrupted && !c.shut {
		end = closedWith(interruptedCode, interruptedReason, trace.ByWxrun)
	}
	c.mu.Unlock()
	c.end(end)
}

// end reports how the connection ended: to the trace, then to the script. It is the
// connection's last report. Reader goroutine (the one that dialled).
func (c *wsConn) end(e ending) {
	if c.tr.Enabled() {
		if e.errMsg != "" {
			c.tr.Emit(trace.Event{Type: trace.SocketError, ID: c.id, ErrMsg: e.errMsg, Code: e.status})
		}
		switch {
		case !e.report:
			// Shut down by the runtime: the server got 1001 (or the dial was dropped).
			c.tr.Emit(trace.Event{Type: trace.SocketClose, ID: c.id, Code: websocket.CloseGoingAway, Name: trace.ByWxrun})
		case e.code >= 0:
			c.tr.Emit(trace.Event{Type: trace.SocketClose, ID: c.id, Code: e.code, Reason: e.reason, Name: e.by})
		}
	}
	e.deliver(c.events)
}

// writeClose writes a close frame outside the writer goroutine (gorilla allows a control
// frame next to the writer's data frames), waiting at most timeout, and traces it.
func (c *wsConn) writeClose(conn *websocket.Conn, code int, reason string, timeout time.Duration) error {
	c.traceSent(outgoing{kind: websocket.CloseMessage, code: code, reason: reason})
	return conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(timeout))
}

// traceSent records a frame the client is about to write. It is recorded before the write,
// not after: the server's answer may reach the reader, which records it, before the writer
// returns from the write — and the trace must have the cause before the effect. A write
// that fails ends the connection, which the trace records next.
func (c *wsConn) traceSent(m outgoing) {
	if !c.tr.Enabled() {
		return
	}
	e := trace.Event{Type: trace.SocketSend, ID: c.id}
	switch m.kind {
	case websocket.CloseMessage:
		e.Payload.Kind, e.Code, e.Reason = trace.KindClose, m.code, m.reason
	case websocket.TextMessage:
		e.Payload = trace.TextPayload(m.text)
	default:
		e.Payload = trace.BinaryPayload(m.data)
	}
	c.tr.Emit(e)
}

// dial opens the connection, timing its steps for onOpen's profile. The host name is
// dialled as it is, not address by address: net.Dialer races IPv6 against IPv4 (RFC 8305,
// "Happy Eyeballs") and shares the deadline out between the addresses of one family, so
// an unreachable first address cannot use up the whole connect timeout. The timings come
// from the httptrace hooks that net.Dialer and net.Resolver call.
func dial(ctx context.Context, p dialParams) (*websocket.Conn, *http.Response, profile, error) {
	var times dialTimes
	fetchStart := time.Now()
	ctx = httptrace.WithClientTrace(ctx, times.trace())
	var stopWatch func() bool
	dialer := &websocket.Dialer{
		Subprotocols:      p.protocols,
		ReadBufferSize:    readBufferSize,
		EnableCompression: p.deflate,
		TLSClientConfig:   p.tlsConfig,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			// Through the emulated network: offline fails the dial, a cellular preset
			// shapes the traffic, and going offline later cuts the connection.
			conn, err := p.link.dial(ctx, network, addr, func(ctx context.Context, network, addr string) (net.Conn, error) {
				if p.transport != nil {
					return p.transport.DialSocket(ctx, p.url)
				}
				d := net.Dialer{Resolver: p.resolver}
				conn, err := d.DialContext(ctx, network, addr)
				if tcp, ok := conn.(*net.TCPConn); ok {
					_ = tcp.SetNoDelay(p.tcpNoDelay)
				}
				return conn, err
			})
			if err != nil {
				return nil, err
			}
			// gorilla does not watch ctx during the TLS and HTTP handshake, only its
			// deadline: close the connection on cancellation (shutdown, abort) so a stalled
			// server cannot hold the dial until the timeout.
			stopWatch = context.AfterFunc(ctx, func() { _ = conn.Close() })
			return conn, nil
		},
	}
	if p.transport != nil {
		// The transport's connection is in the clear, wss:// too: no TLS handshake on it.
		dialer.NetDialTLSContext = dialer.NetDialContext
	}
	conn, resp, err := dialer.DialContext(ctx, p.url, p.header)
	if stopWatch != nil {
		stopWatch()
	}
	prof := times.profile(fetchStart)
	prof.opened = time.Now()
	return conn, resp, prof, err
}

// dialTimes collects the moments of a dial from httptrace hooks. The hooks of racing
// connection attempts run on their own goroutines, and a losing attempt may report after
// the dial returned: the first start and the first success are kept, under mu.
type dialTimes struct {
	mu                                         sync.Mutex
	dnsStart, dnsEnd, connectStart, connectEnd time.Time
}

func (d *dialTimes) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart:     func(httptrace.DNSStartInfo) { d.mark(&d.dnsStart) },
		DNSDone:      func(httptrace.DNSDoneInfo) { d.mark(&d.dnsEnd) },
		ConnectStart: func(string, string) { d.mark(&d.connectStart) },
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				d.mark(&d.connectEnd)
			}
		},
	}
}

func (d *dialTimes) mark(t *time.Time) {
	now := time.Now()
	d.mu.Lock()
	if t.IsZero() {
		*t = now
	}
	d.mu.Unlock()
}

func (d *dialTimes) profile(fetchStart time.Time) profile {
	d.mu.Lock()
	defer d.mu.Unlock()
	return profile{fetchStart: fetchStart, dnsStart: d.dnsStart, dnsEnd: d.dnsEnd, connectStart: d.connectStart, connectEnd: d.connectEnd}
}

func (c *wsConn) dialFailed(ctx context.Context, err error, resp *http.Response) {
	switch {
	case context.Cause(c.dialCtx) == errInterrupted:
		c.end(closedWith(interruptedCode, interruptedReason, trace.ByWxrun))
	case context.Cause(c.dialCtx) == errAborted:
		c.end(failedWith("abnormal closure", websocket.CloseAbnormalClosure, "abnormal closure", trace.ByClient))
	case c.dialCtx.Err() != nil:
		// Shut down by the runtime: nobody is listening any more.
		c.end(shutDown)
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || deadlinePassed(ctx):
		// The connection's I/O deadline (taken from ctx) can fire before ctx's own timer
		// marks it done, so an "i/o timeout" read error is the same timeout.
		c.end(failedWith("connect response time out", websocket.CloseAbnormalClosure, "", trace.ByClient))
	case errors.Is(err, websocket.ErrBadHandshake) && resp != nil:
		e := failedWith("Invalid HTTP status", -1, "", "")
		e.status = resp.StatusCode
		c.end(e)
	default:
		c.end(failedWith("exception "+err.Error(), -1, "", ""))
	}
}

// deadlinePassed reports whether ctx has a deadline that is not in the future.
func deadlinePassed(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// readLoop hands every message to the script until reading ends, and returns how the
// connection ended. Reader goroutine only.
func (c *wsConn) readLoop(conn *websocket.Conn) ending {
	// Messages are read into one reusable buffer and copied out once, at their exact size:
	// gorilla's ReadMessage grows a fresh buffer from 512 bytes for every message.
	var buf bytes.Buffer
	for {
		kind, r, err := conn.NextReader()
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(r)
		}
		if err == nil && kind == websocket.TextMessage && !utf8.Valid(buf.Bytes()) {
			// RFC 6455 §8.1: text that is not UTF-8 fails the connection; it is neither
			// delivered nor repaired, and nothing after it is read.
			err = errInvalidText
		}
		if err != nil {
			return c.readEnded(conn, err)
		}
		var m inbound
		if kind == websocket.TextMessage {
			m = inbound{text: buf.String()}
		} else {
			m = inbound{data: bytes.Clone(buf.Bytes())}
			if m.data == nil {
				m.data = []byte{}
			}
		}
		if buf.Cap() > 1<<20 {
			buf = bytes.Buffer{} // do not pin the memory of one huge message
		}
		if !c.reserve(m.size()) {
			return shutDown // while waiting for the script to catch up
		}
		if c.tr.Enabled() {
			c.traceMessage(m)
		}
		c.events.message(m)
	}
}

// traceMessage records a message from the server; the event references its bytes, which
// the script has not seen yet.
func (c *wsConn) traceMessage(m inbound) {
	p := trace.TextPayload(m.text)
	if m.data != nil {
		p = trace.BinaryPayload(m.data)
	}
	c.tr.Emit(trace.Event{Type: trace.SocketMessage, ID: c.id, Payload: p})
}

// inbound is one received message: text (a string, converted on the reader goroutine) or
// binary (bytes owned by the message, which become the ArrayBuffer's memory).
type inbound struct {
	text string
	data []byte // nil for text messages
}

func (m inbound) size() int { return len(m.text) + len(m.data) }

// maxBacklog bounds the bytes of received messages handed to the loop but not yet
// delivered to the script. When a server pushes faster than the script handles messages,
// the reader stops reading, TCP flow control pushes back on the server, and memory stays
// bounded — as on a phone, where the native layer does not buffer without limit either.
const maxBacklog = 4 << 20

// messageOverhead is counted per message on top of its bytes, so that a flood of tiny
// messages is bounded too.
const messageOverhead = 256

// reserve accounts for a message about to be handed to the loop, waiting while the backlog
// is full. It returns false if the connection is being torn down. Reader goroutine only.
func (c *wsConn) reserve(n int) bool {
	for c.backlog.Load() >= maxBacklog {
		select {
		case <-c.space.C():
		case <-c.dialCtx.Done():
			return false
		}
	}
	c.backlog.Add(int64(n + messageOverhead))
	return true
}

// delivered releases the backlog share of count messages totalling n bytes once the
// script has seen them. Safe from any goroutine.
func (c *wsConn) delivered(n, count int) {
	if c.backlog.Add(-int64(n+count*messageOverhead)) < maxBacklog/2 {
		c.space.Notify()
	}
}

// ending is how a connection ended, as the script will see it: nothing (shut down), an
// onClose, or an onError followed by an onClose. The reader decides it; run reports it
// once the writer has stopped (deliver).
type ending struct {
	report bool
	errMsg string // non-empty: onError first
	code   int    // < 0: no onClose (a handshake that failed)
	reason string
	by     string // who closed, for the trace (trace.ByClient, …)
	status int    // the HTTP status of a refused handshake, for the trace
}

// shutDown is the end of a connection the runtime shut down: nothing is reported to the
// script, which is gone; the trace records the 1001 the server got.
var shutDown = ending{by: trace.ByWxrun}

func closedWith(code int, reason, by string) ending {
	return ending{report: true, code: code, reason: reason, by: by}
}

func failedWith(errMsg string, code int, reason, by string) ending {
	return ending{report: true, errMsg: errMsg, code: code, reason: reason, by: by}
}

func (e ending) deliver(events connEvents) {
	switch {
	case !e.report:
	case e.errMsg != "":
		events.failed(e.errMsg, e.code, e.reason)
	default:
		events.closed(e.code, e.reason)
	}
}

// errInvalidText ends reading at a text message that is not valid UTF-8.
var errInvalidText = errors.New("invalid UTF-8 in a text message")

// What the script sees when the peer sends text that is not UTF-8 (README, decision 8):
// the texts are Chromium's, which fails such connections too; the errMsg has the
// "exception " prefix of WeChat's other protocol failures. 1007 is RFC 6455's code for
// data inconsistent with its message type.
const (
	badTextErrMsg = "exception Could not decode a text frame as UTF-8."
	badTextReason = "Invalid UTF-8 in text frame"
)

// A close frame whose reason is not UTF-8 is failed by gorilla/websocket itself, before
// wxrun sees the frame: it sends a close frame 1002 (protocol error) and returns an error
// with this text, its only trace. Chromium fails the connection with 1002 too.
const (
	gorillaBadCloseText = "websocket: invalid utf8 payload in close frame"
	badCloseErrMsg      = "exception Received a broken close frame containing invalid UTF-8."
	badCloseReason      = "Invalid UTF-8 in Close frame"
)

// failCloseTimeout bounds the wait to send the close frame that fails a connection; a
// writer stuck on a peer that stopped reading must not hold the failure up.
const failCloseTimeout = time.Second

// readEnded decides how the connection ended from the error that ended reading.
// Reader goroutine only.
func (c *wsConn) readEnded(conn *websocket.Conn, err error) ending {
	c.mu.Lock()
	closeSent, shut, aborted := c.closeSent, c.shut, c.aborted
	c.mu.Unlock()
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		by := trace.ByServer
		switch {
		case closeSent:
			by = trace.ByClient // the server's answer to the client's close frame
		case shut:
			by = trace.ByWxrun // the server's answer to the 1001 of the shutdown
		}
		return closedWith(ce.Code, ce.Text, by)
	}
	switch {
	case shut && !closeSent:
		// Shut down by the runtime: nobody is listening any more.
		return shutDown
	case aborted:
		return failedWith("abnormal closure", websocket.CloseAbnormalClosure, "abnormal closure", trace.ByClient)
	case errors.Is(err, errInvalidText):
		return c.failConnection(conn, badTextErrMsg, websocket.CloseInvalidFramePayloadData, badTextReason, false)
	case err.Error() == gorillaBadCloseText:
		return c.failConnection(conn, badCloseErrMsg, websocket.CloseProtocolError, badCloseReason, true)
	case closeSent:
		// We asked to close and the peer went away (or never answered) without a close frame.
		return closedWith(websocket.CloseAbnormalClosure, "abnormal closure", trace.ByClient)
	case errors.Is(err, websocket.ErrReadLimit):
		return failedWith("exception message too big", websocket.CloseMessageTooBig, "message too big", trace.ByClient)
	default:
		return failedWith("abnormal closure", websocket.CloseAbnormalClosure, "abnormal closure", trace.ByNetwork)
	}
}

// failConnection fails the connection (RFC 6455 §7.1.7): it sends a close frame with code
// and reason and returns onError errMsg followed by onClose with that code and reason —
// or with 1006 "abnormal closure" when no close frame could be sent. With byGorilla,
// gorilla has failed the connection already, and its close frame counts as sent.
// The TCP connection is closed by run without waiting for the peer's answer.
func (c *wsConn) failConnection(conn *websocket.Conn, errMsg string, code int, reason string, byGorilla bool) ending {
	err := c.writeClose(conn, code, reason, failCloseTimeout)
	if !closeFrameSent(err, byGorilla) {
		code, reason = websocket.CloseAbnormalClosure, "abnormal closure"
	}
	return failedWith(errMsg, code, reason, trace.ByClient)
}

// closeFrameSent tells from the result of writing a close frame whether a close frame
// reached the connection: this one, or with byGorilla, the one gorilla sent before
// (a second close frame then fails with ErrCloseSent).
func closeFrameSent(writeErr error, byGorilla bool) bool {
	return writeErr == nil || byGorilla && errors.Is(writeErr, websocket.ErrCloseSent)
}

// writeLoop owns all data and close-frame writes after the handshake. It reports the
// outcome of every frame that asked for it, in queue order, and returns once the
// connection is over (stopWriting) and nothing is left to report.
func (c *wsConn) writeLoop(conn *websocket.Conn, done chan<- struct{}) {
	defer close(done)
	var closeWait *time.Timer
	defer func() {
		if closeWait != nil {
			closeWait.Stop()
		}
	}()
	broken := false
	for {
		batch := c.out.TakeAll()
		if len(batch) == 0 {
			if c.stopped.Load() && c.out.Drained() {
				return
			}
			<-c.wake.C()
			continue
		}
		// Checked once a batch: once stopped, the connection is closed too, so a write
		// later in this batch fails at once and the rest fail without writing.
		stopped := c.stopped.Load()
		for i := range batch {
			m := &batch[i]
			var err error
			switch {
			case broken || stopped:
				err = errNotConnected
			case m.kind == websocket.CloseMessage:
				c.traceSent(*m)
				_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
				err = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(m.code, m.reason))
				if err == nil {
					// The reader waits for the peer's close frame; if it never comes, drop.
					closeWait = time.AfterFunc(closeHandshakeTimeout, func() { _ = conn.Close() })
				}
			default:
				if c.tr.Enabled() {
					c.traceSent(*m)
				}
				_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
				err = conn.WriteMessage(m.kind, m.data)
			}
			if err != nil && !broken {
				// A broken connection: unblock the reader so the error surfaces once.
				broken = true
				_ = conn.Close()
			}
			if m.id != 0 {
				if err != nil {
					// Whatever broke (a close frame came first, a reset), the script's text
					// is the same (README, decision 9).
					err = errNotConnected
				}
				c.events.sent(m.id, err)
			}
		}
		c.out.Recycle(batch)
	}
}

// stopWriting ends the writer: frames still queued fail. Reader goroutine, once reading
// has ended.
func (c *wsConn) stopWriting() {
	c.stopped.Store(true)
	c.out.Close()
	c.wake.Notify()
}

var errNotConnected = errors.New("WebSocket is not connected")

// send queues a data frame. It reports false if the connection is not open for writing:
// the client's close frame was queued, it was shut down, or it is over. Loop goroutine,
// after the open event (which is when sending is allowed).
func (c *wsConn) send(m outgoing) bool {
	first, ok := c.out.Put(m)
	if first {
		c.wake.Notify()
	}
	return ok
}

// close starts the closing handshake with code and reason: the close frame goes after
// the frames already queued, and is the last. The caller has seen the open event, so the
// connection exists. Safe from any goroutine.
func (c *wsConn) close(code int, reason string) {
	c.mu.Lock()
	if c.conn == nil || c.closeSent || c.shut {
		c.mu.Unlock()
		return
	}
	c.closeSent = true
	c.mu.Unlock()
	c.hold.SetIdle(false) // closing is work under way again
	if first, _ := c.out.PutLast(outgoing{kind: websocket.CloseMessage, code: code, reason: reason}); first {
		c.wake.Notify()
	}
}

// abort drops a connection that is still connecting as far as the script knows: the
// dial is cancelled, or the fresh connection closed, and the events report an abnormal
// closure. Safe from any goroutine.
func (c *wsConn) abort() {
	c.mu.Lock()
	c.aborted = true
	conn := c.conn
	c.mu.Unlock()
	if conn == nil {
		c.cancelDial(errAborted)
		return
	}
	_ = conn.Close()
}

// interrupt ends the connection the way a phone does when the mini program has stayed in
// the background too long: a dial in progress is cancelled; an open connection is sent a
// close frame 1001 "going away" (without waiting for the answer) and closed, and frames
// still queued fail. Whatever else happens, the last event is onClose{code:1000,
// reason:"interrupted"}, without onError. Safe from any goroutine.
func (c *wsConn) interrupt() {
	c.mu.Lock()
	if c.shut || c.interrupted {
		c.mu.Unlock()
		return
	}
	c.interrupted = true
	conn := c.conn
	c.mu.Unlock()
	c.hold.SetIdle(false)
	if conn == nil {
		c.cancelDial(errInterrupted)
		return
	}
	// Off the caller's goroutine, as in shutdown: a peer that stopped reading must not
	// stall the loop. Closing the connection ends the reader, which reports the end.
	go func() {
		_ = c.writeClose(conn, websocket.CloseGoingAway, "", time.Second)
		_ = conn.Close()
	}()
}

// shutdown tears the connection down without delivering further events: a close frame
// 1001 "going away" if open, then the TCP connection is closed. It does not wait; the
// done channel closes when the connection's goroutines have finished. Safe from any
// goroutine.
func (c *wsConn) shutdown() {
	c.mu.Lock()
	c.shut = true
	conn := c.conn
	c.mu.Unlock()
	c.stopped.Store(true)
	c.out.Close()
	c.cancelDial(context.Canceled)
	if conn != nil {
		// Off the caller's goroutine: a peer that stopped reading must not stall shutdown.
		go func() {
			_ = c.writeClose(conn, websocket.CloseGoingAway, "", time.Second)
			_ = conn.Close()
		}()
	}
	c.wake.Notify()
}

// headerFields flattens handshake response headers the way WeChat's res.header is: one
// string per header name (sorted), multiple values joined with ", ".
func headerFields(h http.Header) []field {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]field, 0, len(names))
	for _, k := range names {
		out = append(out, field{k, strings.Join(h[k], ", ")})
	}
	return out
}

// readBufferSize is the socket's read buffer: large enough that a 4 KiB message and its
// frame header arrive in one read system call (gorilla's default is 4 KiB).
const readBufferSize = 16 << 10
