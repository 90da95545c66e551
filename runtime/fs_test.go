package runtime

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
)

// mapProject is a small mini program held in memory: a require chain through relative,
// root-absolute and bare paths, a JSON module, a miniprogram_npm package with a
// package.json "main", a node_modules package, TypeScript, and a symbolic link.
var mapProject = fstest.MapFS{
	"app.js": {Data: []byte(`var util = require('./utils/util')
var page = require('/pages/index/index')
var config = require('./config.json')
console.log(util.greet(config.user), page.name, require('mqtt').connect(), require('lodash-mini').name)
console.log(require('./utils/alias') === util, require('./utils/calc').add(2, 3))
setTimeout(function () { page.fail() }, 0)
`)},
	"config.json":                       {Data: []byte(`{"user": "alice"}`)},
	"utils/util.js":                     {Data: []byte("exports.greet = function (who) { return 'hello ' + who }\n")},
	"utils/alias.js":                    {Data: []byte("util.js"), Mode: fs.ModeSymlink},
	"utils/calc.ts":                     {Data: []byte("export function add(a: number, b: number): number { return a + b }\n")},
	"pages/index/index.js":              {Data: []byte("var util = require('../../utils/util')\nexports.name = 'index'\nexports.fail = function () {\n  throw new Error('from ' + exports.name)\n}\n")},
	"miniprogram_npm/mqtt/package.json": {Data: []byte(`{"main": "dist/mqtt.js"}`)},
	"miniprogram_npm/mqtt/dist/mqtt.js": {Data: []byte("exports.connect = function () { return 'mqtt connected' }\n")},
	"node_modules/lodash-mini/index.js": {Data: []byte("exports.name = 'lodash-mini'\n")},
}

func newFSRuntime(t *testing.T, fsys fs.FS) (*Runtime, *syncbuf.Buffer, *syncbuf.Buffer) {
	t.Helper()
	var out, errOut syncbuf.Buffer
	rt, err := New(WithFS(fsys), WithStdout(&out), WithStderr(&errOut))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	return rt, &out, &errOut
}

func runFile(t *testing.T, rt *Runtime, file string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return rt.RunFile(ctx, file)
}

func TestWithFSRunsAProjectFromMemory(t *testing.T) {
	rt, out, errOut := newFSRuntime(t, mapProject)
	if rt.Root() != "" {
		t.Errorf("Root() = %q under WithFS, want \"\"", rt.Root())
	}
	err := runFile(t, rt, "app.js")
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 1 {
		t.Fatalf("err = %v, want the one uncaught error of page.fail", err)
	}
	const wantOut = "hello alice index mqtt connected lodash-mini\ntrue 5\n"
	if out.String() != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, wantOut)
	}
	// Stack traces name files by their slash paths in the file system, as under WithRoot.
	const wantErr = "Uncaught Error: from index\n    at pages/index/index.js:4:9\n"
	if !strings.HasPrefix(errOut.String(), wantErr) {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s", errOut, wantErr)
	}
}

func TestWithFSRefusesRequestsOutsideTheRoot(t *testing.T) {
	fsys := fstest.MapFS{
		"app.js":     {Data: []byte("exports.ok = true\n")},
		"link.js":    {Data: []byte("../secret.js"), Mode: fs.ModeSymlink},
		"main.js":    {Data: []byte("require('./link')\n")},
		"pages/a.js": {Data: []byte("exports.a = 1\n")},
	}
	for _, tt := range []struct{ name, src, want string }{
		{"dot-dot", "require('../x')", "Error: module '../x.js' is outside the mini program root, require args is '../x' (required from main.js)"},
		{"root-absolute dot-dot", "require('/../x')", "Error: module '../x.js' is outside the mini program root, require args is '/../x' (required from main.js)"},
		{"bare climbing", "require('pages/../../x')", "Error: module '../x.js' is outside the mini program root, require args is 'pages/../../x' (required from main.js)"},
		// A MapFS has nothing outside it: a link leading out is a missing file.
		{"link out", "require('./link')", "Error: module 'link.js' is not defined, require args is './link' (required from main.js)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rt, _, _ := newFSRuntime(t, fsys)
			err := rt.RunString(context.Background(), "main.js", tt.src)
			var ue *UncaughtErrors
			if !errors.As(err, &ue) || ue.Errors[0].Message != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
	// Under WithFS an absolute path names no file of the runtime's: RunFile refuses it.
	rt, _, _ := newFSRuntime(t, fsys)
	err := runFile(t, rt, "/app.js")
	var ue *UncaughtErrors
	if want := "Error: module '/app.js' is outside the mini program root, require args is '/app.js'"; !errors.As(err, &ue) || ue.Errors[0].Message != want {
		t.Errorf("RunFile(/app.js) = %v\nwant %s", err, want)
	}
}

func TestWithFSAndWithRootExcludeEachOther(t *testing.T) {
	if _, err := New(WithFS(mapProject), WithRoot(t.TempDir())); err == nil || !strings.Contains(err.Error(), "exclude each other") {
		t.Errorf("New(WithFS, WithRoot) = %v, want an error", err)
	}
}

// Under WithRoot, files are read through an os.Root that refuses links out of the root by
// itself, whatever the module system decides, and that is closed when the runtime shuts down.
func TestWithRootReadsThroughAnOSRoot(t *testing.T) {
	outside := writeModuleTree(t, map[string]string{"secret.js": "exports.s = 1\n"})
	root := writeModuleTree(t, map[string]string{"app.js": "exports.ok = true\n"})
	rel, _ := filepath.Rel(root, filepath.Join(outside, "secret.js"))
	linked := os.Symlink(rel, filepath.Join(root, "link.js")) == nil
	if !linked && goruntime.GOOS != "windows" {
		t.Fatal("cannot create a symlink")
	}
	rt, _, _ := newTestRuntime(t, WithRoot(root))
	if linked {
		if _, err := fs.ReadFile(rt.modules.fsys, "link.js"); err == nil {
			t.Error("the module file system read a file through a link out of the root")
		}
	}
	if _, err := fs.ReadFile(rt.modules.fsys, "app.js"); err != nil {
		t.Fatal(err)
	}
	if err := rt.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(rt.modules.fsys, "app.js"); !errors.Is(err, os.ErrClosed) {
		t.Errorf("after Close: %v, want the root closed", err)
	}
}
