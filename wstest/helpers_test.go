package wstest

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/internal/wsclient"
)

// testTimeout bounds every single wait in the tests.
const testTimeout = wsclient.Timeout

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

var (
	wantCloseError = wsclient.WantCloseError
	dial           = wsclient.Dial
	read           = wsclient.Read
	readErr        = wsclient.ReadErr
	write          = wsclient.Write
)

func readText(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	typ, data := read(t, c)
	if typ != websocket.TextMessage {
		t.Fatalf("got message type %d (%q), want text", typ, data)
	}
	return string(data)
}

func writeClose(t *testing.T, c *websocket.Conn, code int, reason string) {
	t.Helper()
	if err := c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(testTimeout)); err != nil {
		t.Fatalf("write close: %v", err)
	}
}

// wantAbnormal fails unless err reports a connection that ended without a
// close frame: a network error, or the 1006 CloseError gorilla synthesizes
// on an unexpected EOF.
func wantAbnormal(t *testing.T, err error) {
	t.Helper()
	var ce *websocket.CloseError
	if err == nil || errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		t.Fatalf("got %v, want an abnormal closure", err)
	}
	if isTimeout(err) {
		t.Fatalf("got a timeout (%v), want an abnormal closure", err)
	}
}

// waitConn returns the next connection recorded by s.
func waitConn(t *testing.T, s *Server) *Conn {
	t.Helper()
	c, err := s.WaitConn(testContext(t))
	if err != nil {
		t.Fatalf("WaitConn: %v", err)
	}
	return c
}

func waitDone(t *testing.T, c *Conn) {
	t.Helper()
	if err := c.Wait(testContext(t)); err != nil {
		t.Fatalf("connection %d (%s) not done: %v", c.ID(), c.Path(), err)
	}
}

// rawDial performs a WebSocket handshake by hand over plain TCP so that
// tests can look at the frames exactly as sent.
func rawDial(t *testing.T, s *Server, path string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(testTimeout))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", path, s.Addr)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("raw handshake: status %d", resp.StatusCode)
	}
	return conn, br
}

type frame struct {
	fin     bool
	opcode  int
	payload []byte
}

// readFrame reads one unmasked frame.
func readFrame(t *testing.T, br *bufio.Reader) frame {
	t.Helper()
	var h [2]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		t.Fatalf("read frame header: %v", err)
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		io.ReadFull(br, b[:])
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		io.ReadFull(br, b[:])
		n = binary.BigEndian.Uint64(b[:])
	}
	if h[1]&0x80 != 0 {
		t.Fatal("server frame is masked")
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(br, p); err != nil {
		t.Fatalf("read frame payload: %v", err)
	}
	return frame{fin: h[0]&0x80 != 0, opcode: int(h[0] & 0xf), payload: p}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
