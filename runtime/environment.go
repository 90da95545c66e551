package runtime

import (
	"strings"

	"github.com/dop251/goja"
)

// installLogicLayerRules makes the global environment match the mini program logic layer
// (logic-layer spec §10.3): dynamic code is disabled. Names that do not exist there
// (window, document, process, Buffer, …) are simply never defined: goja has none of them,
// and the module wrapper shadows the ones WeChat's compiler shadows.
func (r *Runtime) installLogicLayerRules() {
	vm := r.vm
	g := vm.GlobalObject()

	// `eval` is removed outside debug builds.
	_ = g.Delete("eval")
	// goja's own GoError constructor is not part of any mini program engine.
	_ = g.Delete("GoError")

	// `new Function(...)` is replaced: only the `new Function("return this")` form yields a
	// function. What it returns on a phone is a stand-in rather than the real global
	// (base library 2.30.3); wxrun returns the logic layer's shared `global` object, the
	// closest stand-in a script can observe. Every other form throws, so code that depends on
	// dynamic code fails here as it fails on a device instead of silently doing nothing.
	orig := vm.Get("Function").ToObject(vm)
	proto := orig.Get("prototype").ToObject(vm)
	replacement := vm.ToValue(func(call goja.ConstructorCall) *goja.Object {
		var body string
		if n := len(call.Arguments); n > 0 {
			body = call.Arguments[n-1].String()
		}
		if isReturnThis(body) {
			shared := r.shared
			return vm.ToValue(func(goja.FunctionCall) goja.Value { return shared }).ToObject(vm)
		}
		panic(r.newError("EvalError", errDynamicCode.Error()))
	}).ToObject(vm)
	_ = replacement.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	_ = replacement.DefineDataProperty("name", vm.ToValue("Function"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = proto.DefineDataProperty("constructor", replacement, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = g.Set("Function", replacement)
}

type dynamicCodeError struct{}

func (dynamicCodeError) Error() string {
	return "new Function() is not supported in mini programs (only new Function('return this') is); dynamic code is disabled on devices"
}

var errDynamicCode error = dynamicCodeError{}

func isReturnThis(body string) bool {
	b := strings.TrimSpace(body)
	b = strings.TrimSuffix(b, ";")
	return strings.TrimSpace(b) == "return this"
}
