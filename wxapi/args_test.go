package wxapi

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
)

// kindOf decides types from the goja value itself: a Symbol is not a string, a String
// object is not one either, a Proxy is an object whatever its target, and nothing it
// looks at runs script code (the revoked Proxy and the throwing traps would throw).
func TestKindOf(t *testing.T) {
	a := newParseAPI(t)
	for _, c := range []struct {
		expr string
		want jsKind
	}{
		{`undefined`, kindUndefined},
		{`null`, kindNull},
		{`true`, kindBoolean},
		{`0`, kindNumber},
		{`-0`, kindNumber},
		{`NaN`, kindNumber},
		{`1e300`, kindNumber},
		{`2**53`, kindNumber},
		{`10n`, kindBigInt},
		{`""`, kindString},
		{`"\uD800"`, kindString},
		{`Symbol("u")`, kindSymbol},
		{`Symbol.iterator`, kindSymbol},
		{`(function () {})`, kindFunction},
		{`(class {})`, kindFunction},
		{`new Proxy(function () {}, { apply() { throw 1 } })`, kindFunction},
		{`new ArrayBuffer(2)`, kindArrayBuffer},
		{`new Proxy(new ArrayBuffer(2), {})`, kindObject},
		{`new Uint8Array(2)`, kindObject},
		{`new DataView(new ArrayBuffer(2))`, kindObject},
		{`({})`, kindObject},
		{`[]`, kindObject},
		{`new String("ws://x")`, kindObject},
		{`new Number(1)`, kindObject},
		{`new Boolean(true)`, kindObject},
		{`Object(Symbol())`, kindObject},
		{`Object(10n)`, kindObject},
		{`new Proxy({}, { get() { throw 1 }, getPrototypeOf() { throw 1 }, ownKeys() { throw 1 } })`, kindObject},
		{`(function () { var r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()`, kindObject},
		{`({ get [Symbol.toStringTag]() { throw 1 }, toString() { throw 1 }, valueOf() { throw 1 } })`, kindObject},
	} {
		v, err := a.vm.RunString(c.expr)
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		if got := kindOf(v); got != c.want {
			t.Errorf("kindOf(%s) = %d, want %d", c.expr, got, c.want)
		}
	}
	if got := kindOf(nil); got != kindUndefined {
		t.Errorf("kindOf(nil) = %d, want undefined (a missing property)", got)
	}
	// The accessors read only primitives of their own kind.
	sym, _ := a.vm.RunString(`Symbol("u")`)
	if s, ok := stringArg(sym); ok {
		t.Errorf("stringArg(Symbol) = %q, true: a Symbol is not a string", s)
	}
	boxed, _ := a.vm.RunString(`new Number(4001)`)
	if f, ok := numberArg(boxed); ok {
		t.Errorf("numberArg(new Number) = %v, true: a Number object is an object", f)
	}
}

// formatNumber is JavaScript's String(number), which the close-code error prints.
func TestFormatNumber(t *testing.T) {
	vm := goja.New()
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 4000.5, 1000, 4999, 1e21, 1e20, 123456789012345680000,
		1e-6, 1e-7, 1.5e-7, 0.000001234, 1e300, -1e300, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.Pow(2, 53), math.Pow(2, 64), math.Inf(1), math.Inf(-1), math.NaN(), 3000.000001, 1.7976931348623157e308}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		values = append(values, math.Float64frombits(r.Uint64()))
		values = append(values, float64(r.IntN(1e6))/float64(1+r.IntN(1e4)))
	}
	for _, f := range values {
		want := vm.ToValue(f).String()
		if got := formatNumber(f); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", f, got, want)
		}
	}
}

// closeParams compares codes as floats: 1e300, Infinity or 2⁵³ have no int to become, and
// used to be converted anyway (implementation-defined in Go). Only a number is a code and
// only a string a reason; the error prints the code as JavaScript does.
func TestCloseParamsHostileValues(t *testing.T) {
	a := newParseAPI(t)
	const bad = "The code must be either 1000, or between 3000 and 4999. "
	for _, c := range []struct {
		opts       string
		code       int
		reason     string
		problem    string
		wantsError bool
	}{
		{`({code: 1e300})`, 0, "", bad + "1e+300 is neither.", true},
		{`({code: Infinity})`, 0, "", bad + "Infinity is neither.", true},
		{`({code: -Infinity})`, 0, "", bad + "-Infinity is neither.", true},
		{`({code: NaN})`, 0, "", bad + "NaN is neither.", true},
		{`({code: 2**53})`, 0, "", bad + "9007199254740992 is neither.", true},
		{`({code: 2**64})`, 0, "", bad + "18446744073709552000 is neither.", true},
		{`({code: -0})`, 0, "", bad + "0 is neither.", true},
		{`({code: 4000.5})`, 0, "", bad + "4000.5 is neither.", true},
		{`({code: 4999, reason: "r"})`, 4999, "r", "", false},
		{`({code: new Number(4001)})`, 1000, "", "", false},
		{`({code: 4001n})`, 1000, "", "", false},
		{`({code: Symbol()})`, 1000, "", "", false},
		{`({code: "4001"})`, 1000, "", "", false},
		{`({code: 4001, reason: Symbol("bye")})`, 4001, "", "", false},
		{`({code: 4001, reason: new String("bye")})`, 4001, "", "", false},
		{`({code: 4001, reason: 123})`, 4001, "", "", false},
		{`({code: 4001, reason: { toString() { throw new Error("no") } }})`, 4001, "", "", false},
	} {
		v, err := a.vm.RunString(c.opts)
		if err != nil {
			t.Fatal(err)
		}
		code, reason, problem := closeParams(v.ToObject(a.vm))
		if code != c.code || reason != c.reason || problem != c.problem {
			t.Errorf("%s: closeParams = %d, %q, %q; want %d, %q, %q", c.opts, code, reason, problem, c.code, c.reason, c.problem)
		}
	}
}

// runMatrixScript runs src in a runtime rooted at js-tests (so that it can require the
// shared tables in testdata/hostile/matrix.js), with SERVER set to srv's ws:// URL. It
// returns the run's error and the console output.
func runMatrixScript(t *testing.T, srv *wstest.Server, src string, setup func(vm *goja.Runtime)) (error, string) {
	t.Helper()
	var out syncbuf.Buffer
	rt, err := runtime.New(runtime.WithRoot("../js-tests"), runtime.WithStdout(&out), runtime.WithStderr(&out))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	if _, err := Install(rt, WithMaxSockets(0)); err != nil {
		t.Fatal(err)
	}
	url := "ws://127.0.0.1:1" // nothing may connect
	if srv != nil {
		url = srv.URL
	}
	_ = rt.VM().Set("SERVER", url)
	if setup != nil {
		setup(rt.VM())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err = rt.RunString(ctx, "main.js", src)
	return err, out.String()
}

// Nothing is dialled for a wx.connectSocket call that fails or throws: every value of the
// generated matrix in every parameter, each call with its own ?n= on the URL, and the
// server must never see an n whose call did not return a live SocketTask.
func TestArgumentMatrixDialsNothingOnFail(t *testing.T) {
	srv := wstest.NewServer(t)
	var failed map[string]bool
	err, out := runMatrixScript(t, srv, `
		var M = require('/testdata/hostile/matrix.js');
		var values = M.values(SERVER);
		var failed = [], live = [], outcomes = [], n = 0;
		M.params.connectSocket.forEach(function (param) {
			values.forEach(function (entry) {
				var id = String(n++);
				var arg = param[1]({ url: SERVER + '/echo?n=' + id }, entry[1]());
				var task;
				try {
					task = wx.connectSocket(arg);
				} catch (e) {}
				if (!task || task.readyState === 3) {
					failed.push(id);
					return;
				}
				live.push(task);
				outcomes.push(new Promise(function (resolve) { task.onOpen(resolve); task.onError(resolve); }));
			});
		});
		Promise.all(outcomes).then(function () {
			done(failed, n);
			live.forEach(function (task) { task.close(); });
		});
	`, func(vm *goja.Runtime) {
		_ = vm.Set("done", func(ids []string, total int) {
			failed = map[string]bool{}
			for _, id := range ids {
				failed[id] = true
			}
			t.Logf("%d calls, %d failed or threw", total, len(ids))
		})
	})
	// Hostile values as callbacks throw; those are reported, and not the point here.
	var ue *runtime.UncaughtErrors
	if err != nil && !errors.As(err, &ue) {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if failed == nil {
		t.Fatalf("the script did not finish\n%s", out)
	}
	if len(failed) == 0 {
		t.Fatal("no call failed: the matrix is not what this test expects")
	}
	for _, c := range srv.Conns() {
		if id := c.Query().Get("n"); failed[id] {
			t.Errorf("call %s failed or threw, yet the server got its handshake", id)
		}
	}
}

// connectSocket checks its argument as the base library does, against the template
// {url: ""}: an argument that is not an Object fails before its url is looked at, and
// the type names are Object.prototype.toString's. The invalid-url text is the base
// library's template literal, without any quoting inside.
func TestConnectSocketArgumentErrors(t *testing.T) {
	a := newParseAPI(t)
	const param = "connectSocket:fail parameter error: "
	for _, c := range []struct{ arg, want string }{
		{`new String("ws://127.0.0.1/")`, param + "parameter should be Object instead of String; 1001"},
		{`["ws://127.0.0.1/"]`, param + "parameter should be Object instead of Array; 1001"},
		{`(function () {})`, param + "parameter should be Object instead of Function; 1001"},
		{`new Date(0)`, param + "parameter should be Object instead of Date; 1001"},
		{`({})`, param + "parameter.url should be String instead of Undefined; 1001"},
		{`({url: Symbol("u")})`, param + "parameter.url should be String instead of Symbol; 1001"},
		{`({url: 10n})`, param + "parameter.url should be String instead of BigInt; 1001"},
		{`({url: new String("ws://127.0.0.1/")})`, param + "parameter.url should be String instead of String; 1001"},
		{`({url: 'http://a"b\\c\n'})`, "connectSocket:fail invalid url \"http://a\"b\\c\n\" undefined"},
	} {
		v, err := a.vm.RunString(`(function () {
			var arg = ` + c.arg + `, got = 'no callback', task;
			arg.fail = function (res) { got = res.errMsg + ' ' + res.errno; };
			task = wx.connectSocket(arg);
			return task === undefined ? got : 'returned a task';
		})()`)
		if err != nil {
			t.Fatalf("%s: %v", c.arg, err)
		}
		if got := v.String(); got != c.want {
			t.Errorf("connectSocket(%s): %q, want %q", c.arg, got, c.want)
		}
	}
}

// The key behind a SocketTask is a non-enumerable symbol, which
// Object.getOwnPropertySymbols still hands out. A method called on an object that
// carries it with any other value is a TypeError; the value is not exported (which ran
// its getters, and allocated 2**32-1 elements for new Array(2**32-1)).
func TestSocketTaskMethodsOnForgedThis(t *testing.T) {
	a := newParseAPI(t)
	v, err := a.vm.RunString(`(function () {
		var task = wx.connectSocket({ url: 'ws://127.0.0.1:1/' });
		var key = Object.getOwnPropertySymbols(task)[0];
		var got = [];
		[{ get walked() { throw new Error('exported') } }, 'task', 1, null, new Proxy({}, {})].forEach(function (value) {
			var forged = {};
			forged[key] = value;
			try {
				task.send.call(forged, { data: 'x' });
				got.push('no exception');
			} catch (e) {
				got.push(e instanceof TypeError ? 'TypeError' : String(e));
			}
		});
		return got.join(',');
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "TypeError,TypeError,TypeError,TypeError,TypeError"; v.String() != want {
		t.Errorf("got %s, want %s", v, want)
	}
}
