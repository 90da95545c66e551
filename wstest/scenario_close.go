package wstest

import (
	"net/http"
	"strconv"

	"github.com/gorilla/websocket"
)

// sendNumbered sends the text messages m0 … m(n-1).
func (c *Conn) sendNumbered(n int) bool {
	for i := 0; i < n; i++ {
		if c.WriteText("m"+strconv.Itoa(i)) != nil {
			return false
		}
	}
	return true
}

// serveClose: /close?code=C&reason=R&after=MS (code defaults to 1000).
func serveClose(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	code := p.int("code", websocket.CloseNormalClosure, 0, 65535)
	after := p.ms("after", 0)
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	if after > 0 && !sleep(s.ctx, after) {
		return
	}
	c.Close(code, r.URL.Query().Get("reason"))
}

// serveDrop: /drop?after=N.
func serveDrop(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	n := p.int("after", 0, 0, maxCount)
	partial := p.bool("partial")
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	c.sendNumbered(n)
	if partial {
		// The first fragment of a text message whose end never comes.
		_ = c.WriteFrame(false, websocket.TextMessage, []byte("partial"))
	}
	c.Drop()
}

// serveReset: /reset?after=N.
func serveReset(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	n := p.int("after", 0, 0, maxCount)
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	c.sendNumbered(n)
	c.Reset()
}

// serveAfterClose: /after-close. After the close frame a text frame
// "after close" is written anyway; then the server waits (briefly) for the
// client's close reply and closes TCP.
func serveAfterClose(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	if !c.upgrade(w, r, nil, nil) {
		return
	}
	if c.sendClose(websocket.CloseNormalClosure, "") != nil {
		return
	}
	if c.WriteFrame(true, websocket.TextMessage, []byte("after close")) != nil {
		return
	}
	c.awaitClose()
}
