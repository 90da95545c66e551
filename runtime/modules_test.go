package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/wxrun/wxrun/internal/compile"
)

// moduleFixture is a mini program tree exercising every resolution rule (see modules.go).
const moduleFixture = "testdata/modules/app"

// newModuleTest returns a module system reading the directory root through an os.Root, as
// runtime.New does.
func newModuleTest(t *testing.T, root string) (*goja.Runtime, *moduleSystem) {
	t.Helper()
	fsys, abs := openTestRoot(t, root)
	vm := goja.New()
	return vm, newModuleSystem(vm, fsys, abs, vm.NewObject())
}

func openTestRoot(t *testing.T, dir string) (fs.FS, string) {
	t.Helper()
	root, abs, err := openRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = root.Close() })
	return root.FS(), abs
}

// writeModuleTree creates files (root-relative slash paths → contents) under a fresh temporary root.
func writeModuleTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// mustRun returns a function that checks a (module.exports, error) pair and returns the exports object:
// mustRun(t)(m.runMain("app.js")).
func mustRun(t *testing.T) func(goja.Value, error) *goja.Object {
	return func(v goja.Value, err error) *goja.Object {
		t.Helper()
		return checkExports(t, v, err)
	}
}

func checkExports(t *testing.T, v goja.Value, err error) *goja.Object {
	t.Helper()
	if err != nil {
		var ex *goja.Exception
		if errors.As(err, &ex) {
			t.Fatalf("unexpected error: %s", ex.String())
		}
		t.Fatalf("unexpected error: %v", err)
	}
	o, ok := v.(*goja.Object)
	if !ok {
		t.Fatalf("exports = %v, want an object", v)
	}
	return o
}

func TestModuleRequireResolution(t *testing.T) {
	tests := []struct {
		from, request, want string
	}{
		{"pages/index/index.js", "./helper", "pages/index/helper.js"},
		{"pages/index/index.js", "./helper.js", "pages/index/helper.js"},
		{"pages/index/index.js", "../../utils/util", "utils/util.js"},
		{"pages/index/index.js", "/utils/util", "utils/util.js"},
		{"pages/index/index.js", "/utils/util.js", "utils/util.js"},
		{"pages/index/index.js", "/utils/fmt", "utils/fmt.ts"},
		{"pages/index/index.js", "/utils/data.json", "utils/data.json"},
		{"pages/index/index.js", "/utils/data", "utils/data.json"},
		{"pages/index/index.js", "/utils/noext", "utils/noext"},
		{"pages/index/index.js", "/lib", "lib/index.js"},
		{"pages/index/index.js", "../../lib/", "lib/index.js"},
		{"pages/index/index.js", "/tsdir", "tsdir/index.ts"},
		{"pages/index/index.js", "utils/local", "pages/index/utils/local.js"}, // bare: current dir first
		{"app.js", "utils/util", "utils/util.js"},                             // … which is the root for app.js
		{"app.js", "./utils/util", "utils/util.js"},
		{"pages/index/index.js", "mqtt", "miniprogram_npm/mqtt/index.js"},
		{"pages/index/index.js", "withmain", "miniprogram_npm/withmain/dist/entry.js"},
		{"pages/index/index.js", "@scope/pkg", "miniprogram_npm/@scope/pkg/index.js"},
		{"pages/index/index.js", "pkg", "miniprogram_npm/pkg/index.js"},
		{"pages/index/index.js", "pkg/sub", "miniprogram_npm/pkg/sub.js"},
		{"pages/index/index.js", "near", "pages/index/miniprogram_npm/near/index.js"},
		{"app.js", "nodepkg", "node_modules/nodepkg/lib/main.js"},
		{"pages/index/index.js", "mpkg", "node_modules/mpkg/miniprogram_dist/index.js"},
	}
	_, m := newModuleTest(t, moduleFixture)
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.request, func(t *testing.T) {
			exp := mustRun(t)(m.runSource(tt.from, fmt.Sprintf("module.exports = require(%q)", tt.request)))
			if got := exp.Get("id").String(); got != tt.want {
				t.Errorf("require(%q) from %s loaded %q, want %q", tt.request, tt.from, got, tt.want)
			}
		})
	}
}

func TestModuleRequireErrors(t *testing.T) {
	tests := []struct {
		from, request, want string
	}{
		{"pages/index/index.js", "'./missing'",
			"Error: module 'pages/index/missing.js' is not defined, require args is './missing' (required from pages/index/index.js)"},
		// WeChat resolves a bare path against the current file's directory, not the root.
		{"pages/index/index.js", "'utils/util'",
			"Error: module 'pages/index/utils/util.js' is not defined, require args is 'utils/util' (required from pages/index/index.js)"},
		{"pages/index/index.js", "'nopkg'",
			"Error: module 'pages/index/nopkg.js' is not defined, require args is 'nopkg' (required from pages/index/index.js)"},
		{"app.js", "'./utils/data.json.js'",
			"Error: module 'utils/data.json.js' is not defined, require args is './utils/data.json.js' (required from app.js)"},
		{"pages/index/index.js", "'../../../outside'",
			"Error: module '../outside.js' is outside the mini program root, require args is '../../../outside' (required from pages/index/index.js)"},
		{"app.js", "'/../etc/passwd'",
			"Error: module '../etc/passwd.js' is outside the mini program root, require args is '/../etc/passwd' (required from app.js)"},
		{"app.js", "'utils/../../x'",
			"Error: module '../x.js' is outside the mini program root, require args is 'utils/../../x' (required from app.js)"},
		{"app.js", "42", "TypeError: require args must be a string, got int64 42 (required from app.js)"},
		// A package.json "main" is a path like any other: leading out of the root, it is refused.
		{"app.js", "'escapes'",
			"Error: module '../outside.js' is outside the mini program root, require args is 'escapes' (required from app.js)"},
	}
	_, m := newModuleTest(t, moduleFixture)
	for _, tt := range tests {
		t.Run(tt.request, func(t *testing.T) {
			_, err := m.runSource(tt.from, "require("+tt.request+")")
			var ex *goja.Exception
			if !errors.As(err, &ex) {
				t.Fatalf("err = %T %v, want *goja.Exception", err, err)
			}
			if got := ex.Value().String(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
			// The frame of the require call is in the stack (goja places a call at its parenthesis).
			if !strings.Contains(ex.String(), tt.from+":1:8(") {
				t.Errorf("stack does not show the requiring file:\n%s", ex.String())
			}
		})
	}

	// The errors are ordinary, catchable JS Errors.
	exp := mustRun(t)(m.runSource("app.js", `
		try { require('./nope') } catch (e) { exports.isError = e instanceof Error; exports.msg = e.message }`))
	if !exp.Get("isError").ToBoolean() || !strings.HasPrefix(exp.Get("msg").String(), "module 'nope.js' is not defined") {
		t.Errorf("caught %v %v", exp.Get("isError"), exp.Get("msg"))
	}
}

func TestModuleRunMainPaths(t *testing.T) {
	root, _ := filepath.Abs(moduleFixture)
	_, m := newModuleTest(t, root)
	for _, p := range []string{"app.js", "app", filepath.Join(root, "app.js"), "./lib"} {
		exp := mustRun(t)(m.runMain(p))
		if id := exp.Get("id").String(); id != "app.js" && id != "lib/index.js" {
			t.Errorf("runMain(%q) loaded %q", p, id)
		}
	}
	abs := filepath.Join(filepath.Dir(root), "x.js")
	for p, want := range map[string]string{
		"nope.js": "Error: module 'nope.js' is not defined, require args is 'nope.js'",
		"../x.js": "Error: module '../x.js' is outside the mini program root, require args is '../x.js'",
		// An absolute path is named relative to the root, as every other module path.
		abs: "Error: module '../x.js' is outside the mini program root, require args is '" + abs + "'",
	} {
		_, err := m.runMain(p)
		var ex *goja.Exception
		if !errors.As(err, &ex) || ex.Value().String() != want {
			t.Errorf("runMain(%q) = %v, want %q", p, err, want)
		}
	}
}

func TestModuleRequireRealisticPage(t *testing.T) {
	_, m := newModuleTest(t, moduleFixture)
	exp := mustRun(t)(m.runMain("pages/index/index.js"))
	if got := exp.Get("deps").String(); got != "pages/index/helper.js,utils/util.js,miniprogram_npm/mqtt/index.js" {
		t.Errorf("deps = %s", got)
	}
	// JSON modules are parsed into module.exports and cached.
	data := mustRun(t)(m.runSource("x.js", "var a = require('/utils/data.json'), b = require('./utils/data'); module.exports = {same: a === b, n: a.list.length}"))
	if !data.Get("same").ToBoolean() || data.Get("n").ToInteger() != 3 {
		t.Errorf("json module: same=%v n=%v", data.Get("same"), data.Get("n"))
	}
}

func TestModuleRequireEvaluatesOnce(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"counter.js": "global.loads = (global.loads || 0) + 1\nmodule.exports = { n: global.loads }\n",
		"main.js":    "var a = require('./counter'), b = require('./counter.js'), c = require('/counter')\nmodule.exports = { same: a === b && b === c }\n",
		"flaky.js":   "global.flaky = (global.flaky || 0) + 1\nif (global.flaky === 1) throw new Error('first load fails')\nexports.ok = true\n",
	})
	vm, m := newModuleTest(t, root)
	exp := mustRun(t)(m.runMain("main.js"))
	if !exp.Get("same").ToBoolean() {
		t.Error("require returned different exports objects")
	}
	mustRun(t)(m.runMain("counter.js")) // already loaded: not evaluated again
	if n := m.global.Get("loads").ToInteger(); n != 1 {
		t.Errorf("counter.js evaluated %d times, want 1", n)
	}
	// A module whose body throws is dropped from the cache and evaluated again next time (as in Node).
	if _, err := m.runMain("flaky.js"); err == nil {
		t.Fatal("first load of flaky.js did not fail")
	}
	exp = mustRun(t)(m.runMain("flaky.js"))
	if !exp.Get("ok").ToBoolean() || m.global.Get("flaky").ToInteger() != 2 {
		t.Errorf("flaky.js: ok=%v loads=%v", exp.Get("ok"), m.global.Get("flaky"))
	}
	_ = vm
}

func TestModuleRequireCycles(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"a.js": "exports.early = 'a1'\nvar b = require('./b')\nexports.late = 'a2'\nexports.bSawA = b.sawA\nexports.bDone = b.done\n",
		"b.js": "var a = require('./a')\nexports.sawA = JSON.stringify(a)\nexports.done = true\nexports.getLate = function () { return a.late }\n",
	})
	_, m := newModuleTest(t, root)
	a := mustRun(t)(m.runMain("a.js"))
	if got := a.Get("bSawA").String(); got != `{"early":"a1"}` {
		t.Errorf("b saw partial exports %s, want {\"early\":\"a1\"}", got)
	}
	if !a.Get("bDone").ToBoolean() {
		t.Error("b did not finish")
	}
	b := mustRun(t)(m.runMain("b.js"))
	f, _ := goja.AssertFunction(b.Get("getLate"))
	if v, _ := f(goja.Undefined()); v.String() != "a2" {
		t.Errorf("b's reference to a is not the finished module: %v", v)
	}
}

func TestModuleRequireSymlinks(t *testing.T) {
	if goruntime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	const targetSrc = "exports.where = 'real/target.js'\nexports.fail = function () { throw new Error('x') }\n"
	outside := writeModuleTree(t, map[string]string{
		"secret.js":     "exports.secret = 'leaked'\n",
		"dir/secret.js": "exports.secret = 'leaked'\n",
	})
	root := writeModuleTree(t, map[string]string{
		"real/target.js": targetSrc,
	})
	relOut, err := filepath.Rel(root, filepath.Join(outside, "secret.js"))
	if err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"link.js":     filepath.Join(outside, "secret.js"), // absolute, out of the root
		"linkdir":     filepath.Join(outside, "dir"),
		"rellink.js":  relOut,                                   // relative, climbing out of the root
		"dangling.js": "../nowhere/x.js",                        // out of the root, to nothing
		"absin.js":    filepath.Join(root, "real", "target.js"), // absolute, into the root: os.Root refuses it
		"alias.js":    "real/target.js",                         // relative, inside: followed
		"chain.js":    "alias.js",
		"shared":      "real",
		"real/up.js":  "../real/target.js",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skip("cannot create symlinks:", err)
		}
	}
	_, m := newModuleTest(t, root)
	for req, want := range map[string]string{
		"./link":            "module 'link.js' is outside the mini program root, require args is './link' (required from main.js)",
		"./link.js":         "module 'link.js' is outside the mini program root",
		"./linkdir/secret":  "module 'linkdir/secret.js' is outside the mini program root",
		"linkdir/secret.js": "module 'linkdir/secret.js' is outside the mini program root",
		"./rellink":         "module 'rellink.js' is outside the mini program root",
		"./dangling":        "module 'dangling.js' is outside the mini program root",
		"./absin":           "module 'absin.js' is outside the mini program root",
	} {
		_, err := m.runSource("main.js", fmt.Sprintf("require(%q)", req))
		var ex *goja.Exception
		if !errors.As(err, &ex) || !strings.Contains(ex.Value().String(), want) {
			t.Errorf("require(%q) = %v, want %q", req, err, want)
		}
	}
	if _, err := m.runMain("link.js"); err == nil || !strings.Contains(err.Error(), "module 'link.js' is outside the mini program root") {
		t.Errorf("runMain(link.js) = %v, want outside-root error", err)
	}
	// A symlink inside the root is followed; the module is named (and cached) by its real path,
	// however it was reached: through a file link, a chain of them, a directory link, "..".
	exp := mustRun(t)(m.runSource("main.js", `var a = require('./alias'), b = require('./real/target'), c = require('./chain'),
		d = require('./shared/target'), e = require('./real/up'); module.exports = {same: a === b && b === c && c === d && d === e, f: a.fail}`))
	if !exp.Get("same").ToBoolean() {
		t.Error("one file loaded as several modules")
	}
	f, _ := goja.AssertFunction(exp.Get("f"))
	_, err = f(goja.Undefined())
	line, col := lineCol(t, targetSrc, "new Error")
	if err == nil || !strings.Contains(err.(*goja.Exception).String(), fmt.Sprintf("real/target.js:%d:%d(", line, col)) {
		t.Errorf("stack does not name the real file: %v", err)
	}
}

func TestModuleScopeAndGlobals(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"probe.js": `var names = ['window', 'document', 'frames', 'self', 'location', 'navigator', 'localStorage',
  'history', 'Caches', 'screen', 'alert', 'confirm', 'prompt', 'XMLHttpRequest', 'WebSocket', 'Reporter',
  'webkit', 'WeixinJSCore', 'fetch', 'print', 'WeixinJSBridge']
var seen = [typeof window, typeof document, typeof frames, typeof self, typeof location, typeof navigator,
  typeof localStorage, typeof history, typeof Caches, typeof screen, typeof alert, typeof confirm,
  typeof prompt, typeof XMLHttpRequest, typeof WebSocket, typeof Reporter, typeof webkit,
  typeof WeixinJSCore, typeof fetch, typeof print, typeof WeixinJSBridge]
module.exports = {
  defined: names.filter(function (n, i) { return seen[i] !== 'undefined' }),
  filename: typeof __filename, dirname: typeof __dirname,
  thisIsExports: this === module.exports && this === exports,
  requireType: typeof require,
}
`,
		"setter.js": "global.foo = 1\nglobal.shared = {}\n",
		"getter.js": "module.exports = { foo: global.foo, shared: global.shared, globalIsGlobalThis: global === globalThis, onGlobalThis: typeof globalThis.foo }\n",
		// Names shadowed by the wrapper may still be declared with let/const at top level.
		"redeclare.js": "const fetch = function () { return 'mine' }\nlet global = 'local'\nvar window = 1\nmodule.exports = { fetch: fetch(), global: global, window: window }\n",
	})
	vm, m := newModuleTest(t, root)
	// Even when the host defines browser globals, modules see the WeChat wrapper's undefined.
	for _, n := range []string{"window", "document", "WebSocket", "XMLHttpRequest", "fetch"} {
		_ = vm.Set(n, vm.NewObject())
	}
	probe := mustRun(t)(m.runMain("probe.js"))
	if d := probe.Get("defined").String(); d != "" {
		t.Errorf("defined in module scope: %s", d)
	}
	if probe.Get("filename").String() != "undefined" || probe.Get("dirname").String() != "undefined" {
		t.Error("__filename/__dirname exist")
	}
	if !probe.Get("thisIsExports").ToBoolean() || probe.Get("requireType").String() != "function" {
		t.Error("module scope: this/require wrong")
	}

	mustRun(t)(m.runMain("setter.js"))
	g := mustRun(t)(m.runMain("getter.js"))
	if g.Get("foo").ToInteger() != 1 || g.Get("shared") != m.global.Get("shared") {
		t.Error("global not shared between modules")
	}
	if g.Get("globalIsGlobalThis").ToBoolean() || g.Get("onGlobalThis").String() != "undefined" {
		t.Error("global is the engine global object")
	}
	if v := vm.Get("foo"); v != nil && !goja.IsUndefined(v) {
		t.Errorf("globalThis.foo = %v", v)
	}

	r := mustRun(t)(m.runMain("redeclare.js"))
	if r.Get("fetch").String() != "mine" || r.Get("global").String() != "local" || r.Get("window").ToInteger() != 1 {
		t.Errorf("redeclared names: %v %v %v", r.Get("fetch"), r.Get("global"), r.Get("window"))
	}
}

func TestModuleTopLevelReturnAndStrict(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"early.js": "exports.before = true\nif (exports.before) {\n  return\n}\nexports.after = true\n",
		"strict.js": "'use strict'\nexports.thisInFn = typeof (function () { return this })()\n" +
			"try { undeclared = 1; exports.sloppy = true } catch (e) { exports.err = e.name }\n",
		"sloppy.js": "exports.thisInFn = typeof (function () { return this })()\n",
	})
	_, m := newModuleTest(t, root)
	e := mustRun(t)(m.runMain("early.js"))
	if !e.Get("before").ToBoolean() || e.Get("after") != nil {
		t.Errorf("top-level return: before=%v after=%v", e.Get("before"), e.Get("after"))
	}
	s := mustRun(t)(m.runMain("strict.js"))
	if s.Get("thisInFn").String() != "undefined" || s.Get("err").String() != "ReferenceError" {
		t.Errorf("'use strict' not applied: this=%v err=%v", s.Get("thisInFn"), s.Get("err"))
	}
	if got := mustRun(t)(m.runMain("sloppy.js")).Get("thisInFn").String(); got != "object" {
		t.Errorf("sloppy this = %s", got)
	}
}

// ES modules are strict, also after esbuild turned them into CommonJS; other transformed code is not.
func TestModuleESMIsStrict(t *testing.T) {
	const probe = "\nvar thisInFn = typeof (function () { return this })()\n"
	root := writeModuleTree(t, map[string]string{
		"exports.js":    "export const x = 1" + probe + "export { thisInFn }\n",
		"imports.js":    "import './exports'" + probe + "module.exports = { thisInFn }\n",
		"default.ts":    "import e from './exports'" + probe + "module.exports = { thisInFn, e }\n",
		"script.ts":     "const n: number = 1" + probe + "module.exports = { thisInFn }\n",
		"newsyntax.js":  "async function* g() {}" + probe + "module.exports = { thisInFn }\n",
		"hashbang.js":   "#!/usr/bin/env node\nexports.thisInFn = 'ok'\n",
		"hashbangm.mjs": "#!/usr/bin/env node\nexport const thisInFn = 'ok'\n",
		"bom.js":        "\uFEFFexports.thisInFn = 'ok'\n",
		"bomm.js":       "\uFEFFexport const thisInFn = 'ok'\n",
	})
	_, m := newModuleTest(t, root)
	for file, want := range map[string]string{
		"exports.js": "undefined", "imports.js": "undefined", "default.ts": "undefined",
		"script.ts": "object", "newsyntax.js": "object",
		"hashbang.js": "ok", "hashbangm.mjs": "ok", "bom.js": "ok", "bomm.js": "ok",
	} {
		if got := mustRun(t)(m.runMain(file)).Get("thisInFn").String(); got != want {
			t.Errorf("%s: %s, want %s", file, got, want)
		}
	}
}

func TestModuleESMAndTypeScript(t *testing.T) {
	_, m := newModuleTest(t, moduleFixture)
	shapes := mustRun(t)(m.runMain("esm/shapes.js"))
	if !shapes.Get("__esModule").ToBoolean() {
		t.Error("ESM exports lack __esModule")
	}
	call := func(name string, args ...any) goja.Value {
		t.Helper()
		f, ok := goja.AssertFunction(shapes.Get(name))
		if !ok {
			t.Fatalf("%s is not a function", name)
		}
		vals := make([]goja.Value, len(args))
		for i, a := range args {
			vals[i] = m.vm.ToValue(a)
		}
		v, err := f(goja.Undefined(), vals...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	if call("area", 3, 4).ToInteger() != 12 || call("ratio", 6, 3).ToInteger() != 2 || call("default").String() != "shapes" {
		t.Error("ESM exports misbehave")
	}
	if shapes.Get("legacyName").String() != "legacy" {
		t.Errorf("default import of a CommonJS module = %v, want its module.exports", shapes.Get("legacyName"))
	}

	// TS from CommonJS: default + named exports, enum, class with parameter properties.
	exp := mustRun(t)(m.runSource("main.js", `
		var calc = require('./utils/calc')
		var c = new calc.default(calc.Op.Add)
		module.exports = { sum: c.run({ a: 2, b: 3 }), div: new calc.Calc(calc.Op.Div).run({ a: 9, b: 3 }), opName: calc.Op[1] }`))
	if exp.Get("sum").ToInteger() != 5 || exp.Get("div").ToInteger() != 3 || exp.Get("opName").String() != "Div" {
		t.Errorf("TS module: %v %v %v", exp.Get("sum"), exp.Get("div"), exp.Get("opName"))
	}
}

// lineCol returns the 1-based line and column of the first occurrence of marker in src.
func lineCol(t *testing.T, src, marker string) (int, int) {
	t.Helper()
	i := strings.Index(src, marker)
	if i < 0 {
		t.Fatalf("marker %q not in source", marker)
	}
	line := strings.Count(src[:i], "\n") + 1
	return line, i - strings.LastIndex(src[:i], "\n")
}

func TestModuleStackTracePositions(t *testing.T) {
	fixture := func(name string) string {
		b, err := os.ReadFile(filepath.Join(moduleFixture, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name   string
		files  map[string]string
		main   string // module run with runMain
		call   string // exported function to call ("" = the error comes from loading)
		file   string // file whose frame is checked
		marker string // the frame's position is where this text starts in file
	}{
		{name: "js line 1", files: map[string]string{"a.js": "exports.f = function () { return  new Error('x') }"},
			main: "a.js", call: "f", file: "a.js", marker: "new Error"},
		{name: "js throw at top level line 1", files: map[string]string{"a.js": "throw new Error('top')\n"},
			main: "a.js", file: "a.js", marker: "new Error"},
		{name: "js line 5", files: map[string]string{"a.js": "// c\n\n\nexports.f = function () {\n\t\tthrow new Error('x')\n}\n"},
			main: "a.js", call: "f", file: "a.js", marker: "new Error"},
		{name: "js strict", files: map[string]string{"a.js": "'use strict';\nexports.f = function () {\n  null.x\n}\n"},
			main: "a.js", call: "f", file: "a.js", marker: "x\n}"}, // goja places a member access at the property name
		{name: "js top-level return", files: map[string]string{"a.js": "exports.f = function () {\n    throw new Error('x')\n}\nreturn\n"},
			main: "a.js", call: "f", file: "a.js", marker: "new Error"},
		{name: "required module throws while loading", files: map[string]string{
			"main.js": "var x = 1\n  require('./lib/bad')\n", "lib/bad.js": "\n\n    throw new Error('bad')\n"},
			main: "main.js", file: "lib/bad.js", marker: "new Error"},
		{name: "caller frame of a require", files: map[string]string{
			"main.js": "var x = 1\n  require('./lib/bad')\n", "lib/bad.js": "\n\n    throw new Error('bad')\n"},
			main: "main.js", file: "main.js", marker: "('./lib/bad')"}, // … and a call at its parenthesis
		{name: "ts", files: map[string]string{"utils/calc.ts": fixture("utils/calc.ts"),
			"main.js": "var c = require('./utils/calc')\nexports.f = function () { return c.divide({ a: 1, b: 0 }) }\n"},
			main: "main.js", call: "f", file: "utils/calc.ts", marker: "new Error"},
		{name: "ts at top level", files: map[string]string{"boot.ts": "const n: number = 1\ntype T = { a: string }\n  throw new Error('at ' + n)\n"},
			main: "boot.ts", file: "boot.ts", marker: "new Error"},
		{name: "ts line 1", files: map[string]string{"one.ts": "let v: string = 'x'; throw new Error(v)\n"},
			main: "one.ts", file: "one.ts", marker: "new Error"},
		{name: "esm", files: map[string]string{"esm/shapes.js": fixture("esm/shapes.js"), "esm/legacy.js": fixture("esm/legacy.js"),
			"utils/calc.ts": fixture("utils/calc.ts")},
			main: "esm/shapes.js", call: "fail", file: "esm/shapes.js", marker: "new Error"},
		{name: "esm calling ts", files: map[string]string{"esm/shapes.js": fixture("esm/shapes.js"), "esm/legacy.js": fixture("esm/legacy.js"),
			"utils/calc.ts": fixture("utils/calc.ts")},
			main: "esm/shapes.js", call: "ratio", file: "esm/shapes.js", marker: "divide({"}, // esbuild maps the call to the callee
		{name: "esm line 1", files: map[string]string{"e.js": "export function f() { return new Error('x') }\n"},
			main: "e.js", call: "f", file: "e.js", marker: "new Error"},
		{name: "newer syntax through esbuild", files: map[string]string{"gen.js": "async function* g() { yield 1 }\nexports.f = function () {\n  return new Error('x')\n}\n"},
			main: "gen.js", call: "f", file: "gen.js", marker: "new Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, m := newModuleTest(t, writeModuleTree(t, tt.files))
			v, err := m.runMain(tt.main)
			var stack string
			if tt.call == "" {
				var ex *goja.Exception
				if !errors.As(err, &ex) {
					t.Fatalf("loading %s: err = %v, want an exception", tt.main, err)
				}
				stack = ex.String()
			} else {
				exp := checkExports(t, v, err)
				f, _ := goja.AssertFunction(exp.Get(tt.call))
				res, err := f(goja.Undefined(), m.vm.ToValue(1), m.vm.ToValue(0))
				switch {
				case err != nil:
					stack = err.(*goja.Exception).String()
				case res != nil && res.ExportType() != nil:
					stack = res.(*goja.Object).Get("stack").String()
				}
			}
			line, col := lineCol(t, tt.files[tt.file], tt.marker)
			want := fmt.Sprintf("%s:%d:%d", tt.file, line, col)
			if !strings.Contains(stack, want+"(") && !strings.Contains(stack, want+")") {
				t.Errorf("stack does not contain %s:\n%s", want, stack)
			}
		})
	}
}

// TestModuleExternalSourceMapInStack: a prebuilt JS file (as in miniprogram_npm) whose map file sits
// next to it reports frames in the original source.
func TestModuleExternalSourceMapInStack(t *testing.T) {
	orig := "export function boom(): void {\n  const n: number = 1\n  throw new Error('from ts ' + n)\n}\n"
	res := api.Transform(orig, api.TransformOptions{Loader: api.LoaderTS, Format: api.FormatCommonJS,
		Sourcemap: api.SourceMapExternal, Sourcefile: "../src/index.ts"})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	root := writeModuleTree(t, map[string]string{
		"miniprogram_npm/lib/dist/index.js":     string(res.Code) + "//# sourceMappingURL=index.js.map\n",
		"miniprogram_npm/lib/dist/index.js.map": string(res.Map),
		"miniprogram_npm/lib/package.json":      `{"main": "dist/index.js"}`,
	})
	_, m := newModuleTest(t, root)
	exp := mustRun(t)(m.runSource("main.js", "module.exports = require('lib')"))
	f, _ := goja.AssertFunction(exp.Get("boom"))
	_, err := f(goja.Undefined())
	var ex *goja.Exception
	if !errors.As(err, &ex) {
		t.Fatalf("err = %v", err)
	}
	line, col := lineCol(t, orig, "new Error")
	if want := fmt.Sprintf("at boom (miniprogram_npm/lib/src/index.ts:%d:%d(", line, col); !strings.Contains(ex.String(), want) {
		t.Errorf("stack does not contain %q:\n%s", want, ex.String())
	}
}

func TestModuleSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // exact error text
	}{
		{"js", "pages/bad.js", "var ok = 1\nvar a = ;\n",
			`SyntaxError: pages/bad.js:2:9: Unexpected ";"`},
		{"js line 1", "bad.js", "var a = ) 1",
			`SyntaxError: bad.js:1:9: Unexpected ")"`},
		{"js with top-level return", "bad.js", "return\nfoo(\n",
			"SyntaxError: bad.js:3:1: Unexpected end of file"},
		{"ts", "pages/x.ts", "const a: number = 1\n\nlet b: = 2\n",
			`SyntaxError: pages/x.ts:3:8: Unexpected "="`},
		{"esm", "m.js", "import x from './y'\nexport const = 1\n",
			`SyntaxError: m.js:2:14: Expected identifier but found "="`},
		{"strict mode early error", "s.js", "'use strict'\n\nvar x = 010\n",
			"SyntaxError: s.js:3:9: Octal literals are not allowed in strict mode"},
		{"json", "conf.json", "{\"a\": 1,}\n",
			"SyntaxError: conf.json: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, m := newModuleTest(t, writeModuleTree(t, map[string]string{
				tt.file:    tt.src,
				"outer.js": fmt.Sprintf("try { require('/%s') } catch (e) { exports.name = e.name; exports.msg = e.message }", tt.file),
			}))
			_, err := m.runMain(tt.file)
			var cse *goja.CompilerSyntaxError
			if !errors.As(err, &cse) {
				t.Fatalf("runMain: err = %T %v, want *goja.CompilerSyntaxError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("runMain error\n got %s\nwant %s", err.Error(), tt.want)
			}
			// Required from another module, the same text is a catchable SyntaxError.
			exp := mustRun(t)(m.runMain("outer.js"))
			if got := exp.Get("name").String() + ": " + exp.Get("msg").String(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("require error\n got %s\nwant %s", got, tt.want)
			}
			// runSource reports the same way.
			if _, err := m.runSource(tt.file, tt.src); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("runSource error = %v", err)
			}
		})
	}
}

func TestModuleProgramCacheShared(t *testing.T) {
	// Unique content: the process-wide cache may already hold the fixtures from other tests.
	nonce := fmt.Sprintf("// %s %d\n", t.Name(), time.Now().UnixNano())
	root := writeModuleTree(t, map[string]string{
		"a.js":   nonce + "exports.b = require('./b.ts').b\n",
		"b.ts":   nonce + "export const b: number = 2\n",
		"c.json": "{}",
	})
	compiles0, hits0 := compile.Shared().Stats()
	for i := 0; i < 2; i++ {
		_, m := newModuleTest(t, root)
		exp := mustRun(t)(m.runMain("a.js"))
		if exp.Get("b").ToInteger() != 2 {
			t.Fatal("wrong exports")
		}
	}
	compiles, hits := compile.Shared().Stats()
	if compiles-compiles0 != 2 || hits-hits0 < 2 {
		t.Errorf("two runtimes loading 2 files: %d compiles, %d hits; want 2 compiles, 2 hits", compiles-compiles0, hits-hits0)
	}

	// Many runtimes loading the same new file concurrently compile it once.
	root = writeModuleTree(t, map[string]string{"p.js": nonce + "// concurrent\nexports.v = 7\n"})
	fsys, abs := openTestRoot(t, root)
	compiles0, _ = compile.Shared().Stats()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vm := goja.New()
			m := newModuleSystem(vm, fsys, abs, vm.NewObject())
			v, err := m.runMain("p.js")
			if err == nil && v.(*goja.Object).Get("v").ToInteger() != 7 {
				err = errors.New("wrong exports")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if c, _ := compile.Shared().Stats(); c-compiles0 != 1 {
		t.Errorf("16 concurrent runtimes compiled p.js %d times, want 1", c-compiles0)
	}
}

func TestModuleInterrupt(t *testing.T) {
	root := writeModuleTree(t, map[string]string{
		"main.js": "try { require('./spin') } catch (e) { exports.caught = true }\n",
		"spin.js": "for (;;) {}\n",
	})
	vm, m := newModuleTest(t, root)
	time.AfterFunc(50*time.Millisecond, func() { vm.Interrupt("stop") })
	_, err := m.runMain("main.js")
	var ie *goja.InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %T %v, want *goja.InterruptedError", err, err)
	}
	vm.ClearInterrupt()
	if _, ok := m.modules["spin.js"]; ok {
		t.Error("interrupted module left in the cache")
	}
}
