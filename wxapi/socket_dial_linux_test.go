package wxapi

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/wxrun/wxrun/wstest"
)

// A host name with two addresses, the first of which never answers (a broken IPv6 route,
// common in practice), connects quickly through the second: the dialer races the address
// families (RFC 8305) instead of spending the whole connect timeout on the first. All of
// it stays on loopback: a DNS server on 127.0.0.1 answers ::1 and 127.0.0.1 for any name,
// [::1]:P is a listener whose full accept queue drops every SYN, and 127.0.0.1:P serves.
// The onOpen profile's timings come from the dial itself.
func TestDialRacesAddressFamilies(t *testing.T) {
	srv := wstest.NewServer(t)
	_, portText, _ := net.SplitHostPort(srv.Addr)
	port, _ := strconv.Atoi(portText)
	blackHole(t, port)
	resolver := loopbackResolver(t, startDNS(t, net.ParseIP("::1"), net.ParseIP("127.0.0.1")))
	const host = "dualstack.wxrun.test"
	addrs, err := resolver.LookupIPAddr(context.Background(), host)
	if err != nil {
		t.Fatal(err)
	}
	if len(addrs) != 2 || !addrs[0].IP.Equal(net.IPv6loopback) {
		t.Skipf("the resolver orders %v; the test needs ::1 first (RFC 6724)", addrs)
	}

	const timeout = 10 * time.Second
	start := time.Now()
	lines := runLines(t, "ws://"+net.JoinHostPort(host, portText)+"/echo", `
		const task = wx.connectSocket({ url: URL });
		task.onOpen((res) => { console.log(JSON.stringify(res.profile)); task.close(); });
		task.onError((res) => console.log("error", res.errMsg));
	`, withResolver(resolver), WithConnectTimeout(timeout))
	elapsed := time.Since(start)
	if len(lines) != 1 || lines[0] == "" || lines[0][0] != '{' {
		t.Fatalf("output %q after %v", lines, elapsed)
	}
	if elapsed > timeout/2 {
		t.Fatalf("connecting took %v: the unreachable first address held the dial", elapsed)
	}
	var p map[string]int64
	if err := json.Unmarshal([]byte(lines[0]), &p); err != nil {
		t.Fatal(err)
	}
	order := []string{"fetchStart", "domainLookUpStart", "domainLookUpEnd", "connectStart", "connectEnd"}
	for i := 1; i < len(order); i++ {
		if p[order[i-1]] > p[order[i]] {
			t.Errorf("profile: %s %d after %s %d", order[i-1], p[order[i-1]], order[i], p[order[i]])
		}
	}
	// Durations and timestamps are each rounded down to milliseconds: 1 ms apart at most.
	if d := p["rtt"] - (p["connectEnd"] - p["connectStart"]); d < -1 || d > 1 || p["handshakeCost"] < 0 || p["cost"] < p["rtt"] {
		t.Errorf("profile durations disagree with its timestamps: %v", p)
	}
	t.Logf("connected in %v; profile %v", elapsed, p)
}

func withResolver(r *net.Resolver) Option { return func(c *config) { c.resolver = r } }

// loopbackResolver returns a resolver that sends every DNS query to dnsAddr, whatever
// the system's configuration names.
func loopbackResolver(t *testing.T, dnsAddr string) *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", dnsAddr)
		},
	}
}

// startDNS serves DNS on 127.0.0.1 (UDP), answering every A and AAAA question with the
// addresses of ips of that family, in order. It returns the server's address.
func startDNS(t *testing.T, ips ...net.IP) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { pc.Close(); <-done })
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if resp, err := dnsAnswer(buf[:n], ips); err == nil {
				_, _ = pc.WriteTo(resp, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

func dnsAnswer(query []byte, ips []net.IP) ([]byte, error) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{
		ID: h.ID, Response: true, Authoritative: true,
		RecursionDesired: h.RecursionDesired, RecursionAvailable: true,
	})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	if err := b.StartAnswers(); err != nil {
		return nil, err
	}
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	for _, ip := range ips {
		switch ip4 := ip.To4(); {
		case q.Type == dnsmessage.TypeA && ip4 != nil:
			err = b.AResource(rh, dnsmessage.AResource{A: [4]byte(ip4)})
		case q.Type == dnsmessage.TypeAAAA && ip4 == nil:
			err = b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: [16]byte(ip.To16())})
		}
		if err != nil {
			return nil, err
		}
	}
	return b.Finish()
}

// blackHole makes [::1]:port drop every connection attempt, as an unreachable address
// does: a listener with a backlog of 0 whose accept queue is filled and never accepted
// from. Linux drops SYNs to a listener whose accept queue is full (tcp_abort_on_overflow
// off, the default), so the dialer's SYNs go unanswered. The test is skipped where there
// is no IPv6 loopback or the queue cannot be filled.
func blackHole(t *testing.T, port int) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no IPv6 sockets here: %v", err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet6{Port: port, Addr: [16]byte{15: 1}}); err != nil {
		t.Skipf("cannot listen on [::1]:%d (no IPv6 loopback, or the port is taken): %v", port, err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("::1", strconv.Itoa(port))
	for range 8 {
		c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return // the queue is full: SYNs are dropped now
		}
		if err != nil {
			t.Fatalf("filling the accept queue of %s: %v", addr, err)
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skipf("the accept queue of %s never filled: cannot make an unreachable address here", addr)
}
