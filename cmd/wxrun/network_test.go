package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wxrun/wxrun/wstest"
)

// The network flags reach the wx API: --network sets what wx.getNetworkType reports
// and what connections can do, --request-timeout bounds wx.request, and
// --allow-request-domain fills the request domain list that --url-check applies.
func TestNetworkFlags(t *testing.T) {
	srv := wstest.NewServer(t)
	dir := t.TempDir()
	write := func(name, src string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	stall := write("stall.js", `
		wx.getNetworkType({ success: (res) => console.log(res.networkType) });
		wx.request({ url: "`+srv.HTTPURL+`/http/stall?ms=500", complete: (res) => console.log(res.errMsg) });`)
	listed := write("listed.js", `
		wx.request({ url: "http://api.example.com/", complete: (res) => console.log(res.errMsg) });
		wx.request({ url: "https://api.example.com:8443/", complete: (res) => console.log(res.errMsg) });`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{stall}, "wifi\nrequest:ok\n"},
		{[]string{"--network", "offline", stall}, "none\nrequest:fail -106:net::ERR_INTERNET_DISCONNECTED\n"},
		{[]string{"--network", "3g", "--request-timeout", "100ms", stall}, "3g\nrequest:fail timeout\n"},
		// Both URLs fail before any look-up: one is http://, the other names a port the
		// entry does not.
		{[]string{"--url-check", "--allow-request-domain", "api.example.com", listed}, "request:fail url not in domain list\nrequest:fail url not in domain list\n"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"--timeout", "10s"}, c.args...)...)
		if code != 0 || stdout != c.want {
			t.Errorf("%v: exit %d, stdout %q, want %q; stderr %q", c.args, code, stdout, c.want, stderr)
		}
	}
}
