package testrunner

import (
	"os"
	"path/filepath"
	"testing"
)

// loadFixture copies testdata/NAME to a temporary folder and loads its configuration.
func loadFixture(t *testing.T, name string) *Config {
	t.Helper()
	dst := t.TempDir()
	copyTree(t, "testdata/"+name, dst)
	cfg, err := LoadConfig(dst, "")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestPagesInTests runs wxrun/testing's passing suite: a project with a miniprogramRoot,
// loaded in the test file's runtime, its pages driven through the module.
func TestPagesInTests(t *testing.T) {
	cfg := loadFixture(t, "miniapp")
	s := runFiles(t, cfg, []string{"tests/pages.test.js"}, Options{})
	f := s.Files[0]
	if f.Failed() {
		for _, tr := range f.Tests {
			for _, e := range tr.Failures {
				t.Errorf("%s: %s\n%s\n%s", tr.FullName(), e.Message, e.Source, e.Stack)
			}
		}
		t.Fatalf("%s\nerrors %+v\nconsole:\n%s", statuses(f), f.Errors, f.Console)
	}
}

// TestPagesInTestsFailures runs wxrun/testing's suite designed to fail and checks that
// each test fails, for the reason it should, pointing at its line.
func TestPagesInTestsFailures(t *testing.T) {
	cfg := loadFixture(t, "miniapp")
	// A project beside the test root, which loadProject must refuse.
	outside := filepath.Join(filepath.Dir(cfg.RootDir), "outside")
	for name, text := range map[string]string{"app.json": `{"pages": ["a"]}`, "app.js": "App({})", "a.js": "Page({})"} {
		if err := os.MkdirAll(outside, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(outside, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := runFiles(t, cfg, []string{"tests/pages_fail.test.js"}, Options{})
	f := s.Files[0]
	if len(f.Errors) > 0 {
		t.Errorf("file errors: %+v", f.Errors)
	}
	for _, c := range []struct {
		name, message string
		line          int
	}{
		{"a navigation that fails rejects with WeChat errMsg", `Error: navigateTo:fail page "pages/nope/nope" is not found`, 0},
		{"waitFor gives up with the last failure", "Expected: 99\nReceived: 0", 14},
		{"an app a later loadProject replaced", "Error: wxrun/testing: this app was replaced by a later loadProject(); use the app it returned", 20},
		{"a method the page does not have", "TypeError: wxrun/testing: pages/feed/feed has no method nope", 0},
		{"an exception in onLoad fails the test", "Error: boom in onLoad", 0},
		{"a folder that is not a project", "Error: wxrun/testing: loadProject: ", 0},
		{"a project outside the test root", "is outside the test root", 0},
		{"a bad option", "TypeError: wxrun/testing: loadProject: interruptSocketsAfter must be a number of milliseconds (0 = never), got -1", 0},
		{"an unknown network", `Error: wxrun/testing: unknown network "5g" (want wifi, 4g, 3g, 2g or offline)`, 0},
		{"waitFor gives up on a callback that keeps returning false", "Error: wxrun/testing: waitFor: the callback still returned false after 30 ms", 0},
	} {
		wantFailure(t, f, c.name, c.message, c.line)
	}
}

// TestHTTPMock runs wxrun/http-mock's suites: the passing one, and one whose routes fail,
// which fails the tests they ran in while the requests get a 500.
func TestHTTPMock(t *testing.T) {
	cfg := loadFixture(t, "miniapp")
	s := runFiles(t, cfg, []string{"tests/http.test.js", "tests/http_fail.test.js"}, Options{})
	if f := fileByPath(t, s, "tests/http.test.js"); f.Failed() {
		for _, tr := range f.Tests {
			for _, e := range tr.Failures {
				t.Errorf("%s: %s\n%s", tr.FullName(), e.Message, e.Source)
			}
		}
		t.Errorf("%s\nerrors %+v", statuses(f), f.Errors)
	}
	f := fileByPath(t, s, "tests/http_fail.test.js")
	wantFailure(t, f, "a route that throws", "Error: the route broke", 0)
	wantFailure(t, f, "an async route that answers with a mistake", "TypeError: wxrun/http-mock: status must be an HTTP status (100 to 999), got ok", 0)
}
