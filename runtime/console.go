package runtime

// The global `console` object (WeChat DevTools / Node style: no timestamps, no prefixes).
//
// goja_nodejs's console module is not used: it formats objects with util.format, which prints
// "[object Object]", and it lacks trace/assert/group/time/count/table and a single-Write
// guarantee per call.

import (
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/inspect"
	"github.com/wxrun/wxrun/trace"
)

// consoleMaxTraceFrames bounds the frames printed by console.trace.
const consoleMaxTraceFrames = 50

// installConsole defines the global `console` on vm, formatting values with in (the
// runtime's Inspector, made for vm). stdout receives log/info/debug (and group/time output);
// stderr receives warn/error/trace/assert failures. Loop goroutine only (goja values never
// leave it).
func installConsole(vm *goja.Runtime, in *inspect.Inspector, stdout, stderr io.Writer) *consoleState {
	return installConsoleWithClock(vm, in, stdout, stderr, time.Now)
}

// installConsoleWithClock is installConsole with an injectable clock (for console.time tests).
func installConsoleWithClock(vm *goja.Runtime, in *inspect.Inspector, stdout, stderr io.Writer, now func() time.Time) *consoleState {
	c := &consoleState{
		vm:     vm,
		in:     in,
		stdout: stdout,
		stderr: stderr,
		now:    now,
	}
	obj := vm.NewObject()
	method := func(name string, f func(goja.FunctionCall) goja.Value) {
		fv := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			prev := c.level
			c.level = name // what the trace calls the output
			v := f(call)
			c.level = prev
			return v
		}).(*goja.Object)
		// goja names native functions after the Go function; use the JS name instead.
		_ = fv.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		_ = obj.Set(name, fv)
	}
	method("log", c.log)
	method("info", c.log)
	method("debug", c.log)
	method("dirxml", c.log)
	method("warn", c.warn)
	method("error", c.warn)
	method("trace", c.trace)
	method("assert", c.assert)
	method("dir", c.dir)
	method("table", c.table)
	method("group", c.group)
	method("groupCollapsed", c.group)
	method("groupEnd", c.groupEnd)
	method("time", c.time)
	method("timeEnd", c.timeEnd)
	method("timeLog", c.timeLog)
	method("count", c.count)
	method("countReset", c.countReset)
	method("clear", func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	_ = obj.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue("console"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = vm.Set("console", obj)
	return c
}

type consoleState struct {
	vm             *goja.Runtime
	in             *inspect.Inspector
	stdout, stderr io.Writer
	now            func() time.Time
	indent         string
	level          string        // the console method running: the trace's "level"
	tracer         *trace.Tracer // nil: not traced
	timers         map[string]time.Time
	counts         map[string]int
	buf            []byte
}

// out writes msg to standard output (log, info, …).
func (c *consoleState) out(msg string) { c.write(c.stdout, "stdout", msg) }

// err writes msg to standard error (warn, error, trace, assert, warnings).
func (c *consoleState) err(msg string) { c.write(c.stderr, "stderr", msg) }

// write emits msg (group-indented on every line) plus "\n" with a single Write call, so lines of
// concurrently running runtimes sharing a writer never interleave mid-line; and traces it,
// without the indentation, as the output of stream.
func (c *consoleState) write(w io.Writer, stream, msg string) {
	if c.tracer.Enabled() {
		c.tracer.Emit(trace.Event{Type: trace.Console, Name: c.level, Stream: stream, Text: msg})
	}
	b := c.buf[:0]
	if c.indent == "" {
		b = append(b, msg...)
	} else {
		b = append(b, c.indent...)
		for {
			i := strings.IndexByte(msg, '\n')
			if i < 0 {
				b = append(b, msg...)
				break
			}
			b = append(b, msg[:i+1]...)
			b = append(b, c.indent...)
			msg = msg[i+1:]
		}
	}
	b = append(b, '\n')
	_, _ = w.Write(b)
	if cap(b) <= 64<<10 {
		c.buf = b[:0]
	}
}

func (c *consoleState) format(args []goja.Value) string {
	if len(args) == 1 && goja.IsString(args[0]) {
		return args[0].String()
	}
	return c.in.Format(args)
}

func (c *consoleState) log(call goja.FunctionCall) goja.Value {
	c.out(c.format(call.Arguments))
	return goja.Undefined()
}

func (c *consoleState) warn(call goja.FunctionCall) goja.Value {
	c.err(c.format(call.Arguments))
	return goja.Undefined()
}

func (c *consoleState) trace(call goja.FunctionCall) goja.Value {
	var b strings.Builder
	b.WriteString("Trace")
	if msg := c.format(call.Arguments); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	frames := c.vm.CaptureCallStack(0, nil)
	if len(frames) > 0 && frames[0].SrcName() == "<native>" {
		frames = frames[1:] // console.trace itself
	}
	frames = scriptFrames(frames)
	for i := range frames {
		if i == consoleMaxTraceFrames {
			b.WriteString("\n    ... " + strconv.Itoa(len(frames)-i) + " more")
			break
		}
		b.WriteString("\n    at ")
		b.WriteString(inspect.FrameString(&frames[i]))
	}
	c.err(b.String())
	return goja.Undefined()
}

func (c *consoleState) assert(call goja.FunctionCall) goja.Value {
	if call.Argument(0).ToBoolean() {
		return goja.Undefined()
	}
	data := call.Arguments
	if len(data) > 0 {
		data = data[1:]
	}
	switch {
	case len(data) == 0:
		c.err("Assertion failed")
	case goja.IsString(data[0]):
		args := make([]goja.Value, len(data))
		copy(args, data)
		args[0] = c.vm.ToValue("Assertion failed: " + data[0].String())
		c.err(c.in.Format(args))
	default:
		args := make([]goja.Value, 0, len(data)+1)
		args = append(args, c.vm.ToValue("Assertion failed:"))
		args = append(args, data...)
		c.err(c.in.Format(args))
	}
	return goja.Undefined()
}

func (c *consoleState) dir(call goja.FunctionCall) goja.Value {
	depth := 2 // Node's default
	if o, ok := call.Argument(1).(*goja.Object); ok {
		_ = c.vm.Try(func() {
			d := o.Get("depth")
			switch {
			case d == nil || goja.IsUndefined(d):
			case goja.IsNull(d):
				depth = inspect.MaxDepth
			default:
				if f := d.ToFloat(); !math.IsNaN(f) {
					depth = int(max(min(f, inspect.MaxDepth), -1))
				}
			}
		})
	}
	c.out(c.in.InspectDepth(call.Argument(0), depth))
	return goja.Undefined()
}

func (c *consoleState) group(call goja.FunctionCall) goja.Value {
	if len(call.Arguments) > 0 {
		c.out(c.format(call.Arguments))
	}
	c.indent += "  "
	return goja.Undefined()
}

func (c *consoleState) groupEnd(goja.FunctionCall) goja.Value {
	if len(c.indent) >= 2 {
		c.indent = c.indent[:len(c.indent)-2]
	}
	return goja.Undefined()
}

// label converts the first argument to a timer/counter label (default "default").
func (c *consoleState) label(call goja.FunctionCall) string {
	v := call.Argument(0)
	if goja.IsUndefined(v) {
		return "default"
	}
	if _, ok := v.(*goja.Symbol); ok {
		return c.in.Inspect(v) // "Symbol(desc)": String() would throw
	}
	var s string
	if ex := c.vm.Try(func() { s = v.String() }); ex != nil {
		return c.in.Inspect(v)
	}
	return s
}

func (c *consoleState) time(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if c.timers == nil {
		c.timers = make(map[string]time.Time)
	}
	if _, ok := c.timers[label]; ok {
		c.err("Warning: Label '" + label + "' already exists for console.time()")
		return goja.Undefined()
	}
	c.timers[label] = c.now()
	return goja.Undefined()
}

func (c *consoleState) timeEnd(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if c.timeLogImpl("timeEnd", label, nil) {
		delete(c.timers, label)
	}
	return goja.Undefined()
}

func (c *consoleState) timeLog(call goja.FunctionCall) goja.Value {
	var data []goja.Value
	if len(call.Arguments) > 1 {
		data = call.Arguments[1:]
	}
	c.timeLogImpl("timeLog", c.label(call), data)
	return goja.Undefined()
}

func (c *consoleState) timeLogImpl(name, label string, data []goja.Value) bool {
	start, ok := c.timers[label]
	if !ok {
		c.err("Warning: No such label '" + label + "' for console." + name + "()")
		return false
	}
	msg := label + ": " + consoleFormatTime(c.now().Sub(start))
	if len(data) > 0 {
		msg += " " + c.in.Join(data)
	}
	c.out(msg)
	return true
}

// consoleFormatTime is Node's formatTime: "1.234ms", "1.500s", "1:02.345 (m:ss.mmm)".
func consoleFormatTime(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	hours, minutes, seconds := 0.0, 0.0, 0.0
	if ms >= 1000 {
		if ms >= 60000 {
			if ms >= 3600000 {
				hours = math.Floor(ms / 3600000)
				ms = math.Mod(ms, 3600000)
			}
			minutes = math.Floor(ms / 60000)
			ms = math.Mod(ms, 60000)
		}
		seconds = ms / 1000
	}
	if hours != 0 || minutes != 0 {
		secStr, msStr, _ := strings.Cut(strconv.FormatFloat(seconds, 'f', 3, 64), ".")
		if len(secStr) < 2 {
			secStr = "0" + secStr
		}
		res := strconv.Itoa(int(minutes))
		unit := "m:ss.mmm"
		if hours != 0 {
			m := strconv.Itoa(int(minutes))
			if len(m) < 2 {
				m = "0" + m
			}
			res = strconv.Itoa(int(hours)) + ":" + m
			unit = "h:mm:ss.mmm"
		}
		return res + ":" + secStr + "." + msStr + " (" + unit + ")"
	}
	if seconds != 0 {
		return strconv.FormatFloat(seconds, 'f', 3, 64) + "s"
	}
	return inspect.Float(math.Round(ms*1000)/1000) + "ms"
}

func (c *consoleState) count(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if c.counts == nil {
		c.counts = make(map[string]int)
	}
	c.counts[label]++
	c.out(label + ": " + strconv.Itoa(c.counts[label]))
	return goja.Undefined()
}

func (c *consoleState) countReset(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if _, ok := c.counts[label]; !ok {
		c.err("Warning: Count for '" + label + "' does not exist")
		return goja.Undefined()
	}
	delete(c.counts, label)
	return goja.Undefined()
}

func (c *consoleState) table(call goja.FunctionCall) goja.Value {
	out, ok := c.in.Table(call.Argument(0), call.Argument(1))
	if !ok {
		// Not tabular (or not tabulable): plain console.log of the value, like Node.
		out = c.format([]goja.Value{call.Argument(0)})
	}
	c.out(out)
	return goja.Undefined()
}
