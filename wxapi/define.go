package wxapi

import (
	"github.com/dop251/goja"
)

// Field is one property of a res object, in the order given.
type Field struct {
	Name  string
	Value any // a Go value goja converts, or a goja.Value
}

// AsyncFunc implements a wx function in WeChat's asynchronous style (success, fail,
// complete, or a Promise). It runs on the loop goroutine when the script calls the
// function. It reads its options through c first — each one once, before deciding
// anything (decision 17) — and reports the outcome exactly once with c.Succeed or c.Fail:
// before it returns, or later from a job on the loop goroutine (c may be kept for that).
// What it returns is what the call returns unless a Promise is returned instead
// (wx.request's RequestTask, for instance); nil means undefined.
type AsyncFunc func(c *Call) goja.Value

// Call is one call of a function defined with DefineAsync. Loop goroutine only.
type Call struct {
	api     *API
	name    string
	arg     goja.Value // the first argument, as given
	options *goja.Object
	cb      *callbacks
	early   *result // an outcome reported before the callbacks were read
	done    bool
}

// DefineAsync defines wx.<name> with f. With promisified set, a call without success,
// fail and complete returns a Promise (base library 2.10.2+) resolved with the success res
// or rejected with the fail res; an unhandled rejection names the call site. The errMsg
// rules, the order success|fail then complete, and the reporting of throwing callbacks
// are the same as for every wx function: this is how API families outside this package
// (the project host's navigation, for one) define theirs. Call it before the first Run*,
// from the goroutine that installed the API.
func (a *API) DefineAsync(name string, promisified bool, f AsyncFunc) {
	a.defineAsyncOn(a.wx, name, promisified, f)
}

// defineAsyncOn is DefineAsync for a function of another object than wx, such as the
// FileSystemManager's.
func (a *API) defineAsyncOn(obj *goja.Object, name string, promisified bool, f AsyncFunc) {
	promiseAPI := noPromise
	if promisified {
		promiseAPI = name
	}
	_ = obj.Set(name, func(call goja.FunctionCall) goja.Value {
		c := &Call{api: a, name: name, arg: call.Argument(0), options: optionsObject(call.Argument(0))}
		ret := f(c)
		// The callbacks are read after the options f read (decision 17), and the Promise
		// is made then, while the caller is still on the stack (its origin).
		cb, promise := a.parseCallbacks(c.options, promiseAPI)
		c.cb = cb
		if c.early != nil {
			a.finish(cb, *c.early)
			c.early = nil
		}
		if cb.resolve != nil {
			return promise
		}
		if ret == nil {
			return goja.Undefined()
		}
		return ret
	})
}

// Name is the function's name without "wx." ("navigateTo").
func (c *Call) Name() string { return c.name }

// Argument is the first argument as the script passed it (undefined when absent), for
// the type check of the options argument itself.
func (c *Call) Argument() goja.Value { return c.arg }

// Options is the options object, or nil when the argument is not an object.
func (c *Call) Options() *goja.Object { return c.options }

// Get reads the option name (undefined when absent or when there are no options). A
// throwing getter or Proxy trap throws out of the call, as it would in the base library.
func (c *Call) Get(name string) goja.Value {
	v := option(c.options, name)
	if v == nil {
		return goja.Undefined()
	}
	return v
}

// String reads a string option; a value of any other typeof type (a String object
// included) is reported as absent.
func (c *Call) String(name string) (string, bool) { return stringArg(option(c.options, name)) }

// Number reads a number option (NaN included); other types are reported as absent.
func (c *Call) Number(name string) (float64, bool) { return numberArg(option(c.options, name)) }

// Bool reads a boolean option; other types are reported as absent.
func (c *Call) Bool(name string) (value, ok bool) { return boolArg(option(c.options, name)) }

// TypeName is the type name WeChat's parameter checks print for v ("Number", "Null").
func (c *Call) TypeName(v goja.Value) string { return c.api.jsTypeName(v) }

// Succeed reports success: res is {errMsg: "<name>:ok", ...fields}.
func (c *Call) Succeed(fields ...Field) {
	r := okResult(c.name)
	r.fields = toFields(fields)
	c.report(r)
}

// Fail reports failure: errMsg "<name>:fail <reason>" (or "<name>:fail" for an empty
// reason), with fields added to res.
func (c *Call) Fail(reason string, fields ...Field) {
	r := failResult(c.name, reason)
	r.fields = toFields(fields)
	c.report(r)
}

// FailWithErrno is Fail with res.errno set, as the base library's newer errors have.
func (c *Call) FailWithErrno(errno int, reason string, fields ...Field) {
	r := failResult(c.name, reason)
	r.errno = errno
	r.fields = toFields(fields)
	c.report(r)
}

// FailParameter reports the base library's parameter check failing:
// "<name>:fail parameter error: <problem>", errno 1001. problem reads like
// "parameter.url should be String instead of Number;".
func (c *Call) FailParameter(problem string) { c.report(parameterError(c.name, problem)) }

// report delivers r, or keeps it until the callbacks are read if f has not returned yet.
// A second outcome is a bug in the API, not in the script: it panics (and is reported as
// an internal error).
func (c *Call) report(r result) {
	if c.done {
		panic("wxapi: wx." + c.name + " reported its outcome twice")
	}
	c.done = true
	if c.cb == nil {
		c.early = &r
		return
	}
	c.api.finish(c.cb, r)
}

func toFields(fs []Field) []field {
	if len(fs) == 0 {
		return nil
	}
	out := make([]field, len(fs))
	for i, f := range fs {
		out[i] = field{f.Name, f.Value}
	}
	return out
}
