package devserver

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestStart(t *testing.T) {
	r, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if !strings.HasPrefix(r.URL(), "ws://127.0.0.1:") || strings.HasSuffix(r.URL(), ":0") {
		t.Fatalf("URL() = %q", r.URL())
	}
	if r.HTTPURL() != "http://"+r.Addr() {
		t.Fatalf("HTTPURL() = %q, Addr() = %q", r.HTTPURL(), r.Addr())
	}
	c := dial(t, r.URL()+"/echo")
	write(t, c, websocket.TextMessage, []byte("ping"))
	if _, data := read(t, c); string(data) != "ping" {
		t.Fatalf("got %q", data)
	}
	errc := make(chan error, 1)
	go func() { errc <- readErr(t, c) }()
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wantCloseError(t, <-errc, websocket.CloseGoingAway, goingAway)
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestStartLocalhost(t *testing.T) {
	r, err := Start("localhost:0")
	if err != nil {
		t.Skipf("localhost: %v", err)
	}
	r.Close()
}

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.com:0"} {
		r, err := Start(addr)
		if !errors.Is(err, ErrNonLoopback) {
			if r != nil {
				r.Close()
			}
			t.Errorf("Start(%q): got %v, want ErrNonLoopback", addr, err)
		}
	}
	if _, err := Start("127.0.0.1"); err == nil || errors.Is(err, ErrNonLoopback) {
		t.Errorf("Start without port: got %v, want an address error", err)
	}
}

func TestListenAndServe(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := ListenAndServe(ctx, "127.0.0.1:0"); err != nil {
		t.Fatalf("got %v, want nil after ctx is done", err)
	}
	if err := ListenAndServe(context.Background(), ":0"); !errors.Is(err, ErrNonLoopback) {
		t.Fatalf("got %v, want ErrNonLoopback", err)
	}
}
