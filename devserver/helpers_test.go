package devserver

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// testTimeout bounds every single wait in the tests.
const testTimeout = 5 * time.Second

// newTestServer serves a new Server from an httptest server and returns
// the Server and its ws:// base URL. Both are closed by t.Cleanup.
func newTestServer(t *testing.T, opts ...Option) (*Server, string) {
	t.Helper()
	s := New(opts...)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(func() { s.Close() }) // runs first: closes the hijacked connections
	return s, "ws" + strings.TrimPrefix(ts.URL, "http")
}

// dial connects to url and closes the connection with t.Cleanup.
func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	c, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", url, err, status)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// read reads one message, failing the test on error or timeout.
func read(t *testing.T, c *websocket.Conn) (int, []byte) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(testTimeout))
	typ, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return typ, data
}

// readErr reads until an error and returns it.
func readErr(t *testing.T, c *websocket.Conn) error {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(testTimeout))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return err
		}
	}
}

// readJSON reads one text message and decodes it into v.
func readJSON(t *testing.T, c *websocket.Conn, v any) {
	t.Helper()
	typ, data := read(t, c)
	if typ != websocket.TextMessage {
		t.Fatalf("got message type %d, want text", typ)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %q: %v", data, err)
	}
}

func write(t *testing.T, c *websocket.Conn, typ int, data []byte) {
	t.Helper()
	if err := c.WriteMessage(typ, data); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// wantCloseError fails the test unless err is a *websocket.CloseError with
// the given code and text.
func wantCloseError(t *testing.T, err error, code int, text string) {
	t.Helper()
	ce, ok := err.(*websocket.CloseError)
	if !ok {
		t.Fatalf("got error %v (%T), want close %d %q", err, err, code, text)
	}
	if ce.Code != code || ce.Text != text {
		t.Fatalf("got close %d %q, want %d %q", ce.Code, ce.Text, code, text)
	}
}
