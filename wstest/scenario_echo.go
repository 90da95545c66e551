package wstest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// echo sends every message back with the same type until reading fails.
// The client's close frame is answered by the close handler.
func (c *Conn) echo() {
	for {
		m, err := c.Read()
		if err != nil {
			return
		}
		if err := c.Write(m); err != nil {
			return
		}
	}
}

// serveEcho: /echo.
func serveEcho(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	if c.upgrade(w, r, nil, nil) {
		c.echo()
	}
}

// InspectReply is the JSON text message /inspect sends for every message
// it receives. Data is the text itself for a text message and its standard
// base64 encoding for a binary message.
type InspectReply struct {
	Type string `json:"type"` // "text" or "binary"
	Len  int    `json:"len"`
	Data string `json:"data"`
}

// serveInspect: /inspect.
func serveInspect(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	if !c.upgrade(w, r, nil, nil) {
		return
	}
	for {
		m, err := c.Read()
		if err != nil {
			return
		}
		reply := InspectReply{Type: "text", Len: len(m.Data), Data: string(m.Data)}
		if !m.IsText() {
			reply.Type, reply.Data = "binary", base64.StdEncoding.EncodeToString(m.Data)
		}
		data, _ := json.Marshal(reply)
		if err := c.Write(Text(string(data))); err != nil {
			return
		}
	}
}

// serveHeaders: /headers.
func serveHeaders(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	h := make(map[string]string, len(r.Header)+2)
	for k, v := range r.Header {
		if len(v) > 0 {
			h[k] = v[0]
		}
	}
	if v := r.Header.Values("Sec-WebSocket-Protocol"); len(v) > 0 {
		h["Sec-WebSocket-Protocol"] = strings.Join(v, ", ")
	}
	h["Host"] = r.Host
	data, _ := json.Marshal(h)
	if !c.upgrade(w, r, nil, nil) {
		return
	}
	if c.Write(Text(string(data))) == nil {
		c.echo()
	}
}

// serveSlowClose: /slowclose?ms=200.
func serveSlowClose(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	delay := p.ms("ms", 200*time.Millisecond)
	if !p.ok(w) {
		return
	}
	c.mu.Lock()
	c.closeReplyDelay = delay
	c.mu.Unlock()
	if c.upgrade(w, r, nil, nil) {
		c.echo()
	}
}

// serveSilent: /silent. Frames are read (and recorded) but nothing is ever
// sent; after the client's close frame the TCP connection stays open until
// the client closes it or the server is closed.
func serveSilent(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.silent = true
	c.mu.Unlock()
	if !c.upgrade(w, r, nil, nil) {
		return
	}
	for {
		if _, err := c.Read(); err != nil {
			break
		}
	}
	io.Copy(io.Discard, c.WebSocket().NetConn())
}

// serveBadUTF8: /bad-utf8?n=N&close=1.
func serveBadUTF8(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	n := p.int("n", 0, 0, maxCount)
	inClose := p.bool("close")
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	for i := range n {
		if c.WriteText(fmt.Sprintf("m%d", i)) != nil {
			return
		}
	}
	if inClose {
		// Code 1000 with the reason ff fe, written raw: gorilla would send it as is, but
		// the Conn must also know that its close frame went out.
		if c.WriteFrame(true, websocket.CloseMessage, []byte{0x03, 0xe8, 0xff, 0xfe}) != nil {
			return
		}
		c.mu.Lock()
		c.closeSent = true
		c.mu.Unlock()
		for {
			if _, err := c.Read(); err != nil { // records the client's close frame
				return
			}
		}
	}
	if c.Write(Message{Type: websocket.TextMessage, Data: []byte{0xff, 0xfe}}) == nil && c.WriteText("after") == nil {
		c.echo()
	}
}
