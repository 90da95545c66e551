package wxapi

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"
)

// tcpServer serves each connection with serve on 127.0.0.1 until the test ends.
func tcpServer(t *testing.T, serve func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				serve(c)
			}()
		}
	}()
	return ln.Addr().String()
}

func dialLink(t *testing.T, l *link, addr string) net.Conn {
	var d net.Dialer
	c, err := l.dial(context.Background(), "tcp", addr, d.DialContext)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// timed returns how long f took.
func timed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// The link's buckets pace traffic by the profile: the same transfer takes about four
// times as long at a quarter of the rate, each way. Only ratios are asserted: the machine
// may be slow, never fast beyond the rate.
func TestLinkPacesBothDirections(t *testing.T) {
	const size = 24 << 10
	sink := tcpServer(t, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
	source := tcpServer(t, func(c net.Conn) { _, _ = c.Write(make([]byte, size)) })
	upload := func(rate float64) time.Duration {
		l := newLink(NetworkWiFi)
		l.set(Network4G, linkProfile{up: rate})
		c := dialLink(t, l, sink)
		return timed(func() {
			if _, err := c.Write(make([]byte, size)); err != nil {
				t.Fatal(err)
			}
		})
	}
	download := func(rate float64) time.Duration {
		l := newLink(NetworkWiFi)
		l.set(Network4G, linkProfile{down: rate})
		c := dialLink(t, l, source)
		return timed(func() {
			if _, err := io.ReadFull(c, make([]byte, size)); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, dir := range []struct {
		name     string
		transfer func(float64) time.Duration
	}{{"upload", upload}, {"download", download}} {
		slow, fast := dir.transfer(64<<10), dir.transfer(256<<10)
		if ratio := float64(slow) / float64(fast); ratio < 2.5 {
			t.Errorf("%s: %v at 64 KiB/s, %v at 256 KiB/s: ratio %.2f, want about 4", dir.name, slow, fast, ratio)
		}
	}
}

// Latency is paid when a connection is set up and on each request/response turn: a
// round trip costs many times more with a profile's latency than without.
func TestLinkAddsLatencyPerTurn(t *testing.T) {
	echo := tcpServer(t, func(c net.Conn) { _, _ = io.Copy(c, c) })
	roundTrips := func(latency time.Duration) time.Duration {
		l := newLink(NetworkWiFi)
		l.set(Network4G, linkProfile{latency: latency})
		return timed(func() {
			c := dialLink(t, l, echo)
			buf := make([]byte, 4)
			for range 3 {
				if _, err := c.Write([]byte("ping")); err != nil {
					t.Fatal(err)
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	without, with := roundTrips(0), roundTrips(40*time.Millisecond)
	if float64(with) < 10*float64(without) {
		t.Errorf("3 round trips: %v without latency, %v with 40 ms: want ten times as long at least", without, with)
	}
}

// A network change applies to open connections from the next byte on: a transfer that
// leaves the slow network early ends long before one that stays on it.
func TestLinkChangeAppliesToOpenConnections(t *testing.T) {
	const size = 16 << 10
	source := tcpServer(t, func(c net.Conn) { _, _ = c.Write(make([]byte, size)) })
	transfer := func(switchAfter int) time.Duration {
		l := newLink(NetworkWiFi)
		l.set(Network2G, linkProfile{down: 32 << 10})
		c := dialLink(t, l, source)
		return timed(func() {
			buf := make([]byte, 512)
			for got := 0; got < size; {
				n, err := c.Read(buf)
				if err != nil {
					t.Fatal(err)
				}
				got += n
				if switchAfter > 0 && got >= switchAfter {
					l.set(NetworkWiFi, linkProfile{})
					switchAfter = 0
				}
			}
		})
	}
	stayed, left := transfer(0), transfer(2<<10)
	if ratio := float64(stayed) / float64(left); ratio < 3 {
		t.Errorf("16 KiB at 32 KiB/s: %v; switching to Wi-Fi after 2 KiB: %v (ratio %.2f, want > 3)", stayed, left, ratio)
	}
}

// Going offline cuts open connections (their reads fail with ENETDOWN, at once) and
// fails new dials before any look-up, with the kernel's words.
func TestLinkOffline(t *testing.T) {
	echo := tcpServer(t, func(c net.Conn) { _, _ = io.Copy(c, c) })
	l := newLink(NetworkWiFi)
	c := dialLink(t, l, echo)
	readErr := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 1))
		readErr <- err
	}()
	time.Sleep(20 * time.Millisecond) // let the read block
	if old := l.set(NetworkOffline, linkProfile{}); old != NetworkWiFi {
		t.Errorf("set returned %s", old)
	}
	select {
	case err := <-readErr:
		if !errors.Is(err, syscall.ENETDOWN) {
			t.Errorf("blocked read: %v, want ENETDOWN", err)
		}
	case <-time.After(5 * time.Second):
		c.Close() // ends the read, so the test ends
		t.Fatal("going offline did not end a blocked read")
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, syscall.ENETDOWN) {
		t.Errorf("write after the cut: %v", err)
	}
	var d net.Dialer
	_, err := l.dial(context.Background(), "tcp", "nowhere.invalid:443", d.DialContext)
	if err == nil || err.Error() != "dial tcp nowhere.invalid:443: connect: network is down" {
		t.Errorf("offline dial: %v", err)
	}
	l.set(NetworkWiFi, linkProfile{})
	c = dialLink(t, l, echo)
	if _, err := c.Write([]byte("x")); err != nil {
		t.Errorf("back online: %v", err)
	}
}
