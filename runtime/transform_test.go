package runtime

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-sourcemap/sourcemap"
)

func TestTransformVLQRoundTrip(t *testing.T) {
	for _, fields := range [][]int{{0}, {1, 0, 0, 0}, {-1, 15, -16, 16, 3}, {1 << 20, -(1 << 20)}, {31, 32, 33, -31, -32, -33}} {
		enc := encodeVLQ(fields)
		dec, err := decodeVLQ(enc)
		if err != nil || fmt.Sprint(dec) != fmt.Sprint(fields) {
			t.Errorf("%v → %q → %v, %v", fields, enc, dec, err)
		}
	}
	for _, bad := range []string{"!", "g", "gggggggggg"} {
		if _, err := decodeVLQ(bad); err == nil {
			t.Errorf("decodeVLQ(%q) accepted", bad)
		}
	}
}

// TestTransformAdjustSourceMap pins the conversion to goja's 1-based lookups: every generated column
// moves right by one (plus line1Shift on line 1), every source column by one.
func TestTransformAdjustSourceMap(t *testing.T) {
	res := api.Transform("import a from './a'\nexport const x = a + 1\nexport function f(y) {\n  return y * x\n}\n",
		api.TransformOptions{Format: api.FormatCommonJS, Sourcemap: api.SourceMapExternal, Sourcefile: "m.js"})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	type seg struct{ genLine, genCol, srcLine, srcCol int }
	segments := func(data []byte) []seg {
		var raw struct{ Mappings string }
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatal(err)
		}
		var out []seg
		srcLine, srcCol := 0, 0
		for li, line := range strings.Split(raw.Mappings, ";") {
			genCol := 0
			for _, s := range strings.Split(line, ",") {
				if s == "" {
					continue
				}
				f, err := decodeVLQ(s)
				if err != nil {
					t.Fatal(err)
				}
				genCol += f[0]
				if len(f) >= 4 {
					srcLine += f[2]
					srcCol += f[3]
					out = append(out, seg{li, genCol, srcLine, srcCol})
				}
			}
		}
		return out
	}
	orig := segments(res.Map)
	for _, shift := range []int{0, 7} {
		adj, err := adjustSourceMap(res.Map, shift)
		if err != nil {
			t.Fatal(err)
		}
		got := segments(adj)
		if len(got) != len(orig) || len(orig) == 0 {
			t.Fatalf("segments: %d → %d", len(orig), len(got))
		}
		for i, o := range orig {
			want := seg{o.genLine, o.genCol + 1, o.srcLine, o.srcCol + 1}
			if o.genLine == 0 {
				want.genCol += shift
			}
			if got[i] != want {
				t.Errorf("shift %d: segment %d = %+v, want %+v", shift, i, got[i], want)
			}
		}
		// The other fields survive.
		var m map[string]any
		_ = json.Unmarshal(adj, &m)
		if fmt.Sprint(m["sources"]) != "[m.js]" || m["version"] != float64(3) {
			t.Errorf("adjusted map lost fields: %s", adj)
		}
	}
	// go-sourcemap then answers 1-based lookups with 1-based columns.
	adj, _ := adjustSourceMap(res.Map, 0)
	sm, err := sourcemap.Parse("", adj)
	if err != nil {
		t.Fatal(err)
	}
	code := string(res.Code)
	line, col := lineCol(t, code, "y * x")
	if _, _, l, c, ok := sm.Source(line, col); !ok || l != 4 || c != 10 {
		t.Errorf("y * x maps to %d:%d, want 4:10", l, c)
	}
}

func TestTransformPrepareSourceMap(t *testing.T) {
	mapJSON := `{"version":3,"sources":["src/a.ts"],"names":[],"mappings":"AAAA,IAAI"}`
	root := writeModuleTree(t, map[string]string{
		"lib/a.js.map": mapJSON,
		"lib/a.js":     "var a\n//# sourceMappingURL=a.js.map\n",
	})
	outside := filepath.Join(t.TempDir(), "x.map")
	if err := os.WriteFile(outside, []byte(mapJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(filepath.Join(root, "lib"), outside)
	inline := "//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(mapJSON))

	tests := []struct {
		name, src string
		wantMap   bool // the result ends with an inline, adjusted map
		wantSame  bool // src is returned unchanged
	}{
		{"no comment", "var a = 1\n", false, true},
		{"comment not last", "//# sourceMappingURL=a.js.map\nvar a\n", false, true},
		{"external inside root", "var a\n//# sourceMappingURL=a.js.map\n", true, false},
		{"external inside root, CRLF and trailing blank lines", "var a\r\n//# sourceMappingURL=a.js.map\r\n\r\n", true, false},
		{"inline", "var a\n" + inline + "\n", true, false},
		{"external outside root", "var a\n//# sourceMappingURL=" + filepath.ToSlash(rel) + "\n", false, false},
		{"absolute path", "var a\n//# sourceMappingURL=" + filepath.ToSlash(outside) + "\n", false, false},
		{"http", "var a\n//# sourceMappingURL=https://example.com/a.map\n", false, false},
		{"missing file", "var a\n//# sourceMappingURL=nope.map\n", false, false},
	}
	// Map files reached through symbolic links: followed inside the root, refused out of it.
	links := map[string]string{"in.map": "a.js.map", "out.map": filepath.ToSlash(rel), "abs.map": outside}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(root, "lib", link)); err != nil {
			t.Log("no symlink cases:", err)
			links = nil
			break
		}
	}
	if links != nil {
		tests = append(tests, []struct {
			name, src         string
			wantMap, wantSame bool
		}{
			{"symlink inside root", "var a\n//# sourceMappingURL=in.map\n", true, false},
			{"symlink out of the root", "var a\n//# sourceMappingURL=out.map\n", false, false},
			{"absolute symlink", "var a\n//# sourceMappingURL=abs.map\n", false, false},
		}...)
	}
	fsys, _ := openTestRoot(t, root)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := prepareSourceMap(fsys, "lib/a.js", tt.src)
			if tt.wantSame {
				if got != tt.src {
					t.Errorf("changed: %q", got)
				}
				return
			}
			if !strings.HasPrefix(got, "var a") || strings.Contains(got, "a.js.map") || strings.Contains(got, "example.com") {
				t.Errorf("result %q", got)
			}
			ref, _ := sourceMapComment(got)
			if tt.wantMap != strings.HasPrefix(ref, "data:application/json;base64,") {
				t.Fatalf("inline map = %v, want %v: %q", ref != "", tt.wantMap, got)
			}
			if tt.wantMap {
				data, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(ref, "data:application/json;base64,"))
				var m struct{ Mappings string }
				_ = json.Unmarshal(data, &m)
				if m.Mappings != "CAAC,IAAI" { // first generated and first source column +1
					t.Errorf("mappings %q not adjusted", m.Mappings)
				}
			}
		})
	}
}

// TestTransformExternalSourceMapInStack: a prebuilt JS file (as in miniprogram_npm) whose map file sits
// next to it reports frames in the original source.
func TestTransformExternalSourceMapInStack(t *testing.T) {
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

func TestTransformTopLevelReturnWithSourceMap(t *testing.T) {
	// A TypeScript file with a CommonJS top-level return goes through the textual wrapper; its source
	// map is shifted so line 1 still maps exactly.
	src := "const e: Error = new Error('x'); module.exports = { e }\nif (e) return\nmodule.exports = null\n"
	_, m := newModuleTest(t, writeModuleTree(t, map[string]string{"r.ts": src}))
	exp := mustRun(t)(m.runMain("r.ts"))
	line, col := lineCol(t, src, "new Error")
	if stack := exp.Get("e").(*goja.Object).Get("stack").String(); !strings.Contains(stack, fmt.Sprintf("r.ts:%d:%d(", line, col)) {
		t.Errorf("stack = %s, want r.ts:%d:%d", stack, line, col)
	}

	// Plain JS in the same situation has no source map: only line 1's columns are shifted (by the
	// wrapper prefix); later lines are exact.
	js := "exports.e1 = new Error('one')\nexports.e2 = new Error('two')\nreturn\n"
	_, m = newModuleTest(t, writeModuleTree(t, map[string]string{"r.js": js}))
	exp = mustRun(t)(m.runMain("r.js"))
	if stack := exp.Get("e2").(*goja.Object).Get("stack").String(); !strings.Contains(stack, "r.js:2:14(") {
		t.Errorf("line 2 stack = %s", stack)
	}
	if stack := exp.Get("e1").(*goja.Object).Get("stack").String(); !strings.Contains(stack, fmt.Sprintf("r.js:1:%d(", 14+len(textWrapPrefix))) {
		t.Errorf("line 1 stack = %s (documented shift changed?)", stack)
	}
}

func TestTransformCompileModuleErrors(t *testing.T) {
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

func TestTransformProgramCacheLRU(t *testing.T) {
	c := newProgramCache(3, 100)
	compiled := map[string]int{}
	get := func(name string, size int) {
		t.Helper()
		_, err := c.get(newProgramKey(name, name), size, func() (*goja.Program, error) {
			compiled[name]++
			return goja.Compile(name, "1", false)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	get("a", 10)
	get("b", 10)
	get("c", 10)
	get("a", 10) // a is now the most recent
	get("d", 10) // evicts b (least recent), not a
	get("a", 10)
	get("b", 10)
	if compiled["a"] != 1 || compiled["b"] != 2 || c.len() != 3 {
		t.Errorf("compiled %v, len %d", compiled, c.len())
	}
	get("big", 95) // the byte bound evicts until it fits
	if c.len() != 1 || c.bytes != 95 {
		t.Errorf("after big entry: len %d bytes %d", c.len(), c.bytes)
	}
	get("huge", 101) // larger than the bound: returned, not cached
	get("huge", 101)
	if compiled["huge"] != 2 || c.len() != 1 {
		t.Errorf("huge entry cached: compiled %d len %d", compiled["huge"], c.len())
	}
	// Same name, different source: different entries.
	k1, k2 := newProgramKey("x.js", "1"), newProgramKey("x.js", "2")
	if k1 == k2 {
		t.Error("keys ignore the source")
	}
}

func TestTransformProgramCacheConcurrent(t *testing.T) {
	c := newProgramCache(10, 1<<20)
	release := make(chan struct{})
	var calls sync.WaitGroup
	var mu sync.Mutex
	n := 0
	key := newProgramKey("x.js", "x")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		calls.Add(1)
		go func() {
			defer wg.Done()
			calls.Done()
			prg, err := c.get(key, 1, func() (*goja.Program, error) {
				mu.Lock()
				n++
				mu.Unlock()
				<-release
				return goja.Compile("x.js", "1", false)
			})
			if err != nil || prg == nil {
				t.Error(prg, err)
			}
		}()
	}
	calls.Wait()
	close(release)
	wg.Wait()
	if n != 1 {
		t.Errorf("compiled %d times, want 1", n)
	}

	// Errors are shared with waiters but not cached; a panicking compile becomes an error.
	_, err := c.get(newProgramKey("p.js", "p"), 1, func() (*goja.Program, error) { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic: err = %v", err)
	}
	if _, err := c.get(newProgramKey("p.js", "p"), 1, func() (*goja.Program, error) { return goja.Compile("p.js", "1", false) }); err != nil {
		t.Errorf("retry after failure: %v", err)
	}
}

func TestTransformKindOf(t *testing.T) {
	for name, want := range map[string]sourceKind{
		"a.js": kindJS, "a.mjs": kindJS, "a": kindJS, "a.wxs": kindJS, "a.ts": kindTS, "a.mts": kindTS,
		"a.cts": kindTS, "A.TS": kindTS, "a.json": kindJSON, "a.d/b.js": kindJS,
	} {
		if got := kindOf(name); got != want {
			t.Errorf("kindOf(%q) = %v, want %v", name, got, want)
		}
	}
}
