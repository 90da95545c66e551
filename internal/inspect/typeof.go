package inspect

import (
	"math/big"

	"github.com/dop251/goja"
)

// TypeOf returns what JavaScript's typeof gives for v. Call it on the goroutine that owns
// v's runtime, like everything that touches a goja value.
func TypeOf(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "object"
	}
	if _, ok := goja.AssertFunction(v); ok {
		return "function"
	}
	switch v.(type) {
	case *goja.Object:
		return "object"
	case *goja.Symbol:
		return "symbol"
	}
	switch v.Export().(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, float64:
		return "number"
	case *big.Int:
		return "bigint"
	}
	return "object"
}
