package wstest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestStatus(t *testing.T) {
	srv := NewServer(t)
	for _, code := range []int{404, 403, 500, 200} {
		_, resp, err := websocket.DefaultDialer.Dial(srv.URL+"/status/"+strconv.Itoa(code), nil)
		if !errors.Is(err, websocket.ErrBadHandshake) {
			t.Fatalf("status %d: got %v, want ErrBadHandshake", code, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != code || !strings.Contains(string(body), strconv.Itoa(code)) {
			t.Errorf("got %d %q, want %d", resp.StatusCode, body, code)
		}
		if sc := waitConn(t, srv); sc.Upgraded() || sc.Path() != "/status/"+strconv.Itoa(code) {
			t.Errorf("recorded %s upgraded=%v", sc.Path(), sc.Upgraded())
		}
	}
	_, resp, _ := websocket.DefaultDialer.Dial(srv.URL+"/status/99", nil)
	if resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad status: got %v", resp)
	}
	sc := waitConn(t, srv)
	if err := sc.WriteText("x"); !errors.Is(err, ErrNotUpgraded) {
		t.Errorf("WriteText on refused handshake: %v", err)
	}
}

func TestRedirect(t *testing.T) {
	srv := NewServer(t)
	target := srv.URL + "/echo"
	_, resp, err := websocket.DefaultDialer.Dial(srv.URL+"/redirect?to="+target, nil)
	if !errors.Is(err, websocket.ErrBadHandshake) || resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != target {
		t.Fatalf("got %v, %v", err, resp)
	}
	_, resp, _ = websocket.DefaultDialer.Dial(srv.URL+"/redirect?to=/x&code=301", nil)
	if resp.StatusCode != http.StatusMovedPermanently {
		t.Fatalf("got %d", resp.StatusCode)
	}
}

func TestStall(t *testing.T) {
	srv := NewServer(t)
	d := &websocket.Dialer{HandshakeTimeout: 100 * time.Millisecond}
	_, _, err := d.Dial(srv.URL+"/stall", nil)
	if !isTimeout(err) {
		t.Fatalf("got %v, want a handshake timeout", err)
	}
	// The client went away: the stalled scenario is released.
	waitDone(t, waitConn(t, srv))

	start := time.Now()
	c := dial(t, srv.URL+"/stall?ms=100", nil, nil)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("handshake answered after %v, want >= 100ms", d)
	}
	write(t, c, websocket.TextMessage, []byte("late"))
	if s := readText(t, c); s != "late" {
		t.Fatalf("got %q", s)
	}
}

// A stalled handshake still pending when the server closes is released.
func TestStallReleasedByClose(t *testing.T) {
	srv := NewServer(t)
	errc := make(chan error, 1)
	go func() {
		_, _, err := websocket.DefaultDialer.Dial(srv.URL+"/stall", nil)
		errc <- err
	}()
	sc := waitConn(t, srv)
	srv.Close()
	waitDone(t, sc)
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("handshake succeeded")
		}
	case <-time.After(testTimeout):
		t.Fatal("client still waiting after Close")
	}
}

func TestProtocol(t *testing.T) {
	srv := NewServer(t)
	tests := []struct {
		query   string
		offered []string
		want    string
	}{
		{"", []string{"wx.v2", "wx.v1"}, "wx.v2"},
		{"", nil, ""},
		{"?choose=wx.v1", []string{"wx.v2", "wx.v1"}, "wx.v1"},
		{"?choose=hostile", []string{"wx.v1"}, "hostile"},
		{"?choose=hostile", nil, "hostile"},
		{"?choose=", []string{"wx.v1"}, ""},
	}
	for _, tt := range tests {
		d := &websocket.Dialer{Subprotocols: tt.offered}
		c := dial(t, srv.URL+"/protocol"+tt.query, d, nil)
		if c.Subprotocol() != tt.want {
			t.Errorf("%s offered %q: handshake selected %q, want %q", tt.query, tt.offered, c.Subprotocol(), tt.want)
		}
		if s := readText(t, c); s != tt.want {
			t.Errorf("%s offered %q: message %q, want %q", tt.query, tt.offered, s, tt.want)
		}
		if sc := waitConn(t, srv); sc.Subprotocol() != tt.want {
			t.Errorf("recorded %q", sc.Subprotocol())
		}
		write(t, c, websocket.TextMessage, []byte("e"))
		readText(t, c)
	}
}

func TestHandshakeDelay(t *testing.T) {
	srv := NewServer(t, WithHandshakeDelay(100*time.Millisecond))
	start := time.Now()
	dial(t, srv.URL+"/echo", nil, nil)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("handshake took %v", d)
	}
}

func TestBadParams(t *testing.T) {
	srv := NewServer(t)
	for _, path := range []string{"/push?n=-1", "/push?size=abc", "/close?code=x", "/stall?ms=-5", "/nope", "/redirect"} {
		_, resp, err := websocket.DefaultDialer.Dial(srv.URL+path, nil)
		if !errors.Is(err, websocket.ErrBadHandshake) || resp.StatusCode/100 != 4 {
			t.Errorf("%s: got %v, %v; want a 4xx refusal", path, err, resp)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	for range 6 {
		c, err := srv.WaitConn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		waitDone(t, c)
	}
}
