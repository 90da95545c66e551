package wxapi

import (
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"golang.org/x/net/idna"

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
		{"wss://[fd00::5]/", true},         // IPv6 LAN addresses (RFC 4193, link-local) too
		{"wss://[fe80::5]/", true},
		{"wss://[::ffff:10.0.0.1]/", true}, // an IPv4 LAN address written as IPv6
		{"wss://[fe80::5%25eth0]/", false}, // a zone names an interface of this machine
		{"wss://[2001:db8::1]/", false},    // public IPv6
		{"wss://１０.０.０.１/", false},         // full-width digits: not an IP, and the dialer would look the name up
	} {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		if got, why := a.urlAllowed(u, a.socketDomains()); got != c.want {
			t.Errorf("%s: allowed=%v (%s), want %v", c.url, got, why, c.want)
		}
	}
}

// FuzzURLCheck: no input panics, and with URL checking on nothing is allowed that the
// rule of spec §2 forbids: only wss://, without credentials, to a host whose IDN ASCII
// form is in the allow-list (any case, any port), or to a LAN address of another machine.
// The oracle (urlRuleAllows) is written from the rule, not from urlAllowed.
func FuzzURLCheck(f *testing.F) {
	for _, s := range []string{"wss://chat.example.com/", "ws://x", "wss://10.0.0.1:99999/", "wss://[fe80::1%25eth0]/",
		"wss://例子.测试/", "wss://user@chat.example.com", "wss://chat.example.com%00.evil/", "wss://%zz",
		"wss://evil.chat.example.com/", "wss://chat.example.com.evil.net/", "wss://xn--fsqu00a.xn--0zwm56d/",
		"wss://CHAT.EXAMPLE.COM./", "wss://127.0.0.1/", "wss://[::1]/", "wss://8.8.8.8/", "wss://localhost/",
		"wss://192.168.1.1/", "wss://[::ffff:10.0.0.1]/", "wss://[fd00::1]/", "wss://0.0.0.0/", "wss://ｃｈａｔ.example.com/"} {
		f.Add(s)
	}
	// This machine's own addresses must be refused even where they are LAN addresses.
	own := ownAddresses(f)
	for _, ip := range own {
		f.Add("wss://" + net.JoinHostPort(ip.String(), "443") + "/")
	}
	a := newParseAPI(f, WithURLCheck(true), WithAllowedDomains("chat.example.com", "例子.测试"))
	f.Fuzz(func(t *testing.T, raw string) {
		if !socketURLPattern.MatchString(raw) {
			return
		}
		if a.checkSocketURLQuiet(raw) != "" {
			return
		}
		if ok, why := urlRuleAllows(raw, own); !ok {
			t.Fatalf("%q allowed, but %s", raw, why)
		}
	})
}

// allowedASCII is the fuzz target's allow-list in IDN ASCII form, lower case: the
// punycode of 例子.测试 is written out, not computed.
var allowedASCII = map[string]bool{"chat.example.com": true, "xn--fsqu00a.xn--0zwm56d": true}

// lanPrefixes are the private-network ranges (RFC 1918, RFC 4193) and link-local ranges
// (RFC 3927, RFC 4291): the "LAN" of spec §2.
var lanPrefixes = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
}

// urlRuleAllows reports whether the rule allows raw and, if not, why.
func urlRuleAllows(raw string, own []netip.Addr) (bool, string) {
	u, err := url.Parse(raw)
	if err != nil {
		return false, "it does not parse"
	}
	if strings.ToLower(u.Scheme) != "wss" {
		return false, "the scheme is not wss"
	}
	if u.User != nil {
		return false, "it carries credentials"
	}
	host := strings.TrimSuffix(u.Hostname(), ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if ip.Zone() != "" {
			return false, "an address with a zone is no machine's LAN address"
		}
		lan := false
		for _, p := range lanPrefixes {
			lan = lan || p.Contains(ip)
		}
		if !lan {
			return false, "the address is not a LAN address"
		}
		if slices.Contains(own, ip) {
			return false, "the address is this machine's"
		}
		return true, ""
	}
	ascii := strings.ToLower(host)
	if !isASCII(host) {
		// The IDN ASCII form: the UTS #46 mapping and punycode of browsers' lookups.
		if ascii, err = idna.Lookup.ToASCII(host); err != nil {
			return false, "the host has no IDN ASCII form"
		}
		ascii = strings.ToLower(ascii)
		if ip, err := netip.ParseAddr(ascii); err == nil {
			return urlRuleAllows("wss://"+net.JoinHostPort(ip.String(), "443")+"/", own)
		}
	}
	if !allowedASCII[ascii] {
		return false, fmt.Sprintf("%q is not in the allow-list", ascii)
	}
	return true, ""
}

// TestURLRuleOracle checks FuzzURLCheck's oracle itself, with a made-up own address (the
// test machine may have no private IPv4 address of its own).
func TestURLRuleOracle(t *testing.T) {
	own := []netip.Addr{netip.MustParseAddr("10.0.0.7")}
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"wss://chat.example.com/", true},
		{"WSS://Chat.Example.COM.:8443/x", true},
		{"wss://例子.测试/", true},
		{"wss://xn--fsqu00a.xn--0zwm56d/", true},
		{"wss://10.0.0.8/", true},
		{"wss://[fd00::1]/", true},
		{"wss://10.0.0.7/", false}, // own
		{"wss://[::ffff:10.0.0.7]/", false},
		{"wss://127.0.0.1/", false},
		{"wss://8.8.8.8/", false},
		{"ws://chat.example.com/", false},
		{"wss://u@chat.example.com/", false},
		{"wss://evil.chat.example.com/", false},
		{"wss://localhost/", false},
		{"wss://[fe80::1%25eth0]/", false},
	} {
		if got, why := urlRuleAllows(c.url, own); got != c.want {
			t.Errorf("%s: %v (%s), want %v", c.url, got, why, c.want)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// ownAddresses lists this machine's addresses: loopback, unspecified and every interface
// address.
func ownAddresses(tb testing.TB) []netip.Addr {
	own := []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback(), netip.IPv4Unspecified(), netip.IPv6Unspecified()}
	ifaces, err := net.Interfaces()
	if err != nil {
		tb.Fatal(err)
	}
	for _, iface := range ifaces {
		addrs, err := iface.Addrs()
		if err != nil {
			tb.Fatal(err)
		}
		for _, addr := range addrs {
			if p, err := netip.ParsePrefix(addr.String()); err == nil {
				own = append(own, p.Addr().Unmap())
			}
		}
	}
	return own
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
