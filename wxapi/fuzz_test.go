package wxapi

import (
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

// newParseAPI returns an installed API for testing the option parsers, which never
// touch the network.
func newParseAPI(tb testing.TB, opts ...Option) *API {
	rt, err := runtime.New(runtime.WithRoot(tb.TempDir()), runtime.WithStderr(io.Discard))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = rt.Close() })
	a, err := Install(rt, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func TestURLAllowed(t *testing.T) {
	a := newParseAPI(t, WithURLCheck(true), WithAllowedDomains("chat.example.com", "例子.测试"))
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"wss://chat.example.com/ws", true},
		{"wss://CHAT.Example.com:8443/ws", true}, // any port, any case
		{"wss://chat.example.com./ws", true},
		{"ws://chat.example.com/ws", false}, // wss only
		{"wss://other.example.com/", false},
		{"wss://evil.chat.example.com/", false}, // no parent-domain wildcard
		{"wss://chat.example.com.evil.net/", false},
		{"wss://user:pw@chat.example.com/", false},
		{"wss://localhost/", false},
		{"wss://127.0.0.1/", false},
		{"wss://[::1]/", false},
		{"wss://8.8.8.8/", false},    // public IP
		{"wss://10.1.2.3/", true},    // LAN IP of another device (base library 2.4.0+)
		{"wss://192.168.9.9/", true}, // LAN IP
		{"wss://api.weixin.qq.com/", false},
		{"wss://xn--fsqu00a.xn--0zwm56d/", true}, // punycode of a listed IDN domain
		{"wss://例子.测试/", true},
		{"wss://сhat.example.com/", false}, // Cyrillic с
	} {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		if got, why := a.urlAllowed(u); got != c.want {
			t.Errorf("%s: allowed=%v (%s), want %v", c.url, got, why, c.want)
		}
	}
}

// FuzzURLCheck: no input panics, and nothing but wss:// to a listed domain or a LAN
// address is ever allowed.
func FuzzURLCheck(f *testing.F) {
	for _, s := range []string{"wss://chat.example.com/", "ws://x", "wss://10.0.0.1:99999/", "wss://[fe80::1%25eth0]/",
		"wss://例子.测试/", "wss://user@chat.example.com", "wss://chat.example.com%00.evil/", "wss://%zz"} {
		f.Add(s)
	}
	a := newParseAPI(f, WithURLCheck(true), WithAllowedDomains("chat.example.com", "例子.测试"))
	f.Fuzz(func(t *testing.T, raw string) {
		if !socketURLPattern.MatchString(raw) {
			return
		}
		reason := a.checkSocketURLQuiet(raw)
		if reason != "" {
			return
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%q allowed but does not parse", raw)
		}
		if !strings.EqualFold(u.Scheme, "wss") || u.User != nil {
			t.Fatalf("%q allowed", raw)
		}
	})
}

// FuzzHandshakeHeader: whatever names and values a script passes, the request header
// carries no CR/LF and never a script-chosen Referer.
func FuzzHandshakeHeader(f *testing.F) {
	f.Add("X-Token", "abc")
	f.Add("Referer", "https://evil/")
	f.Add("X-A", "v\r\nInjected: 1")
	f.Add("X-B\r\nInjected", "v")
	f.Add("", "")
	f.Add("reFERer", "x")
	a := newParseAPI(f)
	f.Fuzz(func(t *testing.T, name, value string) {
		obj := a.vm.NewObject()
		_ = obj.Set(name, value)
		h := a.handshakeHeader(obj)
		for k, vs := range h {
			if strings.ContainsAny(k, "\r\n\x00:") && k != "" {
				t.Fatalf("header name %q", k)
			}
			for _, v := range vs {
				if strings.ContainsAny(v, "\r\n\x00") {
					t.Fatalf("header %q value %q", k, v)
				}
			}
		}
		if got := h.Get("Referer"); !strings.HasPrefix(got, "https://servicewechat.com/") {
			t.Fatalf("Referer %q", got)
		}
	})
}

// FuzzCloseParams: any code/reason pair is either accepted within the protocol's rules or
// rejected with a reason, never a panic.
func FuzzCloseParams(f *testing.F) {
	f.Add(1000.0, "")
	f.Add(4001.0, "bye")
	f.Add(1001.0, "x")
	f.Add(3000.5, "x")
	f.Add(-1.0, strings.Repeat("é", 70))
	vm := goja.New()
	f.Fuzz(func(t *testing.T, code float64, reason string) {
		opts := vm.NewObject()
		_ = opts.Set("code", code)
		_ = opts.Set("reason", reason)
		c, r, problem := closeParams(opts)
		if problem != "" {
			return
		}
		if c != 1000 && (c < 3000 || c > 4999) {
			t.Fatalf("accepted code %d", c)
		}
		if len(r) > 123 {
			t.Fatalf("accepted a %d-byte reason", len(r))
		}
	})
}
