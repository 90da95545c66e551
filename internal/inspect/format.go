package inspect

// util.format, as console.log uses it.

import (
	"math"
	"strings"

	"github.com/dop251/goja"
)

// Join formats args as Format does when the first is not a format string: strings as they
// are, other values inspected, separated by spaces (what console.timeLog prints after the
// time). It never throws.
func (i *Inspector) Join(args []goja.Value) string {
	var b strings.Builder
	for n, v := range args {
		if n > 0 {
			b.WriteByte(' ')
		}
		if goja.IsString(v) {
			b.WriteString(v.String())
		} else {
			b.WriteString(i.value(v, defaultOptions))
		}
	}
	return b.String()
}

// Format formats console arguments like Node's util.format: if the first argument is a
// string it is scanned for %s %d %i %f %j %o %O %c %%; remaining args are appended separated
// by spaces; strings at top level are printed raw, other values with Inspect. It never
// throws.
func (i *Inspector) Format(args []goja.Value) string {
	var b strings.Builder
	a := 0
	join := false
	if len(args) > 0 && goja.IsString(args[0]) {
		first := args[0].String()
		if len(args) == 1 {
			return first
		}
		lastPos := 0
		for p := 0; p < len(first)-1; p++ {
			if first[p] != '%' {
				continue
			}
			p++
			next := first[p]
			if a+1 == len(args) {
				if next == '%' {
					b.WriteString(first[lastPos:p])
					lastPos = p + 1
				}
				continue
			}
			var tmp string
			switch next {
			case 's':
				a++
				tmp = i.formatS(args[a])
			case 'j':
				a++
				tmp = i.formatJ(args[a])
			case 'd', 'i', 'f':
				a++
				tmp = i.formatNumberArg(args[a], next)
			case 'O':
				a++
				tmp = i.value(args[a], defaultOptions)
			case 'o':
				a++
				opts := defaultOptions
				opts.depth = 4
				tmp = i.value(args[a], opts)
			case 'c':
				a++
				tmp = ""
			case '%':
				b.WriteString(first[lastPos:p])
				lastPos = p + 1
				continue
			default:
				continue
			}
			if lastPos != p-1 {
				b.WriteString(first[lastPos : p-1])
			}
			b.WriteString(tmp)
			lastPos = p + 1
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
			b.WriteString(i.value(v, defaultOptions))
		}
	}
	return b.String()
}

// formatS implements %s: numbers/bigints as inspect would, objects without a user-defined
// toString inspected with depth 0, everything else String(value).
func (i *Inspector) formatS(v goja.Value) string {
	switch {
	case goja.IsNumber(v):
		return numberString(v)
	case goja.IsBigInt(v):
		return v.String() + "n"
	}
	switch t := v.(type) {
	case *goja.Symbol:
		return symbolString(t)
	case *goja.Object:
		c := i.printer(defaultOptions)
		if c.hasBuiltInToString(t) {
			opts := defaultOptions
			opts.depth = 0
			return i.value(v, opts)
		}
		var s string
		if ex := i.vm.Try(func() { s = t.String() }); ex != nil {
			return i.value(v, defaultOptions)
		}
		return s
	}
	if goja.IsString(v) {
		return v.String()
	}
	s, _ := primitive(v, defaultOptions, 0)
	return s
}

func (i *Inspector) formatJ(v goja.Value) string {
	if i.in.jsonStringify == nil {
		return "undefined"
	}
	res, err := i.in.jsonStringify(i.in.jsonObject, v)
	if err != nil {
		ex, ok := err.(*goja.Exception)
		if !ok {
			panic(err)
		}
		msg := ""
		_ = i.vm.Try(func() { msg = ex.Value().String() })
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
func (i *Inspector) formatNumberArg(v goja.Value, spec byte) string {
	if _, ok := v.(*goja.Symbol); ok {
		return "NaN"
	}
	if goja.IsBigInt(v) && spec != 'f' {
		return v.String() + "n"
	}
	if spec == 'd' {
		n := math.NaN()
		_ = i.vm.Try(func() { n = v.ToFloat() })
		return Float(n)
	}
	fn := i.in.parseInt
	if spec == 'f' {
		fn = i.in.parseFloat
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
	return numberString(r)
}

// hasBuiltInToString reports whether o's toString comes from a built-in prototype (Node's
// hasBuiltInToString); such objects are inspected by %s instead of being stringified.
func (c *printer) hasBuiltInToString(o *goja.Object) bool {
	for i := 0; o.ExportType() == typeProxy; i++ {
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
		if p == nil || i > maxProtoWalk {
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
	return builtinConstructors[name]
}

var builtinConstructors = map[string]bool{
	"Object": true, "Function": true, "Array": true, "Number": true, "Boolean": true, "String": true,
	"Symbol": true, "BigInt": true, "Date": true, "Promise": true, "RegExp": true, "Map": true, "Set": true,
	"WeakMap": true, "WeakSet": true, "Proxy": true, "Reflect": true, "JSON": true, "Math": true,
	"Error": true, "AggregateError": true, "EvalError": true, "RangeError": true, "ReferenceError": true,
	"SyntaxError": true, "TypeError": true, "URIError": true, "ArrayBuffer": true, "DataView": true,
	"Int8Array": true, "Uint8Array": true, "Uint8ClampedArray": true, "Int16Array": true,
	"Uint16Array": true, "Int32Array": true, "Uint32Array": true, "Float32Array": true,
	"Float64Array": true, "BigInt64Array": true, "BigUint64Array": true,
}
