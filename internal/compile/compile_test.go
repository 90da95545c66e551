package compile

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dop251/goja"
)

// runModule compiles the file name, whose text is src, and runs it in a fresh VM the way package
// runtime's module system does (see the package documentation); it returns module.exports.
func runModule(t *testing.T, name, src string) *goja.Object {
	t.Helper()
	prg, err := NewCache(10, 1<<20).Module(fstest.MapFS{}, name, src)
	if err != nil {
		t.Fatal(err)
	}
	vm := goja.New()
	outer, err := vm.RunProgram(prg)
	if err != nil {
		t.Fatal(err)
	}
	outerFn, _ := goja.AssertFunction(outer)
	inner, err := outerFn(goja.Undefined(), OuterArgs(vm.NewObject())...)
	if err != nil {
		t.Fatal(err)
	}
	innerFn, _ := goja.AssertFunction(inner)
	module, exports := vm.NewObject(), vm.NewObject()
	_ = module.Set("exports", exports)
	if _, err := innerFn(exports, goja.Undefined(), module, exports); err != nil {
		t.Fatal(err)
	}
	return module.Get("exports").ToObject(vm)
}

func TestTopLevelReturnWithSourceMap(t *testing.T) {
	// A TypeScript file with a CommonJS top-level return goes through the textual wrapper; its source
	// map is shifted so line 1 still maps exactly.
	src := "const e: Error = new Error('x'); module.exports = { e }\nif (e) return\nmodule.exports = null\n"
	exp := runModule(t, "r.ts", src)
	line, col := lineCol(src, "new Error")
	if stack := exp.Get("e").(*goja.Object).Get("stack").String(); !strings.Contains(stack, fmt.Sprintf("r.ts:%d:%d(", line, col)) {
		t.Errorf("stack = %s, want r.ts:%d:%d", stack, line, col)
	}

	// Plain JS in the same situation has no source map: only line 1's columns are shifted (by the
	// wrapper prefix); later lines are exact.
	js := "exports.e1 = new Error('one')\nexports.e2 = new Error('two')\nreturn\n"
	exp = runModule(t, "r.js", js)
	if stack := exp.Get("e2").(*goja.Object).Get("stack").String(); !strings.Contains(stack, "r.js:2:14(") {
		t.Errorf("line 2 stack = %s", stack)
	}
	if stack := exp.Get("e1").(*goja.Object).Get("stack").String(); !strings.Contains(stack, fmt.Sprintf("r.js:1:%d(", 14+len(textWrapPrefix))) {
		t.Errorf("line 1 stack = %s (documented shift changed?)", stack)
	}
}

// The program's outer function takes the shadowed globals, then global: module code sees
// undefined for the first and the given object for the second.
func TestOuterArgsShadowAndGlobal(t *testing.T) {
	exp := runModule(t, "g.js", "exports.w = typeof window\nexports.f = typeof fetch\nexports.g = typeof global\n")
	if got := exp.Get("w").String() + " " + exp.Get("f").String() + " " + exp.Get("g").String(); got != "undefined undefined object" {
		t.Errorf("typeof window, fetch, global = %s", got)
	}
}

func TestCompileModuleErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"a.js", "var x = {\n  a: 1,,\n}\n", "SyntaxError: a.js:2:8: "},
		{"b.ts", "let x: number = 'a' as\n", "SyntaxError: b.ts:2:1: Unexpected end of file"},
		{"c.ts", "enum {}\n", "SyntaxError: c.ts:1:6: "},
		{"d.js", "import {a} from 'x'\nexport default 1\nexport default 2\n", "SyntaxError: d.js:3:8: Multiple exports with the same name \"default\""},
	}
	for _, tt := range tests {
		_, err := compileModule(tt.name, tt.src, tt.src)
		var cse *goja.CompilerSyntaxError
		if !errors.As(err, &cse) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want prefix %q", tt.name, err, tt.want)
		}
	}
}

func TestKindOf(t *testing.T) {
	for name, want := range map[string]Kind{
		"a.js": JS, "a.mjs": JS, "a": JS, "a.wxs": JS, "a.ts": TS, "a.mts": TS,
		"a.cts": TS, "A.TS": TS, "a.json": JSON, "a.d/b.js": JS,
	} {
		if got := KindOf(name); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", name, got, want)
		}
	}
}
