package wstest

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"
)

// serveStatus: /status/NNN, for handshakes (c != nil) and plain requests.
func serveStatus(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	code, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/status/"))
	if err != nil || code < 200 || code > 599 {
		http.Error(w, "wstest: /status/NNN needs NNN in [200, 599]", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintf(w, "wstest: handshake refused with status %d\n", code)
}

// serveRedirect: /redirect?to=URL&code=302, for handshakes (c != nil) and
// plain requests.
func serveRedirect(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	code := p.int("code", http.StatusFound, 300, 399)
	to := r.URL.Query().Get("to")
	if !p.ok(w) {
		return
	}
	if to == "" {
		http.Error(w, "wstest: /redirect needs ?to=URL", http.StatusBadRequest)
		return
	}
	w.Header().Set("Location", to)
	w.WriteHeader(code)
}

// serveStall: /stall?ms=M. Without ms the connection is hijacked and the
// handshake never answered; the scenario ends when the client closes the
// connection or the server is closed. With ms the handshake is answered
// after M ms (unless the client left) and the connection echoes.
func serveStall(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	delay := p.ms("ms", 0)
	if !p.ok(w) {
		return
	}
	if !p.q.Has("ms") {
		if raw, ok := c.hijack(w); ok {
			io.Copy(io.Discard, raw) // until the client or Close closes it
		}
		return
	}
	if s.wait(r.Context(), delay) && c.upgrade(w, r, nil, nil) {
		c.echo()
	}
}

// serveProtocol: /protocol?choose=P.
func serveProtocol(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	var u websocket.Upgrader
	var h http.Header
	if q := r.URL.Query(); q.Has("choose") {
		// Answer with P whether or not the client offered it; an empty
		// choose selects nothing even if protocols were offered.
		if p := q.Get("choose"); p != "" {
			h = http.Header{"Sec-Websocket-Protocol": {p}}
		}
	} else if offered := websocket.Subprotocols(r); len(offered) > 0 {
		u.Subprotocols = offered[:1]
	}
	if !c.upgrade(w, r, &u, h) {
		return
	}
	if c.WriteText(c.Subprotocol()) == nil {
		c.echo()
	}
}
