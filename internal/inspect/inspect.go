// Package inspect renders goja values as Node's util.inspect and util.format do (without
// colors), for the logic layer's console and for error reports.
//
// goja_nodejs's util package is not used: its util.format only knows %s/%d/%j and stringifies
// objects with String() ("[object Object]"); it has no inspect at all.
//
// # Use
//
// An [Inspector] belongs to one goja.Runtime. Create it with [New] before application code
// runs, keep it with the runtime (package runtime keeps one per Runtime) and call its
// methods from the goroutine that runs that goja.Runtime: like every goja value, what it
// formats never leaves that goroutine. The package-level functions ([TypeOf], [CleanStack],
// [FrameString], [Float]) need no Inspector.
//
// # Design
//
//   - The inspector never runs user code on purpose: properties are read through
//     Object.getOwnPropertyDescriptor (so getters show as [Getter] instead of being called),
//     Proxies are unwrapped to their target without touching traps, and built-in state (Map/Set
//     entries, Date value, RegExp source...) is read through built-in functions captured from
//     the runtime by New (see intrinsics). The few places where user code can still run
//     (Symbol.toStringTag getters, Symbol.hasInstance, proxies in prototype chains, %s/%d
//     conversions) are wrapped in Runtime.Try.
//   - Every object is formatted under Runtime.Try plus a recover for Go runtime errors, so a
//     hostile value yields a placeholder instead of an exception or a panic. Uncatchable goja
//     errors (Interrupt, stack overflow) are propagated, as goja expects.
//   - The layout algorithm (line breaking, grouping of array items in columns, "the 3 innermost
//     levels may share a line") follows Node's lib/internal/util/inspect.js, but with a
//     breakLength of 80 (lines up to ~72 characters) instead of Node's 128.
package inspect

import (
	"math"
	"math/big"
	"reflect"
	goruntime "runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ftoa"
)

// options mirror the subset of util.inspect options that wxrun uses.
type options struct {
	depth           int // nesting levels shown; deeper objects print as [Object]
	maxArrayLength  int // items shown for arrays, typed arrays, Maps and Sets
	maxStringLength int // characters shown for strings nested in containers
	breakLength     int // an object is printed on one line only if it fits in this many columns
	compact         int // the innermost `compact` levels may be combined on a single line
}

const (
	// MaxDepth is the deepest nesting InspectDepth shows: what console.dir(x, {depth: null})
	// ("no limit") means.
	MaxDepth      = 100
	entryBudget   = 20000   // max entries formatted by one Inspect call (huge objects)
	maxProtoWalk  = 10000   // bound for prototype-chain walks
	maxKeyScanLen = 1 << 16 // arrays longer than this are not scanned for extra (non-index) keys
)

var defaultOptions = options{
	depth:           2,
	maxArrayLength:  100,
	maxStringLength: 10000,
	breakLength:     80,
	compact:         3,
}

// Inspector formats the values of one goja.Runtime. It holds that runtime's built-ins as
// they were when New ran, so that application code replacing them later
// (Map.prototype.entries, Object.getOwnPropertyDescriptor, …) can neither change nor break
// what it prints. Its methods must be called on the goroutine that runs the goja.Runtime.
type Inspector struct {
	vm *goja.Runtime
	in *intrinsics
}

// New captures the built-ins of vm that inspection relies on. Call it before application
// code runs, on the goroutine that owns vm.
func New(vm *goja.Runtime) *Inspector {
	return &Inspector{vm: vm, in: loadIntrinsics(vm)}
}

// Inspect renders a JS value the way a developer console would (Node's util.inspect style, no
// colors): strings are quoted, objects are shown to depth 2 with circular references marked,
// getters are not invoked, Proxies show their target, errors show their stack (goja's
// "(pc)" suffixes removed) and long output is broken over several lines.
//
// It never throws or panics on hostile values: what cannot be inspected is rendered as a
// placeholder. Uncatchable errors (Runtime.Interrupt) are propagated as goja expects.
// Like any goja Callable, the built-ins it calls run pending promise jobs when Inspect is
// used outside of JS execution (empty call stack).
func (i *Inspector) Inspect(v goja.Value) string {
	return i.value(v, defaultOptions)
}

// InspectDepth is Inspect showing depth levels of nesting instead of 2 (console.dir's depth
// option); depth is capped at MaxDepth, and a negative depth shows only the top value's kind.
func (i *Inspector) InspectDepth(v goja.Value, depth int) string {
	opts := defaultOptions
	opts.depth = min(depth, MaxDepth)
	return i.value(v, opts)
}

func (i *Inspector) value(v goja.Value, opts options) string {
	if s, ok := primitive(v, opts, 0); ok {
		return s
	}
	return i.printer(opts).formatValue(v, 0)
}

func (i *Inspector) printer(opts options) *printer {
	return &printer{vm: i.vm, in: i.in, opts: opts, budget: entryBudget}
}

// ---------------------------------------------------------------------------------------------
// Intrinsics

// intrinsics holds built-in functions and prototypes of one runtime, captured by New before
// user code can replace them, used for brand checks and for reading internal state without
// calling user code. Any field may be nil if the runtime lacks it.
type intrinsics struct {
	getOwnPropertyDescriptor goja.Callable
	objectProto              *goja.Object
	arrayProto               *goja.Object
	functionProto            *goja.Object
	mapEntries, mapIterNext  goja.Callable
	mapSize                  goja.Callable
	setValues, setIterNext   goja.Callable
	setSize                  goja.Callable
	weakMapProto             *goja.Object
	weakMapHas               goja.Callable
	weakSetProto             *goja.Object
	weakSetHas               goja.Callable
	dataViewProto            *goja.Object
	dataViewByteLength       goja.Callable
	dataViewByteOffset       goja.Callable
	dataViewBuffer           goja.Callable
	typedArrayTag            goja.Callable
	dateGetTime              goja.Callable
	dateToISOString          goja.Callable
	regexpSource             goja.Callable
	regexpFlags              goja.Callable
	numberValueOf            goja.Callable
	stringValueOf            goja.Callable
	booleanValueOf           goja.Callable
	symbolValueOf            goja.Callable
	bigintValueOf            goja.Callable
	jsonStringify            goja.Callable
	jsonObject               *goja.Object
	parseInt, parseFloat     goja.Callable
}

func loadIntrinsics(vm *goja.Runtime) *intrinsics {
	in := &intrinsics{}
	obj := func(o *goja.Object, name string) *goja.Object {
		if o == nil {
			return nil
		}
		r, _ := o.Get(name).(*goja.Object)
		return r
	}
	fn := func(o *goja.Object, name string) goja.Callable {
		if o == nil {
			return nil
		}
		f, _ := goja.AssertFunction(o.Get(name))
		return f
	}
	global := vm.GlobalObject()
	objectCtor := obj(global, "Object")
	in.getOwnPropertyDescriptor = fn(objectCtor, "getOwnPropertyDescriptor")
	getter := func(o *goja.Object, key interface{}) goja.Callable {
		if o == nil || in.getOwnPropertyDescriptor == nil {
			return nil
		}
		d, err := in.getOwnPropertyDescriptor(goja.Undefined(), o, vm.ToValue(key))
		if err != nil {
			return nil
		}
		dobj, ok := d.(*goja.Object)
		if !ok {
			return nil
		}
		f, _ := goja.AssertFunction(dobj.Get("get"))
		return f
	}
	protoOf := func(name string) *goja.Object { return obj(obj(global, name), "prototype") }
	_ = vm.Try(func() {
		in.objectProto = obj(objectCtor, "prototype")
		in.arrayProto = protoOf("Array")
		in.functionProto = protoOf("Function")

		mapProto := protoOf("Map")
		in.mapEntries = fn(mapProto, "entries")
		in.mapSize = getter(mapProto, "size")
		if ctor, ok := global.Get("Map").(*goja.Object); ok && in.mapEntries != nil {
			if m, err := vm.New(ctor); err == nil {
				if it, err := in.mapEntries(m); err == nil {
					if ito, ok := it.(*goja.Object); ok {
						in.mapIterNext = fn(ito.Prototype(), "next")
					}
				}
			}
		}
		setProto := protoOf("Set")
		in.setValues = fn(setProto, "values")
		in.setSize = getter(setProto, "size")
		if ctor, ok := global.Get("Set").(*goja.Object); ok && in.setValues != nil {
			if s, err := vm.New(ctor); err == nil {
				if it, err := in.setValues(s); err == nil {
					if ito, ok := it.(*goja.Object); ok {
						in.setIterNext = fn(ito.Prototype(), "next")
					}
				}
			}
		}
		in.weakMapProto = protoOf("WeakMap")
		in.weakMapHas = fn(in.weakMapProto, "has")
		in.weakSetProto = protoOf("WeakSet")
		in.weakSetHas = fn(in.weakSetProto, "has")
		in.dataViewProto = protoOf("DataView")
		in.dataViewByteLength = getter(in.dataViewProto, "byteLength")
		in.dataViewByteOffset = getter(in.dataViewProto, "byteOffset")
		in.dataViewBuffer = getter(in.dataViewProto, "buffer")
		if u8 := protoOf("Uint8Array"); u8 != nil {
			in.typedArrayTag = getter(u8.Prototype(), goja.SymToStringTag)
		}
		dateProto := protoOf("Date")
		in.dateGetTime = fn(dateProto, "getTime")
		in.dateToISOString = fn(dateProto, "toISOString")
		reProto := protoOf("RegExp")
		in.regexpSource = getter(reProto, "source")
		in.regexpFlags = getter(reProto, "flags")
		in.numberValueOf = fn(protoOf("Number"), "valueOf")
		in.stringValueOf = fn(protoOf("String"), "valueOf")
		in.booleanValueOf = fn(protoOf("Boolean"), "valueOf")
		in.symbolValueOf = fn(protoOf("Symbol"), "valueOf")
		in.bigintValueOf = fn(protoOf("BigInt"), "valueOf")
		in.jsonObject = obj(global, "JSON")
		in.jsonStringify = fn(in.jsonObject, "stringify")
		in.parseInt = fn(global, "parseInt")
		in.parseFloat = fn(global, "parseFloat")
	})
	return in
}

// ---------------------------------------------------------------------------------------------
// Primitives

var (
	typeBool        = reflect.TypeOf(true)
	typeProxy       = reflect.TypeOf(goja.Proxy{})
	typePromise     = reflect.TypeOf((*goja.Promise)(nil))
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeClass       = reflect.TypeOf((func(goja.ConstructorCall) *goja.Object)(nil))
	typeMapExport   = reflect.TypeOf([][2]interface{}(nil))
	typeSetExport   = reflect.TypeOf([]interface{}(nil))
	typeString      = reflect.TypeOf("")
	typeBigInt      = reflect.TypeOf((*big.Int)(nil))
)

// primitive formats v if it is not an object. indentationLvl is used to indent the
// continuation lines of long multi-line strings.
func primitive(v goja.Value, opts options, indentationLvl int) (string, bool) {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined", true
	case goja.IsNull(v):
		return "null", true
	case goja.IsString(v):
		return formatString(v.String(), opts, indentationLvl), true
	case goja.IsNumber(v):
		return numberString(v), true
	case goja.IsBigInt(v):
		return v.String() + "n", true
	}
	switch t := v.(type) {
	case *goja.Object:
		return "", false
	case *goja.Symbol:
		return symbolString(t), true
	}
	if v.ExportType() == typeBool {
		if v.ToBoolean() {
			return "true", true
		}
		return "false", true
	}
	return v.String(), true
}

func symbolString(s *goja.Symbol) string {
	return "Symbol(" + s.String() + ")"
}

// numberString formats a JS number like Node: String(n), except that -0 prints as "-0".
func numberString(v goja.Value) string {
	f := v.ToFloat()
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return v.String()
}

// Float formats a float64 as JS Number.prototype.toString would (with "-0").
func Float(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	case f == math.Trunc(f) && math.Abs(f) < 1e21:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	var buf [64]byte
	return string(ftoa.FToStr(f, ftoa.ModeStandard, 0, buf[:0]))
}

func formatString(s string, opts options, indentationLvl int) string {
	trailer := ""
	n := utf8.RuneCountInString(s)
	if n > opts.maxStringLength {
		remaining := n - opts.maxStringLength
		s = runeSlice(s, opts.maxStringLength)
		n = opts.maxStringLength
		trailer = "... " + strconv.Itoa(remaining) + " more character" + plural(remaining)
	}
	if n > 16 && n > opts.breakLength-indentationLvl-4 && strings.Contains(s[:len(s)-1], "\n") {
		var b strings.Builder
		sep := " +\n" + strings.Repeat(" ", indentationLvl+2)
		first := true
		for len(s) > 0 {
			i := strings.IndexByte(s, '\n')
			line := s
			if i >= 0 {
				line, s = s[:i+1], s[i+1:]
			} else {
				s = ""
			}
			if !first {
				b.WriteString(sep)
			}
			first = false
			b.WriteString(quote(line))
		}
		return b.String() + trailer
	}
	return quote(s) + trailer
}

func runeSlice(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// quote quotes a string like Node's strEscape: single quotes preferred, then double
// quotes, then backticks; control characters escaped.
func quote(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 {
		if strings.IndexByte(s, '"') < 0 {
			quote = '"'
		} else if strings.IndexByte(s, '`') < 0 && !strings.Contains(s, "${") {
			quote = '`'
		}
	}
	needs := false
	for _, r := range s {
		if r < 0x20 || r == '\\' || (r >= 0x7f && r <= 0x9f) || (quote == '\'' && r == '\'') || r == utf8.RuneError {
			needs = true
			break
		}
	}
	if !needs {
		return string(quote) + s + string(quote)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte(quote)
	for i, w := 0, 0; i < len(s); i += w {
		r, width := utf8.DecodeRuneInString(s[i:])
		w = width
		switch {
		case r == utf8.RuneError && width == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case r == '\'' && quote == '\'':
			b.WriteString(`\'`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			b.WriteString(`\x`)
			b.WriteString(strings.ToUpper(strconv.FormatUint(uint64(r)|0x100, 16)[1:]))
		default:
			b.WriteString(s[i : i+width])
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// isIdentifier reports whether an object key can be printed unquoted (Node's keyStrRegExp).
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// jsLen approximates JS string .length (used for line-length decisions).
func jsLen(s string) int { return utf8.RuneCountInString(s) }

// width approximates the terminal width of s (East Asian wide characters count 2).
func width(s string) int {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x1100 && isWide(r) {
			w++
		}
	}
	return w
}

func isWide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115f) || (r >= 0x2e80 && r <= 0x303e) || (r >= 0x3041 && r <= 0x33ff) ||
		(r >= 0x3400 && r <= 0x4dbf) || (r >= 0x4e00 && r <= 0x9fff) || (r >= 0xa000 && r <= 0xa4cf) ||
		(r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) ||
		(r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6) || (r >= 0x1f300 && r <= 0x1f64f) ||
		(r >= 0x1f900 && r <= 0x1f9ff) || (r >= 0x20000 && r <= 0x3fffd)
}

// ---------------------------------------------------------------------------------------------
// Objects

type printer struct {
	vm             *goja.Runtime
	in             *intrinsics
	opts           options
	seen           []*goja.Object
	circular       map[*goja.Object]int
	indentationLvl int
	currentDepth   int
	budget         int
}

const (
	kindObject = iota
	kindArrayExtras
)

// propKey is a property to print: a string or symbol key of the object, or a synthetic entry
// (e.g. byteLength of an ArrayBuffer) with a precomputed value.
type propKey struct {
	name      string
	sym       *goja.Symbol
	nonEnum   bool
	synthetic bool
	value     goja.Value
}

type propDesc struct {
	found      bool
	value      goja.Value
	get, set   bool
	enumerable bool
}

// call invokes a captured built-in. JS exceptions are reported as !ok; uncatchable errors
// (interrupts, stack overflow) are propagated as panics, as goja requires.
func (c *printer) call(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, bool) {
	if fn == nil {
		return nil, false
	}
	v, err := fn(this, args...)
	if err != nil {
		if _, ok := err.(*goja.Exception); ok {
			return nil, false
		}
		panic(err)
	}
	return v, true
}

// try runs f, converting a JS exception into false.
func (c *printer) try(f func()) bool {
	return c.vm.Try(f) == nil
}

func (c *printer) keyValue(k propKey) goja.Value {
	if k.sym != nil {
		return k.sym
	}
	return c.vm.ToValue(k.name)
}

func (c *printer) descriptor(o *goja.Object, key goja.Value) propDesc {
	var d propDesc
	dv, ok := c.call(c.in.getOwnPropertyDescriptor, goja.Undefined(), o, key)
	if !ok {
		return d
	}
	dobj, ok := dv.(*goja.Object)
	if !ok {
		return d
	}
	c.try(func() {
		d.found = true
		d.value = dobj.Get("value")
		d.get = !isUndef(dobj.Get("get"))
		d.set = !isUndef(dobj.Get("set"))
		d.enumerable = dobj.Get("enumerable").ToBoolean()
	})
	return d
}

func isUndef(v goja.Value) bool { return v == nil || goja.IsUndefined(v) }

func (c *printer) hasOwn(o *goja.Object, name string) bool {
	return c.descriptor(o, c.vm.ToValue(name)).found
}

func (c *printer) get(o *goja.Object, name string) goja.Value {
	var v goja.Value
	if !c.try(func() { v = o.Get(name) }) {
		return nil
	}
	return v
}

func (c *printer) getString(o *goja.Object, name string) (string, bool) {
	v := c.get(o, name)
	if v != nil && goja.IsString(v) {
		return v.String(), true
	}
	return "", false
}

func (c *printer) proto(o *goja.Object) *goja.Object {
	var p *goja.Object
	c.try(func() { p = o.Prototype() })
	return p
}

func (c *printer) formatValue(v goja.Value, recurseTimes int) string {
	if s, ok := primitive(v, c.opts, c.indentationLvl); ok {
		return s
	}
	o := v.(*goja.Object)
	// Proxies are shown as their target (Node's showProxy: false) without invoking any trap.
	for i := 0; o.ExportType() == typeProxy; i++ {
		p, _ := o.Export().(goja.Proxy)
		t := p.Target()
		if t == nil {
			return "<Revoked Proxy>"
		}
		if i > 1000 {
			return "<Proxy>"
		}
		o = t
	}
	for _, s := range c.seen {
		if s == o {
			if c.circular == nil {
				c.circular = make(map[*goja.Object]int)
			}
			idx, ok := c.circular[o]
			if !ok {
				idx = len(c.circular) + 1
				c.circular[o] = idx
			}
			return "[Circular *" + strconv.Itoa(idx) + "]"
		}
	}
	return c.formatRawSafe(o, recurseTimes)
}

// formatRawSafe formats o, turning JS exceptions and Go runtime errors into a placeholder.
func (c *printer) formatRawSafe(o *goja.Object, recurseTimes int) (res string) {
	seenLen, indent := len(c.seen), c.indentationLvl
	restore := func() {
		c.seen = c.seen[:seenLen]
		c.indentationLvl = indent
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(goruntime.Error); !ok {
				panic(r)
			}
			restore()
			res = "<inspection failed>"
		}
	}()
	if ex := c.vm.Try(func() { res = c.formatRaw(o, recurseTimes) }); ex != nil {
		restore()
		msg := "exception"
		c.try(func() {
			if eo, ok := ex.Value().(*goja.Object); ok {
				if m := eo.Get("message"); m != nil && goja.IsString(m) {
					msg = m.String()
					return
				}
			}
			if s, ok := primitive(ex.Value(), c.opts, 0); ok {
				msg = s
			}
		})
		res = "<inspection failed: " + msg + ">"
	}
	return res
}

// constructorName returns the name of the first constructor in o's prototype chain (Node's
// getConstructorName); ok is false for objects with a null prototype.
func (c *printer) constructorName(o *goja.Object, recurseTimes int) (string, bool) {
	if p := c.proto(o); p != nil && c.in.objectProto != nil {
		// Fast paths for the common cases (an own "constructor" on such objects can only win if
		// it is the very same built-in).
		switch p {
		case c.in.objectProto:
			return "Object", true
		case c.in.arrayProto:
			return "Array", true
		case c.in.functionProto:
			return "Function", true
		}
	}
	obj := o
	var firstProto *goja.Object
	for i := 0; obj != nil && i < maxProtoWalk; i++ {
		d := c.descriptor(obj, c.vm.ToValue("constructor"))
		if d.found && !d.get && !d.set {
			if f, ok := d.value.(*goja.Object); ok {
				if _, callable := goja.AssertFunction(f); callable {
					if name, ok := c.getString(f, "name"); ok && name != "" {
						inst := false
						c.try(func() { inst = c.vm.InstanceOf(o, f) })
						if inst {
							return name, true
						}
					}
				}
			}
		}
		obj = c.proto(obj)
		if i == 0 {
			firstProto = obj
		}
	}
	if firstProto == nil {
		return "", false
	}
	res := "Object"
	c.try(func() { res = o.ClassName() })
	if recurseTimes > c.opts.depth {
		return res + " <Complex prototype>", true
	}
	pc, ok := c.constructorName(firstProto, recurseTimes+1)
	if !ok {
		var keys []string
		c.try(func() { keys = firstProto.Keys() })
		if len(keys) == 0 {
			return res + " <[Object: null prototype] {}>", true
		}
		return res + " <[Object: null prototype]>", true
	}
	return res + " <" + pc + ">", true
}

// toStringTag returns o[Symbol.toStringTag] if it is a non-empty string that is not an own
// enumerable property (which would be printed anyway).
func (c *printer) toStringTag(o *goja.Object) string {
	var tag string
	c.try(func() {
		if v := o.GetSymbol(goja.SymToStringTag); v != nil && goja.IsString(v) {
			tag = v.String()
		}
	})
	if tag != "" {
		if d := c.descriptor(o, goja.SymToStringTag); d.found && d.enumerable {
			tag = ""
		}
	}
	return tag
}

// getPrefix is Node's getPrefix: "Foo(2) [tag] " or "[Foo(2): null prototype] ".
func getPrefix(constructor string, hasCtor bool, tag, fallback, size string) string {
	if !hasCtor {
		if tag != "" && fallback != tag {
			return "[" + fallback + size + ": null prototype] [" + tag + "] "
		}
		return "[" + fallback + size + ": null prototype] "
	}
	if tag != "" && constructor != tag {
		return constructor + size + " [" + tag + "] "
	}
	return constructor + size + " "
}

// ownKeys returns the enumerable own string keys and symbols of o (Node's getKeys).
func (c *printer) ownKeys(o *goja.Object, skipIndices bool) []propKey {
	var names []string
	var syms []*goja.Symbol
	c.try(func() { names = o.Keys() })
	c.try(func() { syms = o.Symbols() })
	keys := make([]propKey, 0, len(names)+len(syms))
	for _, n := range names {
		if skipIndices && isIndex(n) {
			continue
		}
		keys = append(keys, propKey{name: n})
	}
	for _, s := range syms {
		if s != nil {
			keys = append(keys, propKey{sym: s})
		}
	}
	return keys
}

func isIndex(s string) bool {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n < 1<<32-1
}

func (c *printer) hasProto(o, target *goja.Object) bool {
	if target == nil {
		return false
	}
	p := c.proto(o)
	for i := 0; p != nil && i < maxProtoWalk; i++ {
		if p == target {
			return true
		}
		p = c.proto(p)
	}
	return false
}

func (c *printer) length(o *goja.Object) int64 {
	var n int64
	c.try(func() { n = o.Get("length").ToInteger() })
	if n < 0 {
		n = 0
	}
	return n
}

type entriesFunc func(recurseTimes int) (output []string, numeric bool)

func (c *printer) formatRaw(o *goja.Object, recurseTimes int) string {
	constructor, hasCtor := c.constructorName(o, recurseTimes)
	tag := c.toStringTag(o)
	et := o.ExportType()
	class := o.ClassName()

	var keys []propKey
	base := ""
	braces := [2]string{"{", "}"}
	var formatter entriesFunc
	kind := kindObject
	noIterator := true

	switch {
	case class == "Array":
		noIterator = false
		length := c.length(o)
		prefix := ""
		if constructor != "Array" || !hasCtor || tag != "" {
			prefix = getPrefix(constructor, hasCtor, tag, "Array", "("+strconv.FormatInt(length, 10)+")")
		}
		if length <= maxKeyScanLen {
			keys = c.ownKeys(o, true)
		}
		braces = [2]string{prefix + "[", "]"}
		if length == 0 && len(keys) == 0 {
			return braces[0] + "]"
		}
		kind = kindArrayExtras
		formatter = func(rt int) ([]string, bool) { return c.formatArray(o, length, rt) }
	case class == "Object" && et == typeSetExport && c.isBrand(c.in.setSize, o):
		noIterator = false
		size := c.sizeOf(c.in.setSize, o)
		prefix := getPrefix(constructor, hasCtor, tag, "Set", "("+strconv.FormatInt(size, 10)+")")
		keys = c.ownKeys(o, false)
		if size == 0 && len(keys) == 0 {
			return prefix + "{}"
		}
		braces[0] = prefix + "{"
		formatter = func(rt int) ([]string, bool) { return c.formatSet(o, size, rt), false }
	case class == "Object" && et == typeMapExport && c.isBrand(c.in.mapSize, o):
		noIterator = false
		size := c.sizeOf(c.in.mapSize, o)
		prefix := getPrefix(constructor, hasCtor, tag, "Map", "("+strconv.FormatInt(size, 10)+")")
		keys = c.ownKeys(o, false)
		if size == 0 && len(keys) == 0 {
			return prefix + "{}"
		}
		braces[0] = prefix + "{"
		formatter = func(rt int) ([]string, bool) { return c.formatMap(o, size, rt), false }
	default:
		if name := c.typedArrayName(o, et); name != "" {
			noIterator = false
			length := c.length(o)
			fallback := ""
			if !hasCtor {
				fallback = name
			}
			prefix := getPrefix(constructor, hasCtor, tag, fallback, "("+strconv.FormatInt(length, 10)+")")
			if length <= maxKeyScanLen {
				keys = c.ownKeys(o, true)
			}
			braces = [2]string{prefix + "[", "]"}
			if length == 0 && len(keys) == 0 {
				return braces[0] + "]"
			}
			kind = kindArrayExtras
			formatter = func(int) ([]string, bool) { return c.formatTypedArray(o, length), true }
		}
	}

	if noIterator {
		keys = c.ownKeys(o, false)
		_, isFunc := goja.AssertFunction(o)
		switch {
		case isFunc:
			base = c.functionBase(o, et, constructor, hasCtor, tag)
			if len(keys) == 0 {
				return base
			}
		case constructor == "Object" && hasCtor:
			if class == "Arguments" {
				braces[0] = "[Arguments] {"
			} else if tag != "" {
				braces[0] = getPrefix(constructor, hasCtor, tag, "Object", "") + "{"
			}
			if len(keys) == 0 {
				return braces[0] + "}"
			}
		case class == "RegExp" && c.isBrand(c.in.regexpSource, o):
			src, _ := c.call(c.in.regexpSource, o)
			flags, _ := c.call(c.in.regexpFlags, o)
			base = "/" + stringOf(src) + "/" + stringOf(flags)
			if prefix := getPrefix(constructor, hasCtor, tag, "RegExp", ""); prefix != "RegExp " {
				base = prefix + base
			}
			if len(keys) == 0 || recurseTimes > c.opts.depth {
				return base
			}
		case class == "Date" && c.isBrand(c.in.dateGetTime, o):
			t, _ := c.call(c.in.dateGetTime, o)
			if t == nil || math.IsNaN(t.ToFloat()) {
				base = "Invalid Date"
			} else if s, ok := c.call(c.in.dateToISOString, o); ok {
				base = s.String()
			} else {
				base = "Invalid Date"
			}
			if prefix := getPrefix(constructor, hasCtor, tag, "Date", ""); prefix != "Date " {
				base = prefix + base
			}
			if len(keys) == 0 {
				return base
			}
		case class == "Error":
			base = c.formatError(o, constructor, hasCtor, tag, &keys)
			if len(keys) == 0 {
				return base
			}
		case et == typeArrayBuffer:
			prefix := getPrefix(constructor, hasCtor, tag, "ArrayBuffer", "")
			ab, _ := o.Export().(goja.ArrayBuffer)
			var data []byte
			detached := ab.Detached()
			if !detached {
				data = ab.Bytes()
			}
			braces[0] = prefix + "{"
			keys = append([]propKey{{name: "byteLength", synthetic: true, value: c.vm.ToValue(len(data))}}, keys...)
			formatter = func(int) ([]string, bool) { return []string{c.formatArrayBufferContents(data, detached)}, false }
		case c.hasProto(o, c.in.dataViewProto) && c.isBrand(c.in.dataViewByteLength, o):
			braces[0] = getPrefix(constructor, hasCtor, tag, "DataView", "") + "{"
			bl, _ := c.call(c.in.dataViewByteLength, o)
			bo, _ := c.call(c.in.dataViewByteOffset, o)
			buf, _ := c.call(c.in.dataViewBuffer, o)
			keys = append([]propKey{
				{name: "byteLength", synthetic: true, value: bl},
				{name: "byteOffset", synthetic: true, value: bo},
				{name: "buffer", synthetic: true, value: buf},
			}, keys...)
		case et == typePromise:
			braces[0] = getPrefix(constructor, hasCtor, tag, "Promise", "") + "{"
			p, _ := o.Export().(*goja.Promise)
			formatter = func(rt int) ([]string, bool) { return c.formatPromise(p, rt), false }
		case c.hasProto(o, c.in.weakSetProto) && c.isBrand(c.in.weakSetHas, o):
			braces[0] = getPrefix(constructor, hasCtor, tag, "WeakSet", "") + "{"
			formatter = func(int) ([]string, bool) { return []string{"<items unknown>"}, false }
		case c.hasProto(o, c.in.weakMapProto) && c.isBrand(c.in.weakMapHas, o):
			braces[0] = getPrefix(constructor, hasCtor, tag, "WeakMap", "") + "{"
			formatter = func(int) ([]string, bool) { return []string{"<items unknown>"}, false }
		default:
			if b, ok := c.boxedBase(o, class, et, constructor, hasCtor, tag, &keys); ok {
				base = b
				if len(keys) == 0 {
					return base
				}
				break
			}
			prefix := getPrefix(constructor, hasCtor, tag, "Object", "")
			if len(keys) == 0 {
				return prefix + "{}"
			}
			braces[0] = prefix + "{"
		}
	}

	if recurseTimes > c.opts.depth || c.budget <= 0 {
		name := strings.TrimSuffix(getPrefix(constructor, hasCtor, tag, "Object", ""), " ")
		if hasCtor {
			name = "[" + name + "]"
		}
		return name
	}
	recurseTimes++
	c.seen = append(c.seen, o)
	c.currentDepth = recurseTimes
	var output []string
	numeric := false
	if formatter != nil {
		output, numeric = formatter(recurseTimes)
	}
	for i, k := range keys {
		if c.budget <= 0 {
			more := len(keys) - i
			if more > 1 {
				output = append(output, "... "+strconv.Itoa(more)+" more properties")
			} else {
				output = append(output, "... 1 more property")
			}
			break
		}
		c.budget--
		output = append(output, c.formatProperty(o, recurseTimes, k))
	}
	if idx, ok := c.circular[o]; ok {
		ref := "<ref *" + strconv.Itoa(idx) + ">"
		if base == "" {
			base = ref
		} else {
			base = ref + " " + base
		}
	}
	c.seen = c.seen[:len(c.seen)-1]
	return c.reduceToSingleString(output, base, braces, kind, recurseTimes, numeric)
}

func stringOf(v goja.Value) string {
	if v == nil || !goja.IsString(v) {
		return ""
	}
	return v.String()
}

// isBrand reports whether calling the built-in fn with o as receiver succeeds (a brand check:
// these built-ins throw a TypeError for objects lacking the internal slot).
func (c *printer) isBrand(fn goja.Callable, o *goja.Object) bool {
	if fn == nil {
		return false
	}
	_, ok := c.call(fn, o, goja.Undefined())
	return ok
}

func (c *printer) sizeOf(fn goja.Callable, o *goja.Object) int64 {
	v, ok := c.call(fn, o)
	if !ok {
		return 0
	}
	return v.ToInteger()
}

func (c *printer) typedArrayName(o *goja.Object, et reflect.Type) string {
	if et == nil || et.Kind() != reflect.Slice || c.in.typedArrayTag == nil {
		return ""
	}
	switch et.Elem().Kind() {
	case reflect.Uint8, reflect.Int8, reflect.Uint16, reflect.Int16, reflect.Uint32, reflect.Int32,
		reflect.Float32, reflect.Float64, reflect.Int64, reflect.Uint64:
	default:
		return ""
	}
	v, ok := c.call(c.in.typedArrayTag, o)
	if !ok {
		return ""
	}
	return stringOf(v)
}

func (c *printer) functionBase(o *goja.Object, et reflect.Type, constructor string, hasCtor bool, tag string) string {
	if et == typeClass {
		name := ""
		if c.hasOwn(o, "name") {
			name, _ = c.getString(o, "name")
		}
		if name == "" {
			name = "(anonymous)"
		}
		base := "class " + name
		if constructor != "Function" && hasCtor {
			base += " [" + constructor + "]"
		}
		if tag != "" && constructor != tag {
			base += " [" + tag + "]"
		}
		if hasCtor {
			if p := c.proto(o); p != nil {
				if super, ok := c.getString(p, "name"); ok && super != "" {
					base += " extends " + super
				}
			}
		} else {
			base += " extends [null prototype]"
		}
		return "[" + base + "]"
	}
	typ := "Function"
	switch constructor {
	case "AsyncFunction", "GeneratorFunction", "AsyncGeneratorFunction":
		typ = constructor
	}
	base := "[" + typ
	if !hasCtor {
		base += " (null prototype)"
	}
	if name, _ := c.getString(o, "name"); name == "" {
		base += " (anonymous)"
	} else {
		base += ": " + name
	}
	base += "]"
	if constructor != typ && hasCtor {
		base += " " + constructor
	}
	if tag != "" && constructor != tag {
		base += " [" + tag + "]"
	}
	return base
}

func (c *printer) boxedBase(o *goja.Object, class string, et reflect.Type, constructor string, hasCtor bool, tag string, keys *[]propKey) (string, bool) {
	var fn goja.Callable
	var typ string
	switch {
	case class == "Number":
		fn, typ = c.in.numberValueOf, "Number"
	case class == "String":
		fn, typ = c.in.stringValueOf, "String"
	case class == "Boolean":
		fn, typ = c.in.booleanValueOf, "Boolean"
	case et == typeString:
		fn, typ = c.in.symbolValueOf, "Symbol"
	case et == typeBigInt:
		fn, typ = c.in.bigintValueOf, "BigInt"
	default:
		return "", false
	}
	prim, ok := c.call(fn, o)
	if !ok {
		return "", false
	}
	if typ == "String" {
		// The index keys of a String object just repeat its characters.
		k := (*keys)[:0]
		for _, key := range *keys {
			if key.sym != nil || !isIndex(key.name) {
				k = append(k, key)
			}
		}
		*keys = k
	}
	base := "[" + typ
	if typ != constructor {
		if !hasCtor {
			base += " (null prototype)"
		} else {
			base += " (" + constructor + ")"
		}
	}
	ps, _ := primitive(prim, options{maxStringLength: math.MaxInt, breakLength: math.MaxInt}, 0)
	base += ": " + ps + "]"
	if tag != "" && tag != constructor {
		base += " [" + tag + "]"
	}
	return base, true
}

func (c *printer) formatProperty(o *goja.Object, recurseTimes int, k propKey) string {
	var d propDesc
	if k.synthetic {
		d = propDesc{found: true, value: k.value, enumerable: true}
	} else {
		d = c.descriptor(o, c.keyValue(k))
		if !d.found {
			// Not an own property any more (or the descriptor could not be read).
			d = propDesc{found: true, enumerable: true}
			c.try(func() {
				if k.sym != nil {
					d.value = o.GetSymbol(k.sym)
				} else {
					d.value = o.Get(k.name)
				}
			})
		}
	}
	str := c.formatPropertyValue(d, recurseTimes)
	var name string
	switch {
	case k.sym != nil:
		name = "[" + symbolString(k.sym) + "]"
	case k.name == "__proto__":
		name = "['__proto__']"
	case k.nonEnum || (!d.enumerable && !k.synthetic):
		q := quote(k.name)
		name = "[" + q[1:len(q)-1] + "]"
	case isIdentifier(k.name):
		name = k.name
	default:
		name = quote(k.name)
	}
	return name + ": " + str
}

// formatPropertyValue renders a property's value, or its accessor kind without calling it.
func (c *printer) formatPropertyValue(d propDesc, recurseTimes int) string {
	switch {
	case !isUndef(d.value):
		c.indentationLvl += 2
		str := c.formatValue(d.value, recurseTimes)
		c.indentationLvl -= 2
		return str
	case d.get && d.set:
		return "[Getter/Setter]"
	case d.get:
		return "[Getter]"
	case d.set:
		return "[Setter]"
	}
	return "undefined"
}

func (c *printer) formatArrayElement(o *goja.Object, recurseTimes int, idx int64) (string, bool, bool) {
	d := c.descriptor(o, c.vm.ToValue(idx))
	if !d.found {
		return "", false, false
	}
	numeric := d.value != nil && (goja.IsNumber(d.value) || goja.IsBigInt(d.value))
	str := c.formatPropertyValue(d, recurseTimes)
	return str, true, numeric
}

func (c *printer) formatArray(o *goja.Object, length int64, recurseTimes int) ([]string, bool) {
	maxLen := min(int64(c.opts.maxArrayLength), length)
	output := make([]string, 0, maxLen+1)
	numeric := true
	for i := int64(0); i < maxLen; i++ {
		if c.budget <= 0 {
			output = append(output, "... "+strconv.FormatInt(length-i, 10)+" more item"+plural(int(min(length-i, 2))))
			return output, false
		}
		c.budget--
		s, ok, num := c.formatArrayElement(o, recurseTimes, i)
		if !ok {
			out, _ := c.formatSpecialArray(o, length, recurseTimes, int(maxLen), output, i)
			return out, false
		}
		numeric = numeric && num
		output = append(output, s)
	}
	if remaining := length - maxLen; remaining > 0 {
		output = append(output, "... "+strconv.FormatInt(remaining, 10)+" more item"+plural(int(min(remaining, 2))))
	}
	return output, numeric
}

// formatSpecialArray handles sparse arrays (Node's formatSpecialArray): runs of holes are shown
// as "<N empty items>".
func (c *printer) formatSpecialArray(o *goja.Object, length int64, recurseTimes, maxLength int, output []string, i int64) ([]string, bool) {
	var names []string
	c.try(func() { names = o.Keys() })
	index := i
	for j := int(i); j < len(names) && len(output) < maxLength; j++ {
		key := names[j]
		if !isIndex(key) {
			break
		}
		tmp, _ := strconv.ParseInt(key, 10, 64)
		if tmp != index {
			empty := tmp - index
			output = append(output, "<"+strconv.FormatInt(empty, 10)+" empty item"+plural(int(min(empty, 2)))+">")
			index = tmp
			if len(output) == maxLength {
				break
			}
		}
		if c.budget <= 0 {
			break
		}
		c.budget--
		s, ok, _ := c.formatArrayElement(o, recurseTimes, tmp)
		if !ok {
			s = "undefined"
		}
		output = append(output, s)
		index++
	}
	remaining := length - index
	if len(output) != maxLength {
		if remaining > 0 {
			output = append(output, "<"+strconv.FormatInt(remaining, 10)+" empty item"+plural(int(min(remaining, 2)))+">")
		}
	} else if remaining > 0 {
		output = append(output, "... "+strconv.FormatInt(remaining, 10)+" more item"+plural(int(min(remaining, 2))))
	}
	return output, false
}

func (c *printer) formatTypedArray(o *goja.Object, length int64) []string {
	maxLen := int(min(int64(c.opts.maxArrayLength), length))
	output := make([]string, 0, maxLen+1)
	var exported interface{}
	c.try(func() { exported = o.Export() })
	rv := reflect.ValueOf(exported)
	if rv.Kind() != reflect.Slice {
		return output
	}
	n := min(maxLen, rv.Len())
	for i := 0; i < n; i++ {
		e := rv.Index(i)
		switch e.Kind() {
		case reflect.Float32, reflect.Float64:
			output = append(output, Float(e.Float()))
		case reflect.Int8, reflect.Int16, reflect.Int32:
			output = append(output, strconv.FormatInt(e.Int(), 10))
		case reflect.Int64:
			output = append(output, strconv.FormatInt(e.Int(), 10)+"n")
		case reflect.Uint64:
			output = append(output, strconv.FormatUint(e.Uint(), 10)+"n")
		default:
			output = append(output, strconv.FormatUint(e.Uint(), 10))
		}
	}
	if remaining := length - int64(n); remaining > 0 {
		output = append(output, "... "+strconv.FormatInt(remaining, 10)+" more item"+plural(int(min(remaining, 2))))
	}
	return output
}

func (c *printer) formatArrayBufferContents(data []byte, detached bool) string {
	if detached {
		return "(detached)"
	}
	n := min(len(data), c.opts.maxArrayLength)
	var b strings.Builder
	b.WriteString("[Uint8Contents]: <")
	const hex = "0123456789abcdef"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(hex[data[i]>>4])
		b.WriteByte(hex[data[i]&15])
	}
	if remaining := len(data) - n; remaining > 0 {
		b.WriteString(" ... " + strconv.Itoa(remaining) + " more byte" + plural(remaining))
	}
	b.WriteByte('>')
	return b.String()
}

// iterate walks a built-in iterator (Map/Set entries) using the captured next function,
// stopping when f returns false.
func (c *printer) iterate(start, next goja.Callable, o *goja.Object, f func(v goja.Value) bool) {
	it, ok := c.call(start, o)
	if !ok || next == nil {
		return
	}
	for {
		r, ok := c.call(next, it)
		if !ok {
			return
		}
		ro, isObj := r.(*goja.Object)
		if !isObj {
			return
		}
		var done bool
		var v goja.Value
		if !c.try(func() { done = ro.Get("done").ToBoolean(); v = ro.Get("value") }) || done {
			return
		}
		if !f(v) {
			return
		}
	}
}

func (c *printer) formatSet(o *goja.Object, size int64, recurseTimes int) []string {
	maxLen := min(int64(c.opts.maxArrayLength), size)
	var output []string
	c.indentationLvl += 2
	c.iterate(c.in.setValues, c.in.setIterNext, o, func(v goja.Value) bool {
		if int64(len(output)) >= maxLen || c.budget <= 0 {
			return false
		}
		c.budget--
		output = append(output, c.formatValue(v, recurseTimes))
		return true
	})
	if remaining := size - int64(len(output)); remaining > 0 {
		output = append(output, "... "+strconv.FormatInt(remaining, 10)+" more item"+plural(int(min(remaining, 2))))
	}
	c.indentationLvl -= 2
	return output
}

func (c *printer) formatMap(o *goja.Object, size int64, recurseTimes int) []string {
	maxLen := min(int64(c.opts.maxArrayLength), size)
	var output []string
	c.indentationLvl += 2
	c.iterate(c.in.mapEntries, c.in.mapIterNext, o, func(v goja.Value) bool {
		if int64(len(output)) >= maxLen || c.budget <= 0 {
			return false
		}
		c.budget--
		entry, ok := v.(*goja.Object)
		if !ok {
			return false
		}
		var k, val goja.Value
		c.try(func() { k, val = entry.Get("0"), entry.Get("1") })
		output = append(output, c.formatValue(k, recurseTimes)+" => "+c.formatValue(val, recurseTimes))
		return true
	})
	if remaining := size - int64(len(output)); remaining > 0 {
		output = append(output, "... "+strconv.FormatInt(remaining, 10)+" more item"+plural(int(min(remaining, 2))))
	}
	c.indentationLvl -= 2
	return output
}

func (c *printer) formatPromise(p *goja.Promise, recurseTimes int) []string {
	if p == nil || p.State() == goja.PromiseStatePending {
		return []string{"<pending>"}
	}
	c.indentationLvl += 2
	str := c.formatValue(p.Result(), recurseTimes)
	c.indentationLvl -= 2
	if p.State() == goja.PromiseStateRejected {
		return []string{"<rejected> " + str}
	}
	return []string{str}
}

// formatError renders an error as its stack (Node's formatError), with goja's frame format
// converted to Node's. Keys already visible in the stack are dropped; a "cause" is added.
func (c *printer) formatError(o *goja.Object, constructor string, hasCtor bool, tag string, keys *[]propKey) string {
	name, ok := c.getString(o, "name")
	if !ok {
		name = "Error"
	}
	message, _ := c.getString(o, "message")
	stack := ""
	if s, ok := c.getString(o, "stack"); ok && s != "" {
		stack = CleanStack(s)
	} else if message != "" {
		stack = name + ": " + message
	} else {
		stack = name
	}
	// Remove name/message/stack keys whose value is already part of the stack.
	k := (*keys)[:0]
	for _, key := range *keys {
		if key.sym == nil && (key.name == "name" || key.name == "message" || key.name == "stack") {
			if s, ok := c.getString(o, key.name); ok && strings.Contains(stack, s) {
				continue
			}
		}
		k = append(k, key)
	}
	*keys = k
	hasKey := func(n string) bool {
		for _, key := range *keys {
			if key.sym == nil && key.name == n {
				return true
			}
		}
		return false
	}
	if !hasKey("cause") && c.hasOwn(o, "cause") {
		*keys = append(*keys, propKey{name: "cause", nonEnum: true})
	}
	if !hasKey("errors") && c.hasOwn(o, "errors") {
		if ev, ok := c.get(o, "errors").(*goja.Object); ok && ev.ClassName() == "Array" {
			*keys = append(*keys, propKey{name: "errors", nonEnum: true})
		}
	}
	stack = improveStack(stack, constructor, hasCtor, name, tag)

	pos := -1
	if message != "" {
		if p := strings.Index(stack, message); p > 0 {
			pos = p + len(message)
		}
	}
	if !strings.Contains(stack[max(pos, 0):], "\n    at") {
		stack = "[" + stack + "]"
	}
	if c.indentationLvl != 0 {
		stack = strings.ReplaceAll(stack, "\n", "\n"+strings.Repeat(" ", c.indentationLvl))
	}
	return stack
}

// improveStack is Node's improveStack: make sure the constructor name is visible when it
// differs from err.name (e.g. "ValidationError [Error]: ...").
func improveStack(stack, constructor string, hasCtor bool, name, tag string) string {
	l := len(name)
	if !hasCtor || (strings.HasSuffix(name, "Error") && strings.HasPrefix(stack, name) &&
		(len(stack) == l || stack[l] == ':' || stack[l] == '\n')) {
		fallback := "Error"
		if !hasCtor {
			fallback = ""
			if i := strings.IndexAny(stack, ":\n"); i > 0 {
				fallback = stack[:i]
			}
			l = len(fallback)
			if fallback == "" {
				fallback = "Error"
			}
		}
		prefix := strings.TrimSuffix(getPrefix(constructor, hasCtor, tag, fallback, ""), " ")
		if name != prefix {
			if strings.Contains(prefix, name) {
				if l == 0 {
					stack = prefix + ": " + stack
				} else {
					stack = prefix + stack[l:]
				}
			} else {
				stack = prefix + " [" + name + "]" + stack[l:]
			}
		}
	}
	return stack
}

// ---------------------------------------------------------------------------------------------
// Layout

func (c *printer) reduceToSingleString(output []string, base string, braces [2]string, kind, recurseTimes int, numeric bool) string {
	entries := len(output)
	if kind == kindArrayExtras && entries > 6 {
		output = c.groupArrayElements(output, numeric)
	}
	if c.currentDepth-recurseTimes < c.opts.compact && entries == len(output) {
		start := len(output) + c.indentationLvl + jsLen(braces[0]) + jsLen(base) + 10
		if c.isBelowBreakLength(output, start, base) {
			joined := strings.Join(output, ", ")
			if !strings.Contains(joined, "\n") {
				if base != "" {
					base += " "
				}
				return base + braces[0] + " " + joined + " " + braces[1]
			}
		}
	}
	indentation := "\n" + strings.Repeat(" ", c.indentationLvl)
	if base != "" {
		base += " "
	}
	return base + braces[0] + indentation + "  " + strings.Join(output, ","+indentation+"  ") + indentation + braces[1]
}

func (c *printer) isBelowBreakLength(output []string, start int, base string) bool {
	total := len(output) + start
	if total+len(output) > c.opts.breakLength {
		return false
	}
	for _, s := range output {
		total += jsLen(s)
		if total > c.opts.breakLength {
			return false
		}
	}
	return base == "" || !strings.Contains(base, "\n")
}

// groupArrayElements arranges many short array items in aligned columns (Node's algorithm).
func (c *printer) groupArrayElements(output []string, numeric bool) []string {
	totalLength := 0
	maxLength := 0
	outputLength := len(output)
	if c.opts.maxArrayLength < len(output) {
		// The "... more items" entry is not part of the grid.
		outputLength--
	}
	const separatorSpace = 2
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		l := width(output[i])
		dataLen[i] = l
		totalLength += l + separatorSpace
		if maxLength < l {
			maxLength = l
		}
	}
	actualMax := maxLength + separatorSpace
	if actualMax*3+c.indentationLvl < c.opts.breakLength &&
		(float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(output)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
		columns := min(
			int(math.Round(math.Sqrt(2.5*biasedMax*float64(outputLength))/biasedMax)),
			(c.opts.breakLength-c.indentationLvl)/actualMax,
			c.opts.compact*4,
			15,
		)
		if columns <= 1 {
			return output
		}
		var tmp []string
		maxLineLength := make([]int, 0, columns)
		for i := 0; i < columns; i++ {
			lineLength := 0
			for j := i; j < outputLength; j += columns {
				if dataLen[j] > lineLength {
					lineLength = dataLen[j]
				}
			}
			maxLineLength = append(maxLineLength, lineLength+separatorSpace)
		}
		for i := 0; i < outputLength; i += columns {
			maxI := min(i+columns, outputLength)
			var b strings.Builder
			j := i
			for ; j < maxI-1; j++ {
				pad := maxLineLength[j-i] - dataLen[j] - separatorSpace
				if numeric {
					b.WriteString(strings.Repeat(" ", max(pad, 0)))
					b.WriteString(output[j])
					b.WriteString(", ")
				} else {
					b.WriteString(output[j])
					b.WriteString(", ")
					b.WriteString(strings.Repeat(" ", max(pad, 0)))
				}
			}
			if numeric {
				pad := maxLineLength[j-i] - separatorSpace - dataLen[j]
				b.WriteString(strings.Repeat(" ", max(pad, 0)))
			}
			b.WriteString(output[j])
			tmp = append(tmp, b.String())
		}
		if c.opts.maxArrayLength < len(output) {
			tmp = append(tmp, output[outputLength])
		}
		return tmp
	}
	return output
}
