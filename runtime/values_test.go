package runtime

import (
	"errors"
	"strings"
	"testing"
)

// Error reports and Inspect read values through the built-ins the runtime captured when it
// was created: a script that replaces them afterwards changes nothing in what is printed.
func TestInspectUsesTheBuiltinsCapturedByNew(t *testing.T) {
	rt, _, errOut := newTestRuntime(t)
	err := run(t, rt, `
		Map.prototype.entries = function () { throw new Error('tampered') };
		Object.getOwnPropertyDescriptor = function () { throw new Error('tampered') };
		global.m = new Map([[1, { get a() { return 1 } }]]);
		throw global.m`)
	const want = "Map(1) { 1 => { a: [Getter] } }"
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || ue.Errors[0].Message != want {
		t.Fatalf("err = %v, want the uncaught %s", err, want)
	}
	if !strings.Contains(errOut.String(), "Uncaught "+want) {
		t.Errorf("stderr:\n%s", errOut)
	}
	if got := rt.Inspect(rt.SharedGlobal().Get("m")); got != want {
		t.Errorf("rt.Inspect = %s, want %s", got, want)
	}
}
