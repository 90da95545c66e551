package runtime

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/inspect"
)

var updateConsoleGolden = flag.Bool("update-console", false, "rewrite the golden files in testdata/console")

// consoleFixture is a runtime with a console writing to buffers and a fake clock that JS can
// move with advance(ms).
type consoleFixture struct {
	vm             *goja.Runtime
	stdout, stderr bytes.Buffer
	clock          time.Time
}

func newConsoleFixture(t *testing.T) *consoleFixture {
	t.Helper()
	f := &consoleFixture{vm: goja.New(), clock: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	installConsoleWithClock(f.vm, inspect.New(f.vm), &f.stdout, &f.stderr, func() time.Time { return f.clock })
	_ = f.vm.Set("advance", func(ms float64) { f.clock = f.clock.Add(time.Duration(ms * float64(time.Millisecond))) })
	return f
}

// run executes src as pages/a.js.
func (f *consoleFixture) run(t *testing.T, src string) {
	t.Helper()
	prg, err := goja.Compile("pages/a.js", src, false)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if _, err := f.vm.RunProgram(prg); err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestConsoleOutput(t *testing.T) {
	tests := []struct {
		name, src, stdout, stderr string
	}{
		{"log-raw-strings", `console.log('hi', 'there')`, "hi there\n", ""},
		{"log-mixed", `console.log('a', 1, -0, 2n, null, undefined, true, Symbol('s'), ['s'], {k: 'v'})`,
			"a 1 -0 2n null undefined true Symbol(s) [ 's' ] { k: 'v' }\n", ""},
		{"log-empty", `console.log()`, "\n", ""},
		{"log-format", `console.log('%s is %d years, %o', 'Bob', 42, {a: 1}, 'extra')`, "Bob is 42 years, { a: 1 } extra\n", ""},
		{"log-non-string-first", `console.log(1, '%s', 2)`, "1 %s 2\n", ""},
		{"info-debug-dirxml", `console.info('i'); console.debug('d'); console.dirxml('x')`, "i\nd\nx\n", ""},
		{"warn-error", `console.warn('w', {a: 1}); console.error(new Error('e').message)`, "", "w { a: 1 }\ne\n"},
		{"multi-line-value", `console.log({a: 'x'.repeat(40), b: 'y'.repeat(40)})`,
			"{\n  a: '" + strings.Repeat("x", 40) + "',\n  b: '" + strings.Repeat("y", 40) + "'\n}\n", ""},
		{"assert", `console.assert(true, 'no'); console.assert(1); console.assert(false); console.assert(0, 'msg %d', 5); console.assert(null, {a: 1}, 2)`,
			"", "Assertion failed\nAssertion failed: msg 5\nAssertion failed: { a: 1 } 2\n"},
		{"dir", `console.dir('str'); console.dir({a: {b: {c: {d: 1}}}}); console.dir({a: {b: {c: {d: {e: {}}}}}}, {depth: null}); console.dir({a: {b: 1}}, {depth: 0})`,
			"'str'\n{ a: { b: { c: [Object] } } }\n{\n  a: {\n    b: { c: { d: { e: {} } } }\n  }\n}\n{ a: [Object] }\n", ""},
		{"group", `console.group('G1'); console.log('in1\nin1b'); console.group(); console.warn('in2'); console.log({a: 'x'.repeat(40), b: 'y'.repeat(40)}); console.groupEnd(); console.groupCollapsed('G2', 1); console.info('in2b'); console.groupEnd(); console.groupEnd(); console.groupEnd(); console.log('out')`,
			"G1\n  in1\n  in1b\n    {\n      a: '" + strings.Repeat("x", 40) + "',\n      b: '" + strings.Repeat("y", 40) + "'\n    }\n  G2 1\n    in2b\nout\n", "    in2\n"},
		{"count", `console.count(); console.count(); console.count('x'); console.count(undefined); console.countReset(); console.count(); console.countReset('nope'); console.count(1)`,
			"default: 1\ndefault: 2\nx: 1\ndefault: 3\ndefault: 1\n1: 1\n", "Warning: Count for 'nope' does not exist\n"},
		{"time", `console.time(); advance(1.2344); console.timeLog(undefined, 'extra', {a: 1}); advance(1000); console.timeEnd(); console.timeEnd(); console.time('t'); console.time('t'); advance(62345.6); console.timeEnd('t'); console.timeLog('nope')`,
			"default: 1.234ms extra { a: 1 }\ndefault: 1.001s\nt: 1:02.346 (m:ss.mmm)\n",
			"Warning: No such label 'default' for console.timeEnd()\nWarning: Label 't' already exists for console.time()\nWarning: No such label 'nope' for console.timeLog()\n"},
		{"table-array-of-objects", `console.table([{a: 1, b: 'x'}, {a: 2, c: true}])`,
			"┌─────────┬───┬─────┬──────┐\n" +
				"│ (index) │ a │  b  │  c   │\n" +
				"├─────────┼───┼─────┼──────┤\n" +
				"│    0    │ 1 │ 'x' │      │\n" +
				"│    1    │ 2 │     │ true │\n" +
				"└─────────┴───┴─────┴──────┘\n", ""},
		{"table-primitives-and-columns", `console.table({r1: 1, r2: {a: 5, b: [1, 2, 3, 4]}}); console.table([[1, 2], [3, 4]], ['0'])`,
			"┌─────────┬───┬──────────────────────────────┬────────┐\n" +
				"│ (index) │ a │              b               │ Values │\n" +
				"├─────────┼───┼──────────────────────────────┼────────┤\n" +
				"│   r1    │   │                              │   1    │\n" +
				"│   r2    │ 5 │ [ 1, 2, 3, ... 1 more item ] │        │\n" +
				"└─────────┴───┴──────────────────────────────┴────────┘\n" +
				"┌─────────┬───┐\n" +
				"│ (index) │ 0 │\n" +
				"├─────────┼───┤\n" +
				"│    0    │ 1 │\n" +
				"│    1    │ 3 │\n" +
				"└─────────┴───┘\n", ""},
		{"table-map-set-fallback", `console.table(new Map([['k', {x: 1}]])); console.table(new Set(['v'])); console.table('not tabular'); console.table()`,
			"┌───────────────────┬─────┬──────────┐\n" +
				"│ (iteration index) │ Key │  Values  │\n" +
				"├───────────────────┼─────┼──────────┤\n" +
				"│         0         │ 'k' │ { x: 1 } │\n" +
				"└───────────────────┴─────┴──────────┘\n" +
				"┌───────────────────┬────────┐\n" +
				"│ (iteration index) │ Values │\n" +
				"├───────────────────┼────────┤\n" +
				"│         0         │  'v'   │\n" +
				"└───────────────────┴────────┘\n" +
				"not tabular\nundefined\n", ""},
		{"detached", `const log = console.log, warn = console.warn; log('x'); warn('y'); [1].forEach(console.log)`, "x\n1 0 [ 1 ]\n", "y\n"},
		{"wrappable", `const orig = console.log; console.log = (...a) => orig('[wrapped]', ...a); console.log('z'); delete console.log; console.info(typeof console.log)`,
			"[wrapped] z\nundefined\n", ""},
		{"console-itself", `console.log(Object.keys(console).length > 15, String(console), console.log.name, typeof console.clear())`,
			"true [object console] log undefined\n", ""},
		{"clear", `console.clear()`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newConsoleFixture(t)
			f.run(t, tt.src)
			if got := f.stdout.String(); got != tt.stdout {
				t.Errorf("stdout:\n got: %q\nwant: %q", got, tt.stdout)
			}
			if got := f.stderr.String(); got != tt.stderr {
				t.Errorf("stderr:\n got: %q\nwant: %q", got, tt.stderr)
			}
		})
	}
}

func TestConsoleTrace(t *testing.T) {
	f := newConsoleFixture(t)
	f.run(t, "function foo() {\n  console.trace('here %s', 'x')\n}\nfunction bar() { foo() }\nbar();\n[1].forEach(() => console.trace())")
	want := "Trace: here x\n" +
		"    at foo (pages/a.js:2:16)\n" +
		"    at bar (pages/a.js:4:21)\n" +
		"    at pages/a.js:5:4\n" +
		"Trace\n" +
		"    at pages/a.js:6:32\n" +
		"    at forEach (native)\n" +
		"    at pages/a.js:6:12\n"
	if got := f.stderr.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if f.stdout.Len() != 0 {
		t.Errorf("trace wrote to stdout: %q", f.stdout.String())
	}
}

func TestConsoleErrorsWithStacks(t *testing.T) {
	f := newConsoleFixture(t)
	f.run(t, "function load() {\n  throw new TypeError('bad input')\n}\ntry { load() } catch (e) { console.error('failed:', e); console.log(/:\\d+:\\d+\\(\\d+\\)/.test(e.stack)) }")
	want := "failed: TypeError: bad input\n" +
		"    at load (pages/a.js:2:9)\n" +
		"    at pages/a.js:4:11\n"
	if got := f.stderr.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// The raw goja stack does carry pc suffixes; the console output must not.
	if got := f.stdout.String(); got != "true\n" {
		t.Errorf("raw stack has no pc suffix? %q", got)
	}
	if gojaPC.MatchString(f.stderr.String()) {
		t.Errorf("pc suffix in %q", f.stderr.String())
	}
}

// gojaPC matches goja's program-counter suffix in a frame, "a.js:3:9(12)".
var gojaPC = regexp.MustCompile(`:\d+:\d+\(\d+\)`)

func TestConsoleFormatTime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                         "0ms",
		1234567 * time.Nanosecond: "1.235ms",
		1500 * time.Microsecond:   "1.5ms",
		999 * time.Millisecond:    "999ms",
		1500 * time.Millisecond:   "1.500s",
		62345 * time.Millisecond:  "1:02.345 (m:ss.mmm)",
		time.Hour + 2*time.Minute + 3*time.Second: "1:02:03.000 (h:mm:ss.mmm)",
	} {
		if got := consoleFormatTime(d); got != want {
			t.Errorf("consoleFormatTime(%v) = %q, want %q", d, got, want)
		}
	}
}

// writeRecorder records every Write call separately.
type writeRecorder struct{ writes []string }

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func TestConsoleSingleWritePerCall(t *testing.T) {
	vm := goja.New()
	out, errw := &writeRecorder{}, &writeRecorder{}
	installConsole(vm, inspect.New(vm), out, errw)
	_, err := vm.RunString(`
		console.group('g');
		console.log({a: 'x'.repeat(50), b: 'y'.repeat(50)});
		console.table([{a: 1}]);
		console.trace('t');
		console.error(new Error('multi'));
		console.groupEnd();
		console.log('');
	`)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.writes) != 4 || len(errw.writes) != 2 {
		t.Fatalf("stdout writes %q, stderr writes %q", out.writes, errw.writes)
	}
	for _, w := range append(out.writes, errw.writes...) {
		if !strings.HasSuffix(w, "\n") || strings.HasSuffix(w, "\n\n") && w != "\n" {
			t.Errorf("write %q does not end with exactly one newline", w)
		}
		if w != "\n" && w != "g\n" {
			for _, line := range strings.Split(strings.TrimSuffix(w, "\n"), "\n") {
				if !strings.HasPrefix(line, "  ") {
					t.Errorf("line %q of grouped output not indented", line)
				}
			}
		}
	}
}

// The Write error of a broken writer is ignored (console.log never throws because of it).
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestConsoleWriterErrorsIgnored(t *testing.T) {
	vm := goja.New()
	installConsole(vm, inspect.New(vm), failingWriter{}, failingWriter{})
	if _, err := vm.RunString(`console.log('x'); console.error('y'); 1`); err != nil {
		t.Fatal(err)
	}
}

// Code run by %s / %d conversions can be interrupted; the interrupt is not swallowed.
func TestConsoleInterruptPropagates(t *testing.T) {
	vm := goja.New()
	installConsole(vm, inspect.New(vm), io.Discard, io.Discard)
	time.AfterFunc(50*time.Millisecond, func() { vm.Interrupt("stop") })
	_, err := vm.RunString(`console.log('%s', { toString() { for (;;) {} } }); 'not reached'`)
	var ie *goja.InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want InterruptedError", err)
	}
}

func TestConsoleLogStringAllocs(t *testing.T) {
	vm := goja.New()
	installConsole(vm, inspect.New(vm), io.Discard, io.Discard)
	log, ok := goja.AssertFunction(vm.Get("console").(*goja.Object).Get("log"))
	if !ok {
		t.Fatal("console.log is not a function")
	}
	c := &consoleState{vm: vm, in: inspect.New(vm), stdout: io.Discard, stderr: io.Discard, now: time.Now}
	call := goja.FunctionCall{Arguments: []goja.Value{vm.ToValue("a simple string")}}
	if allocs := testing.AllocsPerRun(100, func() { c.log(call) }); allocs > 0 {
		t.Errorf("console.log(string) allocates %v times per call", allocs)
	}
	// Through the JS call machinery as well (goja's own call overhead included).
	arg := vm.ToValue("a simple string")
	if allocs := testing.AllocsPerRun(100, func() { _, _ = log(goja.Undefined(), arg) }); allocs > 2 {
		t.Errorf("console.log(string) via goja allocates %v times per call", allocs)
	}
}

func BenchmarkConsoleLogString(b *testing.B) {
	vm := goja.New()
	installConsole(vm, inspect.New(vm), io.Discard, io.Discard)
	prg := goja.MustCompile("bench.js", "for (let i = 0; i < 1000; i++) console.log('a simple string')", false)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _ = vm.RunProgram(prg)
	}
}

// Golden files hold larger outputs; regenerate with `go test ./runtime -run Golden -update-console`.
func TestConsoleGolden(t *testing.T) {
	for _, name := range []string{"inspect_showcase", "session"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "console", name+".js"))
			if err != nil {
				t.Fatal(err)
			}
			f := newConsoleFixture(t)
			prg, err := goja.Compile("pages/"+name+".js", string(src), false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.vm.RunProgram(prg); err != nil {
				t.Fatal(err)
			}
			got := "=== stdout ===\n" + f.stdout.String() + "=== stderr ===\n" + f.stderr.String()
			golden := filepath.Join("testdata", "console", name+".golden")
			if *updateConsoleGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update-console to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run with -update-console to accept):\n%s", golden, got)
			}
		})
	}
}
