package wstest

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestClose(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/close?code=4000&reason=x", nil, nil)
	wantCloseError(t, readErr(t, c), 4000, "x")
	sc := waitConn(t, srv)
	waitDone(t, sc)
	if sc.CloseCode() != 4000 {
		t.Errorf("client reply recorded as %d", sc.CloseCode())
	}
}

func TestCloseDefaultsAndDelay(t *testing.T) {
	srv := NewServer(t)
	start := time.Now()
	c := dial(t, srv.URL+"/close?after=100", nil, nil)
	wantCloseError(t, readErr(t, c), websocket.CloseNormalClosure, "")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("closed after %v, want >= 100ms", d)
	}
}

func TestCloseNoReplyTimesOut(t *testing.T) {
	srv := NewServer(t, WithCloseTimeout(50*time.Millisecond))
	dial(t, srv.URL+"/close?code=1001", nil, nil) // never reads, never replies
	sc := waitConn(t, srv)
	waitDone(t, sc)
	if sc.CloseCode() != 0 {
		t.Errorf("CloseCode() = %d, want 0 (no reply)", sc.CloseCode())
	}
}

func TestDrop(t *testing.T) {
	for _, newServer := range []func(testing.TB, ...Option) *Server{NewServer, NewTLSServer} {
		srv := newServer(t)
		c := dial(t, srv.URL+"/drop?after=2", srv.Dialer(), nil)
		for _, want := range []string{"m0", "m1"} {
			if got := readText(t, c); got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		}
		wantAbnormal(t, readErr(t, c))
	}
}

func TestReset(t *testing.T) {
	srv := NewServer(t)
	for _, query := range []string{"", "?after=1"} {
		for i := 0; i < 5; i++ {
			c := dial(t, srv.URL+"/reset"+query, nil, nil)
			if query != "" {
				if got := readText(t, c); got != "m0" {
					t.Fatalf("got %q", got)
				}
			}
			err := readErr(t, c)
			if _, ok := err.(*websocket.CloseError); ok {
				t.Fatalf("got %v, want a network error", err)
			}
			wantAbnormal(t, err)
		}
	}
}

func TestAfterClose(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/after-close", nil, nil)
	wantCloseError(t, readErr(t, c), websocket.CloseNormalClosure, "")

	conn, br := rawDial(t, srv, "/after-close")
	if f := readFrame(t, br); f.opcode != websocket.CloseMessage || string(f.payload) != "\x03\xe8" {
		t.Fatalf("first frame %+v, want close 1000", f)
	}
	if f := readFrame(t, br); f.opcode != websocket.TextMessage || !f.fin || string(f.payload) != "after close" {
		t.Fatalf("second frame %+v, want text", f)
	}
	conn.Close()
}
