package devserver

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/internal/wsclient"
)

// testTimeout bounds every single wait in the tests.
const testTimeout = wsclient.Timeout

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
func dial(t *testing.T, url string) *websocket.Conn { return wsclient.Dial(t, url, nil, nil) }

var (
	read    = wsclient.Read
	readErr = wsclient.ReadErr
)

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

var (
	write          = wsclient.Write
	wantCloseError = wsclient.WantCloseError
)
