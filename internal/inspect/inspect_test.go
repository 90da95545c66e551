package inspect

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// inspectEval evaluates expr in vm (compiled as pages/a.js) and returns Inspect of the result,
// by an Inspector created before expr runs, as a runtime creates its own.
func inspectEval(t *testing.T, vm *goja.Runtime, expr string) string {
	t.Helper()
	in := New(vm)
	return in.Inspect(evalExpr(t, vm, expr))
}

// evalExpr evaluates expr in vm, compiled as pages/a.js.
func evalExpr(t *testing.T, vm *goja.Runtime, expr string) goja.Value {
	t.Helper()
	prg, err := goja.Compile("pages/a.js", expr, false)
	if err != nil {
		t.Fatalf("compile %q: %v", expr, err)
	}
	v, err := vm.RunProgram(prg)
	if err != nil {
		t.Fatalf("run %q: %v", expr, err)
	}
	return v
}

func TestInspectValues(t *testing.T) {
	tests := []struct {
		name, expr, want string
	}{
		// primitives
		{"string", `'a\'b'`, `"a'b"`},
		{"string-quotes", `'a\'b"c'`, "`a'b\"c`"},
		{"string-all-quotes", "'a\\'b\"c`'", `'a\'b"c` + "`'"},
		{"string-escapes", `'\n\t\x01\\'`, `'\n\t\x01\\'`},
		{"number", `1.5`, `1.5`},
		{"negative-zero", `-0`, `-0`},
		{"nan", `NaN`, `NaN`},
		{"infinity", `-Infinity`, `-Infinity`},
		{"big-number", `1e21`, `1e+21`},
		{"bigint", `10n ** 20n`, `100000000000000000000n`},
		{"symbol", `Symbol('s')`, `Symbol(s)`},
		{"symbol-empty", `Symbol()`, `Symbol()`},
		{"well-known-symbol", `Symbol.iterator`, `Symbol(Symbol.iterator)`},
		{"undefined", `undefined`, `undefined`},
		{"null", `null`, `null`},
		{"bool", `false`, `false`},

		// functions
		{"function", `(function foo() {})`, `[Function: foo]`},
		{"anonymous", `(() => {})`, `[Function (anonymous)]`},
		{"class", `(class Foo {})`, `[class Foo]`},
		{"class-extends", `(class Bar extends Array {})`, `[class Bar extends Array]`},
		{"anonymous-class", `(class {})`, `[class (anonymous)]`},
		{"async", `(async function af() {})`, `[AsyncFunction: af]`},
		{"async-arrow", `(async () => {})`, `[AsyncFunction (anonymous)]`},
		{"generator", `(function* gen() {})`, `[GeneratorFunction: gen]`},
		{"bound", `(function f() {}).bind(null)`, `[Function: bound f]`},
		{"builtin", `Array.prototype.push`, `[Function: push]`},
		{"function-props", `Object.assign(function f() {}, {a: 1})`, `[Function: f] { a: 1 }`},

		// arrays
		{"array", `[1, 2, 3]`, `[ 1, 2, 3 ]`},
		{"empty-array", `[]`, `[]`},
		{"array-strings", `['a', "b'c"]`, `[ 'a', "b'c" ]`},
		{"sparse", `[1, , 3]`, `[ 1, <1 empty item>, 3 ]`},
		{"holes", `new Array(5)`, `[ <5 empty items> ]`},
		{"huge-sparse", `const a = []; a[4294967294] = 1; a`, `[ <4294967294 empty items>, 1 ]`},
		{"array-extra-key", `Object.assign([1], {x: 2})`, `[ 1, x: 2 ]`},
		{"array-subclass", `class L extends Array {}; L.from([1, 2])`, `L(2) [ 1, 2 ]`},
		{"array-null-proto", `Object.setPrototypeOf([1], null)`, `[Array(1): null prototype] [ 1 ]`},
		{"long-array", `Array.from({length: 1000}, (_, i) => i % 10)`, "[\n" +
			"  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n" +
			"  2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n" +
			"  4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n" +
			"  6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7,\n" +
			"  8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,\n" +
			"  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1,\n" +
			"  2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3,\n" +
			"  4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,\n" +
			"  6, 7, 8, 9,\n" +
			"  ... 900 more items\n" +
			"]"},
		{"seven-numbers", `[1, 2, 3, 4, 5, 6, 7]`, "[\n  1, 2, 3, 4,\n  5, 6, 7\n]"},
		{"grouped-strings", `['a', 'bb', 'ccc', 'dddd', 'eeeee', 'f', 'gg']`, "[\n  'a',     'bb',\n  'ccc',   'dddd',\n  'eeeee', 'f',\n  'gg'\n]"},
		{"grouped-numbers-right-aligned", `[1, 22, 333, 4444, 5, 66, 777]`, "[\n     1, 22, 333,\n  4444,  5,  66,\n   777\n]"},

		// objects
		{"object", `({a: 1, 'b-c': 'x'})`, `{ a: 1, 'b-c': 'x' }`},
		{"empty-object", `({})`, `{}`},
		{"numeric-key", `({1: 'a', b: 2})`, `{ '1': 'a', b: 2 }`},
		{"proto-key", `JSON.parse('{"__proto__": 1}')`, `{ ['__proto__']: 1 }`},
		{"nested-depth", `({a: {b: {c: {d: 1}}}})`, `{ a: { b: { c: [Object] } } }`},
		{"nested-empty", `({a: {b: {c: {}}}})`, `{ a: { b: { c: {} } } }`},
		{"nested-array-depth", `[[[[1]]]]`, `[ [ [ [Array] ] ] ]`},
		{"null-proto", `Object.create(null)`, `[Object: null prototype] {}`},
		{"null-proto-keys", `Object.assign(Object.create(null), {a: 1})`, `[Object: null prototype] { a: 1 }`},
		{"null-proto-depth", `({a: {b: {c: Object.assign(Object.create(null), {x: 1})}}})`, `{ a: { b: { c: [Object: null prototype] } } }`},
		{"class-instance", `class Foo { constructor() { this.x = 1 } }; new Foo()`, `Foo { x: 1 }`},
		{"class-instance-empty", `new (class Empty {})()`, `Empty {}`},
		{"class-instance-depth", `class Foo { constructor() { this.x = 1 } }; ({a: {b: {c: new Foo()}}})`, `{ a: { b: { c: [Foo] } } }`},
		{"getters", `({ get a() { return 1 }, set b(v) {}, get c() { return 1 }, set c(v) {} })`, `{ a: [Getter], b: [Setter], c: [Getter/Setter] }`},
		{"symbol-keys", `({[Symbol('k')]: 1, [Symbol.iterator]: 2})`, `{ [Symbol(k)]: 1, [Symbol(Symbol.iterator)]: 2 }`},
		{"non-enumerable-hidden", `Object.defineProperty({a: 1}, 'h', {value: 2})`, `{ a: 1 }`},
		{"to-string-tag", `({[Symbol.toStringTag]: 'T'})`, `{ [Symbol(Symbol.toStringTag)]: 'T' }`},
		{"to-string-tag-class", `class T { get [Symbol.toStringTag]() { return 'TT' } }; new T()`, `T [TT] {}`},
		{"math", `Math`, `Object [Math] {}`},
		{"arguments", `(function() { return arguments })(1, 'a')`, `[Arguments] { '0': 1, '1': 'a' }`},
		{"nested-strings-quoted", `({s: 'x', a: ['y']})`, `{ s: 'x', a: [ 'y' ] }`},
		{"break-long-object", `({long1: 'aaaaaaaaaaaaaaaaaaaa', long2: 'bbbbbbbbbbbbbbbbbbbbbbb', long3: 'cccccccccccccccccc'})`,
			"{\n  long1: 'aaaaaaaaaaaaaaaaaaaa',\n  long2: 'bbbbbbbbbbbbbbbbbbbbbbb',\n  long3: 'cccccccccccccccccc'\n}"},
		{"multiline-string-in-object", `({s: 'line1\nline2\nline3 is long enough to push this string past the break length!!'})`,
			"{\n  s: 'line1\\n' +\n    'line2\\n' +\n    'line3 is long enough to push this string past the break length!!'\n}"},
		{"short-multiline-string", `({s: 'a\nb'})`, `{ s: 'a\nb' }`},
		{"three-levels-one-line", `({a: {b: {c: {}}}, x: {y: {z: {w: 1}}}})`, `{ a: { b: { c: {} } }, x: { y: { z: [Object] } } }`},
		{"long-string-truncated", `['x'.repeat(10005)]`, "[\n  '" + strings.Repeat("x", 10000) + "'... 5 more characters\n]"},

		// circular
		{"circular", `const o = {name: 'c'}; o.self = o; o`, `<ref *1> { name: 'c', self: [Circular *1] }`},
		{"circular-nested", `const o = {}; o.arr = [o, {x: o}]; o`, `<ref *1> { arr: [ [Circular *1], { x: [Circular *1] } ] }`},
		{"circular-two", `const a = {}; const b = {a}; a.b = b; b.self = b; a`, `<ref *1> { b: <ref *2> { a: [Circular *1], self: [Circular *2] } }`},
		{"circular-array", `const a = [1]; a.push(a); a`, `<ref *1> [ 1, [Circular *1] ]`},
		{"shared-not-circular", `const s = {}; ({a: s, b: s})`, `{ a: {}, b: {} }`},

		// collections
		{"map", `new Map([['a', 1], [{k: 1}, [1, 2]]])`, `Map(2) { 'a' => 1, { k: 1 } => [ 1, 2 ] }`},
		{"empty-map", `new Map()`, `Map(0) {}`},
		{"set", `new Set([1, 'x'])`, `Set(2) { 1, 'x' }`},
		{"empty-set", `new Set()`, `Set(0) {}`},
		{"map-subclass", `class MyMap extends Map {}; new MyMap([[1, 2]])`, `MyMap(1) [Map] { 1 => 2 }`},
		{"map-extra-key", `Object.assign(new Map([[1, 2]]), {x: 1})`, `Map(1) { 1 => 2, x: 1 }`},
		{"set-circular", `const s = new Set(); s.add(s); s`, `<ref *1> Set(1) { [Circular *1] }`},
		{"big-set", `new Set(Array.from({length: 102}, (_, i) => i))`, ""}, // checked below: "... 2 more items"
		{"weakmap", `new WeakMap()`, `WeakMap { <items unknown> }`},
		{"weakset", `new WeakSet()`, `WeakSet { <items unknown> }`},

		// built-in objects
		{"date", `new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6))`, `2020-01-02T03:04:05.006Z`},
		{"invalid-date", `new Date(NaN)`, `Invalid Date`},
		{"date-props", `Object.assign(new Date(0), {a: 1})`, `1970-01-01T00:00:00.000Z { a: 1 }`},
		{"regexp", `/ab+c/gi`, `/ab+c/gi`},
		{"regexp-props", `Object.assign(/x/, {a: 1})`, `/x/ { a: 1 }`},
		{"number-object", `new Number(-0)`, `[Number: -0]`},
		{"string-object", `Object.assign(new String('ab'), {x: 1})`, `[String: 'ab'] { x: 1 }`},
		{"boolean-object", `new Boolean(false)`, `[Boolean: false]`},
		{"symbol-object", `Object(Symbol('q'))`, `[Symbol: Symbol(q)]`},
		{"bigint-object", `Object(5n)`, `[BigInt: 5n]`},
		{"arraybuffer", `new Uint8Array([1, 2]).buffer`, `ArrayBuffer { [Uint8Contents]: <01 02>, byteLength: 2 }`},
		{"big-arraybuffer", `new ArrayBuffer(101)`, "ArrayBuffer {\n  [Uint8Contents]: <" + strings.TrimSpace(strings.Repeat("00 ", 100)) + " ... 1 more byte>,\n  byteLength: 101\n}"},
		{"uint8array", `new Uint8Array([1, 2])`, `Uint8Array(2) [ 1, 2 ]`},
		{"empty-typed", `new Int16Array(0)`, `Int16Array(0) []`},
		{"float32array", `new Float32Array([0.5, -0, NaN])`, `Float32Array(3) [ 0.5, -0, NaN ]`},
		{"float64array", `new Float64Array([0.1])`, `Float64Array(1) [ 0.1 ]`},
		{"bigint64array", `new BigInt64Array([-1n, 2n])`, `BigInt64Array(2) [ -1n, 2n ]`},
		{"uint8clamped", `new Uint8ClampedArray([300])`, `Uint8ClampedArray(1) [ 255 ]`},
		{"dataview", `new DataView(new ArrayBuffer(2), 1)`, "DataView {\n  byteLength: 1,\n  byteOffset: 1,\n  buffer: ArrayBuffer { [Uint8Contents]: <00 00>, byteLength: 2 }\n}"},
		{"promise-resolved", `Promise.resolve(1)`, `Promise { 1 }`},
		{"promise-pending", `new Promise(() => {})`, `Promise { <pending> }`},
		{"promise-rejected", `const p = Promise.reject(3); p.catch(() => {}); p`, `Promise { <rejected> 3 }`},
		{"promise-nested", `({p: Promise.resolve({a: 1})})`, `{ p: Promise { { a: 1 } } }`},
		{"proxy", `new Proxy({a: 1}, {get() { throw new Error('trap') }, ownKeys() { throw new Error('trap') }})`, `{ a: 1 }`},
		{"proxy-function", `new Proxy(function f() {}, {})`, `[Function: f]`},
		{"proxy-of-proxy", `new Proxy(new Proxy([1], {}), {})`, `[ 1 ]`},
		{"revoked-proxy", `const r = Proxy.revocable({}, {}); r.revoke(); [r.proxy]`, `[ <Revoked Proxy> ]`},

		// errors
		{"error-no-stack-frames", `const e = new Error('x'); e.stack = 'Error: x'; e`, `[Error: x]`},
		{"error-stack-overridden", `const e = new RangeError('x'); e.stack = 'custom\nstack'; e`, "[custom\nstack]"},
		{"error-stack-own-frames", `const e = new RangeError('x'); e.stack = 'RangeError: x\n    at f (a.js:1:1)'; e`, "RangeError: x\n    at f (a.js:1:1)"},
		{"error-subclass-name", `class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError' } }; const e = new ValidationError('bad'); e.stack = e.name + ': ' + e.message; e`, `[ValidationError: bad]`},
		{"error-improve-stack", `class MyErr extends Error {}; const e = new MyErr('m'); e.stack = 'Error: m'; e`, `[MyErr [Error]: m]`},
	}
	vm := goja.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inspectEval(t, vm, "(() => {"+inspectReturnLast(tt.expr)+"})()")
			if tt.name == "big-set" {
				if !strings.HasSuffix(got, "  ... 2 more items\n}") || !strings.HasPrefix(got, "Set(102) {\n  0,\n") {
					t.Errorf("got:\n%s", got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("Inspect(%s)\n got: %s\nwant: %s", tt.expr, got, tt.want)
			}
		})
	}
}

// inspectReturnLast turns "stmt; stmt; expr" into "stmt; stmt; return (expr)".
func inspectReturnLast(src string) string {
	i := strings.LastIndex(src, "; ")
	if i < 0 {
		return "return (" + src + ")"
	}
	return src[:i+2] + "return (" + src[i+2:] + ")"
}

func TestInspectErrorStacks(t *testing.T) {
	vm := goja.New()
	src := "function foo() {\n  return new Error('boom')\n}\nfunction bar() { return foo() }\nconst e = bar(); e.code = 'E1'; e"
	prg := goja.MustCompile("pages/a.js", src, false)
	v, err := vm.RunProgram(prg)
	if err != nil {
		t.Fatal(err)
	}
	got := New(vm).Inspect(v)
	want := "Error: boom\n" +
		"    at foo (pages/a.js:2:10)\n" +
		"    at bar (pages/a.js:4:28)\n" +
		"    at pages/a.js:5:14 {\n" +
		"  code: 'E1'\n" +
		"}"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if inspectPCSuffix(got) {
		t.Errorf("pc suffix left in %q", got)
	}

	// Nested errors are indented; thrown TypeErrors from the engine; causes are shown.
	prg = goja.MustCompile("pages/b.js", "let te; try { null.x } catch (e) { te = e }\n({err: te, c: new Error('outer', {cause: 'why'})})", false)
	v, err = vm.RunProgram(prg)
	if err != nil {
		t.Fatal(err)
	}
	got = New(vm).Inspect(v)
	want = "{\n" +
		"  err: TypeError: Cannot read property 'x' of undefined\n" +
		"      at pages/b.js:1:20,\n" +
		"  c: Error: outer\n" +
		"      at pages/b.js:2:15 {\n" +
		"    [cause]: 'why'\n" +
		"  }\n" +
		"}"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if inspectPCSuffix(got) {
		t.Errorf("pc suffix left in %q", got)
	}
}

// inspectPCSuffix reports whether s still contains goja's "line:col(pc)" frame suffix.
func inspectPCSuffix(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, " {,")
		if strings.Contains(line, " at ") && strings.HasSuffix(strings.TrimSuffix(line, ")"), ")") {
			open := strings.LastIndexByte(strings.TrimSuffix(line, ")"), '(')
			if open >= 0 && allDigits(strings.TrimSuffix(strings.TrimSuffix(line, ")"), ")")[open+1:]) {
				return true
			}
		}
	}
	return false
}

func TestInspectStripPC(t *testing.T) {
	for in, want := range map[string]string{
		"fn (pages/a.js:3:9(12))": "fn (pages/a.js:3:9)",
		"pages/a.js:3:9(12)":      "pages/a.js:3:9",
		"forEach (native)":        "forEach (native)",
		"fn (a(1).js:3:9(0))":     "fn (a(1).js:3:9)",
		"weird (x)":               "weird (x)",
		"a.js:1:2":                "a.js:1:2",
	} {
		if got := stripPC(in); got != want {
			t.Errorf("stripPC(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanStack("Error: x\n\tat f (a.js:1:2(3))\n\tat a.js:4:5(6)\n"); got != "Error: x\n    at f (a.js:1:2)\n    at a.js:4:5" {
		t.Errorf("CleanStack = %q", got)
	}
}

// Hostile values must never make Inspect throw or panic.
func TestInspectHostileValues(t *testing.T) {
	tests := []struct{ name, expr, want string }{
		{"throwing-getter", `({ get bad() { throw new Error('no') } })`, `{ bad: [Getter] }`},
		{"throwing-tag-getter", `const o = {}; Object.defineProperty(o, Symbol.toStringTag, {get() { throw new Error('tag') }}); o`, `{}`},
		{"all-traps-throw", `const h = {}; for (const k of ['get','set','has','ownKeys','getOwnPropertyDescriptor','getPrototypeOf','defineProperty','deleteProperty','apply','construct']) h[k] = () => { throw new Error(k) }; new Proxy({a: 1}, h)`, `{ a: 1 }`},
		{"proxy-in-proto-chain", `const p = Object.create(new Proxy({}, { getPrototypeOf() { throw 1 }, getOwnPropertyDescriptor() { throw 2 } })); p.z = 1; p`, `Object <[Object: null prototype] {}> { z: 1 }`},
		{"has-instance-throws", `class X { static [Symbol.hasInstance]() { throw new Error('hi') } }; new X()`, `{}`},
		{"throwing-name", `const f = function() {}; Object.defineProperty(f, 'name', {get() { throw new Error('n') }}); f`, `[Function (anonymous)]`},
		{"error-throwing-stack", `const e = new Error('m'); Object.defineProperty(e, 'stack', {get() { throw new Error('s') }}); e`, `[Error: m]`},
		{"error-throwing-message", `const e = new Error('m'); e.stack = 'E'; Object.defineProperty(e, 'message', {get() { throw new Error('s') }}); e`, `[E]`},
		{"revoked", `const r = Proxy.revocable(function() {}, {}); r.revoke(); r.proxy`, `<Revoked Proxy>`},
		{"revoked-in-proto", `const r = Proxy.revocable({}, {}); const o = Object.create(r.proxy); o.a = 1; r.revoke(); o`, `Object <[Object: null prototype] {}> { a: 1 }`},
		{"null-proto-error", `const e = new Error('x'); e.stack = 'Error: x'; Object.setPrototypeOf(e, null); e`, `[[Error: null prototype]: x]`},
	}
	vm := goja.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inspectEval(t, vm, "(() => {"+inspectReturnLast(tt.expr)+"})()")
			if got != tt.want {
				t.Errorf("got:  %s\nwant: %s", got, tt.want)
			}
		})
	}

	t.Run("huge-object", func(t *testing.T) {
		got := inspectEval(t, vm, `const big = {}; for (let i = 0; i < 50000; i++) big['k' + i] = {v: i}; big`)
		if !strings.Contains(got, "  k9999: { v: 9999 },\n  ... 40000 more properties\n}") {
			t.Errorf("huge object not truncated: %d bytes, tail %q", len(got), got[max(0, len(got)-80):])
		}
	})
	t.Run("huge-typed-array", func(t *testing.T) {
		got := inspectEval(t, vm, `new Uint8Array(1e7)`)
		if !strings.HasPrefix(got, "Uint8Array(10000000) [") || !strings.Contains(got, "... 9999900 more items") {
			t.Errorf("got %q", got[:min(len(got), 200)])
		}
	})
	t.Run("deep-nesting-infinite-depth", func(t *testing.T) {
		v, err := vm.RunString(`let d = {}; for (let i = 0; i < 5000; i++) d = {d}; d`)
		if err != nil {
			t.Fatal(err)
		}
		got := New(vm).InspectDepth(v, MaxDepth)
		if !strings.Contains(got, "[Object]") {
			t.Errorf("deep nesting not cut")
		}
	})
	t.Run("nil-value", func(t *testing.T) {
		if got := New(vm).Inspect(nil); got != "undefined" {
			t.Errorf("got %q", got)
		}
	})
}

func TestInspectHostObjects(t *testing.T) {
	vm := goja.New()
	type point struct{ X, Y int }
	for _, tt := range []struct {
		v    interface{}
		want string
	}{
		{map[string]interface{}{"a": 1}, `{ a: 1 }`},
		{[]interface{}{1, "x"}, `[ 1, 'x' ]`},
		{&point{1, 2}, `{ X: 1, Y: 2 }`},
	} {
		if got := New(vm).Inspect(vm.ToValue(tt.v)); got != tt.want {
			t.Errorf("Inspect(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	if got := New(vm).Inspect(vm.NewGoError(fmt.Errorf("go failure"))); !strings.Contains(got, "go failure") {
		t.Errorf("GoError: %q", got)
	}
}

// Built-ins captured by New are immune to later tampering by app code.
func TestInspectUsesPristineIntrinsics(t *testing.T) {
	vm := goja.New()
	in := New(vm)
	v := evalExpr(t, vm, `
		Map.prototype.entries = function() { throw new Error('tampered') };
		Object.getOwnPropertyDescriptor = function() { throw new Error('tampered') };
		Object.defineProperty(Date.prototype, 'toISOString', {value: () => 'tampered'});
		[new Map([[1, 2]]), {get a() { return 1 }}, new Date(0)]`)
	if got, want := in.Inspect(v), `[ Map(1) { 1 => 2 }, { a: [Getter] }, 1970-01-01T00:00:00.000Z ]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestInspectQuoteAndWidth(t *testing.T) {
	for in, want := range map[string]string{
		"plain":    `'plain'`,
		"a\x7fb":   `'a\x7Fb'`,
		"a\u0085b": `'a\x85b'`,
		"中文":       `'中文'`,
		"it's":     `"it's"`,
		"\x1b[0m":  `'\x1B[0m'`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
	if w := width("a中b"); w != 4 {
		t.Errorf("width = %d", w)
	}
}

func BenchmarkInspectObject(b *testing.B) {
	vm := goja.New()
	in := New(vm)
	v, _ := vm.RunString(`({a: 1, b: 'two', c: [1, 2, 3], d: {e: null, f: new Map([[1, 2]])}})`)
	b.ReportAllocs()
	for b.Loop() {
		_ = in.Inspect(v)
	}
}
