package wxapi

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/wxrun/wxrun/wstest"
)

// Certificates are always verified: a self-signed server fails unless its CA is given,
// whatever the URL-check setting (wxrun never turns verification off).
func TestTLSIsVerified(t *testing.T) {
	srv := wstest.NewTLSServer(t)
	script := `
		const task = wx.connectSocket({ url: "` + srv.URL + `/echo" });
		task.onOpen(() => { console.log("open"); task.close() });
		task.onError((res) => console.log("error", res.errMsg));
		task.onClose((res) => console.log("close", res.code));
	`
	for _, urlCheck := range []bool{false, true} {
		rt, out := newRuntime(t, WithURLCheck(urlCheck), WithAllowedDomains("127.0.0.1"))
		if err := rt.RunString(context.Background(), "tls.js", script); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if urlCheck {
			// An IP is never a valid socket domain: rejected before any TLS.
			if !strings.Contains(got, "error url not in domain list") {
				t.Errorf("urlCheck on: %q", got)
			}
			continue
		}
		if !strings.HasPrefix(got, "error exception ") || !strings.Contains(got, "certificate") || strings.Contains(got, "open") {
			t.Errorf("urlCheck off, no CA: %q", got)
		}
	}

	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	rt, out := newRuntime(t, WithRootCAs(pool))
	if err := rt.RunString(context.Background(), "tls.js", script); err != nil {
		t.Fatal(err)
	}
	if out.String() != "open\nclose 1000\n" {
		t.Errorf("with the CA: %q", out.String())
	}
}
