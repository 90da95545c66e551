package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wxrun/wxrun/wstest"
)

// TestEndToEnd builds the wxrun binary once and checks the exit statuses and messages
// of real processes: that is the contract scripts and CI rely on.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	bin := filepath.Join(t.TempDir(), "wxrun")
	if goruntime.GOOS == "windows" {
		bin += ".exe"
	}
	// In a git checkout, ask for the revision to be stamped even where GOFLAGS says
	// -buildvcs=false, so that the version test below sees it.
	head := gitHead()
	buildArgs := []string{"build", "-o", bin, "."}
	if head != "" {
		buildArgs = []string{"build", "-buildvcs=true", "-o", bin, "."}
	}
	build := exec.Command(gobin, buildArgs...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	type result struct {
		code           int
		stdout, stderr string
	}
	wxrun := func(t *testing.T, args ...string) result {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("running wxrun: %v", err)
		}
		return result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
	}

	t.Run("group", func(t *testing.T) {
		t.Run("usage error", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "--bogus", "testdata/timers.js")
			if r.code != 2 {
				t.Errorf("exit status %d, want 2", r.code)
			}
			checkUsageMessage(t, r.stderr, "unknown flag: --bogus")
		})
		t.Run("missing file", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "run", "testdata/nope.js")
			if r.code != 2 {
				t.Errorf("exit status %d, want 2", r.code)
			}
			checkUsageMessage(t, r.stderr, "testdata/nope.js: no such file or directory")
		})
		t.Run("bad duration", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "--timeout", "1 minute", "testdata/timers.js")
			if r.code != 2 {
				t.Errorf("exit status %d, want 2", r.code)
			}
			checkUsageMessage(t, r.stderr, `invalid argument "1 minute" for "--timeout" flag: want a duration such as 500ms, 30s or 2m`)
		})
		t.Run("uncaught exception", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "testdata/throw.js")
			if r.code != 1 {
				t.Errorf("exit status %d, want 1; stderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "Uncaught Error: boom") || !strings.Contains(r.stderr, "at explode (") {
				t.Errorf("stderr lacks the error and its stack:\n%s", r.stderr)
			}
			if strings.Contains(r.stderr, "goroutine ") {
				t.Errorf("stderr contains a Go stack trace:\n%s", r.stderr)
			}
		})
		t.Run("timeout", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "--timeout", "200ms", "testdata/busy.js")
			if r.code != 124 {
				t.Errorf("exit status %d, want 124; stderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "wxrun: timed out after 200ms; still pending:\n  setTimeout(") {
				t.Errorf("stderr lacks the pending list:\n%s", r.stderr)
			}
		})
		t.Run("timers", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "testdata/timers.js")
			if r.code != 0 || r.stdout != "a\ntick\nb\nc\n" || r.stderr != "" {
				t.Errorf("exit status %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
		})
		t.Run("version", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "version")
			if r.code != 0 || !strings.HasPrefix(r.stdout, "wxrun ") || !strings.HasSuffix(r.stdout, " "+goruntime.GOOS+"/"+goruntime.GOARCH+"\n") {
				t.Errorf("exit status %d, stdout %q", r.code, r.stdout)
			}
			if head == "" {
				t.Log("not a git checkout (or a linked worktree, which go build does not stamp): revision not checked")
				return
			}
			if want := "(rev " + head[:12]; !strings.Contains(r.stdout, want) {
				t.Errorf("version %q lacks %q", r.stdout, want)
			}
			if v := wxrun(t, "--version"); v != r {
				t.Errorf("--version printed %q, version %q", v.stdout, r.stdout)
			}
		})
		t.Run("help", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "--help")
			if r.code != 0 || !strings.Contains(r.stdout, "Exit status:") {
				t.Errorf("exit status %d, stdout %q", r.code, r.stdout)
			}
		})
		t.Run("demo", func(t *testing.T) {
			t.Parallel()
			r := wxrun(t, "demo")
			if r.code != 0 {
				t.Errorf("exit status %d, want 0; stderr:\n%s", r.code, r.stderr)
			}
			checkDemoOutput(t, r.stdout)
		})
		if goruntime.GOOS == "windows" {
			return // no SIGINT/SIGTERM to send
		}
		for _, tc := range []struct {
			sig  os.Signal
			code int
		}{{os.Interrupt, 130}, {syscall.SIGTERM, 143}} {
			t.Run("signal "+tc.sig.String(), func(t *testing.T) {
				t.Parallel()
				code, stderr := runUntilReady(t, bin, tc.sig, "ready", "testdata/forever.js")
				if code != tc.code {
					t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr)
				}
				if stderr != "wxrun: interrupted\n" {
					t.Errorf("stderr = %q, want %q", stderr, "wxrun: interrupted\n")
				}
			})
		}
		t.Run("SIGINT closes open sockets with 1001", func(t *testing.T) {
			t.Parallel()
			srv := wstest.NewServer(t)
			script := filepath.Join(t.TempDir(), "open.js")
			src := `const task = wx.connectSocket({ url: "` + srv.URL + `/echo" });
task.onOpen(() => console.log("ready"));
`
			if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stderr := runUntilReady(t, bin, os.Interrupt, "ready", script)
			if code != 130 {
				t.Errorf("exit status %d, want 130; stderr:\n%s", code, stderr)
			}
			if got := onlyCloseCode(t, srv); got != 1001 {
				t.Errorf("server got close code %d, want 1001 (going away)", got)
			}
		})
		// A signal interrupts the run, then tears the project down: the page's onUnload
		// closes its socket with its own code (4000), not the 1001 of a shutdown.
		for _, tc := range []struct {
			sig  os.Signal
			code int
		}{{os.Interrupt, 130}, {syscall.SIGTERM, 143}} {
			t.Run("signal "+tc.sig.String()+" tears a project down", func(t *testing.T) {
				t.Parallel()
				srv := wstest.NewServer(t)
				page := "pages/socket/socket?url=" + url.QueryEscape(srv.URL+"/echo")
				code, stderr := runUntilReady(t, bin, tc.sig, "ready", "testdata/app", "--page", page)
				if code != tc.code || stderr != "wxrun: interrupted\n" {
					t.Errorf("exit status %d, stderr %q; want %d and %q", code, stderr, tc.code, "wxrun: interrupted\n")
				}
				if got := onlyCloseCode(t, srv); got != 4000 {
					t.Errorf("server got close code %d, want 4000 (from the page's onUnload)", got)
				}
			})
		}
		// A signal stops a load run: its instances are torn down, and the summary is
		// printed and written before the exit status says what happened.
		t.Run("SIGINT stops --instances and keeps the summary", func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			script := filepath.Join(dir, "forever.js")
			if err := os.WriteFile(script, []byte(`console.log("ready"); setInterval(() => {}, 1000);`), 0o644); err != nil {
				t.Fatal(err)
			}
			summary := filepath.Join(dir, "s.json")
			code, stderr := runUntilReady(t, bin, os.Interrupt, "[3] ready", "run", "--instances", "3", "--instance-output", "--summary-json", summary, script)
			if code != 130 || !strings.Contains(stderr, "instances   3 started of 3") || !strings.HasSuffix(stderr, "wxrun: interrupted\n") {
				t.Errorf("exit status %d, want 130; stderr:\n%s", code, stderr)
			}
			data, err := os.ReadFile(summary)
			if err != nil || !strings.Contains(string(data), `"started": 3`) {
				t.Errorf("summary after SIGINT: %v\n%s", err, data)
			}
		})
		t.Run("serve stops on SIGINT", func(t *testing.T) {
			t.Parallel()
			code, stderr := runUntilReady(t, bin, os.Interrupt, "Ctrl-C to stop", "serve", "--addr", "127.0.0.1:0")
			if code != 0 {
				t.Errorf("exit status %d, want 0; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "wxrun: serving ws://127.0.0.1:") {
				t.Errorf("stderr lacks the address:\n%s", stderr)
			}
		})
	})
}

// onlyCloseCode waits for the one connection srv saw to end and returns the close code
// the client sent.
func onlyCloseCode(t *testing.T, srv *wstest.Server) int {
	t.Helper()
	conns := srv.Conns()
	if len(conns) != 1 {
		t.Fatalf("server saw %d connections", len(conns))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := conns[0].Wait(ctx); err != nil {
		t.Fatal(err)
	}
	return conns[0].CloseCode()
}

// gitHead returns the commit of the git checkout holding the current directory, if go
// build stamps binaries built there with it: the go command looks for a .git directory,
// so a linked worktree (whose .git is a file) is not stamped.
func gitHead() string {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return ""
	}
	if st, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !st.IsDir() {
		return ""
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil || len(strings.TrimSpace(string(head))) < 12 {
		return ""
	}
	return strings.TrimSpace(string(head))
}

// runUntilReady starts wxrun with args, waits until ready appears in its stdout or stderr,
// sends sig and returns the exit status and everything written to stderr.
func runUntilReady(t *testing.T, bin string, sig os.Signal, ready string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := make(chan struct{})
	var once sync.Once
	var stderr strings.Builder
	var wg sync.WaitGroup
	watch := func(r io.Reader, keep *strings.Builder) {
		defer wg.Done()
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if keep != nil {
				keep.WriteString(sc.Text() + "\n")
			}
			if strings.Contains(sc.Text(), ready) {
				once.Do(func() { close(seen) })
			}
		}
	}
	wg.Add(2)
	go watch(stdout, nil)
	go watch(stderrPipe, &stderr)
	select {
	case <-seen:
	case <-ctx.Done():
		t.Fatalf("wxrun never printed %q", ready)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	wg.Wait() // the pipes must be drained before Wait
	err = cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("wxrun: %v", err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}
