package main

// Tests of running a mini program project: the three ways to name it, --page,
// --print-data (a golden file), the teardown at the end of a run and at --timeout, and
// the background flags.

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxrun/wxrun/wstest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// The fixture project's run, lifecycles and --print-data line, pinned by a golden file.
// 'wxrun DIR', 'wxrun run DIR' and 'wxrun DIR/app.js' are the same run.
func TestRunProjectGolden(t *testing.T) {
	golden := filepath.Join("testdata", "app.golden")
	var first string
	for i, args := range [][]string{
		{"--print-data", "testdata/app"},
		{"run", "testdata/app", "--print-data"},
		{"testdata/app/app.js", "--print-data"},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%q: exit status %d, stderr:\n%s", args, code, stderr)
		}
		if i == 0 {
			first = stdout
			continue
		}
		if stdout != first {
			t.Errorf("%q printed\n%s\nbut %q printed\n%s", args, stdout, []string{"--print-data", "testdata/app"}, first)
		}
	}
	checkGolden(t, golden, first)
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, got)
	}
}

// --page opens another entry page, with its query: App.onLaunch gets it as path and
// query, the page's onLoad gets the query as strings, and a Component page's properties
// get it converted.
func TestPageFlag(t *testing.T) {
	code, stdout, stderr := runCLI(t, "testdata/app", "--page", "/pages/detail/detail?id=7&x")
	if code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", code, stderr)
	}
	want := "App.onLaunch pages/detail/detail {\"id\":\"7\",\"x\":\"\"}\n" +
		"App.onShow pages/detail/detail\n" +
		"detail.attached id=7 (number)\n" +
		"detail.onLoad {\"id\":\"7\",\"x\":\"\"}\n" +
		"detail.onShow\n" +
		"detail.onReady\n" +
		"detail.onHide\n" +
		"App.onHide\n" +
		"detail.onUnload\n" +
		"detail.detached\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

// A page app.json does not list, with no App.onPageNotFound, fails the run.
func TestPageFlagNotFound(t *testing.T) {
	code, stdout, stderr := runCLI(t, "testdata/app", "--page", "pages/nope/nope")
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(stderr, `Uncaught Error: page "pages/nope/nope" is not found: app.json does not list it, and there is no App.onPageNotFound`) {
		t.Errorf("stderr:\n%s", stderr)
	}
	if !strings.HasPrefix(stdout, "App.onLaunch pages/nope/nope {}\n") || !strings.HasSuffix(stdout, "App.onHide\n") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// At --timeout the running JavaScript is interrupted, then the program is torn down:
// App.onHide, onUnload; the exit status is still 124.
func TestTeardownAtTimeout(t *testing.T) {
	code, stdout, stderr := runCLI(t, "--timeout", "300ms", "--print-data", "--page", "pages/busy/busy", "testdata/app")
	if code != 124 || !strings.HasPrefix(stderr, "wxrun: timed out after 300ms; still pending:\n") {
		t.Errorf("exit status %d, stderr:\n%s", code, stderr)
	}
	want := "App.onLaunch pages/busy/busy {}\nApp.onShow pages/busy/busy\nbusy.onLoad\nApp.onHide\nbusy.onUnload\n" +
		`{"pages":[{"route":"pages/busy/busy","query":{},"data":{}}]}` + "\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

// --background-after and --background-for drive the app to the background and back;
// --interrupt-sockets-after closes its socket with reason "interrupted" meanwhile.
func TestBackgroundFlags(t *testing.T) {
	srv := wstest.NewServer(t)
	page := "pages/socket/socket?url=" + url.QueryEscape(srv.URL+"/echo")
	code, stdout, stderr := runCLI(t, "testdata/app", "--page", page, "--timeout", "20s",
		"--background-after", "500ms", "--interrupt-sockets-after", "100ms", "--background-for", "300ms")
	if code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", code, stderr)
	}
	want := "App.onLaunch pages/socket/socket" // the query holds the URL
	if !strings.HasPrefix(stdout, want) {
		t.Errorf("stdout:\n%s", stdout)
	}
	rest := stdout[strings.Index(stdout, "\n")+1:]
	wantRest := "App.onShow pages/socket/socket\nready\nApp.onHide\nsocket closed 1000 interrupted\nApp.onShow pages/socket/socket\nApp.onHide\nsocket.onUnload\n"
	if rest != wantRest {
		t.Errorf("stdout after the launch:\n%s\nwant:\n%s", rest, wantRest)
	}
	if c := srv.Conns(); len(c) != 1 {
		t.Fatalf("the server saw %d connections", len(c))
	}
}

// A project whose project.config.json sets miniprogramRoot runs from its folder, from
// that root, and from the root's app.js; the root is where app.json and the pages are.
func TestRunProjectWithMiniprogramRoot(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "project.config.json"), `{"appid":"wxroot","miniprogramRoot":"mp/"}`)
	mustWrite(t, filepath.Join(dir, "mp", "app.json"), `{"pages":["pages/home/home"]}`)
	mustWrite(t, filepath.Join(dir, "mp", "app.js"), `App({ onLaunch(o) { console.log('launched ' + o.path) } })`)
	mustWrite(t, filepath.Join(dir, "mp", "pages", "home", "home.js"),
		`const greet = require('/utils/greet'); Page({ onLoad() { console.log(greet()) } })`)
	mustWrite(t, filepath.Join(dir, "mp", "utils", "greet.js"), `module.exports = () => 'hello from the root'`)
	for _, arg := range []string{dir, filepath.Join(dir, "mp"), filepath.Join(dir, "mp", "app.js")} {
		code, stdout, stderr := runCLI(t, arg)
		if code != 0 || stdout != "launched pages/home/home\nhello from the root\n" {
			t.Errorf("%s: exit status %d, stdout %q, stderr:\n%s", arg, code, stdout, stderr)
		}
	}
	// A DIR inside the project that is not its root is not a project.
	code, _, stderr := runCLI(t, filepath.Join(dir, "mp", "pages"))
	if code != 2 || !strings.Contains(stderr, "is a directory but not a mini program project") {
		t.Errorf("a page folder: exit status %d, stderr:\n%s", code, stderr)
	}
	// An app.json without pages cannot run as a project.
	mustWrite(t, filepath.Join(dir, "mp", "app.json"), `{}`)
	code, _, stderr = runCLI(t, dir)
	if code != 1 || !strings.Contains(stderr, `app.json: "pages" lists no page`) {
		t.Errorf("no pages: exit status %d, stderr:\n%s", code, stderr)
	}
}
