package wxapi

import (
	"context"
	"crypto/x509"
	"net"
	"strings"
	"testing"

	"github.com/wxrun/wxrun/wstest"
)

// A name that does not resolve fails with Chromium's ERR_NAME_NOT_RESOLVED: a DNS server
// on 127.0.0.1 answers every question with no address.
func TestRequestNameNotResolved(t *testing.T) {
	resolver := loopbackResolver(t, startDNS(t))
	rt, out := newRuntime(t, withResolver(resolver))
	err := rt.RunString(context.Background(), "dns.js", `
		wx.request({ url: "https://nowhere.wxrun.test/", complete: (res) => console.log(res.errMsg, res.errno) });`)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "request:fail -105:net::ERR_NAME_NOT_RESOLVED 600001\n" {
		t.Errorf("got %q", got)
	}
}

// With URL checking on, a listed domain is reached (here example.com, which the test
// certificate covers, resolved to 127.0.0.1 by a DNS server on loopback), and a redirect
// out of the list fails with "url not in domain list", the DevTools' message naming the
// redirect's target.
func TestRequestURLCheckAllowsListedDomains(t *testing.T) {
	srv := wstest.NewTLSServer(t)
	_, port, _ := net.SplitHostPort(srv.Addr)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	resolver := loopbackResolver(t, startDNS(t, net.ParseIP("127.0.0.1")))
	rt, out := newRuntime(t, withResolver(resolver), WithRootCAs(pool), WithURLCheck(true), WithRequestDomains("example.com:"+port))
	base := "https://example.com:" + port
	outside := "https://sub.example.com:" + port + "/http/echo"
	err := rt.RunString(context.Background(), "urlcheck.js", `
		wx.request({ url: "`+base+`/http/echo", success: (res) => console.log(res.errMsg, res.data.host) });
		setTimeout(() => wx.request({
			url: "`+base+`/http/redirect?to=`+outside+`",
			fail: (res) => console.log(res.errMsg, res.errno),
		}), 100);`)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"request:ok example.com:" + port + "\n",
		outside + " 不在以下 request 合法域名列表中，请参考文档：https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html\n",
		"  allowed: example.com:" + port + "\n  (wxrun: allow it with --allow-request-domain HOST, or run without --url-check)\n",
		"request:fail url not in domain list 600002\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
