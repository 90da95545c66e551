package runtime

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func newHookRuntime(t *testing.T) *Runtime {
	t.Helper()
	root := writeModuleTree(t, map[string]string{
		"utils/counter.js": "exports.n = (global.loads = (global.loads || 0) + 1);",
		"utils/uses.js":    "module.exports = require('./counter').n;",
		"lib/real.js":      "module.exports = 'real';",
	})
	rt, err := New(WithRoot(root))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	return rt
}

func runHooks(t *testing.T, rt *Runtime, src string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := rt.RunString(ctx, "test.js", src); err != nil {
		t.Fatal(err)
	}
}

func TestDefineModule(t *testing.T) {
	rt := newHookRuntime(t)
	loads := 0
	rt.DefineModule("virtual-mod", func() (goja.Value, error) {
		loads++
		return rt.VM().ToValue(map[string]any{"answer": 42}), nil
	})
	runHooks(t, rt, `
		const a = require('virtual-mod');
		if (a.answer !== 42 || require('virtual-mod') !== a) throw new Error('built-in module not cached');
	`)
	if loads != 1 {
		t.Fatalf("load ran %d times, want 1", loads)
	}
	rt.ResetModules()
	runHooks(t, rt, `require('virtual-mod');`)
	if loads != 2 {
		t.Fatalf("after ResetModules the built-in loaded %d times in all, want 2", loads)
	}
}

func TestDefineModuleFromESM(t *testing.T) {
	rt := newHookRuntime(t)
	rt.DefineModule("virtual-class", func() (goja.Value, error) {
		return rt.VM().RunString("(function WS() { this.ok = true; })")
	})
	runHooks(t, rt, `module.exports = 1;`)
	ctx := context.Background()
	err := rt.RunString(ctx, "esm.js", `import WS from 'virtual-class'; if (!new WS().ok) throw new Error('default import is not the module');`)
	if err != nil {
		t.Fatal(err)
	}
}

func TestResetModules(t *testing.T) {
	rt := newHookRuntime(t)
	runHooks(t, rt, `
		const a = require('./utils/counter');
		if (require('./utils/counter') !== a) throw new Error('not cached');
		global.first = a;
	`)
	rt.ResetModules()
	runHooks(t, rt, `
		const b = require('./utils/counter');
		if (b === global.first || b.n !== 2) throw new Error('not evaluated again: ' + b.n);
	`)
}

func TestModuleOverrides(t *testing.T) {
	rt := newHookRuntime(t)
	var asked []string
	rt.SetModuleOverrides(ModuleOverrides{
		MapRequest: func(from, request string) string {
			if rest, ok := strings.CutPrefix(request, "@/"); ok {
				return "/" + rest
			}
			return request
		},
		Exports: func(name string) (goja.Value, bool) {
			asked = append(asked, name)
			if name == "utils/counter.js" {
				return rt.VM().ToValue(map[string]any{"n": "mocked"}), true
			}
			return nil, false
		},
	})
	runHooks(t, rt, `
		if (require('@/lib/real') !== 'real') throw new Error('mapped request');
		if (require('./utils/uses') !== 'mocked') throw new Error('a module requiring the mock got the real one');
	`)
	if got := strings.Join(asked, " "); got != "lib/real.js utils/uses.js utils/counter.js" {
		t.Errorf("Exports asked for %q", got)
	}
	name, err := rt.ResolveModule("test.js", "@/utils/counter")
	if err != nil || name != "utils/counter.js" {
		t.Errorf("ResolveModule = %q, %v", name, err)
	}
	if _, err := rt.ResolveModule("test.js", "./nope"); err == nil || !strings.Contains(err.Error(), "module 'nope.js' is not defined") {
		t.Errorf("ResolveModule of a missing file: %v", err)
	}
	v, err := rt.RequireActual("test.js", "./utils/counter")
	if err != nil {
		t.Fatal(err)
	}
	if n := v.ToObject(rt.VM()).Get("n").String(); n != "1" {
		t.Errorf("RequireActual returned n=%s, want the real module's 1", n)
	}
	// The flag is consumed: the next require is overridden again.
	runHooks(t, rt, `if (require('./utils/counter').n !== 'mocked') throw new Error('override lost after requireActual');`)
}
