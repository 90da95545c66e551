package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime/debug"
	"strings"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/inspect"
	"github.com/wxrun/wxrun/trace"
)

// ErrorKind tells an uncaught exception from an unhandled promise rejection.
type ErrorKind int

const (
	// UncaughtException is an exception that escaped the top level or a callback.
	UncaughtException ErrorKind = iota
	// UnhandledRejection is a promise rejected with no handler by the end of its macrotask.
	UnhandledRejection
)

// JSError is one reported error, in printable form. It holds no goja values and may be
// used on any goroutine.
type JSError struct {
	Kind ErrorKind
	// Message is the error's first line as JavaScript shows it: "TypeError: x is not a
	// function", or the inspected value for a thrown non-Error ("{ errMsg: '…' }").
	Message string
	// Stack holds the frames, one "    at fn (file:line:col)" per line, paths relative to
	// the project root; empty when none are known.
	Stack string
	// Origin is set for a rejection of a promise a host API made with NewPromiseFrom: the
	// call that made it and where the script called it, "wx.closeSocket() at
	// vendor/tunnel.js:123:9" ("wx.closeSocket()" alone when no script frame was on the
	// stack). A rejection reason such as { errMsg } carries no stack of its own, so this
	// is often the only pointer into the script.
	Origin string
	// Warning is set for an unhandled rejection reported under RejectionsWarn: printed
	// with a "Warning: " prefix and not part of the run's result.
	Warning bool
}

// Text is the message followed by the stack and the origin line
// ("    from wx.closeSocket() at file:line:col"): what App.onError receives.
func (e *JSError) Text() string {
	s := e.Message
	if e.Stack != "" {
		s += "\n" + e.Stack
	}
	if e.Origin != "" {
		s += "\n    from " + e.Origin
	}
	return s
}

// Error renders the error as it is printed: "Uncaught …" or "Uncaught (in promise) …",
// after "Warning: " when it is a warning.
func (e *JSError) Error() string {
	prefix := "Uncaught "
	if e.Kind == UnhandledRejection {
		prefix = "Uncaught (in promise) "
	}
	if e.Warning {
		prefix = "Warning: " + prefix
	}
	return prefix + e.Text()
}

// countedErrors returns the errors of errs that make a run fail: all but warnings.
func countedErrors(errs []*JSError) []*JSError {
	var out []*JSError
	for _, e := range errs {
		if !e.Warning {
			out = append(out, e)
		}
	}
	return out
}

// UncaughtErrors is returned by Run* when errors were reported during the run while the
// program otherwise ran to completion. Warnings (JSError.Warning) are not among them.
type UncaughtErrors struct {
	Errors []*JSError
}

func (e *UncaughtErrors) Error() string {
	first := e.Errors[0].Error()
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if len(e.Errors) == 1 {
		return "1 uncaught error: " + first
	}
	return fmt.Sprintf("%d uncaught errors, the first: %s", len(e.Errors), first)
}

// Unwrap lets errors.As find each *JSError.
func (e *UncaughtErrors) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, x := range e.Errors {
		out[i] = x
	}
	return out
}

// TimeoutError is returned by Run* when its context ended the run. The runtime has been
// shut down, unless it was created WithKeepOpen. errors.Is(err, context.DeadlineExceeded) tells a timeout from a cancellation.
type TimeoutError struct {
	Cause    error      // ctx.Err()
	Pending  []string   // what was still keeping the loop alive
	Reported []*JSError // errors reported during the run before it was interrupted, warnings excluded
}

func (e *TimeoutError) Error() string {
	what := "interrupted"
	if errors.Is(e.Cause, context.DeadlineExceeded) {
		what = "timed out"
	}
	if len(e.Pending) == 0 {
		return what
	}
	return what + "; pending: " + strings.Join(e.Pending, ", ")
}

func (e *TimeoutError) Unwrap() error { return e.Cause }

// InternalError is a Go panic inside the runtime or a host API, caught and reported
// instead of crashing the process. It always means a bug in wxrun.
type InternalError struct {
	Value any
	Stack string
}

func (e *InternalError) Error() string { return fmt.Sprintf("wxrun internal error: %v", e.Value) }

func stackOf() string { return string(debug.Stack()) }

// ErrorEvent is what error hooks receive. Value is the thrown value or the rejection
// reason; Promise is set for rejections. Both are goja values: loop goroutine only.
type ErrorEvent struct {
	Err     *JSError
	Value   goja.Value
	Promise *goja.Promise
}

// OnError registers a hook called for every reported error, after it was printed. Hooks
// run on the loop goroutine; errors a hook causes are printed but not fed back to the
// hooks. Loop goroutine only.
func (r *Runtime) OnError(hook func(*ErrorEvent)) { r.errorHooks = append(r.errorHooks, hook) }

// Reported returns every error reported so far, in order, warnings (JSError.Warning)
// included. Loop goroutine only.
func (r *Runtime) Reported() []*JSError { return append([]*JSError(nil), r.reported...) }

// CallFunction calls fn with this and args and reports an exception it throws, the way
// WeChat treats exceptions in callbacks and listeners: printed, passed to the error hooks,
// never propagated. It returns the result and whether the call completed normally. A
// non-function fn is ignored. Loop goroutine only.
func (r *Runtime) CallFunction(fn goja.Value, this goja.Value, args ...goja.Value) (goja.Value, bool) {
	f, ok := goja.AssertFunction(fn)
	if !ok {
		return goja.Undefined(), false
	}
	if this == nil {
		this = goja.Undefined()
	}
	v, err := f(this, args...)
	if err != nil {
		r.ReportError(err)
		return goja.Undefined(), false
	}
	return v, true
}

// ReportError reports err as an uncaught exception: prints it, records it for the run's
// result and calls the error hooks. err is typically what a goja call returned. An
// interruption (the run is being stopped) is not reported. Loop goroutine only.
func (r *Runtime) ReportError(err error) {
	if err == nil {
		return
	}
	if _, ok := asError[*goja.InterruptedError](err, r.goErrorProto); ok {
		return
	}
	jsErr, value := r.describeError(err)
	r.report(jsErr, value, nil)
}

func (r *Runtime) report(jsErr *JSError, value goja.Value, promise *goja.Promise) {
	r.reported = append(r.reported, jsErr)
	if tr := r.cfg.tracer; tr.Enabled() {
		kind := "exception"
		if jsErr.Kind == UnhandledRejection {
			kind = "rejection"
		}
		tr.Emit(trace.Event{Type: trace.Error, Name: kind, Text: jsErr.Message, Stack: jsErr.Stack, Origin: jsErr.Origin, Warning: jsErr.Warning})
	}
	writeAll(r.cfg.stderr, jsErr.Error()+"\n")
	if ie, ok := exportInternal(value); ok && ie.Stack != "" {
		writeAll(r.cfg.stderr, ie.Stack+"\n")
	}
	if r.inHook {
		return
	}
	r.inHook = true
	defer func() { r.inHook = false }()
	ev := &ErrorEvent{Err: jsErr, Value: value, Promise: promise}
	for _, h := range r.errorHooks {
		if err := r.guard(func() error { h(ev); return nil }); err != nil {
			// A hook that fails is reported without recursing into the hooks.
			r.ReportError(err)
		}
	}
}

// rejection is a promise rejected with no handler, and where its host API was called.
type rejection struct {
	p      *goja.Promise
	origin *promiseOrigin // nil unless the promise came from NewPromiseFrom
}

// promiseOrigin is where the script called the host API that made a promise. The frame is
// kept unformatted: formatting costs more than capturing, and most promises never need it.
type promiseOrigin struct {
	api   string // "wx.closeSocket"
	frame goja.StackFrame
	found bool // whether a script frame was on the stack
}

func (o *promiseOrigin) String() string {
	if !o.found {
		return o.api + "()"
	}
	return o.api + "() at " + framePosition(o.frame)
}

// originDepth bounds the frames searched for the caller of a host API: the host function
// itself and natives (forEach, a bound function) come first, then the caller.
const originDepth = 8

// NewPromiseFrom is goja's NewPromise for a host API the script has just called: it also
// records the call — api, the name the script used without parentheses ("wx.closeSocket"),
// and the position of the innermost script frame on the stack — so that if the promise is
// rejected and left unhandled, the report says where it came from (JSError.Origin):
//
//	Uncaught (in promise) { errMsg: 'closeSocket:fail WebSocket is not connected' }
//	    from wx.closeSocket() at vendor/tunnel.js:123:9
//
// Call it from the host function itself, before it returns to JavaScript, so that the
// caller is on the stack; resolve and reject may be called later, from a job. Loop
// goroutine only, like the promise and both functions.
func (r *Runtime) NewPromiseFrom(api string) (promise *goja.Promise, resolve, reject func(reason any) error) {
	origin := &promiseOrigin{api: api}
	var buf [originDepth]goja.StackFrame
	for _, f := range r.vm.CaptureCallStack(originDepth, buf[:0]) {
		if f.SrcName() != "<native>" && f.Position().Line > 0 && !inspect.IsInternal(f.SrcName()) {
			origin.frame, origin.found = f, true
			break
		}
	}
	p, resolve, rejectJS := r.vm.NewPromise()
	reject = func(reason any) error {
		// goja calls the rejection tracker synchronously from inside rejectJS, and only
		// for this promise, so the origin can be handed over through a field instead of a
		// map that would have to be cleaned for every promise that never rejects.
		prev := r.rejecting
		r.rejecting = &rejection{p: p, origin: origin}
		defer func() { r.rejecting = prev }()
		return rejectJS(reason)
	}
	return p, resolve, reject
}

func (r *Runtime) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		rej := rejection{p: p}
		if r.rejecting != nil && r.rejecting.p == p {
			rej.origin = r.rejecting.origin
		}
		r.rejections = append(r.rejections, rej)
	case goja.PromiseRejectionHandle:
		for i, q := range r.rejections {
			if q.p == p {
				r.rejections = append(r.rejections[:i], r.rejections[i+1:]...)
				break
			}
		}
	}
}

// afterMacrotask reports the promises that were rejected during the macrotask that just
// ended (its microtasks included) and still have no handler — the point at which browsers
// and Node report "Uncaught (in promise)".
func (r *Runtime) afterMacrotask() {
	for len(r.rejections) > 0 {
		pending := r.rejections
		r.rejections = nil
		for _, rej := range pending {
			p := rej.p
			if p.State() != goja.PromiseStateRejected {
				continue
			}
			reason := p.Result()
			jsErr := r.describeValue(reason, nil)
			jsErr.Kind = UnhandledRejection
			if rej.origin != nil {
				jsErr.Origin = rej.origin.String()
			}
			jsErr.Warning = r.cfg.rejections == RejectionsWarn
			r.report(jsErr, reason, p)
		}
	}
}

// errorMessage is the message of an error a goja call returned, for texts such as an
// errMsg: a thrown Error's message property ("boom"), another thrown value inspected, and
// for other errors what describeError prints. It never throws.
func (r *Runtime) errorMessage(err error) string {
	if ex, ok := asError[*goja.Exception](err, r.goErrorProto); ok {
		if obj, ok := ex.Value().(*goja.Object); ok && isErrorObject(r.vm, obj) {
			var msg string
			if r.vm.Try(func() {
				if v := obj.Get("message"); v != nil {
					msg = v.String()
				}
			}) == nil {
				return msg
			}
		}
		return r.inspector.Inspect(ex.Value())
	}
	jsErr, _ := r.describeError(err)
	return jsErr.Message
}

// describeError turns an error from a goja call into its printable form and the JS value
// the hooks should see.
func (r *Runtime) describeError(err error) (*JSError, goja.Value) {
	if so, ok := asError[*goja.StackOverflowError](err, r.goErrorProto); ok {
		v := r.newError("RangeError", "Maximum call stack size exceeded")
		return &JSError{Message: "RangeError: Maximum call stack size exceeded", Stack: formatFrames(so.Stack(), 10)}, v
	}
	if ex, ok := asError[*goja.Exception](err, r.goErrorProto); ok {
		jsErr := r.describeValue(ex.Value(), ex.Stack())
		r.rewrite(jsErr, ex.Stack())
		return jsErr, ex.Value()
	}
	if syn, ok := asError[*goja.CompilerSyntaxError](err, r.goErrorProto); ok {
		msg := strings.TrimPrefix(syn.Error(), "SyntaxError: ")
		return &JSError{Message: "SyntaxError: " + msg}, r.newError("SyntaxError", msg)
	}
	if internal, ok := asError[*InternalError](err, r.goErrorProto); ok {
		return &JSError{Message: internal.Error()}, r.vm.ToValue(internal)
	}
	return &JSError{Message: "Error: " + err.Error()}, r.newError("Error", err.Error())
}

// asError is errors.As for errors from goja calls. It does not call Exception.Unwrap
// on every exception: goja's asks whether the thrown value is an instance of GoError,
// which runs script code (a Proxy's getPrototypeOf trap, whose error then replaced what
// was thrown) or panics (a revoked Proxy). Only an exception whose value is a GoError
// made by NewGoError (a direct instance of goErrorProto, not a Proxy) wraps a Go error
// — a stack overflow inside a nested call, for one — and is unwrapped.
func asError[T error](err error, goErrorProto *goja.Object) (t T, ok bool) {
	for err != nil {
		if t, ok = err.(T); ok {
			return t, true
		}
		switch u := err.(type) {
		case *goja.Exception:
			o, isObject := u.Value().(*goja.Object)
			if !isObject || o.ExportType() == typeProxy || o.Prototype() != goErrorProto {
				return t, false
			}
			err = u.Unwrap()
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if t, ok = asError[T](e, goErrorProto); ok {
					return t, true
				}
			}
			return t, false
		default:
			return t, false
		}
	}
	return t, false
}

var typeProxy = reflect.TypeOf(goja.Proxy{})

func (r *Runtime) newError(ctor, msg string) goja.Value {
	c, ok := goja.AssertConstructor(r.vm.Get(ctor))
	if !ok {
		return r.vm.ToValue(msg)
	}
	o, err := c(nil, r.vm.ToValue(msg))
	if err != nil {
		return r.vm.ToValue(msg)
	}
	return o
}

// describeValue renders a thrown value. Error objects print as "Name: message" with the
// stack captured when they were created; other values print inspected, with the frames
// where they were thrown (if known).
func (r *Runtime) describeValue(v goja.Value, thrownAt []goja.StackFrame) *JSError {
	if obj, ok := v.(*goja.Object); ok && isErrorObject(r.vm, obj) {
		e := &JSError{Message: safeToString(obj)}
		if stack := obj.Get("stack"); stack != nil && !goja.IsUndefined(stack) {
			e.Stack = cleanStack(stack.String())
		} else {
			e.Stack = formatFrames(thrownAt, 0)
		}
		return e
	}
	return &JSError{Message: r.inspector.Inspect(v), Stack: formatFrames(thrownAt, 0)}
}

func isErrorObject(vm *goja.Runtime, obj *goja.Object) bool {
	ctor, ok := vm.Get("Error").(*goja.Object)
	if !ok {
		return false
	}
	defer func() { _ = recover() }()
	return obj.ClassName() == "Error" || vm.InstanceOf(obj, ctor)
}

func safeToString(v goja.Value) (s string) {
	defer func() {
		if recover() != nil {
			s = "Error"
		}
	}()
	return v.String()
}

// cleanStack keeps the frame lines of a goja `stack` string, in Node's layout.
func cleanStack(stack string) string {
	lines := strings.Split(inspect.CleanStack(stack), "\n")
	frames := lines[:0]
	for _, line := range lines {
		if strings.HasPrefix(line, "    at ") {
			frames = append(frames, line)
		}
	}
	return strings.Join(frames, "\n")
}

// formatFrames renders goja stack frames as the console does, leaving out the host's own
// (InternalSourcePrefix); max <= 0 means all of them.
func formatFrames(frames []goja.StackFrame, max int) string {
	frames = scriptFrames(frames)
	var b strings.Builder
	for i := range frames {
		if max > 0 && i >= max {
			fmt.Fprintf(&b, "\n    ... %d more frames", len(frames)-max)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("    at ")
		b.WriteString(inspect.FrameString(&frames[i]))
	}
	return b.String()
}

// scriptFrames returns frames without those of host code (InternalSourcePrefix). It may
// reuse frames' storage.
func scriptFrames(frames []goja.StackFrame) []goja.StackFrame {
	out := frames[:0:0]
	for _, f := range frames {
		if !inspect.IsInternal(f.SrcName()) {
			out = append(out, f)
		}
	}
	return out
}

func framePosition(f goja.StackFrame) string {
	p := f.Position()
	if p.Line == 0 {
		return "" // a native function
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

var typeInternalError = reflect.TypeOf((*InternalError)(nil))

// exportInternal returns the *InternalError that v wraps, if any. It asks ExportType
// first: exporting an arbitrary thrown value would copy it (a thrown Array(2**32-1) is
// 64 GiB as a Go slice).
func exportInternal(v goja.Value) (*InternalError, bool) {
	if v == nil || v.ExportType() != typeInternalError {
		return nil, false
	}
	ie, ok := v.Export().(*InternalError)
	return ie, ok
}

// writeAll writes s with a single Write call, so lines from runtimes sharing a writer do
// not interleave mid-line.
func writeAll(w io.Writer, s string) { _, _ = io.WriteString(w, s) }
