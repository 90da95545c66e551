package runtime

// The mini program module system (logic-layer §10.1): every source file is a CommonJS module with its own
// require/module/exports, the browser globals the WeChat compiler shadows are undefined, and one plain
// object is shared as `global`.
//
// # Resolution
//
// require(request) inside the module at root-relative directory D:
//
//   - "./x", "../x", ".", "..": relative to D.
//   - "/x": relative to the mini program root.
//   - anything else ("utils/util", "mqtt", "@scope/pkg", "pkg/sub"): first relative to D, as WeChat does
//     (require('utils/util') in pages/a/a.js means pages/a/utils/util.js; from app.js that is the
//     root-relative path), then as an npm package: miniprogram_npm/<request> in D, D's parent, … up to
//     the root (the layout WeChat's "build npm" produces), then node_modules/<request> the same way. The
//     node_modules lookup is a wxrun convenience — WeChat only loads built miniprogram_npm packages —
//     that honours package.json "miniprogram" (the directory "build npm" would copy) and "main".
//
// A candidate path P is tried as the file P, then P.js, P.ts, P.json, then P/index.js, P/index.ts; a
// package directory first tries its package.json "main" (miniprogram_npm and node_modules only), which
// is refused, like any path, if it leads out of the root.
//
// # Files
//
// Modules are read from an fs.FS whose top directory is the mini program root (runtime.WithFS), or
// from an os.Root opened on the root directory (runtime.WithRoot). An os.Root refuses, at the system
// call level, every path and every symbolic link that leads out of its directory, absolute symlinks
// included (even those naming a place inside it); in any fs.FS, "../x" and "/x" are not valid names.
// On top of that, one function, locate, decides for the module system what lies outside the root: a
// path that climbs above it ("../x"), and a symbolic link whose target does or is absolute. Such a
// request throws
//
//	Error: module '../x.js' is outside the mini program root, require args is '../../x' (required from pages/a/a.js)
//
// naming the candidate path that led out, with ".js" appended unless already present, as for a missing
// module below. (An fs.FS that has no outside, such as fstest.MapFS, reports a link leading out as a
// missing file.)
//
// A module that cannot be found throws WeChat's text, with the requiring file appended:
//
//	Error: module 'pages/a/x.js' is not defined, require args is './x' (required from pages/a/a.js)
//
// where the first path is the request resolved against D with ".js" appended unless already present,
// exactly as WeChat prints it.
//
// Module names (the cache key and the file name in stack traces) are root-relative slash paths of the
// file after symlinks are evaluated, e.g. "pages/index/index.js": a file reached through two links is
// one module, named by where it really is. Links are seen through fs.ReadLinkFS, which os.Root,
// os.DirFS and fstest.MapFS implement; in an fs.FS without it (embed.FS) there are none.
//
// # Evaluation
//
// Each resolved file is evaluated once per runtime; module.exports is cached before the body runs, so
// cycles see partial exports, as in CommonJS. A module whose body throws is removed from the cache (a
// later require evaluates it again), as in Node. `this` at top level is module.exports; a top-level
// `return` ends the module. ".json" files become JSON.parse(text) — a wxrun convenience: WeChat's
// require only loads compiled .js (require('./a.json') fails there with "module 'a.json.js' is not
// defined"). TypeScript and ES module files are transformed by esbuild (package internal/compile); ES
// modules run strict.
//
// A syntax error is reported as "SyntaxError: name:line:col: message": runMain and runSource return it
// as a *goja.CompilerSyntaxError for the file they were given; in a required file it is thrown at the
// require call as a JS SyntaxError with that message.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/compile"
)

// moduleSystem loads mini program source files as CommonJS modules. It belongs to one goja.Runtime and is used
// only on that runtime's loop goroutine.
type moduleSystem struct {
	vm       *goja.Runtime
	fsys     fs.FS  // the mini program root; module names are slash paths in it
	osDir    string // the directory fsys is (WithRoot), for absolute paths given to runMain; "" under WithFS
	global   *goja.Object
	programs *compile.Cache

	// Captured at construction so user code replacing the globals cannot break the loader.
	errorCtor, syntaxErrorCtor, typeErrorCtor goja.Value
	jsonParse                                 goja.Callable

	modules  map[string]*goja.Object // module name → module object ({exports})
	resolved map[string]string       // dir + "\x00" + request → module name (successful lookups only)
	hooks    moduleHooks             // built-in modules and test runner overrides (modhooks.go)

	// rt runs the asynchronous forms of require (require.async, require with callbacks) on
	// later turns of its loop; nil in tests of the module system alone, where they throw.
	rt *Runtime
	// check, when set, may refuse a require (Runtime.SetRequireCheck).
	check RequireCheck
}

// RequireCheck decides whether a module may require another, for a host that knows rules
// the module system does not (WeChat's subpackages). from and module are module names
// ("pages/a/a.js", "packageA/util.js"), request is the argument as the script wrote it, and
// async is true for require.async and the callback form of require. A non-nil error
// refuses the require: a plain require throws an Error with the error's text; an
// asynchronous one fails with {mod, errMsg} carrying it. It runs on the loop goroutine,
// after resolution and before the module is evaluated or taken from the cache.
type RequireCheck func(from, request, module string, async bool) error

// SetRequireCheck installs check (nil removes it). Loop goroutine only, or before Run*.
func (r *Runtime) SetRequireCheck(check RequireCheck) { r.modules.check = check }

// Require loads the module name (a path relative to the root, resolved as runMain resolves
// the main module: with the extensions and index files require allows) and returns its
// exports. A module already loaded is not evaluated again. No RequireCheck applies: this is
// the host loading a file, as WeChat's framework loads page files, not a module requiring
// another. Errors are returned, not reported: a *goja.CompilerSyntaxError for a syntax
// error in the file, a *goja.Exception for an exception its body threw or a module that
// cannot be found. Loop goroutine only (from a job), like every call into JavaScript.
func (r *Runtime) Require(name string) (goja.Value, error) { return r.modules.runMain(name) }

// newModuleSystem: fsys is the mini program root (the project root); osDir is the absolute directory it
// is, "" if it is not a directory of the OS; shared is the plain object every module sees as `global`
// (logic-layer §10.1: `var global = global || {}`), created by the caller.
func newModuleSystem(vm *goja.Runtime, fsys fs.FS, osDir string, shared *goja.Object) *moduleSystem {
	m := &moduleSystem{
		vm:              vm,
		fsys:            fsys,
		osDir:           osDir,
		global:          shared,
		programs:        compile.Shared(),
		errorCtor:       vm.Get("Error"),
		syntaxErrorCtor: vm.Get("SyntaxError"),
		typeErrorCtor:   vm.Get("TypeError"),
		modules:         make(map[string]*goja.Object),
		resolved:        make(map[string]string),
	}
	if j, ok := vm.Get("JSON").(*goja.Object); ok {
		m.jsonParse, _ = goja.AssertFunction(j.Get("parse"))
	}
	return m
}

// runMain resolves path (relative to the root; with an osDir also an absolute path) and runs it as the main
// module, returning
// module.exports. Errors are goja errors (*goja.Exception for JS throws / resolution failures thrown as JS Errors,
// *goja.CompilerSyntaxError etc.) — return them, do not print.
//
// A module that is already loaded (for example because an earlier module required it) is not evaluated
// again; its exports are returned.
func (m *moduleSystem) runMain(p string) (goja.Value, error) {
	var compileErr error
	v, err := m.callNative(func() goja.Value {
		rel := m.mainName(p)
		name, rerr := m.resolveFile(rel, false)
		if rerr != nil {
			panic(m.resolutionError(rerr, p, ""))
		}
		if name == "" {
			panic(m.newError(m.errorCtor, fmt.Sprintf("module '%s' is not defined, require args is '%s'", withJS(rel), p)))
		}
		if mod, ok := m.modules[name]; ok {
			return mod.Get("exports")
		}
		exports, err := m.load(name, nil)
		if err != nil {
			compileErr = err
			return nil
		}
		return exports
	})
	if compileErr != nil {
		return nil, compileErr
	}
	return v, err
}

// runSource runs src as a module whose file name is name (relative to root, e.g. "<eval>.js" or "test/x.js");
// relative requires inside it resolve from name's directory.
//
// The module is not entered into the module cache: every call evaluates src anew, and a require of name
// from another module loads the file on disk, if any.
func (m *moduleSystem) runSource(name, src string) (goja.Value, error) {
	var compileErr error
	v, err := m.callNative(func() goja.Value {
		rel := m.mainName(name)
		if !fs.ValidPath(rel) {
			// Not a file access, but the module would resolve its requires from outside the root.
			panic(m.newError(m.errorCtor, fmt.Sprintf("module '%s' is outside the mini program root", rel)))
		}
		exports, err := m.load(rel, &src)
		if err != nil {
			compileErr = err
			return nil
		}
		return exports
	})
	if compileErr != nil {
		return nil, compileErr
	}
	return v, err
}

// callNative runs f as a native JS function so that panics with JS values become *goja.Exception and
// uncatchable errors (interrupts, stack overflow) are returned properly.
func (m *moduleSystem) callNative(f func() goja.Value) (goja.Value, error) {
	fn, _ := goja.AssertFunction(m.nativeFunc("require", 0, func(goja.FunctionCall) goja.Value {
		v := f()
		if v == nil {
			return goja.Undefined()
		}
		return v
	}))
	return fn(goja.Undefined())
}

// nativeFunc wraps f as a JS function whose name (shown in stack traces) is name instead of the Go
// function's symbol.
func (m *moduleSystem) nativeFunc(name string, length int, f func(goja.FunctionCall) goja.Value) *goja.Object {
	fn := m.vm.ToValue(f).(*goja.Object)
	_ = fn.DefineDataProperty("name", m.vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = fn.DefineDataProperty("length", m.vm.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return fn
}

// mainName turns a path given to runMain/runSource into a clean root-relative slash path. An absolute OS
// path is taken relative to osDir; the result may lie outside the root ("../x", "/x"), which resolution
// then reports like any request that leaves it.
func (m *moduleSystem) mainName(p string) string {
	if m.osDir != "" && filepath.IsAbs(p) {
		r, err := filepath.Rel(m.osDir, filepath.Clean(p))
		if err != nil {
			return "/" + filepath.ToSlash(p) // another volume: outside whatever it is
		}
		p = r
	}
	return path.Clean(filepath.ToSlash(p))
}

// requireFunc returns the require function of the module named from, with its async
// method.
//
// require(path, callback, error) — a function as second argument — and require.async(path)
// load path on a later turn (WeChat's cross-subpackage form, base library 2.11.2+): the
// callback, or the Promise, gets the module's exports; error, or the rejection, gets
// {mod, errMsg}: the module's name (the request when it cannot be resolved) and why.
func (m *moduleSystem) requireFunc(from string) goja.Value {
	dir := path.Dir(from)
	request := func(arg goja.Value, api string) string {
		if s, ok := arg.Export().(string); ok {
			return s
		}
		panic(m.newError(m.typeErrorCtor, fmt.Sprintf("%s args must be a string, got %s (required from %s)", api, describeRequireArg(arg), from)))
	}
	fn := m.nativeFunc("require", 1, func(call goja.FunctionCall) goja.Value {
		s := request(call.Argument(0), "require")
		if cb := call.Argument(1); isFunction(cb) {
			fail := call.Argument(2) // CallFunction ignores a non-function
			m.requireLater(dir, from, s, func(exports goja.Value) {
				m.rt.CallFunction(cb, goja.Undefined(), exports)
			}, func(res *goja.Object) {
				m.rt.CallFunction(fail, goja.Undefined(), res)
			})
			return goja.Undefined()
		}
		return m.require(dir, from, s)
	})
	async := m.nativeFunc("async", 1, func(call goja.FunctionCall) goja.Value {
		s := request(call.Argument(0), "require.async")
		if m.rt == nil {
			panic(m.newError(m.errorCtor, "require.async is not available"))
		}
		p, resolve, reject := m.rt.NewPromiseFrom("require.async")
		m.requireLater(dir, from, s, func(exports goja.Value) { _ = resolve(exports) }, func(res *goja.Object) { _ = reject(res) })
		return m.vm.ToValue(p)
	})
	_ = fn.Set("async", async)
	return fn
}

func isFunction(v goja.Value) bool {
	_, ok := goja.AssertFunction(v)
	return ok
}

// requireLater resolves and loads request for the module from (in directory dir) on a
// later turn of the loop, as a macrotask of its own, and passes the exports to ok, or
// {mod, errMsg} to fail: the module could not be resolved, the RequireCheck refused it,
// or its body threw (errMsg is then the thrown error's message).
func (m *moduleSystem) requireLater(dir, from, request string, ok func(goja.Value), fail func(*goja.Object)) {
	if m.rt == nil {
		panic(m.newError(m.errorCtor, "require with a callback is not available"))
	}
	m.rt.Submit(func() {
		mod := request
		exports, err := m.callNative(func() goja.Value {
			if v, ok := m.hooks.require(m, dir, from, &request); ok {
				return v // a built-in module, or a test runner's override (modhooks.go)
			}
			name, err := m.resolveRequest(dir, from, request)
			if err != nil {
				panic(m.resolutionError(err, request, from))
			}
			mod = name
			if m.check != nil {
				if err := m.check(from, request, name, true); err != nil {
					panic(m.newError(m.errorCtor, err.Error()))
				}
			}
			return m.evaluate(name)
		})
		if _, stopping := asError[*goja.InterruptedError](err, m.rt.goErrorProto); stopping {
			return // the run is being stopped: nothing more runs
		}
		if err != nil {
			res := m.vm.NewObject()
			_ = res.Set("mod", mod)
			_ = res.Set("errMsg", m.rt.errorMessage(err))
			fail(res)
			return
		}
		ok(exports)
	})
}

// describeRequireArg renders a require argument that is not a string for the TypeError: its Go
// export type and value ("int64 42"), or "undefined"/"null".
func describeRequireArg(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) {
		return "undefined"
	}
	if goja.IsNull(v) {
		return "null"
	}
	return fmt.Sprintf("%s %s", v.ExportType(), v.String())
}

// require implements require(request) for a module in directory dir (named from, for messages).
func (m *moduleSystem) require(dir, from, request string) goja.Value {
	if v, ok := m.hooks.require(m, dir, from, &request); ok {
		return v // a built-in module, or a test runner's override (modhooks.go)
	}
	name := m.resolveCached(dir, from, request)
	if m.check != nil {
		if err := m.check(from, request, name, false); err != nil {
			panic(m.newError(m.errorCtor, err.Error()))
		}
	}
	return m.evaluate(name)
}

// evaluate returns the exports of the module name, evaluating it first if it is not in the
// cache. It runs inside the VM: errors are thrown.
func (m *moduleSystem) evaluate(name string) goja.Value {
	if mod, ok := m.modules[name]; ok {
		return mod.Get("exports")
	}
	exports, err := m.load(name, nil)
	if err != nil {
		// A syntax error in a required file is thrown where require was called, as a SyntaxError
		// whose message reads "name:line:col: message".
		var cse *goja.CompilerSyntaxError
		if errors.As(err, &cse) {
			panic(m.newError(m.syntaxErrorCtor, cse.Message))
		}
		panic(m.newError(m.errorCtor, err.Error()))
	}
	return exports
}

// resolveCached resolves request made in dir (by the module from) through the cache of successful
// lookups; it throws the resolution error.
func (m *moduleSystem) resolveCached(dir, from, request string) string {
	name, err := m.resolveRequest(dir, from, request)
	if err != nil {
		panic(m.resolutionError(err, request, from))
	}
	return name
}

// resolveRequest resolves request made in directory dir, remembering successful lookups.
func (m *moduleSystem) resolveRequest(dir, from, request string) (string, error) {
	key := dir + "\x00" + request
	if name, ok := m.resolved[key]; ok {
		return name, nil
	}
	name, err := m.resolve(dir, request)
	if err != nil {
		return "", err
	}
	m.resolved[key] = name
	return name, nil
}

// load evaluates the module name (source read from disk, or *src) and returns its exports. Errors returned
// are compile errors (*goja.CompilerSyntaxError) and read errors; JS exceptions are thrown (panic) to the
// caller, which runs inside the VM. With src != nil the module is not cached.
func (m *moduleSystem) load(name string, src *string) (goja.Value, error) {
	var text string
	if src != nil {
		text = *src
	} else {
		data, err := fs.ReadFile(m.fsys, name)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			return nil, fmt.Errorf("module '%s' cannot be read: %w", name, err)
		}
		text = string(data)
	}

	module := m.vm.NewObject()
	exports := m.vm.NewObject()
	_ = module.Set("exports", exports)

	if compile.KindOf(name) == compile.JSON {
		v, err := m.parseJSON(name, text)
		if err != nil {
			return nil, err
		}
		_ = module.Set("exports", v)
		if src == nil {
			m.modules[name] = module
		}
		return v, nil
	}

	prg, err := m.programs.Module(m.fsys, name, text)
	if err != nil {
		return nil, err
	}

	if src == nil {
		m.modules[name] = module
	}
	ok := false
	defer func() {
		if !ok && src == nil {
			delete(m.modules, name)
		}
	}()

	outerVal, err := m.vm.RunProgram(prg)
	if err != nil {
		rethrow(m.vm, err)
	}
	outer, _ := goja.AssertFunction(outerVal)
	innerVal, err := outer(goja.Undefined(), compile.OuterArgs(m.global)...)
	if err != nil {
		rethrow(m.vm, err)
	}
	inner, _ := goja.AssertFunction(innerVal)
	if _, err := inner(exports, m.requireFunc(name), module, exports); err != nil {
		rethrow(m.vm, err)
	}
	ok = true
	return module.Get("exports"), nil
}

// rethrow propagates an error returned by a nested goja call out of a native function.
func rethrow(vm *goja.Runtime, err error) {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		panic(err) // JS exceptions keep their stack; uncatchable ones (interrupt) stay uncatchable
	}
	panic(vm.NewGoError(err))
}

func (m *moduleSystem) parseJSON(name, text string) (goja.Value, error) {
	if m.jsonParse == nil {
		return nil, fmt.Errorf("module '%s': JSON.parse is not available", name)
	}
	v, err := m.jsonParse(goja.Undefined(), m.vm.ToValue(strings.TrimPrefix(text, "\uFEFF")))
	if err != nil {
		msg := err.Error()
		var ex *goja.Exception
		if errors.As(err, &ex) {
			if o, ok := ex.Value().(*goja.Object); ok {
				if mv := o.Get("message"); mv != nil {
					msg = mv.String()
				}
			}
		}
		return nil, compile.NewSyntaxError(name, 0, 0, msg)
	}
	return v, nil
}

func (m *moduleSystem) newError(ctor goja.Value, msg string) *goja.Object {
	if c, ok := ctor.(*goja.Object); ok {
		if o, err := m.vm.New(c, m.vm.ToValue(msg)); err == nil {
			return o
		}
	}
	return m.vm.NewGoError(errors.New(msg))
}

// ---- resolution ----

// resolveError explains why a request could not be resolved.
type resolveError struct {
	outside   bool   // the request leaves the root (lexically or through a symlink)
	candidate string // root-relative path for the message (may start with "..")
}

func (e *resolveError) Error() string {
	if e.outside {
		return fmt.Sprintf("module '%s' is outside the mini program root", e.candidate)
	}
	return fmt.Sprintf("module '%s' is not defined", e.candidate)
}

func (m *moduleSystem) resolutionError(err error, request, from string) *goja.Object {
	var re *resolveError
	msg := err.Error()
	if errors.As(err, &re) {
		msg = fmt.Sprintf("%s, require args is '%s'", re.Error(), request)
	}
	if from != "" {
		msg += " (required from " + from + ")"
	}
	return m.newError(m.errorCtor, msg)
}

// resolve maps request, made by a module in root-relative directory dir, to a module name.
func (m *moduleSystem) resolve(dir, request string) (string, error) {
	if request == "" {
		return "", &resolveError{}
	}
	var rel string
	relative := request == "." || request == ".." || strings.HasPrefix(request, "./") || strings.HasPrefix(request, "../")
	switch {
	case strings.HasPrefix(request, "/"):
		rel = path.Join(".", strings.TrimLeft(request, "/"))
	default:
		rel = path.Join(dir, request)
	}
	name, err := m.resolveFile(rel, false)
	if err != nil || name != "" {
		return name, err
	}
	if !relative && !strings.HasPrefix(request, "/") {
		if name, err := m.resolvePackage(dir, request); err != nil || name != "" {
			return name, err
		}
	}
	return "", &resolveError{candidate: withJS(rel)}
}

// resolvePackage looks request up as a package in miniprogram_npm, then node_modules, from dir up to the root.
func (m *moduleSystem) resolvePackage(dir, request string) (string, error) {
	pkg, sub := splitPackage(request)
	for _, folder := range []string{"miniprogram_npm", "node_modules"} {
		for d := dir; ; d = path.Dir(d) {
			name, err := m.resolveInPackage(path.Join(d, folder, pkg), sub, folder == "node_modules")
			if err != nil || name != "" {
				return name, err
			}
			if d == "." || d == "/" || d == "" {
				break
			}
		}
	}
	return "", nil
}

// resolveInPackage resolves sub ("" for the package itself) inside the package directory pkgDir.
func (m *moduleSystem) resolveInPackage(pkgDir, sub string, nodeModules bool) (string, error) {
	if !m.isDir(pkgDir) {
		// miniprogram_npm/pkg.js (a package built to a single file) or nothing.
		if sub == "" {
			return m.resolveFile(pkgDir, false)
		}
		return "", nil
	}
	var mpDir string
	if nodeModules {
		mpDir = m.packageField(pkgDir, "miniprogram")
	}
	if sub != "" {
		if mpDir != "" {
			if name, err := m.resolveFile(path.Join(pkgDir, mpDir, sub), false); err != nil || name != "" {
				return name, err
			}
		}
		return m.resolveFile(path.Join(pkgDir, sub), false)
	}
	if mpDir != "" {
		if name, err := m.resolveFile(path.Join(pkgDir, mpDir), false); err != nil || name != "" {
			return name, err
		}
	}
	return m.resolveFile(pkgDir, true)
}

// splitPackage splits "@scope/pkg/sub/x" into "@scope/pkg" and "sub/x", "pkg/sub" into "pkg" and "sub".
func splitPackage(request string) (pkg, sub string) {
	parts := strings.SplitN(request, "/", 3)
	if strings.HasPrefix(request, "@") && len(parts) >= 2 {
		pkg = parts[0] + "/" + parts[1]
		if len(parts) == 3 {
			sub = parts[2]
		}
		return pkg, sub
	}
	pkg, sub, _ = strings.Cut(request, "/")
	return pkg, sub
}

// resolveFile tries rel as a file, with the extensions and index files WeChat allows, and returns the
// module name, or "" if nothing exists. With usePackageJSON a directory's package.json "main" comes first.
func (m *moduleSystem) resolveFile(rel string, usePackageJSON bool) (string, error) {
	for _, c := range []string{rel, rel + ".js", rel + ".ts", rel + ".json"} {
		if name, err := m.tryFile(c); err != nil || name != "" {
			return name, err
		}
	}
	if usePackageJSON {
		if main := m.packageField(rel, "main"); main != "" {
			if name, err := m.resolveFile(path.Join(rel, main), false); err != nil || name != "" {
				return name, err
			}
		}
	}
	for _, c := range []string{rel + "/index.js", rel + "/index.ts"} {
		if name, err := m.tryFile(c); err != nil || name != "" {
			return name, err
		}
	}
	return "", nil
}

// tryFile returns the module name of the regular file at root-relative rel, "" if there is none, or an
// outside-root error if rel, or a symlink on the way, leads out of the root.
func (m *moduleSystem) tryFile(rel string) (string, error) {
	name, fi, err := locate(m.fsys, rel)
	if errors.Is(err, errOutside) {
		return "", &resolveError{outside: true, candidate: withJS(rel)}
	}
	if err != nil || !fi.Mode().IsRegular() {
		return "", nil
	}
	return name, nil
}

func (m *moduleSystem) isDir(rel string) bool {
	fi, err := fs.Stat(m.fsys, rel)
	return err == nil && fi.IsDir()
}

// packageField returns a string field of rel/package.json ("" if absent or unreadable).
func (m *moduleSystem) packageField(rel, field string) string {
	data, err := fs.ReadFile(m.fsys, path.Join(rel, "package.json"))
	if err != nil {
		return ""
	}
	var pkg map[string]any
	if err := json.Unmarshal(data, &pkg); err != nil {
		return ""
	}
	s, _ := pkg[field].(string)
	return s
}

// errOutside is locate's answer for a path that leads out of the root.
var errOutside = errors.New("outside the mini program root")

// maxLinks bounds the symbolic links locate follows for one path (Linux's limit).
const maxLinks = 40

// locate is the module system's one decision about what lies outside the root. For the clean
// root-relative slash path rel it returns the file's module name — rel with every symbolic link on the
// way replaced by its target — and the file's FileInfo (links followed). It returns errOutside when
// rel climbs above the root ("../x", or "/x") or a link on the way has an absolute target or one that
// climbs above the root; an error wrapping fs.ErrNotExist when there is no such file.
//
// Links are read through fs.ReadLinkFS. The file system itself stays the enforcement: an os.Root
// refuses to open anything outside its directory whatever locate says, so a mistake here can make a
// module go missing, never make one outside readable.
func locate(fsys fs.FS, rel string) (name string, fi fs.FileInfo, err error) {
	if !fs.ValidPath(rel) {
		return "", nil, errOutside
	}
	fi, err = fs.Stat(fsys, rel)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, err // the common case, for a candidate that does not exist: no walk needed
	}
	// The file exists, or the file system refused the path (an os.Root does so for links that lead
	// out): walk it to name the file, or to tell that it leads out.
	name, werr := realName(fsys, rel)
	if werr != nil {
		return "", nil, werr
	}
	if err != nil {
		return "", nil, err
	}
	return name, fi, nil
}

// realName walks rel one element at a time, replacing each symbolic link by its target.
func realName(fsys fs.FS, rel string) (string, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return rel, nil // no links in this file system
	}
	done := "." // the directories walked so far: inside the root, free of links
	todo := strings.Split(rel, "/")
	links := 0
	for len(todo) > 0 {
		elem := todo[0]
		todo = todo[1:]
		switch elem {
		case "", ".":
			continue
		case "..": // only from a link's target: rel itself is clean
			if done == "." {
				return "", errOutside
			}
			done = path.Dir(done)
			continue
		}
		next := path.Join(done, elem)
		fi, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		if links++; links > maxLinks {
			return "", &fs.PathError{Op: "open", Path: rel, Err: errors.New("too many levels of symbolic links")}
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		target = filepath.ToSlash(target)
		if path.IsAbs(target) || filepath.IsAbs(target) || filepath.VolumeName(target) != "" {
			return "", errOutside // it names a place by the host's path, not by one in the root
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	return done, nil
}

// openRoot opens the mini program root directory dir as an os.Root, for the module system to read
// through. It also returns dir as an absolute path with symlinks evaluated.
func openRoot(dir string) (*os.Root, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", fmt.Errorf("project root: %w", err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, "", fmt.Errorf("project root: %w", err)
	} else if !st.IsDir() {
		return nil, "", fmt.Errorf("project root %s is not a directory", abs)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, "", fmt.Errorf("project root: %w", err)
	}
	return root, abs, nil
}

// withJS appends ".js" unless p already ends with it, as WeChat does when naming a missing module.
func withJS(p string) string {
	p = strings.TrimSuffix(p, "/")
	if strings.HasSuffix(p, ".js") {
		return p
	}
	return p + ".js"
}
