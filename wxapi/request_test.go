package wxapi

import (
	"context"
	"crypto/x509"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
)

// Certificates are always verified for requests too: a self-signed server fails with
// Chromium's error unless its CA is given, whatever the URL-check setting.
func TestRequestTLSIsVerified(t *testing.T) {
	srv := wstest.NewTLSServer(t)
	script := `wx.request({ url: "` + srv.HTTPURL + `/http/echo", complete: (res) => console.log(res.errMsg, res.errno) });`
	rt, out := newRuntime(t)
	if err := rt.RunString(context.Background(), "tls.js", script); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "request:fail -202:net::ERR_CERT_AUTHORITY_INVALID 600001\n" {
		t.Errorf("no CA: %q", got)
	}
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	rt, out = newRuntime(t, WithRootCAs(pool))
	if err := rt.RunString(context.Background(), "tls.js", script); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "request:ok undefined\n" {
		t.Errorf("with the CA: %q", got)
	}
}

// The request domain list has the https rules of the network guide: https only, and an
// entry's port is the only one allowed (none, not even :443, for an entry without one).
// The socket and request lists are separate.
func TestRequestDomainList(t *testing.T) {
	a := newParseAPI(t, WithURLCheck(true), WithRequestDomains("api.example.com", "up.example.com:8443", "例子.测试"), WithAllowedDomains("ws.example.com"))
	for _, c := range []struct {
		url           string
		request, sock bool
	}{
		{"https://api.example.com/login", true, false},
		{"https://API.Example.com./x", true, false},
		{"https://api.example.com:443/", false, false}, // no port listed: none allowed
		{"https://api.example.com:8443/", false, false},
		{"https://up.example.com:8443/", true, false},
		{"https://up.example.com/", false, false}, // the listed port only
		{"https://up.example.com:9443/", false, false},
		{"http://api.example.com/", false, false}, // https only
		{"wss://api.example.com/", false, false},  // a request domain is no socket domain
		{"https://ws.example.com/", false, false},
		{"wss://ws.example.com:1234/", false, true},
		{"https://xn--fsqu00a.xn--0zwm56d/", true, false},
		{"https://10.0.0.7/", true, false}, // a LAN address of another machine
		{"https://127.0.0.1/", false, false},
		{"https://localhost/", false, false},
		{"https://user@api.example.com/", false, false},
	} {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		if got, why := a.urlAllowed(u, a.requestDomains()); got != c.request {
			t.Errorf("%s as a request: allowed=%v (%s), want %v", c.url, got, why, c.request)
		}
		if got, why := a.urlAllowed(u, a.socketDomains()); got != c.sock {
			t.Errorf("%s as a socket: allowed=%v (%s), want %v", c.url, got, why, c.sock)
		}
	}
}

// A request holds the loop: a run ends at its timeout listing it (queued ones marked),
// and shutting the runtime down ends every request goroutine (goleak checks at exit).
func TestRequestsHoldTheLoopAndEndWithTheRuntime(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, _ := newRuntime(t, WithMaxRequests(1))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := rt.RunString(ctx, "stall.js", `
		wx.request({ url: "`+srv.HTTPURL+`/http/stall" });
		wx.request({ url: "`+srv.HTTPURL+`/http/stall?second" });
	`)
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	pending := strings.Join(te.Pending, "\n")
	for _, want := range []string{"wx.request GET " + srv.HTTPURL + "/http/stall", "wx.request GET " + srv.HTTPURL + "/http/stall?second (queued)"} {
		if !strings.Contains(pending, want) {
			t.Errorf("pending %q lacks %q", pending, want)
		}
	}
}

func TestSetNetworkRejectsUnknownNetworks(t *testing.T) {
	a := newParseAPI(t)
	if err := a.SetNetwork("5g"); err == nil || a.Network() != NetworkWiFi {
		t.Errorf("SetNetwork(5g) = %v, network %s", err, a.Network())
	}
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	if _, err := Install(rt, WithNetwork("lte")); err == nil {
		t.Error("Install accepted an unknown network")
	}
}

// The built-in server's log-in step runs through wx.request: POST /login with a code,
// then the token opens /chat under the logged-in name.
func TestRequestLogsInToTheDevServer(t *testing.T) {
	srv, err := devserver.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rt, out := newRuntime(t)
	err = rt.RunString(context.Background(), "login.js", `
		wx.request({
			url: "`+srv.HTTPURL()+`/login", method: "POST", data: { code: "c0de", name: "carol" },
			success(res) {
				console.log(res.statusCode, res.data.name, typeof res.data.token);
				const task = wx.connectSocket({ url: "`+srv.URL()+`/chat?token=" + res.data.token });
				task.onMessage((m) => { console.log(JSON.parse(m.data).name); task.close(); });
			},
		});`)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "200 carol string\ncarol\n" {
		t.Errorf("got %q", got)
	}
}
