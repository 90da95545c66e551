package testrunner

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// snapshotHeader starts every .snap file, as jest 29 writes it.
const snapshotHeader = "// Jest Snapshot v1, https://goo.gl/fbAQLP"

// snapshotPath is the file's snapshot file: __snapshots__/<file>.snap beside it.
func (f *fileRun) snapshotPath() string {
	dir, base := path.Split(f.path)
	return filepath.Join(f.run.cfg.RootDir, filepath.FromSlash(dir), "__snapshots__", base+".snap")
}

// readSnapshots returns the snapshots of the file as an object (key → serialized value),
// or null when there is no snapshot file. A .snap file is a CommonJS script assigning to
// exports[…], which jest evaluates; so does this, in the file's runtime. Loop goroutine.
func (f *fileRun) readSnapshots() goja.Value {
	p := f.snapshotPath()
	data, err := os.ReadFile(p)
	if err != nil {
		return goja.Null()
	}
	rel, _ := filepath.Rel(f.run.cfg.RootDir, p)
	prg, err := goja.Compile(filepath.ToSlash(rel), "(function (exports) {"+string(data)+"\n})", false)
	if err != nil {
		panic(f.vm.NewGoError(fmt.Errorf("reading %s: %w", filepath.ToSlash(rel), err)))
	}
	fn, err := f.vm.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	exports := f.vm.NewObject()
	if _, err := call(goja.Undefined(), exports); err != nil {
		panic(err)
	}
	return exports
}

// writeSnapshots writes data as the file's .snap file, in jest's format: keys in natural
// order, values in backtick strings; with no snapshots left the file is removed.
func (f *fileRun) writeSnapshots(data map[string]string) {
	p := f.snapshotPath()
	if len(data) == 0 {
		_ = os.Remove(p)
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.warn("writing snapshots: " + err.Error())
		return
	}
	if err := os.WriteFile(p, []byte(FormatSnapshots(data)), 0o644); err != nil {
		f.warn("writing snapshots: " + err.Error())
	}
}

// FormatSnapshots renders snapshots as a .snap file, byte for byte as jest 29 does.
func FormatSnapshots(data map[string]string) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return naturalLess(keys[i], keys[j]) })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = "exports[" + backtick(k) + "] = " + backtick(normalizeNewlines(data[k])) + ";"
	}
	return snapshotHeader + "\n\n" + strings.Join(parts, "\n\n") + "\n"
}

func backtick(s string) string {
	var b strings.Builder
	b.WriteByte('`')
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '`' || s[i] == '\\':
			b.WriteByte('\\')
			b.WriteByte(s[i])
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			b.WriteString(`\$`)
		default:
			b.WriteByte(s[i])
		}
	}
	b.WriteByte('`')
	return b.String()
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// naturalLess orders strings as the natural-compare package jest uses: runs of digits
// compare by value ("test 2" < "test 10").
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
