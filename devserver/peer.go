package devserver

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// outgoing is one queued data message.
type outgoing struct {
	typ  int // websocket.TextMessage or websocket.BinaryMessage
	data []byte
}

// peer is one WebSocket connection. The handler goroutine is its only
// reader and writeLoop its only data writer; control frames may be written
// from either (gorilla allows WriteControl concurrently with everything).
type peer struct {
	srv *Server
	ws  *websocket.Conn

	send chan outgoing // bounded outgoing queue

	// closeReq is closed by the first requestClose call; closeCode,
	// closeReason and drainFirst are set before and read after that.
	closeOnce   sync.Once
	closeReq    chan struct{}
	closeCode   int // 0: stop writing without sending a close frame
	closeReason string
	drainFirst  bool

	closing    atomic.Bool // a close frame was sent: stop extending read deadlines
	writerDone chan struct{}

	// clientClose is the close frame the client sent ("1000 \"bye\""), for the log;
	// written by the reader, read by it after reading ended.
	clientClose string
}

func newPeer(s *Server, ws *websocket.Conn) *peer {
	p := &peer{
		srv:        s,
		ws:         ws,
		send:       make(chan outgoing, s.cfg.queueSize),
		closeReq:   make(chan struct{}),
		writerDone: make(chan struct{}),
	}
	if s.cfg.readLimit > 0 {
		ws.SetReadLimit(s.cfg.readLimit)
	}
	// The close handler runs in the reader goroutine. Instead of replying
	// itself it asks the writer to send the reply after the messages
	// already queued, so that echoed data is not overtaken by the close.
	ws.SetCloseHandler(func(code int, text string) error {
		p.clientClose = fmt.Sprintf("%d %q", code, text)
		p.requestClose(code, text, true)
		return nil
	})
	if d := s.cfg.pingInterval; d > 0 {
		p.extendReadDeadline()
		ws.SetPongHandler(func(string) error {
			p.extendReadDeadline()
			return nil
		})
	}
	return p
}

// extendReadDeadline pushes the keepalive read deadline forward; it is
// called from the reader goroutine only.
func (p *peer) extendReadDeadline() {
	if d := p.srv.cfg.pingInterval; d > 0 && !p.closing.Load() {
		p.ws.SetReadDeadline(time.Now().Add(2 * d))
	}
}

// read returns the next data message. It is called by the reader only.
func (p *peer) read() (int, []byte, error) {
	typ, data, err := p.ws.ReadMessage()
	if err == nil {
		p.extendReadDeadline()
	}
	return typ, data, err
}

// trySend queues m without blocking. If the queue is full the peer is
// dropped with close code 1008 and trySend reports false; it also reports
// false once the peer is closing.
func (p *peer) trySend(m outgoing) bool {
	select {
	case <-p.closeReq:
		return false
	default:
	}
	select {
	case p.send <- m:
		return true
	default:
		p.srv.cfg.logger.Printf("devserver: %s: outgoing queue full, dropping slow client", p.ws.RemoteAddr())
		p.requestClose(websocket.ClosePolicyViolation, "slow consumer", false)
		return false
	}
}

// sendWait queues m, waiting for room in the queue; it reports false if
// the peer started closing first.
func (p *peer) sendWait(m outgoing) bool {
	select {
	case p.send <- m:
		return true
	case <-p.closeReq:
		return false
	}
}

// requestClose asks the writer to send a close frame with code and reason
// (after the queued messages if drainFirst) and stop. Code 0 stops the
// writer without a close frame. Only the first call has an effect.
func (p *peer) requestClose(code int, reason string, drainFirst bool) {
	p.closeOnce.Do(func() {
		p.closeCode, p.closeReason, p.drainFirst = code, reason, drainFirst
		close(p.closeReq)
	})
}

// shutdown starts closing p with 1001 on behalf of Server.Close. A data
// write stuck on a client that does not read is cut short.
func (p *peer) shutdown() {
	p.requestClose(websocket.CloseGoingAway, goingAway, false)
	p.ws.NetConn().SetWriteDeadline(time.Now().Add(closeTimeout))
}

// finish is called by the reader once reading failed or the close
// handshake completed: it stops the writer, waits for it and closes the
// network connection.
func (p *peer) finish() {
	p.requestClose(0, "", false)
	<-p.writerDone
	p.ws.Close()
}

// writeLoop is the peer's only data writer.
func (p *peer) writeLoop() {
	defer close(p.writerDone)
	var tick <-chan time.Time
	if d := p.srv.cfg.pingInterval; d > 0 {
		t := time.NewTicker(d)
		defer t.Stop()
		tick = t.C
	}
	for {
		// A close request takes priority over queued messages.
		select {
		case <-p.closeReq:
			p.writeClose()
			return
		default:
		}
		select {
		case m := <-p.send:
			if err := p.write(m); err != nil {
				p.abort(err)
				return
			}
		case <-tick:
			if err := p.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(closeTimeout)); err != nil {
				p.abort(err)
				return
			}
		case <-p.closeReq:
			p.writeClose()
			return
		}
	}
}

func (p *peer) write(m outgoing) error {
	if d := p.srv.cfg.writeTimeout; d > 0 {
		p.ws.SetWriteDeadline(time.Now().Add(d))
	}
	return p.ws.WriteMessage(m.typ, m.data)
}

// writeClose performs the writer's part of closing.
func (p *peer) writeClose() {
	if p.closeCode == 0 {
		return
	}
	if p.drainFirst {
		for more := true; more; {
			select {
			case m := <-p.send:
				if err := p.write(m); err != nil {
					p.abort(err)
					return
				}
			default:
				more = false
			}
		}
	}
	p.closing.Store(true)
	msg := websocket.FormatCloseMessage(p.closeCode, p.closeReason)
	err := p.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeTimeout))
	if err != nil && !errors.Is(err, websocket.ErrCloseSent) {
		p.abort(err)
		return
	}
	// If the server started the close handshake, bound the wait for the
	// client's reply; if the client started it, the reader is done already.
	p.ws.NetConn().SetReadDeadline(time.Now().Add(closeTimeout))
}

// kill closes the network connection, ending both goroutines.
func (p *peer) kill() { p.ws.NetConn().Close() }

// abort closes the network connection after a write failure so that the
// reader stops too.
func (p *peer) abort(err error) {
	var ne net.Error
	if !errors.Is(err, net.ErrClosed) && !(errors.As(err, &ne) && ne.Timeout()) {
		p.srv.cfg.logger.Printf("devserver: %s: write: %v", p.ws.RemoteAddr(), err)
	}
	p.ws.NetConn().Close()
}
