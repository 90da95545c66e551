package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
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

// --allow-download-domain and --allow-upload-domain fill lists of their own: the
// DevTools' message for a refused URL names the list and what it allows.
func TestTransferDomainFlags(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "dl.js")
	if err := os.WriteFile(script, []byte(`
		wx.getFileSystemManager().writeFileSync(wx.env.USER_DATA_PATH + "/f", "f");
		wx.downloadFile({ url: "https://other.example.com/", complete: (res) => console.log(res.errMsg) });
		wx.uploadFile({ url: "https://other.example.com/", filePath: wx.env.USER_DATA_PATH + "/f", name: "f", complete: (res) => console.log(res.errMsg) });`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "--timeout", "10s", "--data-dir", t.TempDir(), "--url-check",
		"--allow-download-domain", "dl.example.com", "--allow-upload-domain", "up.example.com", script)
	if want := "downloadFile:fail url not in domain list\nuploadFile:fail url not in domain list\n"; code != 0 || stdout != want {
		t.Errorf("exit %d, stdout %q, want %q; stderr %q", code, stdout, want, stderr)
	}
	for _, want := range []string{"不在以下 downloadFile 合法域名列表中", "allowed: dl.example.com", "--allow-download-domain HOST",
		"不在以下 uploadFile 合法域名列表中", "allowed: up.example.com", "--allow-upload-domain HOST"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
}

// Downloads and uploads are traced as requests, so --replay serves a recorded run's with
// the server gone: the same output, no divergence (an upload's multipart body is the same
// bytes each time).
func TestDownloadAndUploadReplay(t *testing.T) {
	srv := wstest.NewServer(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + closed.Addr().String() // nothing listens there: connections are refused
	closed.Close()
	dir := t.TempDir()
	script := filepath.Join(dir, "files.js")
	if err := os.WriteFile(script, []byte(`
		const fs = wx.getFileSystemManager();
		fs.writeFileSync(wx.env.USER_DATA_PATH + "/u.txt", "upload me");
		wx.downloadFile({ url: "`+srv.HTTPURL+`/http/body?text=downloaded", success(res) {
			console.log(res.statusCode, fs.readFileSync(res.tempFilePath, "utf8"));
			wx.uploadFile({ url: "`+srv.HTTPURL+`/http/upload", filePath: wx.env.USER_DATA_PATH + "/u.txt", name: "f",
				formData: { a: "1" }, success(res) {
					const got = JSON.parse(res.data);
					console.log(res.statusCode, got.fields.a, got.files[0].fileName, got.files[0].size);
					wx.downloadFile({ url: "`+dead+`/d", fail(res) {
						console.log(res.errMsg);
						wx.uploadFile({ url: "`+dead+`/u", filePath: wx.env.USER_DATA_PATH + "/u.txt", name: "f", fail: (res) => console.log(res.errMsg) });
					} });
				} });
		} });`), 0o644); err != nil {
		t.Fatal(err)
	}
	// Failures replay with the errMsg the script saw, its API's prefix once.
	const want = "200 downloaded\n200 1 u.txt 9\n" +
		"downloadFile:fail -102:net::ERR_CONNECTION_REFUSED\nuploadFile:fail -102:net::ERR_CONNECTION_REFUSED\n"
	recording := filepath.Join(dir, "run.jsonl")
	data := filepath.Join(dir, "data")
	if code, stdout, stderr := runCLI(t, "--timeout", "10s", "--data-dir", data, "--trace", recording, script); code != 0 || stdout != want {
		t.Fatalf("recording: exit %d, stdout %q, want %q; stderr %q", code, stdout, want, stderr)
	}
	srv.Close()
	if code, stdout, stderr := runCLI(t, "--timeout", "10s", "--data-dir", data, "--replay", recording, script); code != 0 || stdout != want {
		t.Fatalf("replay: exit %d, stdout %q, want %q; stderr %q", code, stdout, want, stderr)
	}
}
