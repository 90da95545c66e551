// Package wsclient holds the WebSocket client helpers the server packages' tests share:
// dial, read and write with a deadline, and close-error assertions, each failing the test
// instead of returning an error.
package wsclient

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Timeout bounds every single wait.
const Timeout = 5 * time.Second

// Dial connects to url with d (the default dialer if nil) and header h, and closes the
// connection with t.Cleanup.
func Dial(t testing.TB, url string, d *websocket.Dialer, h http.Header) *websocket.Conn {
	t.Helper()
	if d == nil {
		d = websocket.DefaultDialer
	}
	c, resp, err := d.Dial(url, h)
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

// Read reads one message, failing the test on error or timeout.
func Read(t testing.TB, c *websocket.Conn) (int, []byte) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(Timeout))
	typ, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return typ, data
}

// ReadErr reads until an error and returns it.
func ReadErr(t testing.TB, c *websocket.Conn) error {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(Timeout))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return err
		}
	}
}

// Write writes one message, failing the test on error.
func Write(t testing.TB, c *websocket.Conn, typ int, data []byte) {
	t.Helper()
	if err := c.WriteMessage(typ, data); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// WantCloseError fails the test unless err is a *websocket.CloseError with the given
// code and text.
func WantCloseError(t testing.TB, err error, code int, text string) {
	t.Helper()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		t.Fatalf("got error %v (%T), want close %d %q", err, err, code, text)
	}
	if ce.Code != code || ce.Text != text {
		t.Fatalf("got close %d %q, want %d %q", ce.Code, ce.Text, code, text)
	}
}
