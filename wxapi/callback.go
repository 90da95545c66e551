package wxapi

import (
	"reflect"

	"github.com/dop251/goja"
)

// result is the outcome of one asynchronous-style wx API call: the errMsg and any extra
// fields. Every wx API reports through it, so errMsg formatting lives in one place.
type result struct {
	api    string // "connectSocket", "sendSocketMessage", …
	ok     bool
	reason string  // after "<api>:fail "
	errno  int     // 0 = absent
	fields []field // extra res fields, in order
}

type field struct {
	name  string
	value any
}

func okResult(api string) result { return result{api: api, ok: true} }

func failResult(api, reason string) result { return result{api: api, reason: reason} }

// parameterError is the failure of the base library's parameter check, with its errno.
func parameterError(api, problem string) result {
	r := failResult(api, "parameter error: "+problem)
	r.errno = 1001
	return r
}

// errMsg renders the errMsg exactly as WeChat does: "<api>:ok" or "<api>:fail <reason>".
func (r result) errMsg() string {
	if r.ok {
		return r.api + ":ok"
	}
	if r.reason == "" {
		return r.api + ":fail"
	}
	return r.api + ":fail " + r.reason
}

// callbacks holds the success/fail/complete functions of one call, or the resolve/reject
// pair of the Promise returned instead. Loop goroutine only.
type callbacks struct {
	success, fail, complete goja.Value
	resolve, reject         func(any) error
}

// noPromise is parseCallbacks' promiseAPI for the APIs that never return a Promise.
const noPromise = ""

// parseCallbacks reads success/fail/complete from opts. When promiseAPI names the API
// ("closeSocket") and opts has none of them (or there is no opts), it creates the Promise
// the call returns instead (wx-socket spec §6, decision 3), remembering where the script
// called wx.<promiseAPI> so that an unhandled rejection names the call site; otherwise
// the returned value is undefined. Call it from the API function itself, before it
// returns to JavaScript.
func (a *API) parseCallbacks(opts *goja.Object, promiseAPI string) (*callbacks, goja.Value) {
	cb := &callbacks{}
	if opts != nil {
		cb.success = functionOrNil(opts.Get("success"))
		cb.fail = functionOrNil(opts.Get("fail"))
		cb.complete = functionOrNil(opts.Get("complete"))
	}
	if promiseAPI != noPromise && cb.success == nil && cb.fail == nil && cb.complete == nil {
		p, resolve, reject := a.host.NewPromiseFrom("wx." + promiseAPI)
		cb.resolve, cb.reject = resolve, reject
		return cb, a.vm.ToValue(p)
	}
	return cb, goja.Undefined()
}

func (cb *callbacks) empty() bool {
	return cb.success == nil && cb.fail == nil && cb.complete == nil && cb.resolve == nil
}

func functionOrNil(v goja.Value) goja.Value {
	if kindOf(v) == kindFunction {
		return v
	}
	return nil
}

// jsKind is the type of a parameter value as a wx function sees it. It is decided from the
// goja value itself, never from Export, which reports a Symbol as its description string,
// runs getters and Proxy traps, and walks whole objects.
type jsKind int

const (
	kindUndefined jsKind = iota // also a missing property
	kindNull
	kindBoolean
	kindNumber // NaN and the infinities included
	kindBigInt
	kindString
	kindSymbol
	kindFunction    // anything callable, callable Proxies included
	kindArrayBuffer // an ArrayBuffer itself, not a view of one and not a Proxy of one
	kindObject      // every other object: arrays, String objects, Proxies, …
)

var (
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeBool        = reflect.TypeOf(false)
	typeArray       = reflect.TypeOf([]any(nil))
)

// kindOf is typeof, refined: null and ArrayBuffers have kinds of their own, and a String,
// Number or Boolean object is an object, as typeof says. It runs no script code.
func kindOf(v goja.Value) jsKind {
	switch x := v.(type) {
	case nil:
		return kindUndefined
	case *goja.Symbol:
		return kindSymbol
	case *goja.Object:
		if _, ok := goja.AssertFunction(x); ok {
			return kindFunction
		}
		// ExportType, unlike Export, only looks at the object's class.
		if x.ExportType() == typeArrayBuffer {
			return kindArrayBuffer
		}
		return kindObject
	}
	switch {
	case goja.IsUndefined(v):
		return kindUndefined
	case goja.IsNull(v):
		return kindNull
	case goja.IsString(v):
		return kindString
	case goja.IsNumber(v):
		return kindNumber
	case goja.IsBigInt(v):
		return kindBigInt
	case v.ExportType() == typeBool:
		return kindBoolean
	}
	return kindObject
}

// stringArg returns the value of a string parameter, or false for any other value. As
// for numberArg and boolArg, a String (Number, Boolean) object is not one: typeof says
// "object", as the base library's checks do.
func stringArg(v goja.Value) (string, bool) {
	if kindOf(v) != kindString {
		return "", false
	}
	s, ok := v.Export().(string)
	return s, ok
}

// numberArg returns the value of a number parameter (NaN included), or false.
func numberArg(v goja.Value) (float64, bool) {
	if kindOf(v) != kindNumber {
		return 0, false
	}
	switch n := v.Export().(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// boolArg returns the value of a boolean parameter, or false.
func boolArg(v goja.Value) (value, ok bool) {
	if kindOf(v) != kindBoolean {
		return false, false
	}
	b, ok := v.Export().(bool)
	return b, ok
}

// finish delivers r: success or fail, then complete, with the same res object; or settles
// the Promise. A throwing callback is reported (wx.onError, App.onError) and the next one
// still runs; nothing propagates to the caller. Loop goroutine only.
func (a *API) finish(cb *callbacks, r result) {
	a.traceFail(r) // even without callbacks: the call failed
	if cb == nil || cb.empty() {
		return
	}
	res := a.resObject(r)
	switch {
	case cb.resolve != nil && r.ok:
		_ = cb.resolve(res)
		return
	case cb.reject != nil && !r.ok:
		_ = cb.reject(res)
		return
	}
	if r.ok {
		a.host.CallFunction(cb.success, nil, res)
	} else {
		a.host.CallFunction(cb.fail, nil, res)
	}
	a.host.CallFunction(cb.complete, nil, res)
}

func (a *API) resObject(r result) *goja.Object {
	res := a.vm.NewObject()
	_ = res.Set("errMsg", r.errMsg())
	if r.errno != 0 {
		_ = res.Set("errno", r.errno)
	}
	for _, f := range r.fields {
		_ = res.Set(f.name, f.value)
	}
	return res
}

// jsTypeName is the type name WeChat's parameter checks print, taken from
// Object.prototype.toString: "Number", "Null", "Undefined", "Object", "Array", …
// Like the base library's check, it reads v's Symbol.toStringTag, so a throwing getter or
// Proxy trap throws out of the wx call that asked.
func (a *API) jsTypeName(v goja.Value) string {
	if v == nil {
		v = goja.Undefined()
	}
	s, err := a.toStringTag(v)
	if err != nil {
		panic(err) // rethrown into the calling script
	}
	tag := s.String() // "[object Number]"
	if len(tag) > 9 {
		return tag[8 : len(tag)-1]
	}
	return tag
}

// objectToString is Object.prototype.toString applied to v ("[object Object]"), which is
// how WeChat renders header values that are neither strings nor numbers.
func (a *API) objectToString(v goja.Value) string {
	return "[object " + a.jsTypeName(v) + "]"
}
