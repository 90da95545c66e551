package compile

import (
	"testing"

	"github.com/dop251/goja"
)

// runHoisted compiles src as name and runs it with a global `jest` whose mock records the
// order of events in log.
func runHoisted(t *testing.T, name, src string) string {
	t.Helper()
	prg, err := compileModule(name, src, src)
	if err != nil {
		t.Fatal(err)
	}
	vm := goja.New()
	log := ""
	_ = vm.Set("jest", map[string]any{"mock": func(s string) { log += "mock(" + s + ") " }})
	require := func(s string) goja.Value { log += "require(" + s + ") "; return vm.NewObject() }
	outer, _ := vm.RunProgram(prg)
	of, _ := goja.AssertFunction(outer)
	inner, err := of(goja.Undefined(), OuterArgs(vm.NewObject())...)
	if err != nil {
		t.Fatal(err)
	}
	inf, _ := goja.AssertFunction(inner)
	if _, err := inf(goja.Undefined(), vm.ToValue(require), vm.NewObject(), vm.NewObject()); err != nil {
		t.Fatal(err)
	}
	return log
}

func TestHoistJestMock(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"a.test.js", "'use strict';\nconst a = require('a');\njest.mock('a');\njest.mock('b');", "mock(a) mock(b) require(a) "},
		{"a.test.ts", "import a from 'a';\nconst x: number = a;\njest.mock('a');", "mock(a) require(a) "},
		{"esm.test.js", "import {b} from 'b';\njest.mock('b');", "mock(b) require(b) "},
		{"own.test.js", "var jest = {mock(s) { require('own ' + s) }};\nrequire('a');\njest.mock('x');", "require(a) require(own x) "},
		{"nested.test.js", "require('a');\nif (true) { jest.mock('x'); }", "require(a) mock(x) "},
	} {
		if got := runHoisted(t, c.name, c.src); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
