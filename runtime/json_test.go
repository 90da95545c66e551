package runtime

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// jsonPair returns the replaced JSON.parse and goja's original, on one VM.
func jsonPair(t testing.TB) (*goja.Runtime, goja.Callable, goja.Callable, goja.Callable) {
	vm := goja.New()
	original, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	installJSONParse(vm)
	replaced, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	v, err := vm.RunString(`(function (v) { return JSON.stringify(v) + "|" + typeof v + "|" + (v !== null && typeof v === "object" ? Object.getPrototypeOf(v) === (Array.isArray(v) ? Array.prototype : Object.prototype) : "") })`)
	if err != nil {
		t.Fatal(err)
	}
	describe, _ := goja.AssertFunction(v)
	return vm, replaced, original, describe
}

func TestJSONParseMatchesTheSpec(t *testing.T) {
	vm, parse, _, _ := jsonPair(t)
	run := func(src string) string {
		t.Helper()
		_ = vm.Set("parse", parse)
		v, err := vm.RunString(src)
		if ex, ok := err.(*goja.Exception); ok {
			return "throws " + ex.Value().String() // the error as String(e) shows it, without the stack
		}
		if err != nil {
			return "fails " + err.Error()
		}
		return v.String()
	}
	for _, c := range []struct{ src, want string }{
		{`JSON.stringify(JSON.parse('{"a":1,"b":[true,false,null,"x"],"c":{"d":-1.5e3}}'))`, `{"a":1,"b":[true,false,null,"x"],"c":{"d":-1500}}`},
		{`Object.keys(JSON.parse('{"a":1,"b":2,"a":3}')).join() + JSON.parse('{"a":1,"b":2,"a":3}').a`, `a,b3`},
		{`var o = JSON.parse('{"__proto__":{"x":1}}'); Object.getPrototypeOf(o) === Object.prototype && o.hasOwnProperty("__proto__") && o.x === undefined`, `true`},
		{`JSON.parse('"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/"') === "é😀\n\t\"\\/"`, `true`},
		{`var s = JSON.parse('"a\\ud800b"'); s.length + ":" + s.charCodeAt(1).toString(16)`, `3:d800`},
		{`1 / JSON.parse("-0")`, `-Infinity`},
		{`JSON.parse("1e400") + "," + JSON.parse("1e-400") + "," + JSON.parse("12345678901234567890")`, `Infinity,0,12345678901234567000`},
		{`JSON.parse(" \t\n\r[ ] ").length`, `0`},
		{`JSON.parse('{"a":1}', function (k, v) { return typeof v === "number" ? v * 2 : v }).a`, `2`},
		{`JSON.parse.name + JSON.parse.length`, `parse2`},
		{`JSON.parse("{\"a\":1,}")`, `throws SyntaxError: Unexpected token } in JSON at position 7`},
		{`JSON.parse("[1,2")`, `throws SyntaxError: Unexpected end of JSON input`},
		{`JSON.parse("01")`, `throws SyntaxError: Unexpected token 1 in JSON at position 1`},
		{`JSON.parse("'x'")`, `throws SyntaxError: Unexpected token ' in JSON at position 0`},
		{`JSON.parse('"a\nb"')`, "throws SyntaxError: Unexpected token \n in JSON at position 2"},
		{`JSON.parse("tru")`, `throws SyntaxError: Unexpected token t in JSON at position 0`},
		{`JSON.parse("1.")`, `throws SyntaxError: Unexpected end of JSON input`},
		{`JSON.parse("")`, `throws SyntaxError: Unexpected end of JSON input`},
		{`JSON.parse()`, `throws SyntaxError: Unexpected token u in JSON at position 0`},
		{`try { JSON.parse("{") } catch (e) { e instanceof SyntaxError }`, `true`},
	} {
		if got := run(c.src); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

// FuzzJSONParse: the replacement accepts exactly the JSON grammar (checked against
// encoding/json.Valid), and wherever goja's original also succeeds both give values that
// stringify the same, with the same type and prototype. (The original fails on some
// valid input, e.g. 1e999, which JS parses as Infinity.)
func FuzzJSONParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":"\u00e9"}`, `[]`, `-0.5e-3`, `"\ud83d\ude00"`, `{"a":1,"a":2}`,
		`[1,]`, `{"a" 1}`, `"\x01"`, `1e999`, ` true `, `nul`, `[[[[]]]]`, `{"__proto__":1}`} {
		f.Add(s)
	}
	vm, parse, original, describe := jsonPair(f)
	f.Fuzz(func(t *testing.T, src string) {
		arg := vm.ToValue(src)
		a, errA := parse(goja.Undefined(), arg)
		if valid := json.Valid([]byte(arg.String())); valid != (errA == nil) {
			t.Fatalf("%q: valid JSON %v, replacement error %v", src, valid, errA)
		}
		b, errB := original(goja.Undefined(), arg)
		if errA != nil || errB != nil || strings.Contains(strings.ToLower(src), `\ud`) {
			// The original turns lone surrogates into U+FFFD; JS keeps them (tested above).
			return
		}
		da, _ := describe(goja.Undefined(), a)
		db, _ := describe(goja.Undefined(), b)
		if da.String() != db.String() {
			t.Fatalf("%q: replacement %s, original %s", src, da, db)
		}
	})
}

// BenchmarkJSONParse compares the replacement with goja's original on a ~1 KiB document
// like the bench/ JSON scenario's.
func BenchmarkJSONParse(b *testing.B) {
	doc := `{"id":"ord-1234","customer":{"name":"Li Lei","email":"lilei@example.com","vip":true},` +
		`"items":[` + strings.Repeat(`{"sku":"SKU-0001","title":"Green tea 250g","qty":2,"price":39.9,"tags":["tea","gift"]},`, 7) +
		`{"sku":"SKU-0008","title":"Cup","qty":1,"price":12.5,"tags":[]}],"note":"deliver after 6pm \u00e9","status":"new","ts":1700000000000}`
	vm, parse, original, _ := jsonPair(b)
	arg := vm.ToValue(doc)
	for _, c := range []struct {
		name string
		fn   goja.Callable
	}{{"wxrun", parse}, {"goja", original}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := c.fn(goja.Undefined(), arg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
