package wxapi

import (
	"context"
	"errors"
	"testing"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
)

// A function defined with DefineAsync follows the rules of every wx function: exactly one
// of success/fail then complete, the same res, errMsg "<name>:ok|fail …", a Promise when
// there are no callbacks, synchronous outcomes before the call returns, and options read
// before the callbacks.
func TestDefineAsync(t *testing.T) {
	out := &syncbuf.Buffer{}
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()), runtime.WithStdout(out), runtime.WithStderr(out))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	a, err := Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	a.DefineAsync("probe", true, func(c *Call) goja.Value {
		mode, ok := c.String("mode")
		if !ok {
			c.FailParameter("parameter.mode should be String instead of " + c.TypeName(c.Get("mode")) + ";")
			return nil
		}
		switch mode {
		case "ok":
			c.Succeed(Field{"value", 42})
		case "fail":
			c.FailWithErrno(7, "nope", Field{"extra", "x"})
		case "later":
			rt.Submit(func() { c.Succeed() })
			return rt.VM().ToValue("a task")
		}
		return nil
	})
	a.DefineAsync("plain", false, func(c *Call) goja.Value { c.Fail(""); return nil })
	err = rt.RunString(context.Background(), "main.js", `
function log(tag) { return function (res) { console.log(tag, JSON.stringify(res)) } }
var reads = [];
var opts = { get mode() { reads.push("mode"); return "ok" }, get success() { reads.push("success"); return log("success") }, complete: log("complete") };
wx.probe(opts);
console.log("reads", reads.join(","));
wx.probe({ mode: "fail", fail: log("fail"), complete: log("complete") });
console.log("returned", wx.probe({ mode: "later", success: log("later") }));
wx.probe({ mode: 1, fail: log("param") });
wx.probe({ mode: "ok" }).then(log("resolved"));
wx.probe({ mode: "fail" }).catch(log("rejected"));
console.log("plain returns", wx.plain());
wx.plain({ fail: log("plain fail") });
console.log("sync done");
`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := `success {"errMsg":"probe:ok","value":42}
complete {"errMsg":"probe:ok","value":42}
reads mode,success
fail {"errMsg":"probe:fail nope","errno":7,"extra":"x"}
complete {"errMsg":"probe:fail nope","errno":7,"extra":"x"}
returned a task
param {"errMsg":"probe:fail parameter error: parameter.mode should be String instead of Number;","errno":1001}
plain returns undefined
plain fail {"errMsg":"plain:fail"}
sync done
resolved {"errMsg":"probe:ok","value":42}
rejected {"errMsg":"probe:fail nope","errno":7,"extra":"x"}
later {"errMsg":"probe:ok"}
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

// Reporting twice is a bug in the API: it is caught and reported as an internal error,
// and the script's callbacks still ran once.
func TestDefineAsyncReportingTwiceIsAnInternalError(t *testing.T) {
	rt, out := newRuntime(t)
	// newRuntime installed wx already; this second Install replaces it with one to define on.
	a, err := Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	a.DefineAsync("twice", false, func(c *Call) goja.Value { c.Succeed(); c.Succeed(); return nil })
	err = rt.RunString(context.Background(), "main.js", `
var n = 0;
try { wx.twice({ complete: function () { n++ } }) } finally { console.log("complete ran", n) }
`)
	var ue *runtime.UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 1 || ue.Errors[0].Message != "wxrun internal error: wxapi: wx.twice reported its outcome twice" {
		t.Fatalf("got %v\n%s", err, out)
	}
}
