package inspect

import (
	"strconv"
	"testing"

	"github.com/dop251/goja"
)

func TestFormatSpecifiers(t *testing.T) {
	tests := []struct{ args, want string }{
		{`'%s is %d years', 'Bob', 42`, "Bob is 42 years"},
		{`'%s|%s|%s|%s|%s', -0, 5n, Symbol('x'), null, undefined`, "-0|5n|Symbol(x)|null|undefined"},
		{`'%s', 'str', 'extra', 1`, "str extra 1"},
		{`'%s', {a: {b: {c: 1}}}`, "{ a: [Object] }"},
		{`'%s', [1, [2, [3]]]`, "[ 1, [Array] ]"},
		{`'%s', {toString() { return 'custom' }}`, "custom"},
		{`'%s', new (class A { toString() { return 'A!' } })()`, "A!"},
		{`'%s', new Map([[1, {a: 1}]])`, "Map(1) { 1 => [Object] }"},
		{`'%s', new Error('e').message`, "e"},
		{`'%s', {toString() { throw new Error('ts') }}`, "{ toString: [Function: toString] }"},
		{`'%s', {[Symbol.toPrimitive]() { return 'prim' }}`, "prim"},
		{`'%d %d %d %d %d', 42.5, '7', 10n, Symbol('s'), {}`, "42.5 7 10n NaN NaN"},
		{`'%d', {valueOf() { throw new Error('vo') }}`, "NaN"},
		{`'%i %i %i %i', 42.9, '-7.5px', 10n, 'x'`, "42 -7 10n NaN"},
		{`'%f %f %f', '3.5abc', 1n, Symbol()`, "3.5 1 NaN"},
		{`'%j %j %j', {a: [1, 'x']}, 'str', undefined`, `{"a":[1,"x"]} "str" undefined`},
		{`'%j', (() => { const o = {}; o.o = o; return o })()`, "[Circular]"},
		{`'%j', 1n`, "[TypeError: Do not know how to serialize a BigInt]"},
		{`'%o', {a: {b: {c: {d: {e: {f: 1}}}}}}`, "{\n  a: {\n    b: { c: { d: { e: [Object] } } }\n  }\n}"},
		{`'%O', {a: {b: {c: {d: 1}}}}`, "{ a: { b: { c: [Object] } } }"},
		{`'%O', 'str'`, "'str'"},
		{`'%c styled %c', 'color: red', 'font-weight: bold'`, " styled "},
		{`'100%% %s %x %', 'done'`, "100% done %x %"},
		{`'%s %s', 'only-one'`, "only-one %s"},
		{`'%%', 1`, "% 1"},
		{`'%'`, "%"},
		{`'%s'`, "%s"},
		{`'%%s', 1`, "%s 1"},
		{`'a%sb%sc', 1, 2, 3`, "a1b2c 3"},
		{`'中文 %s', '字'`, "中文 字"},
	}
	vm := goja.New()
	in := New(vm)
	for _, tt := range tests {
		v, err := vm.RunString("[" + tt.args + "]")
		if err != nil {
			t.Fatalf("%s: %v", tt.args, err)
		}
		var args []goja.Value
		arr := v.(*goja.Object)
		for i := int64(0); i < arr.Get("length").ToInteger(); i++ {
			args = append(args, arr.Get(strconv.FormatInt(i, 10)))
		}
		if got := in.Format(args); got != tt.want {
			t.Errorf("Format(%s)\n got: %q\nwant: %q", tt.args, got, tt.want)
		}
	}
	if got := in.Format(nil); got != "" {
		t.Errorf("Format(nil) = %q", got)
	}
}

func TestJoin(t *testing.T) {
	vm := goja.New()
	args := []goja.Value{vm.ToValue("%s raw"), vm.ToValue(1), vm.NewArray("x"), goja.Undefined()}
	if got, want := New(vm).Join(args), "%s raw 1 [ 'x' ] undefined"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
}
