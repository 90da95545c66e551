package runtime

// Built-in modules and module overrides: what a test runner needs from require (jest's
// moduleNameMapper, jest.mock, jest.requireActual, jest.resetModules and modules such as
// "jest-websocket-mock" that exist without a file). A plain run uses none of it.

import (
	"path"

	"github.com/dop251/goja"
)

// ModuleOverrides customise require for a test runner. The functions run on the loop
// goroutine, inside require.
type ModuleOverrides struct {
	// MapRequest rewrites a request before anything else looks at it, as jest's
	// moduleNameMapper does ("@/utils/x" → "/utils/x"). from is the requiring module's
	// name. It returns the request unchanged when no rule applies.
	MapRequest func(from, request string) string
	// Exports returns what require should return for the module name — a resolved file
	// name such as "utils/chat.js", or a built-in module's name — instead of the module
	// (jest.mock). ok=false loads the module as usual.
	Exports func(name string) (exports goja.Value, ok bool)
}

// moduleHooks is the module system's part of the above. Loop goroutine only.
type moduleHooks struct {
	builtins  map[string]func() (goja.Value, error)
	loaded    map[string]goja.Value // exports of the built-ins loaded since the last reset
	overrides ModuleOverrides
	actual    bool // the next require skips Exports (RequireActual)
}

// require handles request before resolution: it applies MapRequest (rewriting *request),
// returns built-in modules and the exports overrides. ok=false lets require go on with
// *request. Resolution errors are thrown, as require throws them.
func (h *moduleHooks) require(m *moduleSystem, dir, from string, request *string) (goja.Value, bool) {
	if h.overrides.MapRequest != nil {
		*request = h.overrides.MapRequest(from, *request)
	}
	skip := h.actual
	h.actual = false
	override := func(name string) (goja.Value, bool) {
		if skip || h.overrides.Exports == nil {
			return nil, false
		}
		return h.overrides.Exports(name)
	}
	if load, ok := h.builtins[*request]; ok {
		if v, ok := override(*request); ok {
			return v, true
		}
		if v, ok := h.loaded[*request]; ok {
			return v, true
		}
		v, err := load()
		if err != nil {
			rethrow(m.vm, err)
		}
		if h.loaded == nil {
			h.loaded = make(map[string]goja.Value)
		}
		h.loaded[*request] = v
		return v, true
	}
	if skip || h.overrides.Exports == nil {
		return nil, false
	}
	return override(m.resolveCached(dir, from, *request))
}

// DefineModule makes require(name), and `import … from "name"`, return what load returns.
// load runs at the first such require, and again after ResetModules. name is a bare name
// ("jest-websocket-mock", "wxrun/testing") and takes precedence over files and packages of
// that name. Loop goroutine only (or during setup, before the first Run*).
func (r *Runtime) DefineModule(name string, load func() (goja.Value, error)) {
	h := &r.modules.hooks
	if h.builtins == nil {
		h.builtins = make(map[string]func() (goja.Value, error))
	}
	h.builtins[name] = load
	delete(h.loaded, name)
}

// SetModuleOverrides installs o (replacing any earlier overrides). Loop goroutine only.
func (r *Runtime) SetModuleOverrides(o ModuleOverrides) { r.modules.hooks.overrides = o }

// ResetModules empties the module registry, as jest.resetModules does: the next require of
// any module, built-in modules included, evaluates it again. Values already obtained are
// not affected. Loop goroutine only.
func (r *Runtime) ResetModules() {
	clear(r.modules.modules)
	r.modules.hooks.loaded = nil
}

// ResolveModule returns the name of the module that require(request) in the module from
// (a module name such as "tests/chat.test.js") would load: a built-in module's name, or
// the root-relative name of the file. MapRequest applies. Loop goroutine only.
func (r *Runtime) ResolveModule(from, request string) (name string, err error) {
	m := r.modules
	_, err = m.callNative(func() goja.Value {
		if m.hooks.overrides.MapRequest != nil {
			request = m.hooks.overrides.MapRequest(from, request)
		}
		if _, ok := m.hooks.builtins[request]; ok {
			name = request
			return nil
		}
		name = m.resolveCached(path.Dir(from), from, request)
		return nil
	})
	return name, err
}

// RequireActual is require(request) in the module from, except that the Exports override
// is not consulted for the module itself (jest.requireActual); modules it requires in turn
// are overridden as usual. Errors are what require would have thrown. Loop goroutine only.
func (r *Runtime) RequireActual(from, request string) (goja.Value, error) {
	m := r.modules
	return m.callNative(func() goja.Value {
		m.hooks.actual = true
		defer func() { m.hooks.actual = false }()
		return m.require(path.Dir(from), from, request)
	})
}
