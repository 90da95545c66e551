package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wstest"
	"github.com/wxrun/wxrun/wxapi"
)

func TestMain(m *testing.M) {
	// Runs keep their storage in the user's cache directory by default: point it at a
	// directory of the tests' own.
	cache, err := os.MkdirTemp("", "wxrun-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) { os.RemoveAll(cache) }))
}

// runCLI runs the command in-process and returns its exit status and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut syncbuf.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCode(t *testing.T) {
	deadline := &runtime.TimeoutError{Cause: context.DeadlineExceeded, Pending: []string{"x"}}
	canceled := &runtime.TimeoutError{Cause: context.Canceled}
	uncaught := &runtime.UncaughtErrors{Errors: []*runtime.JSError{{Message: "Error: boom"}}}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"usage", usageErrorf("unknown flag --x"), 2},
		{"wrapped usage", fmt.Errorf("ctx: %w", usageErrorf("x")), 2},
		{"uncaught errors", uncaught, 1},
		{"wrapped uncaught errors", fmt.Errorf("run: %w", uncaught), 1},
		{"--timeout", &timedOut{after: time.Second, err: deadline}, 124},
		{"runtime deadline", deadline, 124},
		{"runtime cancellation", canceled, 130},
		{"SIGINT", &interrupted{sig: os.Interrupt, err: canceled}, 130},
		{"SIGTERM", &interrupted{sig: syscall.SIGTERM, err: canceled}, 143},
		{"SIGINT beats the deadline", &interrupted{sig: os.Interrupt, err: deadline}, 130},
		{"config error", &wxapi.ConfigError{File: "app.json", Line: 1, Err: errors.New("bad")}, 1},
		{"other error", errors.New("listen tcp: address already in use"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCode(tt.err); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestUncaughtException(t *testing.T) {
	code, stdout, stderr := runCLI(t, "testdata/throw.js")
	if code != 1 {
		t.Errorf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	if stdout != "before\n" {
		t.Errorf("stdout = %q, want %q", stdout, "before\n")
	}
	for _, want := range []string{
		"Uncaught Error: boom",
		"at explode (testdata/throw.js:2:",
		"testdata/throw.js:5:",
		"wxrun: 1 uncaught error (printed above)\n",
	} {
		if !strings.Contains(filepath.ToSlash(stderr), want) {
			t.Errorf("stderr does not contain %q:\n%s", want, stderr)
		}
	}
}

func TestErrorInCallbackKeepsRunning(t *testing.T) {
	code, stdout, stderr := runCLI(t, "testdata/callback_error.js")
	if code != 1 {
		t.Errorf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	if stdout != "still running\n" {
		t.Errorf("stdout = %q, want %q", stdout, "still running\n")
	}
	if !strings.Contains(stderr, "TypeError") {
		t.Errorf("stderr does not report the TypeError:\n%s", stderr)
	}
}

func TestSyntaxError(t *testing.T) {
	code, stdout, stderr := runCLI(t, "testdata/syntax.js")
	if code != 1 {
		t.Errorf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	if !strings.Contains(stderr, "SyntaxError") {
		t.Errorf("stderr does not report the SyntaxError:\n%s", stderr)
	}
}

func TestTimeout(t *testing.T) {
	start := time.Now()
	code, _, stderr := runCLI(t, "--timeout", "200ms", "testdata/busy.js")
	if code != 124 {
		t.Errorf("exit status %d, want 124; stderr:\n%s", code, stderr)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to time out after 200ms", d)
	}
	want := "wxrun: timed out after 200ms; still pending:\n  setTimeout(…, 60000ms) at testdata/busy.js:2:"
	if !strings.Contains(filepath.ToSlash(stderr), want) {
		t.Errorf("stderr does not contain %q:\n%s", want, stderr)
	}
}

func TestTimeoutWithNothingPending(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "spin.js")
	if err := os.WriteFile(file, []byte("for (;;) {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, file, "--timeout=100ms")
	if code != 124 {
		t.Errorf("exit status %d, want 124; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "wxrun: timed out after 100ms; still pending:\n  (no timer or socket: JavaScript code was still running)") {
		t.Errorf("unexpected stderr:\n%s", stderr)
	}
}

func TestTimersExitZero(t *testing.T) {
	code, stdout, stderr := runCLI(t, "--timeout", "10s", "testdata/timers.js")
	if code != 0 || stderr != "" {
		t.Errorf("exit status %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if want := "a\ntick\nb\nc\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
}

func TestProjectRoot(t *testing.T) {
	// The root is the project's miniprogramRoot, so require('/utils/greet') resolves.
	code, stdout, stderr := runCLI(t, "testdata/project/miniprogram/pages/index/index.js")
	if code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	if stdout != "hello, project\n" {
		t.Errorf("stdout = %q", stdout)
	}
	// --root with a FILE relative to it.
	code, stdout, stderr = runCLI(t, "--root", "testdata/project/miniprogram", "pages/index/index.js")
	if code != 0 || stdout != "hello, project\n" {
		t.Errorf("--root: exit status %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

func TestResolveTarget(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	lone := filepath.Join(outside, "lone.js")
	mustWrite(t, lone, "")
	proj := filepath.Join(outside, "proj")
	mustWrite(t, filepath.Join(proj, "project.config.json"), `{"appid":"wx1","miniprogramRoot":"mp"}`)
	mustWrite(t, filepath.Join(proj, "mp", "app.js"), "")
	mustWrite(t, filepath.Join(proj, "tools", "check.js"), "")
	plain := filepath.Join(outside, "plain")
	mustWrite(t, filepath.Join(plain, "app.json"), `{}`)
	mustWrite(t, filepath.Join(plain, "pages", "a.js"), "")

	tests := []struct {
		name     string
		file     string
		root     string
		wantRoot string
		wantRel  string
		appID    string
	}{
		{"inside the working directory", "testdata/timers.js", "", cwd, filepath.Join("testdata", "timers.js"), ""},
		{"outside the working directory", lone, "", outside, "lone.js", ""},
		{"miniprogramRoot", filepath.Join(proj, "mp", "app.js"), "", filepath.Join(proj, "mp"), "app.js", "wx1"},
		{"in the project but outside miniprogramRoot", filepath.Join(proj, "tools", "check.js"), "", proj, filepath.Join("tools", "check.js"), "wx1"},
		{"app.json folder", filepath.Join(plain, "pages", "a.js"), "", plain, filepath.Join("pages", "a.js"), ""},
		{"--root wins", filepath.Join(proj, "mp", "app.js"), proj, proj, filepath.Join("mp", "app.js"), "wx1"},
		{"FILE relative to --root", "app.js", filepath.Join(proj, "mp"), filepath.Join(proj, "mp"), "app.js", "wx1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolveTarget(tt.file, tt.root, cwd)
			if err != nil {
				t.Fatal(err)
			}
			if !sameFile(got.root, tt.wantRoot) || got.rel != tt.wantRel {
				t.Errorf("root, rel = %q, %q; want %q, %q", got.root, got.rel, tt.wantRoot, tt.wantRel)
			}
			var appID string
			if got.project != nil {
				appID = got.project.AppID
			}
			if appID != tt.appID {
				t.Errorf("project appid = %q, want %q", appID, tt.appID)
			}
		})
	}
}

func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenProjectConfig(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "project.config.json"), "{\n  \"appid\": \"wx1\",\n}\n")
	mustWrite(t, filepath.Join(dir, "app.js"), "")
	code, _, stderr := runCLI(t, filepath.Join(dir, "app.js"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if want := "project.config.json:3:1: invalid character '}'"; !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want one line containing %q", stderr, want)
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"1", 1}, {"1048576", 1 << 20}, {"64KiB", 64 << 10}, {"10MiB", 10 << 20}, {"1GiB", 1 << 30},
		{"2k", 2 << 10}, {"3 MB", 3 << 20}, {"5b", 5},
		{"0", -1}, {"-1", -1}, {"", -1}, {"MiB", -1}, {"1.5MiB", -1}, {"10XB", -1}, {"99999999999GiB", -1},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("parseByteSize(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// The tests below need the wx socket API.

func TestUnhandledRejectionFromWX(t *testing.T) {
	const report = "Uncaught (in promise) { errMsg: 'closeSocket:fail WebSocket is not connected' }\n" +
		"    from wx.closeSocket() at testdata/rejection.js:3:15\n"
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"strict by default", []string{"testdata/rejection.js"}, 1,
			report + "wxrun: 1 uncaught error (printed above)\n"},
		{"strict", []string{"--unhandled-rejections", "strict", "testdata/rejection.js"}, 1,
			report + "wxrun: 1 uncaught error (printed above)\n"},
		{"warn", []string{"testdata/rejection.js", "--unhandled-rejections=warn"}, 0,
			"Warning: " + report},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.code || stderr != tt.stderr {
				t.Errorf("exit status %d, stderr:\n%s\nwant %d, stderr:\n%s", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// demoTraffic is what `wxrun demo` must print, in this order per user (the two users'
// lines interleave as their sockets deliver).
var demoTraffic = map[string][]string{
	"alice": {
		"chat demo: launched on pages/chat/chat, server ws://127.0.0.1:",
		`[alice] queued "hello, is anyone here?" (socket not open yet)`,
		"[alice] page shown",
		"[alice] logged in as alice (new token from /login)",
		"[alice] connected, flushing 2 queued messages",
		"[alice] <- * alice joined (1 in the room)",
		"[alice] <- alice: hello, is anyone here?",
		"[alice] <- alice: I will wait here for someone",
		"[alice] page hidden",
		"[alice] <- bob: hi alice, bob here",
		"[alice] -> welcome, bob!",
		"[alice] <- alice: welcome, bob!",
		"[alice] <- bob: bye, alice",
		"[alice] the chat is over: closing the mini program",
		"chat demo: the mini program is closing",
		"[alice] page unloaded: closing the socket",
		"[alice] closed (code 1000)",
	},
	"bob": {
		"[alice] page hidden",
		"[bob]   logged in as bob (new token from /login)",
		"[bob]   connected (readyState 1)",
		"[bob]   <- * bob joined (2 in the room)",
		"[bob]   -> hi alice, bob here",
		"[bob]   <- alice: welcome, bob!",
		"[bob]   -> bye, alice",
		"chat demo: the mini program is closing",
		"[bob]   page unloaded: closing the SocketTask",
		"[alice] page unloaded: closing the socket",
		"[bob]   closed (code 1000)",
	},
}

func checkDemoOutput(t *testing.T, stdout string) {
	t.Helper()
	for user, want := range demoTraffic {
		rest := stdout
		for _, line := range want {
			i := strings.Index(rest, line)
			if i < 0 {
				t.Errorf("%s: output lacks %q (in order):\n%s", user, line, stdout)
				break
			}
			rest = rest[i+len(line):]
		}
	}
}

func TestDemo(t *testing.T) {
	// The demo runs from its embedded files: it needs no temporary directory.
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	code, stdout, stderr := runCLI(t, "demo", "--timeout", "20s")
	if code != 0 {
		t.Errorf("exit status %d, want 0; stderr:\n%s\nstdout:\n%s", code, stderr, stdout)
	}
	checkDemoOutput(t, stdout)
	if !strings.HasPrefix(stderr, "wxrun demo: development server on ws://127.0.0.1:") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr is not the server address alone:\n%s", stderr)
	}
}

// 'wxrun demo --trace' traces the sample as 'wxrun run --trace' traces a project: both
// pages' logins and sockets, the closes their onUnload makes, and the exit status last.
func TestDemoTrace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "demo.jsonl")
	if code, _, stderr := runCLI(t, "demo", "--timeout", "20s", "--trace", file); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	_, events, partial, err := trace.ReadFile(file)
	if err != nil || partial {
		t.Fatalf("reading the trace: %v (partial %v)", err, partial)
	}
	count := map[trace.Type]int{}
	closedByClient := 0
	for _, e := range events {
		count[e.Type]++
		if e.Type == trace.SocketClose && e.Code == 1000 && e.Name == "client" {
			closedByClient++
		}
	}
	if count[trace.Request] != 2 || count[trace.Response] != 2 || count[trace.SocketConnect] != 2 || count[trace.SocketOpen] != 2 || closedByClient != 2 || count[trace.Page] == 0 || count[trace.SocketMessage] == 0 {
		t.Errorf("the demo's trace lacks the two users' logins, sockets and closes: %v, %d closed by the client", count, closedByClient)
	}
	if last := events[len(events)-1]; last.Type != trace.Exit || last.Code != 0 {
		t.Errorf("the last event is %+v, want the exit with status 0", last.Event)
	}
}

func TestCAFile(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "wxrun test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	mustWrite(t, file, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))

	code, stdout, stderr := runCLI(t, "--ca-file", file, "testdata/timers.js")
	if code != 0 || stdout != "a\ntick\nb\nc\n" {
		t.Errorf("exit status %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

// TestProjectSettingsReachTheSocketAPI runs a mini program project through the CLI:
// project.config.json's setting.urlCheck and app.json's networkTimeout.connectSocket
// apply, and flags override them.
func TestProjectSettingsReachTheSocketAPI(t *testing.T) {
	srv := wstest.NewServer(t)
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "project.config.json"), `{"appid":"wxtest","setting":{"urlCheck":true}}`)
	mustWrite(t, filepath.Join(dir, "app.json"), `{"networkTimeout":{"connectSocket":300}}`)
	mustWrite(t, filepath.Join(dir, "app.js"), `
		const config = require("./config.js");
		const task = wx.connectSocket({ url: config.url });
		task.onOpen(() => { console.log("open"); task.close() });
		task.onError((res) => console.log("error " + res.errMsg));
		task.onClose((res) => console.log("close " + res.code));
	`)
	setURL := func(url string) {
		mustWrite(t, filepath.Join(dir, "config.js"), `module.exports = { url: "`+url+`" }`)
	}
	app := filepath.Join(dir, "app.js")

	setURL(srv.URL + "/echo")
	code, stdout, stderr := runCLI(t, app)
	if code != 0 || stdout != "error url not in domain list\n" || !strings.Contains(stderr, "不在以下 socket 合法域名列表中") {
		t.Errorf("urlCheck from project.config.json: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	code, stdout, stderr = runCLI(t, "--url-check=false", app)
	if code != 0 || stdout != "open\nclose 1000\n" {
		t.Errorf("--url-check=false overrides the project: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	setURL(srv.URL + "/stall")
	start := time.Now()
	code, stdout, stderr = runCLI(t, "--url-check=false", app)
	if code != 0 || stdout != "error connect response time out\nclose 1006\n" {
		t.Errorf("app.json networkTimeout: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("the 300 ms handshake timeout took %v", elapsed)
	}

	code, stdout, _ = runCLI(t, "--url-check=false", "--connect-timeout", "100ms", app)
	if code != 0 || stdout != "error connect response time out\nclose 1006\n" {
		t.Errorf("--connect-timeout: exit %d, stdout %q", code, stdout)
	}
}
