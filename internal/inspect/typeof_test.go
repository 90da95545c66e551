package inspect

import (
	"strconv"
	"testing"

	"github.com/dop251/goja"
)

func TestTypeOfMatchesJavaScript(t *testing.T) {
	vm := goja.New()
	v, err := vm.RunString(`[undefined, null, 1, 1.5, "s", true, Symbol("x"), 10n, {}, [], function () {}, class {}, new Proxy(function () {}, {})]`)
	if err != nil {
		t.Fatal(err)
	}
	want, err := vm.RunString(`[undefined, null, 1, 1.5, "s", true, Symbol("x"), 10n, {}, [], function () {}, class {}, new Proxy(function () {}, {})].map(function (x) { return typeof x })`)
	if err != nil {
		t.Fatal(err)
	}
	values, wants := v.ToObject(vm), want.ToObject(vm)
	for i := 0; i < 13; i++ {
		k := strconv.Itoa(i)
		if got := TypeOf(values.Get(k)); got != wants.Get(k).String() {
			t.Errorf("element %d: TypeOf %q, typeof %q", i, got, wants.Get(k))
		}
	}
}
