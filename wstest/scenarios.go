package wstest

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A scenario serves one recorded handshake. It is responsible for
// upgrading (or refusing) it; the connection is closed when it returns.
type scenario func(s *Server, c *Conn, w http.ResponseWriter, r *http.Request)

// scenarios maps the built-in paths to their scenarios; /status/NNN is
// matched by prefix.
var scenarios = map[string]scenario{
	"/echo":        serveEcho,
	"/inspect":     serveInspect,
	"/headers":     serveHeaders,
	"/push":        servePush,
	"/close":       serveClose,
	"/stall":       serveStall,
	"/drop":        serveDrop,
	"/reset":       serveReset,
	"/protocol":    serveProtocol,
	"/silent":      serveSilent,
	"/redirect":    serveRedirect,
	"/slowclose":   serveSlowClose,
	"/bad-utf8":    serveBadUTF8,
	"/after-close": serveAfterClose,
	"/big":         serveBig,
	"/fragments":   serveFragments,
	"/pingflood":   servePingFlood,
	"/mqtt":        serveMQTT,
}

func (s *Server) serveScenario(c *Conn, w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/status/") {
		serveStatus(s, c, w, r)
		return
	}
	if sc := scenarios[r.URL.Path]; sc != nil {
		sc(s, c, w, r)
		return
	}
	http.Error(w, "wstest: no scenario at "+r.URL.Path+"; GET / lists them", http.StatusNotFound)
}

// servePlain answers requests that are not WebSocket handshakes.
func (s *Server) servePlain(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, IndexText)
	case strings.HasPrefix(r.URL.Path, "/status/"):
		serveStatus(s, nil, w, r)
	case r.URL.Path == "/redirect":
		serveRedirect(s, nil, w, r)
	case strings.HasPrefix(r.URL.Path, "/http/"):
		s.serveHTTPScenario(w, r)
	default:
		w.Header().Set("Upgrade", "websocket")
		http.Error(w, "wstest: expected a WebSocket handshake; GET / lists the scenarios", http.StatusUpgradeRequired)
	}
}

// IndexText is the plain-text page served at "/" (to non-WebSocket
// requests), listing the scenarios.
const IndexText = `wstest scripted WebSocket scenarios

/echo                          echo messages (same frame type); echo the close code and reason
/inspect                       answer each message with {"type","len","data"} (data base64 for binary)
/headers                       send the handshake headers as JSON, then echo
/push?n=N&size=S&binary=1&close=CODE&reason=R&interval=MS
                               send N numbered messages of S bytes, then close with CODE or echo
/close?code=C&reason=R&after=MS
                               close with C and R after MS ms, wait for the reply, close TCP
/status/NNN                    refuse the handshake with HTTP status NNN
/stall[?ms=M]                  never answer the handshake (or answer after M ms, then echo)
/drop?after=N&partial=1        send m0..m(N-1) (then half a message), then close TCP without a close frame
/reset[?after=N]               send m0..m(N-1), then reset the TCP connection (RST)
/protocol[?choose=P]           select P (even if not offered; empty: none) or the first offered;
                               send the selection as a text message, then echo
/silent                        never send anything: no pongs, no close reply
/redirect?to=URL[&code=302]    answer the handshake with a redirect to URL
/slowclose[?ms=200]            echo; reply to the client's close frame after MS ms
/bad-utf8?n=N&close=1          send m0..m(N-1), then a text frame with invalid UTF-8 (ff fe)
                               and the text "after", then echo; with close=1, instead of
                               the bad text a close frame 1000 whose reason is ff fe
/after-close                   send close 1000, then a text frame anyway, then close TCP
/big?size=N                    send one binary message of N bytes (byte i is i%256), then echo
/fragments?n=N&size=S          send one text message as N frames of S bytes, then echo
/pingflood?n=N                 send N pings, then the text "done", then echo
/mqtt                          a minimal MQTT 3.1.1 broker (subprotocol "mqtt"), shared by all
                               /mqtt connections of the server: QoS 0/1, + and # filters
`

// Limits on query parameters, so that a typo cannot exhaust memory.
const (
	maxSize  = 256 << 20
	maxCount = 1_000_000
	maxMS    = 10 * 60 * 1000
)

// params parses query parameters, remembering the first error.
type params struct {
	q   url.Values
	err error
}

func newParams(r *http.Request) *params { return &params{q: r.URL.Query()} }

// int returns the parameter name as an integer in [lo, hi], or def if it
// is absent or empty.
func (p *params) int(name string, def, lo, hi int) int {
	v := p.q.Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err == nil && (n < lo || n > hi) {
		err = fmt.Errorf("out of range [%d, %d]", lo, hi)
	}
	if err != nil {
		if p.err == nil {
			p.err = fmt.Errorf("query parameter %s=%q: %v", name, v, err)
		}
		return def
	}
	return n
}

// ms returns the parameter name as a duration in milliseconds.
func (p *params) ms(name string, def time.Duration) time.Duration {
	return time.Duration(p.int(name, int(def/time.Millisecond), 0, maxMS)) * time.Millisecond
}

// bool reports whether the parameter is "1" or "true".
func (p *params) bool(name string) bool {
	v := p.q.Get(name)
	return v == "1" || v == "true"
}

// ok reports whether all parameters parsed; if not it answers the
// handshake with 400 Bad Request.
func (p *params) ok(w http.ResponseWriter) bool {
	if p.err != nil {
		http.Error(w, "wstest: "+p.err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}
