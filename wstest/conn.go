package wstest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Conn is one handshake received by a [Server] and, once upgraded, the
// WebSocket connection that followed. It has two faces:
//
//   - A recording, for assertions in Go tests: the handshake request
//     ([Conn.Header], [Conn.Protocols]), the messages received from the
//     client ([Conn.Received]), the close frame the client sent
//     ([Conn.CloseCode], [Conn.CloseReason]), pings and pongs. These
//     methods are safe for concurrent use at any time.
//   - A script API for custom scenarios (see [Server.Handle]): [Conn.Read],
//     [Conn.WriteText], [Conn.WriteBinary], [Conn.Close], [Conn.Drop], ...
//     Writes, [Conn.Ping], [Conn.Drop] and [Conn.Reset] may be called from
//     any goroutine, so a Go test can push a message into, or cut, a
//     connection served by a built-in scenario. At most one goroutine may
//     read at a time, and built-in scenarios read continuously, so only
//     custom handlers should call [Conn.Read] or the method that reads,
//     [Conn.Close].
//
// Unless told otherwise (for example by /silent), a Conn answers pings with
// pongs and a close frame with a close frame carrying the same code and
// reason, from within [Conn.Read].
type Conn struct {
	id        int
	srv       *Server
	req       *http.Request // private clone of the handshake request
	protocols []string
	done      chan struct{}

	decideOnce sync.Once
	decided    chan struct{} // closed once the handshake was answered (or abandoned)

	wmu sync.Mutex // serializes data writes and raw frames

	mu           sync.Mutex
	changed      chan struct{} // closed and replaced on every change
	ws           *websocket.Conn
	raw          net.Conn // the hijacked connection (may be a *tls.Conn)
	upgraded     bool
	subprotocol  string
	received     []Message
	closeCode    int
	closeReason  string
	closeSent    bool
	pings, pongs int
	readErr      error

	// Behaviour knobs set by a scenario before it reads.
	closeReplyDelay time.Duration
	silent          bool // never send anything, not even pongs or a close reply
}

func newConn(s *Server, id int, r *http.Request) *Conn {
	return &Conn{
		id:        id,
		srv:       s,
		req:       r.Clone(context.Background()),
		protocols: websocket.Subprotocols(r),
		done:      make(chan struct{}),
		decided:   make(chan struct{}),
		changed:   make(chan struct{}),
	}
}

// decide marks the handshake as answered: upgraded, refused, hijacked or
// abandoned. WaitConn returns a Conn only once it is decided.
func (c *Conn) decide() { c.decideOnce.Do(func() { close(c.decided) }) }

// notifyLocked wakes the waiters of c.changed; c.mu must be held.
func (c *Conn) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// ID returns the connection's number: 1 for the first handshake received
// by the server, 2 for the next, and so on.
func (c *Conn) ID() int { return c.id }

// Request returns a copy of the handshake request. Its Body is not usable.
func (c *Conn) Request() *http.Request { return c.req.Clone(context.Background()) }

// Header returns a copy of the handshake request's header. As in
// net/http, the Host header is not included; see [Conn.Request].
func (c *Conn) Header() http.Header { return c.req.Header.Clone() }

// Path returns the path of the handshake request, such as "/echo".
func (c *Conn) Path() string { return c.req.URL.Path }

// Query returns the parsed query of the handshake request.
func (c *Conn) Query() url.Values { return c.req.URL.Query() }

// Protocols returns the subprotocols offered by the client in the
// Sec-WebSocket-Protocol header, in order.
func (c *Conn) Protocols() []string { return append([]string(nil), c.protocols...) }

// Context returns a context that is canceled when the server is closed.
// Custom scenarios should stop waiting when it is done.
func (c *Conn) Context() context.Context { return c.srv.ctx }

// Upgraded reports whether the handshake was answered with 101 Switching
// Protocols.
func (c *Conn) Upgraded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.upgraded
}

// Subprotocol returns the subprotocol the server selected, or "".
func (c *Conn) Subprotocol() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.subprotocol
}

// Received returns a copy of the data messages received from the client so
// far, in order.
func (c *Conn) Received() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Message(nil), c.received...)
}

// CloseCode returns the close code of the close frame received from the
// client: 0 if none was received (yet), 1005 (websocket.CloseNoStatusReceived)
// for a close frame without a code.
func (c *Conn) CloseCode() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeCode
}

// CloseReason returns the reason of the close frame received from the
// client, or "".
func (c *Conn) CloseReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeReason
}

// Pings returns the number of ping frames received from the client.
func (c *Conn) Pings() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pings
}

// Pongs returns the number of pong frames received from the client.
func (c *Conn) Pongs() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pongs
}

// ReadErr returns the error that ended reading from the client, or nil.
// After the client's close frame it is a *websocket.CloseError.
func (c *Conn) ReadErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readErr
}

// Done returns a channel that is closed when the connection is over: the
// scenario finished and the network connection was closed.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Wait waits until the connection is over (see [Conn.Done]) or ctx is done.
func (c *Conn) Wait(ctx context.Context) error {
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitReceived waits until at least n data messages were received from the
// client and returns all received so far. If the connection ends first it
// returns those received and an error wrapping [ErrConnDone].
func (c *Conn) WaitReceived(ctx context.Context, n int) ([]Message, error) {
	for {
		c.mu.Lock()
		got := append([]Message(nil), c.received...)
		changed := c.changed
		c.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-c.done:
			got = c.Received()
			if len(got) >= n {
				return got, nil
			}
			return got, fmt.Errorf("%w: connection %d got %d of %d messages", ErrConnDone, c.id, len(got), n)
		case <-ctx.Done():
			return got, ctx.Err()
		}
	}
}

// upgrade answers the handshake with 101 Switching Protocols, including
// responseHeader, and installs the recording handlers. On failure the
// Upgrader has already answered the client with an HTTP error.
func (c *Conn) upgrade(w http.ResponseWriter, r *http.Request, u *websocket.Upgrader, responseHeader http.Header) bool {
	if u == nil {
		u = &websocket.Upgrader{}
	}
	u.CheckOrigin = func(*http.Request) bool { return true }
	u.HandshakeTimeout = writeTimeout
	defer c.decide()
	ws, err := u.Upgrade(w, r, responseHeader)
	if err != nil {
		return false
	}
	raw := ws.NetConn()
	if !c.srv.track(raw) {
		raw.Close()
		return false
	}
	if n := c.srv.cfg.readLimit; n > 0 {
		ws.SetReadLimit(n)
	}
	ws.SetCloseHandler(c.handleClose)
	ws.SetPingHandler(c.handlePing)
	ws.SetPongHandler(c.handlePong)
	c.mu.Lock()
	c.ws, c.raw, c.upgraded, c.subprotocol = ws, raw, true, ws.Subprotocol()
	c.notifyLocked()
	c.mu.Unlock()
	return true
}

// hijack takes over the connection without answering the handshake.
func (c *Conn) hijack(w http.ResponseWriter) (net.Conn, bool) {
	defer c.decide()
	h, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "wstest: cannot hijack", http.StatusInternalServerError)
		return nil, false
	}
	raw, _, err := h.Hijack()
	if err != nil {
		return nil, false
	}
	if !c.srv.track(raw) {
		raw.Close()
		return nil, false
	}
	c.mu.Lock()
	c.raw = raw
	c.mu.Unlock()
	return raw, true
}

// finish ends the connection once the scenario returned.
func (c *Conn) finish() {
	c.mu.Lock()
	raw := c.raw
	c.mu.Unlock()
	if raw != nil {
		raw.Close()
		c.srv.untrack(raw)
	}
	c.decide()
	close(c.done)
}

func (c *Conn) handleClose(code int, reason string) error {
	c.mu.Lock()
	c.closeCode, c.closeReason = code, reason
	delay, silent := c.closeReplyDelay, c.silent
	c.notifyLocked()
	c.mu.Unlock()
	if silent {
		return nil
	}
	if delay > 0 && !sleep(c.srv.ctx, delay) {
		return nil
	}
	c.sendClose(code, reason) // no-op if we sent a close frame first
	return nil
}

func (c *Conn) handlePing(data string) error {
	c.mu.Lock()
	c.pings++
	silent := c.silent
	ws := c.ws
	c.notifyLocked()
	c.mu.Unlock()
	if silent {
		return nil
	}
	err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeTimeout))
	var ne net.Error
	if err == nil || errors.Is(err, websocket.ErrCloseSent) || errors.As(err, &ne) && ne.Timeout() {
		return nil
	}
	return err
}

func (c *Conn) handlePong(string) error {
	c.mu.Lock()
	c.pongs++
	c.notifyLocked()
	c.mu.Unlock()
	return nil
}

// conn returns the WebSocket connection or ErrNotUpgraded.
func (c *Conn) conn() (*websocket.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ws == nil {
		return nil, ErrNotUpgraded
	}
	return c.ws, nil
}

// WebSocket returns the underlying gorilla connection, or nil before the
// upgrade, for scripts that need more than Conn offers. Reading from it
// bypasses the recording; the one-reader rule still applies.
func (c *Conn) WebSocket() *websocket.Conn {
	ws, _ := c.conn()
	return ws
}

// Read reads the next data message from the client and records it. Pings
// and close frames are handled (and recorded) while reading. After the
// client's close frame Read returns a *websocket.CloseError. Read must not
// be called concurrently with itself or with [Conn.Close].
func (c *Conn) Read() (Message, error) {
	ws, err := c.conn()
	if err != nil {
		return Message{}, err
	}
	typ, data, err := ws.ReadMessage()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if c.readErr == nil {
			c.readErr = err
		}
		c.notifyLocked()
		return Message{}, err
	}
	m := Message{Type: typ, Data: data}
	c.received = append(c.received, m)
	c.notifyLocked()
	return m, nil
}

// Write sends m to the client. Writes are serialized; Write may be called
// from any goroutine.
func (c *Conn) Write(m Message) error {
	ws, err := c.conn()
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return ws.WriteMessage(m.Type, m.Data)
}

// WriteText sends a text message. It does not check that s is valid UTF-8.
func (c *Conn) WriteText(s string) error { return c.Write(Text(s)) }

// WriteBinary sends a binary message.
func (c *Conn) WriteBinary(b []byte) error { return c.Write(Binary(b)) }

// Ping sends a ping frame with the given payload (at most 125 bytes).
func (c *Conn) Ping(payload []byte) error {
	ws, err := c.conn()
	if err != nil {
		return err
	}
	return ws.WriteControl(websocket.PingMessage, payload, time.Now().Add(writeTimeout))
}

// sendClose sends a close frame unless one was sent already. For code
// 1005 (no status) the frame has an empty payload.
func (c *Conn) sendClose(code int, reason string) error {
	c.mu.Lock()
	ws, sent := c.ws, c.closeSent
	c.closeSent = true
	c.mu.Unlock()
	if ws == nil {
		return ErrNotUpgraded
	}
	if sent {
		return nil
	}
	err := ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(writeTimeout))
	if errors.Is(err, websocket.ErrCloseSent) {
		err = nil
	}
	return err
}

// Close starts the close handshake: it sends a close frame with code and
// reason (unless a close frame was sent already), reads and records until
// the client's close frame arrives or the close timeout (see
// [WithCloseTimeout]) expires, then closes the TCP connection. Code 1005
// sends a close frame without a payload. It returns the error from sending
// the close frame.
func (c *Conn) Close(code int, reason string) error {
	err := c.sendClose(code, reason)
	if errors.Is(err, ErrNotUpgraded) {
		return err
	}
	c.awaitClose()
	c.closeRaw()
	return err
}

// awaitClose reads until the client's close frame (or any read error),
// giving up after the close timeout.
func (c *Conn) awaitClose() {
	ws, err := c.conn()
	if err != nil {
		return
	}
	ws.NetConn().SetReadDeadline(time.Now().Add(c.srv.cfg.closeTimeout))
	for {
		if _, err := c.Read(); err != nil {
			return
		}
	}
}

func (c *Conn) closeRaw() error {
	c.mu.Lock()
	raw := c.raw
	c.mu.Unlock()
	if raw == nil {
		return ErrNotUpgraded
	}
	return raw.Close()
}

// Drop closes the network connection abruptly, without a close frame. The
// client sees an abnormal closure (1006). On a TLS connection the TLS
// close_notify alert is still sent.
func (c *Conn) Drop() error {
	if _, err := c.conn(); err != nil {
		return err
	}
	return c.closeRaw()
}

// Reset aborts the TCP connection with an RST segment (SO_LINGER 0), so
// that the client's next read or write fails with "connection reset by
// peer".
func (c *Conn) Reset() error {
	if _, err := c.conn(); err != nil {
		return err
	}
	c.mu.Lock()
	raw := c.raw
	c.mu.Unlock()
	tcp := raw
	if tc, ok := raw.(*tls.Conn); ok {
		tcp = tc.NetConn()
	}
	if tc, ok := tcp.(*net.TCPConn); ok {
		if err := tc.SetLinger(0); err != nil {
			return err
		}
	}
	return tcp.Close()
}

// sleep waits for d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
