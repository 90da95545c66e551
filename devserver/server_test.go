package devserver

import (
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
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
	_, url := newTestServer(t, WithPingInterval(interval))

	t.Run("answering client stays", func(t *testing.T) {
		c := dial(t, url+"/echo")
		var pings int
		def := c.PingHandler()
		c.SetPingHandler(func(s string) error { pings++; return def(s) })
		deadline := time.Now().Add(10 * interval)
		c.SetReadDeadline(deadline)
		_, _, err := c.ReadMessage()
		var ne interface{ Timeout() bool }
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("got %v, want a client-side read timeout", err)
		}
		if pings < 3 {
			t.Fatalf("got %d pings in %v", pings, 10*interval)
		}
	})

	t.Run("silent client dropped", func(t *testing.T) {
		c := dial(t, url+"/echo")
		time.Sleep(5 * interval) // pings are not answered while not reading
		err := readErr(t, c)
		if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) {
			t.Fatalf("got %v, want an abnormal closure", err)
		}
	})
}
