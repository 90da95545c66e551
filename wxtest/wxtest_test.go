package wxtest

import (
	"fmt"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/testrunner"
	"github.com/wxrun/wxrun/wstest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRun(t *testing.T) {
	srv := wstest.NewServer(t)
	summary := Run(t, "testdata/project", Files("echo"), TestNamePattern("echo server"),
		Globals(map[string]any{"SERVER_URL": srv.URL}))
	f := summary.Files[0]
	if f.Path != "tests/echo.test.js" || f.Tests[0].Status != testrunner.Passed || f.Tests[1].Status != testrunner.Skipped {
		t.Errorf("results: %+v", f.Tests)
	}
}

// TestFailureIsReported runs the suite with its failing test and checks that the Go
// subtest would fail with jest's diff and the source line.
func TestFailureIsReported(t *testing.T) {
	srv := wstest.NewServer(t)
	rec := &recorder{TB: t}
	Run(rec, "testdata/project", Globals(map[string]any{"SERVER_URL": srv.URL}))
	got := strings.Join(rec.errors, "\n")
	for _, want := range []string{
		"tests/echo.test.js › designed to fail:",
		`-   "greeting": "bye",`,
		`+   "greeting": "hello",`,
		"> 12 |   expect({ greeting: 'hello' }).toEqual({ greeting: 'bye' });",
		"at tests/echo.test.js:12:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the reported failure lacks %q:\n%s", want, got)
		}
	}
	if len(rec.errors) != 1 {
		t.Errorf("%d failures reported, want 1", len(rec.errors))
	}
}

type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, strings.TrimSpace(fmtSprintf(format, args...)))
}

func fmtSprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
