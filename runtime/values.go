package runtime

import (
	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/inspect"
)

// Inspect renders v as console.log prints a value that is not a string (Node's
// util.inspect without colors): quoted strings, objects to depth 2, getters not called,
// errors with their stacks. It reads v through the built-ins captured when the runtime was
// created, so a script that replaced them cannot change or break the output; it never
// throws. Loop goroutine only.
func (r *Runtime) Inspect(v goja.Value) string { return r.inspector.Inspect(v) }

// TypeOf returns what JavaScript's typeof gives for v. Loop goroutine only, like every
// goja value.
func TypeOf(v goja.Value) string { return inspect.TypeOf(v) }
