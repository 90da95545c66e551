package devserver

import (
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/internal/syncbuf"
)

func newLogger(w io.Writer) *log.Logger { return log.New(w, "", 0) }

func TestCloseSendsGoingAway(t *testing.T) {
	s, url := newTestServer(t)
	conns := []*websocket.Conn{dial(t, url+"/echo"), dial(t, url+"/chat?name=a")}
	read(t, conns[1]) // join

	errs := make([]error, len(conns))
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = readErr(t, c) // also replies to the close frame
		}()
	}
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > closeTimeout/2 {
		t.Errorf("Close took %v with cooperative clients", d)
	}
	wg.Wait()
	for _, err := range errs {
		wantCloseError(t, err, websocket.CloseGoingAway, goingAway)
	}

	_, resp, err := websocket.DefaultDialer.Dial(url+"/echo", nil)
	if !errors.Is(err, websocket.ErrBadHandshake) || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial after Close: %v, %v; want bad handshake 503", err, resp)
	}
	s.Close() // idempotent
}

// Close does not wait forever for clients that never answer.
func TestCloseUnresponsiveClient(t *testing.T) {
	s, url := newTestServer(t)
	dial(t, url+"/echo") // never read: the close handshake cannot complete
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 3*closeTimeout {
		t.Errorf("Close took %v", d)
	}
}

func TestHTTPRequests(t *testing.T) {
	ts := httptest.NewServer(New())
	t.Cleanup(ts.Close)
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/", 200, "/chat?room=NAME&name=NICK"},
		{"HEAD", "/", 200, ""},
		{"POST", "/", 405, ""},
		{"GET", "/echo", 426, "WebSocket handshake"},
		{"GET", "/chat", 426, "WebSocket handshake"},
		{"GET", "/nope", 404, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, nil)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.body) {
			t.Errorf("%s %s: got %d %q, want %d containing %q", tt.method, tt.path, resp.StatusCode, body, tt.status, tt.body)
		}
		if tt.path == "/" && tt.status == 200 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("help page Content-Type %q", resp.Header.Get("Content-Type"))
		}
	}
}

func TestPingKeepalive(t *testing.T) {
	const interval = 20 * time.Millisecond

	t.Run("answering client stays", func(t *testing.T) {
		_, url := newTestServer(t, WithPingInterval(interval))
		c := dial(t, url+"/echo")
		var pings atomic.Int32
		def := c.PingHandler()
		c.SetPingHandler(func(s string) error { pings.Add(1); return def(s) })
		// The client reads (and so answers pings) all along. Time must pass for the
		// keepalive to act: after ten intervals, five times what a silent client is
		// allowed, the connection still echoes.
		timer := time.AfterFunc(10*interval, func() { _ = c.WriteMessage(websocket.TextMessage, []byte("still here")) })
		defer timer.Stop()
		if _, data := read(t, c); string(data) != "still here" {
			t.Fatalf("got %q", data)
		}
		if n := pings.Load(); n < 3 {
			t.Fatalf("got %d pings in %v", n, 10*interval)
		}
	})

	t.Run("silent client dropped", func(t *testing.T) {
		var logs syncbuf.Buffer
		_, url := newTestServer(t, WithPingInterval(interval), WithLogger(newLogger(&logs)))
		c := dial(t, url+"/echo")
		// Not reading, the client answers no ping. Wait for the server to say it dropped
		// the connection, then check that the client sees the connection end.
		deadline := time.Now().Add(testTimeout)
		for !strings.Contains(logs.String(), "disconnected from /echo") {
			if time.Now().After(deadline) {
				t.Fatalf("the server did not drop the silent client within %v; log:\n%s", testTimeout, logs.String())
			}
			time.Sleep(interval / 4)
		}
		err := readErr(t, c)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("the client's own read deadline ended the wait (%v), not the server", err)
		}
		var ce *websocket.CloseError
		if !(errors.As(err, &ce) && ce.Code == websocket.CloseAbnormalClosure) && !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("got %v (%T), want the connection to end without a close frame (1006, a reset, or a broken pipe answering a ping)", err, err)
		}
	})
}
