package compile

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-sourcemap/sourcemap"
)

// lineCol returns the 1-based line and column where marker first starts in src.
func lineCol(src, marker string) (line, col int) {
	before := src[:strings.Index(src, marker)]
	return strings.Count(before, "\n") + 1, len(before) - strings.LastIndex(before, "\n")
}

func TestVLQRoundTrip(t *testing.T) {
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

// TestAdjustSourceMap pins the conversion to goja's 1-based lookups: every generated column
// moves right by one (plus line1Shift on line 1), every source column by one.
func TestAdjustSourceMap(t *testing.T) {
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
	line, col := lineCol(code, "y * x")
	if _, _, l, c, ok := sm.Source(line, col); !ok || l != 4 || c != 10 {
		t.Errorf("y * x maps to %d:%d, want 4:10", l, c)
	}
}

func TestPrepareSourceMap(t *testing.T) {
	mapJSON := `{"version":3,"sources":["src/a.ts"],"names":[],"mappings":"AAAA,IAAI"}`
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "lib", "a.js.map"), []byte(mapJSON), 0o644); err != nil {
		t.Fatal(err)
	}
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
	osRoot, err := os.OpenRoot(root) // as package runtime reads a WithRoot directory
	if err != nil {
		t.Fatal(err)
	}
	defer osRoot.Close()
	fsys := osRoot.FS()
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
