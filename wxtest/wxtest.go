// Package wxtest runs a mini program's jest-style test files from `go test`, so that a Go
// backend's tests exercise the server under test with the mini program's own client code:
// each JavaScript test becomes a Go subtest, and a failing one reports jest's message —
// expected against received as a diff — with the source line and the stack.
//
//	func TestChatServer(t *testing.T) {
//		srv := httptest.NewServer(chat.Handler())
//		defer srv.Close()
//		wxtest.Run(t, "../miniprogram",
//			wxtest.Files("tests/chat.test.js"),
//			wxtest.Globals(map[string]any{"SERVER_URL": "ws" + strings.TrimPrefix(srv.URL, "http")}))
//	}
//
// The test files run exactly as under `wxrun test` (package testrunner): the project's jest
// configuration applies, each file has a fresh runtime with the real wx API, files run in
// parallel. Run returns when every file is done; the subtests are then reported in order,
// as files/tests/names: `go test -run 'TestChatServer/tests/chat.test.js/reconnects'`
// selects a subtest's report, not which JavaScript tests run — use Files and
// TestNamePattern for that.
package wxtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/testrunner"
	"github.com/wxrun/wxrun/wxapi"
)

// Option configures Run.
type Option func(*settings)

type settings struct {
	files   []string
	config  string
	opts    testrunner.Options
	timeout time.Duration
}

// Files selects the test files: paths relative to the project root, folders, or regular
// expressions a test file's path must match (as `wxrun test PATH...`). The default is
// every test file of the project.
func Files(paths ...string) Option { return func(s *settings) { s.files = append(s.files, paths...) } }

// Config reads the jest configuration from file (relative to the project root) instead of
// looking for one.
func Config(file string) Option { return func(s *settings) { s.config = file } }

// Globals sets global variables in every test file's runtime, such as the URL of the
// server under test.
func Globals(values map[string]any) Option {
	return func(s *settings) {
		if s.opts.Globals == nil {
			s.opts.Globals = map[string]any{}
		}
		for k, v := range values {
			s.opts.Globals[k] = v
		}
	}
}

// WX passes options to the wx API of every file (wxapi.WithURLCheck, wxapi.WithRootCAs, …).
func WX(opts ...wxapi.Option) Option {
	return func(s *settings) { s.opts.WX = append(s.opts.WX, opts...) }
}

// TestNamePattern runs only the tests whose full name matches the regular expression (-t).
func TestNamePattern(re string) Option { return func(s *settings) { s.opts.TestNamePattern = re } }

// Timeout bounds the whole run (default: 5 minutes, or the test's deadline).
func Timeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// Snapshots sets what snapshot matchers may write (default testrunner.SnapshotsNone: a
// missing snapshot fails, as under --ci; run `wxrun test -u` to write them).
func Snapshots(mode testrunner.SnapshotMode) Option {
	return func(s *settings) { s.opts.Snapshots = mode }
}

// Run runs the test files of the mini program project in dir and reports them as
// subtests of t: one per file, and in it one per JavaScript test. Call it from the test's
// goroutine. It returns the summary for further checks.
func Run(t testing.TB, dir string, opts ...Option) *testrunner.Summary {
	t.Helper()
	s := settings{timeout: 5 * time.Minute}
	s.opts.Snapshots = testrunner.SnapshotsNone
	for _, o := range opts {
		o(&s)
	}
	cfg, err := testrunner.LoadConfig(dir, s.config)
	if err != nil {
		t.Fatalf("wxtest: %v", err)
	}
	files, err := cfg.Discover(cfg.RootDir, s.files)
	if err != nil {
		t.Fatalf("wxtest: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("wxtest: no test files in %s match %q", cfg.RootDir, s.files)
	}
	ctx := context.Background()
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := d.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Second))
			defer cancel()
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	summary, err := testrunner.Run(ctx, cfg, files, s.opts)
	if err != nil {
		t.Fatalf("wxtest: %v", err)
	}
	tt, ok := t.(*testing.T)
	for _, f := range summary.Files {
		report := func(t *testing.T) { reportFile(t, f) }
		if ok {
			tt.Run(f.Path, report)
		} else {
			reportFileTB(t, f)
		}
	}
	return summary
}

func reportFile(t *testing.T, f *testrunner.FileResult) {
	for _, e := range f.Errors {
		t.Error(describe(e))
	}
	for _, tr := range f.Tests {
		tr := tr
		t.Run(tr.FullName(), func(t *testing.T) {
			switch tr.Status {
			case testrunner.Failed:
				for _, e := range tr.Failures {
					t.Error(describe(e))
				}
				if f.Console != "" {
					t.Log("console output of " + f.Path + ":\n" + f.Console)
				}
			case testrunner.Skipped:
				t.Skip("skipped")
			case testrunner.Todo:
				t.Skip("todo")
			}
		})
	}
	for _, w := range f.Warnings {
		t.Log(w)
	}
}

// reportFileTB reports on a testing.TB that cannot have subtests (a benchmark).
func reportFileTB(t testing.TB, f *testrunner.FileResult) {
	t.Helper()
	for _, e := range f.Errors {
		t.Errorf("%s: %s", f.Path, describe(e))
	}
	for _, tr := range f.Tests {
		for _, e := range tr.Failures {
			t.Errorf("%s › %s: %s", f.Path, tr.FullName(), describe(e))
		}
	}
}

// describe renders a failure as the default reporter does: message, source, stack.
func describe(e testrunner.Failure) string {
	parts := []string{e.Message}
	if e.Source != "" {
		parts = append(parts, e.Source)
	}
	if e.Stack != "" {
		parts = append(parts, strings.TrimLeft(e.Stack, "\n"))
	}
	return "\n" + strings.Join(parts, "\n\n")
}
