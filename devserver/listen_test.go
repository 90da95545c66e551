package devserver

import (
	"context"
	"errors"
	"net"
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

// TestStartLocalhost: "localhost" is a loopback address for Start, which listens on what
// it resolves to and serves there.
func TestStartLocalhost(t *testing.T) {
	addrs, err := net.DefaultResolver.LookupHost(context.Background(), "localhost")
	if err != nil {
		t.Skipf("this machine does not resolve localhost: %v", err)
	}
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip == nil || !ip.IsLoopback() {
			t.Skipf("this machine resolves localhost to %v, not only loopback addresses", addrs)
		}
	}
	r, err := Start("localhost:0")
	if err != nil {
		t.Fatalf("Start(localhost:0): %v", err)
	}
	t.Cleanup(func() { r.Close() })
	host, _, err := net.SplitHostPort(r.Addr())
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Fatalf("Addr() = %q, want a loopback address", r.Addr())
	}
	c := dial(t, r.URL()+"/echo")
	write(t, c, websocket.TextMessage, []byte("ping"))
	if _, data := read(t, c); string(data) != "ping" {
		t.Fatalf("got %q", data)
	}
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
