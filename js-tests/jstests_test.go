// Package jstests runs every js-tests/**/*.js file through the real wxrun runtime with
// the wx API installed, against local test servers (wstest) on 127.0.0.1. JS-level
// behaviour is tested in JS; each test() in a file is reported as a Go subtest. Files run
// with this folder as the root; lib/harness.js (test, assert, …) is loaded before each,
// and helpers shared by several files live in lib/ as modules (require('../lib/events')).
//
// A file may start with directive lines that configure its runtime:
//
//	// @wxrun url-check allow-domain=example.com max-sockets=2
//	// @wxrun close-while-connecting=abort connect-timeout=300ms legacy-single-socket
//	// @wxrun allow-request-domain=api.example.com request-timeout=200ms max-requests=2 network=2g
//	// @wxrun device=android modal=cancel action-sheet=2
//	// @wxrun allow-download-domain=dl.example.com allow-upload-domain=up.example.com
//	// @wxrun download-timeout=200ms upload-timeout=200ms file-limit=1000
//
// By default a file fails if its run reports any uncaught error (an exception escaping a
// callback, an unhandled rejection). A file whose tests provoke such errors on purpose
// lists them, one line per reported error, in the order they are reported:
//
//	// @wxrun expect-uncaught: Uncaught Error: timer boom
//	// @wxrun expect-uncaught: Uncaught \(in promise\) \{ errMsg: 'x:fail y' \}
//
// The rest of the line is a regular expression (Go syntax) that must match the whole first
// line of the error as wxrun prints it; the file fails when an error is missing, extra or
// different. `expect-uncaught=N:` stands for N consecutive errors matching the expression.
//
// A file that tests a whole mini program names a project fixture (a folder under
// testdata/projects, relative to this folder):
//
//	// @wxrun project=testdata/projects/lifecycle entry=pages/b/b?x=1 interrupt-after=200ms
//
// The project is then loaded by the project host (package apphost) and the file runs
// inside it: its root is the project's, the harness and the file are evaluated before the
// mini program launches, and the tests run right after the launch (App.onLaunch, the
// entry page's onLoad and onShow; onReady comes on a later turn). Besides the harness's
// globals, such a file has __host: background(), foreground() and teardown() do what
// apphost's EnterBackground, EnterForeground and Teardown do, and pages() returns the live
// pages as JSON-ready objects {route, query, data}. The tests of a project share one
// program: its sockets are not reset between tests, only once they have all run and the
// program has been torn down (unless a test did). A project's pages see SERVER too, so
// they can connect to the test servers.
package jstests

import (
	"bufio"
	"context"
	"crypto/x509"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
	"github.com/wxrun/wxrun/wxapi"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

//go:embed lib/harness.js
var harness string

// fileTimeout bounds one JS file; a hung file fails instead of stalling the suite.
const fileTimeout = 3 * time.Minute

func TestJS(t *testing.T) {
	plain := wstest.NewServer(t)
	secure := wstest.NewTLSServer(t)
	pool := x509.NewCertPool()
	pool.AddCert(secure.Certificate())

	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == "lib" || path == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".js") {
			files = append(files, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no JS test files found")
	}
	for _, file := range files {
		file := file
		t.Run(strings.TrimSuffix(file, ".js"), func(t *testing.T) {
			t.Parallel()
			runFile(t, file, plain, secure, pool)
		})
	}
}

type directives struct {
	opts           []wxapi.Option
	expectUncaught []*regexp.Regexp // one per error the file's run must report, in order
	project        string           // a project fixture to run the file in, relative to js-tests
	hostOpts       []apphost.Option
}

func readDirectives(t *testing.T, file string) directives {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d directives
	duration := func(key, val string) time.Duration {
		dur, err := time.ParseDuration(val)
		if err != nil {
			t.Fatalf("%s: bad %s %q", file, key, val)
		}
		return dur
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "//") {
			break
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "//")), "@wxrun")
		if !ok {
			continue
		}
		if spec, ok := strings.CutPrefix(strings.TrimSpace(rest), "expect-uncaught"); ok && strings.Contains(spec, ":") {
			count, pattern, _ := strings.Cut(spec, ":")
			n := 1
			if count != "" {
				var err error
				if n, err = strconv.Atoi(strings.TrimPrefix(count, "=")); err != nil || !strings.HasPrefix(count, "=") || n < 1 {
					t.Fatalf("%s: bad expect-uncaught count %q: want expect-uncaught=N: REGEXP", file, count)
				}
			}
			re, err := regexp.Compile(`^(?:` + strings.TrimSpace(pattern) + `)$`)
			if err != nil {
				t.Fatalf("%s: bad expect-uncaught pattern: %v", file, err)
			}
			for range n {
				d.expectUncaught = append(d.expectUncaught, re)
			}
			continue
		}
		for _, word := range strings.Fields(rest) {
			key, val, _ := strings.Cut(word, "=")
			switch key {
			case "url-check":
				d.opts = append(d.opts, wxapi.WithURLCheck(true))
			case "allow-domain":
				d.opts = append(d.opts, wxapi.WithAllowedDomains(val))
			case "max-sockets":
				n, err := strconv.Atoi(val)
				if err != nil {
					t.Fatalf("%s: bad max-sockets %q", file, val)
				}
				d.opts = append(d.opts, wxapi.WithMaxSockets(n))
			case "close-while-connecting":
				mode := wxapi.CloseIgnored
				if val == "abort" {
					mode = wxapi.CloseAborts
				}
				d.opts = append(d.opts, wxapi.WithCloseWhileConnecting(mode))
			case "connect-timeout":
				d.opts = append(d.opts, wxapi.WithConnectTimeout(duration(key, val)))
			case "allow-request-domain":
				d.opts = append(d.opts, wxapi.WithRequestDomains(val))
			case "allow-download-domain":
				d.opts = append(d.opts, wxapi.WithDownloadDomains(val))
			case "allow-upload-domain":
				d.opts = append(d.opts, wxapi.WithUploadDomains(val))
			case "download-timeout":
				d.opts = append(d.opts, wxapi.WithDownloadTimeout(duration(key, val)))
			case "upload-timeout":
				d.opts = append(d.opts, wxapi.WithUploadTimeout(duration(key, val)))
			case "file-limit":
				n, err := strconv.ParseInt(val, 10, 64)
				if err != nil {
					t.Fatalf("%s: bad file-limit %q", file, val)
				}
				d.opts = append(d.opts, wxapi.WithFileStorageLimit(n))
			case "request-timeout":
				d.opts = append(d.opts, wxapi.WithRequestTimeout(duration(key, val)))
			case "max-requests":
				n, err := strconv.Atoi(val)
				if err != nil {
					t.Fatalf("%s: bad max-requests %q", file, val)
				}
				d.opts = append(d.opts, wxapi.WithMaxRequests(n))
			case "network":
				n, err := wxapi.ParseNetwork(val)
				if err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				d.opts = append(d.opts, wxapi.WithNetwork(n))
			case "legacy-single-socket":
				d.opts = append(d.opts, wxapi.WithLegacySingleSocket(true))
			case "max-message-size":
				n, err := strconv.ParseInt(val, 10, 64)
				if err != nil {
					t.Fatalf("%s: bad max-message-size %q", file, val)
				}
				d.opts = append(d.opts, wxapi.WithMaxMessageSize(n))
			case "device":
				p, err := wxapi.Device(val)
				if err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				d.opts = append(d.opts, wxapi.WithDevice(p))
			case "modal":
				d.opts = append(d.opts, wxapi.WithModalAnswer(val != "cancel"))
			case "action-sheet":
				n, err := strconv.Atoi(val)
				if val == "cancel" {
					n, err = -1, nil
				}
				if err != nil {
					t.Fatalf("%s: bad action-sheet %q", file, val)
				}
				d.opts = append(d.opts, wxapi.WithActionSheetAnswer(n))
			case "project":
				d.project = val
			case "entry":
				d.hostOpts = append(d.hostOpts, apphost.WithEntryPage(val))
			case "interrupt-after":
				d.hostOpts = append(d.hostOpts, apphost.WithInterruptSocketsAfter(duration(key, val)))
			case "expect-uncaught":
				t.Fatalf("%s: expect-uncaught must say which error: one line `// @wxrun expect-uncaught: REGEXP` per reported error", file)
			default:
				t.Fatalf("%s: unknown directive %q", file, key)
			}
		}
	}
	return d
}

func runFile(t *testing.T, file string, plain, secure *wstest.Server, pool *x509.CertPool) {
	d := readDirectives(t, file)
	var output syncbuf.Buffer
	wxOpts := append([]wxapi.Option{wxapi.WithRootCAs(pool)}, d.opts...)
	var (
		rt   *runtime.Runtime
		api  *wxapi.API
		host *apphost.Host
	)
	if d.project != "" {
		p, err := wxapi.LoadProject(d.project)
		if err != nil {
			t.Fatal(err)
		}
		host, err = apphost.Open(p, append([]apphost.Option{
			apphost.WithRuntime(runtime.WithStdout(&output), runtime.WithStderr(&output)),
			apphost.WithWX(wxOpts...),
			apphost.WithManualLaunch(),
		}, d.hostOpts...)...)
		if err != nil {
			t.Fatal(err)
		}
		rt, api = host.Runtime(), host.WX()
	} else {
		var err error
		rt, err = runtime.New(runtime.WithRoot("."), runtime.WithStdout(&output), runtime.WithStderr(&output))
		if err != nil {
			t.Fatal(err)
		}
		if api, err = wxapi.Install(rt, wxOpts...); err != nil {
			t.Fatal(err)
		}
		if host, err = apphost.Install(rt, api); err != nil {
			t.Fatal(err)
		}
	}
	defer rt.Close()
	vm := rt.VM()
	ran := 0
	_ = vm.Set("SERVER", map[string]any{"ws": plain.URL, "wss": secure.URL, "http": plain.HTTPURL, "https": secure.HTTPURL})
	// Between tests the harness resets the sockets, for isolation; a project is one
	// program whose tests go on where the last one stopped, so its sockets are reset only
	// once its tests are over.
	_ = vm.Set("__resetSockets", func() {
		if d.project == "" {
			api.ResetSockets()
		}
	})
	// __setNetwork(name) switches the emulated network ("wifi", "4g", "3g", "2g",
	// "offline") through the Go API a test driver uses; __resetSockets does not undo it.
	_ = vm.Set("__setNetwork", func(name string) error {
		n, err := wxapi.ParseNetwork(name)
		if err != nil {
			return err
		}
		return api.SetNetwork(n)
	})
	// The UI calls recorded so far, as --verbose prints them (without "wxrun: ").
	_ = vm.Set("__uiCalls", func() []string {
		var out []string
		for _, c := range api.UICalls() {
			out = append(out, c.String())
		}
		return out
	})
	// For settled() in the harness: how many sockets still hold the loop (each connection
	// holds it until it has submitted its last event), and a way to run after every job
	// queued so far.
	_ = vm.Set("__socketsHolding", func() int {
		n := 0
		for _, what := range rt.Pending() {
			if strings.HasPrefix(what, "WebSocket ") {
				n++
			}
		}
		return n
	})
	_ = vm.Set("__afterQueued", func(f goja.Callable) {
		rt.Submit(func() {
			if _, err := f(goja.Undefined()); err != nil {
				rt.ReportError(err)
			}
		})
	})
	_ = vm.Set("__report", func(name string, ok bool, msg string) {
		ran++
		t.Run(name, func(t *testing.T) {
			if !ok {
				t.Errorf("%s\n--- console output of %s:\n%s", msg, file, output.String())
			}
		})
	})
	_ = vm.Set("__host", map[string]any{
		"launch":     host.Launch,
		"background": host.EnterBackground,
		"foreground": host.EnterForeground,
		"teardown":   host.Teardown,
		"reset":      api.ResetSockets,
		"pages": func() goja.Value {
			data, err := json.Marshal(host.LivePages())
			if err != nil {
				panic(vm.NewGoError(err))
			}
			v, err := vm.RunString("(" + string(data) + ")")
			if err != nil {
				panic(err)
			}
			return v
		},
	})

	ctx, cancel := context.WithTimeout(context.Background(), fileTimeout)
	defer cancel()
	var reported []string // first lines of the uncaught errors, in order
	check := func(step string, err error) {
		var ue *runtime.UncaughtErrors
		if errors.As(err, &ue) && len(d.expectUncaught) > 0 {
			for _, e := range ue.Errors {
				first, _, _ := strings.Cut(e.Error(), "\n")
				reported = append(reported, first)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: %s: %v\n--- console output:\n%s", file, step, err, output.String())
		}
	}
	check("harness", rt.RunString(ctx, "lib/harness.js", harness))
	if d.project == "" {
		check("load", rt.RunFile(ctx, file))
		check("run", rt.RunString(ctx, "lib/run.js", "__runTests()"))
	} else {
		// The file is not in the project: it runs under a name of its own in the
		// project's root.
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		check("load", rt.RunString(ctx, "__tests__/"+file, string(src)))
		check("run", rt.RunString(ctx, "lib/run.js",
			"__host.launch(); __runTests().then(function () { __host.teardown(); __host.reset(); })"))
	}
	if ran == 0 {
		t.Fatalf("%s defines no test()", file)
	}
	if msg := unexpectedErrors(d.expectUncaught, reported); msg != "" {
		t.Errorf("%s: %s\n--- console output:\n%s", file, msg, output.String())
	}
}

// unexpectedErrors compares the reported errors with the expect-uncaught patterns, one to
// one and in order, and describes any difference ("" if none).
func unexpectedErrors(want []*regexp.Regexp, got []string) string {
	ok := len(want) == len(got)
	for i := 0; ok && i < len(want); i++ {
		ok = want[i].MatchString(got[i])
	}
	if ok {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the run reported %d uncaught errors, want %d matching expect-uncaught:", len(got), len(want))
	for i := 0; i < max(len(want), len(got)); i++ {
		w, g := "(none)", "(none)"
		if i < len(want) {
			w = want[i].String()
		}
		if i < len(got) {
			g = strconv.Quote(got[i])
		}
		mark := "  "
		if i >= len(want) || i >= len(got) || !want[i].MatchString(got[i]) {
			mark = "✗ "
		}
		fmt.Fprintf(&b, "\n%s%d: want %s\n     got  %s", mark, i+1, w, g)
	}
	return b.String()
}

// TestUnexpectedErrors pins the expect-uncaught comparison: one to one, in order, whole
// lines.
func TestUnexpectedErrors(t *testing.T) {
	boom := regexp.MustCompile(`^(?:Uncaught Error: boom)$`)
	bang := regexp.MustCompile(`^(?:Uncaught Error: bang)$`)
	for _, c := range []struct {
		name string
		want []*regexp.Regexp
		got  []string
		ok   bool
	}{
		{"none expected, none reported", nil, nil, true},
		{"the expected ones in order", []*regexp.Regexp{boom, bang}, []string{"Uncaught Error: boom", "Uncaught Error: bang"}, true},
		{"another order", []*regexp.Regexp{boom, bang}, []string{"Uncaught Error: bang", "Uncaught Error: boom"}, false},
		{"wrong text", []*regexp.Regexp{boom}, []string{"Uncaught Error: bang"}, false},
		{"only a prefix", []*regexp.Regexp{boom}, []string{"Uncaught Error: boom!"}, false},
		{"one missing", []*regexp.Regexp{boom, boom}, []string{"Uncaught Error: boom"}, false},
		{"none at all", []*regexp.Regexp{boom}, nil, false},
		{"one extra", []*regexp.Regexp{boom}, []string{"Uncaught Error: boom", "Uncaught Error: boom"}, false},
		{"unexpected", nil, []string{"Uncaught Error: boom"}, false},
	} {
		if msg := unexpectedErrors(c.want, c.got); (msg == "") != c.ok {
			t.Errorf("%s: got %q, want ok=%v", c.name, msg, c.ok)
		}
	}
}
