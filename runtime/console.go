package runtime

// The global `console` object (WeChat DevTools / Node style: no timestamps, no prefixes).
//
// goja_nodejs's console module is not used: it formats objects with util.format, which prints
// "[object Object]", and it lacks trace/assert/group/time/count/table and a single-Write
// guarantee per call.

import (
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// consoleMaxTraceFrames bounds the frames printed by console.trace.
const consoleMaxTraceFrames = 50

// installConsole defines the global `console` on vm. stdout receives log/info/debug (and
// group/time output); stderr receives warn/error/trace/assert failures. Loop goroutine only
// (goja values never leave it).
func installConsole(vm *goja.Runtime, stdout, stderr io.Writer) {
	installConsoleWithClock(vm, stdout, stderr, time.Now)
}

// installConsoleWithClock is installConsole with an injectable clock (for console.time tests).
func installConsoleWithClock(vm *goja.Runtime, stdout, stderr io.Writer, now func() time.Time) {
	// Capture pristine built-ins now, before app code runs, and share them with Inspect.
	in := loadInspectIntrinsics(vm)
	inspectRegisterIntrinsics(vm, in)
	c := &consoleState{
		vm:     vm,
		in:     in,
		stdout: stdout,
		stderr: stderr,
		now:    now,
	}
	obj := vm.NewObject()
	method := func(name string, f func(goja.FunctionCall) goja.Value) {
		fv := vm.ToValue(f).(*goja.Object)
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
}

type consoleState struct {
	vm             *goja.Runtime
	in             *inspectIntrinsics
	stdout, stderr io.Writer
	now            func() time.Time
	indent         string
	timers         map[string]time.Time
	counts         map[string]int
	buf            []byte
}

// write emits msg (group-indented on every line) plus "\n" with a single Write call, so lines of
// concurrently running runtimes sharing a writer never interleave mid-line.
func (c *consoleState) write(w io.Writer, msg string) {
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
	return formatLogArgs(c.vm, c.in, args)
}

func (c *consoleState) log(call goja.FunctionCall) goja.Value {
	c.write(c.stdout, c.format(call.Arguments))
	return goja.Undefined()
}

func (c *consoleState) warn(call goja.FunctionCall) goja.Value {
	c.write(c.stderr, c.format(call.Arguments))
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
	for i := range frames {
		if i == consoleMaxTraceFrames {
			b.WriteString("\n    ... " + strconv.Itoa(len(frames)-i) + " more")
			break
		}
		b.WriteString("\n    at ")
		b.WriteString(consoleFrameString(&frames[i]))
	}
	c.write(c.stderr, b.String())
	return goja.Undefined()
}

// consoleFrameString formats a stack frame like Node: "fn (file:line:col)", "file:line:col" for
// anonymous code, "fn (native)" for built-ins.
func consoleFrameString(f *goja.StackFrame) string {
	if f.SrcName() == "<native>" {
		name := f.FuncName()
		if name == "" || name == "<native>" {
			return "native"
		}
		return name + " (native)"
	}
	p := f.Position()
	file := p.Filename
	if file == "" {
		file = f.SrcName()
	}
	if file == "" {
		file = "<eval>"
	}
	loc := file + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
	if name := f.FuncName(); name != "" && name != "<anonymous>" {
		return name + " (" + loc + ")"
	}
	return loc
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
		c.write(c.stderr, "Assertion failed")
	case goja.IsString(data[0]):
		args := make([]goja.Value, len(data))
		copy(args, data)
		args[0] = c.vm.ToValue("Assertion failed: " + data[0].String())
		c.write(c.stderr, formatLogArgs(c.vm, c.in, args))
	default:
		args := make([]goja.Value, 0, len(data)+1)
		args = append(args, c.vm.ToValue("Assertion failed:"))
		args = append(args, data...)
		c.write(c.stderr, formatLogArgs(c.vm, c.in, args))
	}
	return goja.Undefined()
}

func (c *consoleState) dir(call goja.FunctionCall) goja.Value {
	opts := inspectDefaultOptions
	if o, ok := call.Argument(1).(*goja.Object); ok {
		_ = c.vm.Try(func() {
			d := o.Get("depth")
			switch {
			case d == nil || goja.IsUndefined(d):
			case goja.IsNull(d):
				opts.depth = inspectMaxDepth
			default:
				if f := d.ToFloat(); !math.IsNaN(f) {
					opts.depth = int(max(min(f, inspectMaxDepth), -1))
				}
			}
		})
	}
	c.write(c.stdout, inspectValue(c.vm, c.in, call.Argument(0), opts))
	return goja.Undefined()
}

func (c *consoleState) group(call goja.FunctionCall) goja.Value {
	if len(call.Arguments) > 0 {
		c.write(c.stdout, c.format(call.Arguments))
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
	if s, ok := v.(*goja.Symbol); ok {
		return inspectSymbol(s)
	}
	var s string
	if ex := c.vm.Try(func() { s = v.String() }); ex != nil {
		return Inspect(c.vm, v)
	}
	return s
}

func (c *consoleState) time(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if c.timers == nil {
		c.timers = make(map[string]time.Time)
	}
	if _, ok := c.timers[label]; ok {
		c.write(c.stderr, "Warning: Label '"+label+"' already exists for console.time()")
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
		c.write(c.stderr, "Warning: No such label '"+label+"' for console."+name+"()")
		return false
	}
	msg := label + ": " + consoleFormatTime(c.now().Sub(start))
	if len(data) > 0 {
		msg += " " + formatLogArgsNoFormat(c.vm, c.in, data)
	}
	c.write(c.stdout, msg)
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
	return inspectFloat(math.Round(ms*1000)/1000) + "ms"
}

func (c *consoleState) count(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if c.counts == nil {
		c.counts = make(map[string]int)
	}
	c.counts[label]++
	c.write(c.stdout, label+": "+strconv.Itoa(c.counts[label]))
	return goja.Undefined()
}

func (c *consoleState) countReset(call goja.FunctionCall) goja.Value {
	label := c.label(call)
	if _, ok := c.counts[label]; !ok {
		c.write(c.stderr, "Warning: Count for '"+label+"' does not exist")
		return goja.Undefined()
	}
	delete(c.counts, label)
	return goja.Undefined()
}

// ---------------------------------------------------------------------------------------------
// console.table

func (c *consoleState) table(call goja.FunctionCall) goja.Value {
	data, ok := call.Argument(0).(*goja.Object)
	var out string
	if !ok || c.vm.Try(func() { out = c.renderTable(data, call.Argument(1)) }) != nil || out == "" {
		// Not tabular (or not tabulable): plain console.log of the value, like Node.
		out = c.format([]goja.Value{call.Argument(0)})
	}
	c.write(c.stdout, out)
	return goja.Undefined()
}

func (c *consoleState) renderTable(data *goja.Object, properties goja.Value) string {
	ic := &inspectCtx{vm: c.vm, in: c.in, opts: inspectDefaultOptions, budget: inspectEntryBudget}
	cell := func(v goja.Value) string {
		opts := inspectDefaultOptions
		opts.depth = 0
		opts.maxArrayLength = 3
		opts.breakLength = 1 << 30
		if o, ok := v.(*goja.Object); ok && o.ClassName() != "Array" && len(o.Keys()) > 2 {
			opts.depth = -1
		}
		return inspectValue(c.vm, c.in, v, opts)
	}
	for data.ExportType() == inspectTypeProxy {
		t := data.Export().(goja.Proxy).Target()
		if t == nil {
			return ""
		}
		data = t
	}
	et := data.ExportType()
	if data.ClassName() == "Object" && et == inspectTypeMapExport && ic.isBrand(c.in.mapSize, data) {
		var idx, keys, values []string
		ic.iterate(c.in.mapEntries, c.in.mapIterNext, data, func(v goja.Value) bool {
			e := v.(*goja.Object)
			idx = append(idx, strconv.Itoa(len(idx)))
			keys = append(keys, cell(e.Get("0")))
			values = append(values, cell(e.Get("1")))
			return true
		})
		return consoleRenderTable([]string{"(iteration index)", "Key", "Values"}, [][]string{idx, keys, values}, nil)
	}
	if data.ClassName() == "Object" && et == inspectTypeSetExport && ic.isBrand(c.in.setSize, data) {
		var idx, values []string
		ic.iterate(c.in.setValues, c.in.setIterNext, data, func(v goja.Value) bool {
			idx = append(idx, strconv.Itoa(len(idx)))
			values = append(values, cell(v))
			return true
		})
		return consoleRenderTable([]string{"(iteration index)", "Values"}, [][]string{idx, values}, nil)
	}

	var props []string
	hasProps := false
	if po, ok := properties.(*goja.Object); ok && po.ClassName() == "Array" {
		hasProps = true
		n := po.Get("length").ToInteger()
		for i := int64(0); i < n && i < 1000; i++ {
			props = append(props, po.Get(strconv.FormatInt(i, 10)).String())
		}
	}
	indexKeys := data.Keys()
	var colNames []string
	cols := map[string]map[int]string{}
	values := map[int]string{}
	hasPrimitives := false
	for i, k := range indexKeys {
		item := data.Get(k)
		itemObj, isObj := item.(*goja.Object)
		if !hasProps && !isObj {
			hasPrimitives = true
			values[i] = cell(item)
			continue
		}
		keys := props
		if !hasProps {
			keys = itemObj.Keys()
		}
		for _, key := range keys {
			col, ok := cols[key]
			if !ok {
				col = map[int]string{}
				cols[key] = col
				colNames = append(colNames, key)
			}
			if !isObj || !ic.hasOwn(itemObj, key) {
				col[i] = ""
			} else {
				col[i] = cell(itemObj.Get(key))
			}
		}
	}
	// Columns are properties of a plain object in Node: integer keys first, ascending.
	sort.SliceStable(colNames, func(a, b int) bool {
		ia, ib := inspectIsIndex(colNames[a]), inspectIsIndex(colNames[b])
		if ia && ib {
			na, _ := strconv.ParseUint(colNames[a], 10, 64)
			nb, _ := strconv.ParseUint(colNames[b], 10, 64)
			return na < nb
		}
		return ia && !ib
	})
	head := append([]string{"(index)"}, colNames...)
	columns := [][]string{indexKeys}
	sparse := []map[int]string{nil}
	for _, name := range colNames {
		columns = append(columns, nil)
		sparse = append(sparse, cols[name])
	}
	if hasPrimitives {
		head = append(head, "Values")
		columns = append(columns, nil)
		sparse = append(sparse, values)
	}
	return consoleRenderTable(head, columns, sparse)
}

// consoleRenderTable draws Node's console.table box. Column i takes its cells from columns[i],
// or, if sparse[i] is non-nil, from that map (missing rows are empty).
func consoleRenderTable(head []string, columns [][]string, sparse []map[int]string) string {
	rowsN := 0
	for i := range head {
		if len(columns[i]) > rowsN {
			rowsN = len(columns[i])
		}
		if sparse != nil && sparse[i] != nil {
			for r := range sparse[i] {
				if r+1 > rowsN {
					rowsN = r + 1
				}
			}
		}
	}
	widths := make([]int, len(head))
	rows := make([][]string, rowsN)
	for i, h := range head {
		widths[i] = inspectWidth(h)
		for r := 0; r < rowsN; r++ {
			if rows[r] == nil {
				rows[r] = make([]string, len(head))
			}
			v := ""
			if sparse != nil && sparse[i] != nil {
				v = sparse[i][r]
			} else if r < len(columns[i]) {
				v = columns[i][r]
			}
			rows[r][i] = v
			widths[i] = max(widths[i], inspectWidth(v))
		}
	}
	divider := make([]string, len(widths))
	for i, w := range widths {
		divider[i] = strings.Repeat("─", w+2)
	}
	renderRow := func(b *strings.Builder, row []string) {
		b.WriteString("│ ")
		for i, cell := range row {
			needed := widths[i] - inspectWidth(cell)
			b.WriteString(strings.Repeat(" ", needed/2))
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", needed-needed/2))
			if i != len(row)-1 {
				b.WriteString(" │ ")
			}
		}
		b.WriteString(" │\n")
	}
	var b strings.Builder
	b.WriteString("┌" + strings.Join(divider, "┬") + "┐\n")
	renderRow(&b, head)
	b.WriteString("├" + strings.Join(divider, "┼") + "┤\n")
	for _, row := range rows {
		renderRow(&b, row)
	}
	b.WriteString("└" + strings.Join(divider, "┴") + "┘")
	return b.String()
}

// ---------------------------------------------------------------------------------------------
// util.format

// FormatLogArgs formats console arguments like Node's util.format: if the first argument is a
// string it is scanned for %s %d %i %f %j %o %O %c %%; remaining args are appended separated by
// spaces; strings at top level are printed raw, other values with Inspect. It never throws.
func FormatLogArgs(vm *goja.Runtime, args []goja.Value) string {
	if len(args) == 1 && goja.IsString(args[0]) {
		return args[0].String()
	}
	return formatLogArgs(vm, nil, args)
}

// consoleFmt lazily obtains the intrinsics: formatting only primitives needs none.
type consoleFmt struct {
	vm *goja.Runtime
	in *inspectIntrinsics
}

func (f *consoleFmt) intr() *inspectIntrinsics {
	if f.in == nil {
		f.in = inspectIntrinsicsFor(f.vm)
	}
	return f.in
}

func (f *consoleFmt) inspect(v goja.Value, opts inspectOptions) string {
	if s, ok := inspectPrimitive(v, opts, 0); ok {
		return s
	}
	return inspectValue(f.vm, f.intr(), v, opts)
}

func (f *consoleFmt) ctx() *inspectCtx {
	return &inspectCtx{vm: f.vm, in: f.intr(), opts: inspectDefaultOptions, budget: inspectEntryBudget}
}

func formatLogArgsNoFormat(vm *goja.Runtime, in *inspectIntrinsics, args []goja.Value) string {
	f := consoleFmt{vm: vm, in: in}
	var b strings.Builder
	for i, v := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if goja.IsString(v) {
			b.WriteString(v.String())
		} else {
			b.WriteString(f.inspect(v, inspectDefaultOptions))
		}
	}
	return b.String()
}

func formatLogArgs(vm *goja.Runtime, in *inspectIntrinsics, args []goja.Value) string {
	f := consoleFmt{vm: vm, in: in}
	var b strings.Builder
	a := 0
	join := false
	if len(args) > 0 && goja.IsString(args[0]) {
		first := args[0].String()
		if len(args) == 1 {
			return first
		}
		lastPos := 0
		for i := 0; i < len(first)-1; i++ {
			if first[i] != '%' {
				continue
			}
			i++
			next := first[i]
			if a+1 == len(args) {
				if next == '%' {
					b.WriteString(first[lastPos:i])
					lastPos = i + 1
				}
				continue
			}
			var tmp string
			switch next {
			case 's':
				a++
				tmp = f.formatS(args[a])
			case 'j':
				a++
				tmp = f.formatJ(args[a])
			case 'd', 'i', 'f':
				a++
				tmp = f.formatNumberArg(args[a], next)
			case 'O':
				a++
				tmp = f.inspect(args[a], inspectDefaultOptions)
			case 'o':
				a++
				opts := inspectDefaultOptions
				opts.depth = 4
				tmp = f.inspect(args[a], opts)
			case 'c':
				a++
				tmp = ""
			case '%':
				b.WriteString(first[lastPos:i])
				lastPos = i + 1
				continue
			default:
				continue
			}
			if lastPos != i-1 {
				b.WriteString(first[lastPos : i-1])
			}
			b.WriteString(tmp)
			lastPos = i + 1
		}
		if lastPos != 0 {
			a++
			join = true
			if lastPos < len(first) {
				b.WriteString(first[lastPos:])
			}
		}
	}
	for ; a < len(args); a++ {
		if join {
			b.WriteByte(' ')
		}
		join = true
		if v := args[a]; goja.IsString(v) {
			b.WriteString(v.String())
		} else {
			b.WriteString(f.inspect(v, inspectDefaultOptions))
		}
	}
	return b.String()
}

// formatS implements %s: numbers/bigints as inspect would, objects without a user-defined
// toString inspected with depth 0, everything else String(value).
func (f *consoleFmt) formatS(v goja.Value) string {
	switch {
	case goja.IsNumber(v):
		return inspectNumber(v)
	case goja.IsBigInt(v):
		return v.String() + "n"
	}
	switch t := v.(type) {
	case *goja.Symbol:
		return inspectSymbol(t)
	case *goja.Object:
		c := f.ctx()
		if c.hasBuiltInToString(t) {
			opts := inspectDefaultOptions
			opts.depth = 0
			return f.inspect(v, opts)
		}
		var s string
		if ex := f.vm.Try(func() { s = t.String() }); ex != nil {
			return f.inspect(v, inspectDefaultOptions)
		}
		return s
	}
	if goja.IsString(v) {
		return v.String()
	}
	s, _ := inspectPrimitive(v, inspectDefaultOptions, 0)
	return s
}

func (f *consoleFmt) formatJ(v goja.Value) string {
	in := f.intr()
	if in.jsonStringify == nil {
		return "undefined"
	}
	res, err := in.jsonStringify(in.jsonObject, v)
	if err != nil {
		ex, ok := err.(*goja.Exception)
		if !ok {
			panic(err)
		}
		msg := ""
		_ = f.vm.Try(func() { msg = ex.Value().String() })
		if strings.Contains(strings.ToLower(msg), "circular") {
			return "[Circular]"
		}
		return "[" + msg + "]"
	}
	if res == nil || goja.IsUndefined(res) {
		return "undefined"
	}
	return res.String()
}

// formatNumberArg implements %d (Number(v)), %i (parseInt(v)) and %f (parseFloat(v)).
func (f *consoleFmt) formatNumberArg(v goja.Value, spec byte) string {
	if _, ok := v.(*goja.Symbol); ok {
		return "NaN"
	}
	if goja.IsBigInt(v) && spec != 'f' {
		return v.String() + "n"
	}
	if spec == 'd' {
		n := math.NaN()
		_ = f.vm.Try(func() { n = v.ToFloat() })
		return inspectFloat(n)
	}
	fn := f.intr().parseInt
	if spec == 'f' {
		fn = f.intr().parseFloat
	}
	if fn == nil {
		return "NaN"
	}
	r, err := fn(goja.Undefined(), v)
	if err != nil {
		if _, ok := err.(*goja.Exception); !ok {
			panic(err)
		}
		return "NaN"
	}
	return inspectNumber(r)
}

// hasBuiltInToString reports whether o's toString comes from a built-in prototype (Node's
// hasBuiltInToString); such objects are inspected by %s instead of being stringified.
func (c *inspectCtx) hasBuiltInToString(o *goja.Object) bool {
	for i := 0; o.ExportType() == inspectTypeProxy; i++ {
		t := o.Export().(goja.Proxy).Target()
		if t == nil || i > 1000 {
			return true
		}
		o = t
	}
	custom := false
	isFn := func(v goja.Value) bool { _, ok := goja.AssertFunction(v); return ok }
	if !c.try(func() { custom = isFn(o.GetSymbol(goja.SymToPrimitive)) }) || custom {
		return false
	}
	hasToString := false
	c.try(func() { hasToString = isFn(o.Get("toString")) })
	if !hasToString {
		return true
	}
	if c.hasOwn(o, "toString") {
		return false
	}
	p := o
	for i := 0; ; i++ {
		p = c.proto(p)
		if p == nil || i > inspectMaxProtoWalk {
			return true
		}
		if c.hasOwn(p, "toString") {
			break
		}
	}
	d := c.descriptor(p, c.vm.ToValue("constructor"))
	ctor, ok := d.value.(*goja.Object)
	if !d.found || !ok {
		return false
	}
	if _, callable := goja.AssertFunction(ctor); !callable {
		return false
	}
	name, _ := c.getString(ctor, "name")
	return consoleBuiltinConstructors[name]
}

var consoleBuiltinConstructors = map[string]bool{
	"Object": true, "Function": true, "Array": true, "Number": true, "Boolean": true, "String": true,
	"Symbol": true, "BigInt": true, "Date": true, "Promise": true, "RegExp": true, "Map": true, "Set": true,
	"WeakMap": true, "WeakSet": true, "Proxy": true, "Reflect": true, "JSON": true, "Math": true,
	"Error": true, "AggregateError": true, "EvalError": true, "RangeError": true, "ReferenceError": true,
	"SyntaxError": true, "TypeError": true, "URIError": true, "ArrayBuffer": true, "DataView": true,
	"Int8Array": true, "Uint8Array": true, "Uint8ClampedArray": true, "Int16Array": true,
	"Uint16Array": true, "Int32Array": true, "Uint32Array": true, "Float32Array": true,
	"Float64Array": true, "BigInt64Array": true, "BigUint64Array": true,
}
