package runtime

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// installJSONParse replaces JSON.parse with a single-pass parser that builds goja values
// directly. goja's own JSON.parse drives encoding/json's Decoder.Token, which was 59% of
// the CPU of a message handler doing ordinary JSON work (18% spent formatting error
// strings that are thrown away). Semantics follow the ECMAScript JSON.parse: strict JSON
// grammar, own data properties (so a "__proto__" key does not set the prototype), last
// duplicate key wins at the first key's position, lone surrogates kept. A call with a
// reviver is handed to the original implementation, which implements the walk.
func installJSONParse(vm *goja.Runtime) {
	jsonObj, ok := vm.Get("JSON").(*goja.Object)
	if !ok {
		return
	}
	original, ok := goja.AssertFunction(jsonObj.Get("parse"))
	if !ok {
		return
	}
	syntaxError, _ := goja.AssertConstructor(vm.Get("SyntaxError"))
	parse := func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) > 1 {
			if _, hasReviver := goja.AssertFunction(call.Arguments[1]); hasReviver {
				v, err := original(call.This, call.Arguments...)
				if err != nil {
					panic(err)
				}
				return v
			}
		}
		p := jsonParser{vm: vm, s: call.Argument(0).String()}
		v, err := p.parse()
		if err != nil {
			if syntaxError != nil {
				if e, cerr := syntaxError(nil, vm.ToValue(err.Error())); cerr == nil {
					panic(e)
				}
			}
			panic(vm.NewTypeError(err.Error()))
		}
		return v
	}
	fn := vm.ToValue(parse).(*goja.Object)
	_ = fn.DefineDataProperty("name", vm.ToValue("parse"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = fn.DefineDataProperty("length", vm.ToValue(2), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = jsonObj.DefineDataProperty("parse", fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

type jsonParser struct {
	vm  *goja.Runtime
	s   string
	pos int
	buf []byte // scratch for strings with escapes
}

// jsonSyntaxError carries V8's wording, which is what the phone's Android engine prints.
type jsonSyntaxError struct {
	msg string
}

func (e *jsonSyntaxError) Error() string { return e.msg }

func (p *jsonParser) fail() error {
	if p.pos >= len(p.s) {
		return &jsonSyntaxError{"Unexpected end of JSON input"}
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.pos:])
	return &jsonSyntaxError{fmt.Sprintf("Unexpected token %c in JSON at position %d", r, p.pos)}
}

func (p *jsonParser) parse() (goja.Value, error) {
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.s) {
		return nil, p.fail()
	}
	return v, nil
}

func (p *jsonParser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (goja.Value, error) {
	p.space()
	if p.pos >= len(p.s) {
		return nil, p.fail()
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case p.literal("true"):
		return p.vm.ToValue(true), nil
	case p.literal("false"):
		return p.vm.ToValue(false), nil
	case p.literal("null"):
		return goja.Null(), nil
	}
	return nil, p.fail()
}

func (p *jsonParser) literal(word string) bool {
	if len(p.s)-p.pos >= len(word) && p.s[p.pos:p.pos+len(word)] == word {
		p.pos += len(word)
		return true
	}
	return false
}

func (p *jsonParser) object() (goja.Value, error) {
	p.pos++ // {
	obj := p.vm.NewObject()
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	for {
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != '"' {
			return nil, p.fail()
		}
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ':' {
			return nil, p.fail()
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		// CreateDataProperty: an own property even for "__proto__", never a setter.
		if err := obj.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
			return nil, err
		}
		if done, err := p.separator('}'); err != nil {
			return nil, err
		} else if done {
			return obj, nil
		}
	}
}

func (p *jsonParser) array() (goja.Value, error) {
	p.pos++ // [
	var items []any
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return p.vm.NewArray(), nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		if done, err := p.separator(']'); err != nil {
			return nil, err
		} else if done {
			return p.vm.NewArray(items...), nil
		}
	}
}

// separator consumes the ',' between members, or the closing bracket, reporting which.
func (p *jsonParser) separator(closing byte) (done bool, err error) {
	p.space()
	if p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ',':
			p.pos++
			return false, nil
		case closing:
			p.pos++
			return true, nil
		}
	}
	return false, p.fail()
}

func (p *jsonParser) number() (goja.Value, error) {
	start := p.pos
	if p.s[p.pos] == '-' {
		p.pos++
	}
	if p.pos >= len(p.s) {
		return nil, p.fail()
	}
	switch {
	case p.s[p.pos] == '0':
		p.pos++
	case p.s[p.pos] >= '1' && p.s[p.pos] <= '9':
		p.digits()
	default:
		return nil, p.fail()
	}
	integer := true
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		integer = false
		p.pos++
		if p.pos >= len(p.s) || p.s[p.pos] < '0' || p.s[p.pos] > '9' {
			return nil, p.fail()
		}
		p.digits()
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		integer = false
		p.pos++
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(p.s) || p.s[p.pos] < '0' || p.s[p.pos] > '9' {
			return nil, p.fail()
		}
		p.digits()
	}
	text := p.s[start:p.pos]
	if integer && len(text) < 16 && text != "-0" {
		n, err := strconv.ParseInt(text, 10, 64)
		if err == nil {
			return p.vm.ToValue(n), nil
		}
	}
	// The grammar is checked above, so ParseFloat can only report a range error, and its
	// result then is what JS wants: ±Inf on overflow, ±0 on underflow.
	f, _ := strconv.ParseFloat(text, 64)
	return p.vm.ToValue(f), nil
}

func (p *jsonParser) digits() {
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
}

// key parses an object key as a Go string (lone surrogates become U+FFFD in keys, as
// goja's property names are Go strings).
func (p *jsonParser) key() (string, error) {
	v, plain, err := p.scanString()
	if err != nil {
		return "", err
	}
	if plain != "" || v == nil {
		return plain, nil
	}
	return v.String(), nil
}

func (p *jsonParser) string() (goja.Value, error) {
	v, plain, err := p.scanString()
	if err != nil {
		return nil, err
	}
	if v != nil {
		return v, nil
	}
	return p.vm.ToValue(plain), nil
}

// scanString parses a string literal at p.pos. Without escapes it returns a substring
// of the input (no copy); with escapes it decodes into scratch space; with a lone
// surrogate it returns a UTF-16 goja string so the surrogate survives.
func (p *jsonParser) scanString() (goja.Value, string, error) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			s := p.s[start:p.pos]
			p.pos++
			return nil, s, nil
		case c == '\\':
			return p.scanEscaped(start)
		case c < 0x20:
			return nil, "", p.fail()
		}
		p.pos++
	}
	return nil, "", p.fail()
}

func (p *jsonParser) scanEscaped(start int) (goja.Value, string, error) {
	b := append(p.buf[:0], p.s[start:p.pos]...)
	var units []uint16 // set once a lone surrogate appears
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			p.buf = b
			if units != nil {
				return goja.StringFromUTF16(append(units, utf16.Encode([]rune(string(b)))...)), "", nil
			}
			return nil, string(b), nil
		case c < 0x20:
			return nil, "", p.fail()
		case c != '\\':
			b = append(b, c)
			p.pos++
			continue
		}
		p.pos++ // backslash
		if p.pos >= len(p.s) {
			return nil, "", p.fail()
		}
		switch p.s[p.pos] {
		case '"', '\\', '/':
			b = append(b, p.s[p.pos])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4(p.pos + 1)
			if !ok {
				return nil, "", p.fail()
			}
			p.pos += 4
			if utf16.IsSurrogate(r) {
				if r < 0xDC00 && p.pos+6 < len(p.s) && p.s[p.pos+1] == '\\' && p.s[p.pos+2] == 'u' {
					if r2, ok := p.hex4(p.pos + 3); ok && r2 >= 0xDC00 && r2 <= 0xDFFF {
						b = utf8.AppendRune(b, utf16.DecodeRune(r, r2))
						p.pos += 6
						break
					}
				}
				// A lone surrogate: switch to UTF-16 so it is kept, as JS strings keep it.
				units = append(units, utf16.Encode([]rune(string(b)))...)
				units = append(units, uint16(r))
				b = b[:0]
				break
			}
			b = utf8.AppendRune(b, r)
		default:
			return nil, "", p.fail()
		}
		p.pos++
	}
	return nil, "", p.fail()
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[at : at+4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	return r, true
}
