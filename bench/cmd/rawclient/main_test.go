package main

import (
	"regexp"
	"strings"
	"syscall"
	"testing"

	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/bench/server"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func startServer(t *testing.T) *server.Server {
	t.Helper()
	s, err := server.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Every scenario runs against the real benchmark server and checks its own totals (the
// characters and bytes received, the server's count of what was sent).
func TestScenariosAgainstTheServer(t *testing.T) {
	s := startServer(t)
	want := map[string]string{
		"pingpong":    `^RESULT pingpong [1-9][0-9]* roundtrips/s$`,
		"push_text":   `^RESULT push_text [1-9][0-9]* msgs/s$`,
		"push_binary": `^RESULT push_binary [1-9][0-9]* msgs/s\nRESULT push_binary_mb [0-9.]+ MB/s$`,
		"fanout":      `^RESULT fanout [1-9][0-9]* roundtrips/s$`,
		"send":        `^RESULT send [1-9][0-9]* msgs/s$`,
		"json":        `^RESULT json [1-9][0-9]* msgs/s$`,
	}
	if len(want) != len(scenarios) {
		t.Fatalf("%d scenarios, %d tested", len(scenarios), len(want))
	}
	for name, re := range want {
		t.Run(name, func(t *testing.T) {
			lines, err := scenarios[name](s.URL(), 200, 5)
			if err != nil {
				t.Fatal(err)
			}
			out := strings.Join(lines, "\n")
			if !regexp.MustCompile(re).MatchString(out) {
				t.Fatalf("output %q does not match %s", out, re)
			}
		})
	}
}

// The client's sockets leave Nagle's algorithm on, as wx.connectSocket does by default
// and so do wxrun and the Node shim: the comparison must give every client the same TCP.
func TestDialLeavesNagleOn(t *testing.T) {
	s := startServer(t)
	c, err := dial(s.URL() + "/echo")
	if err != nil {
		t.Fatal(err)
	}
	defer closeConn(c)
	raw, err := c.NetConn().(syscall.Conn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var noDelay int
	var sockErr error
	if err := raw.Control(func(fd uintptr) {
		noDelay, sockErr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_NODELAY)
	}); err != nil {
		t.Fatal(err)
	}
	if sockErr != nil {
		t.Fatal(sockErr)
	}
	if noDelay != 0 {
		t.Fatalf("TCP_NODELAY = %d, want 0 (Nagle on)", noDelay)
	}
}
