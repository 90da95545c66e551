package wxapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
)

// tunnelJS does what Tencent's wafer2 tunnel SDK does when it reconnects: a bare
// wx.closeSocket() (and here a bare wx.sendSocketMessage) with no socket open, whose
// Promise nobody handles.
const tunnelJS = `function reconnect() {
    wx.closeSocket();
    wx.sendSocketMessage({ data: "ping" });
}
reconnect();
`

func TestUnhandledWxPromiseRejectionNamesTheCallSite(t *testing.T) {
	rt, out := newRuntime(t)
	err := rt.RunString(context.Background(), "vendor/tunnel.js", tunnelJS)
	var ue *runtime.UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 2 {
		t.Fatalf("want 2 uncaught errors, got %v\n%s", err, out)
	}
	want := "Uncaught (in promise) { errMsg: 'closeSocket:fail WebSocket is not connected' }\n" +
		"    from wx.closeSocket() at vendor/tunnel.js:2:19\n" +
		"Uncaught (in promise) { errMsg: 'sendSocketMessage:fail WebSocket is not connected' }\n" +
		"    from wx.sendSocketMessage() at vendor/tunnel.js:3:25\n"
	if out.String() != want {
		t.Fatalf("output\n%s\nwant\n%s", out, want)
	}
	if o := ue.Errors[0].Origin; o != "wx.closeSocket() at vendor/tunnel.js:2:19" {
		t.Fatalf("Origin %q", o)
	}
}

func TestUnhandledRejectionsWarnStillCallsTheRejectionListeners(t *testing.T) {
	out := &syncbuf.Buffer{}
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()), runtime.WithStdout(out), runtime.WithStderr(out),
		runtime.WithUnhandledRejections(runtime.RejectionsWarn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	api, err := Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	api.SetAppErrorHandler(func(method string, arg goja.Value) {
		fmt.Fprintln(out, "app handler:", method, arg.ToObject(rt.VM()).Get("reason").ToObject(rt.VM()).Get("errMsg"))
	})
	err = rt.RunString(context.Background(), "app.js", `
wx.onUnhandledRejection(function (res) { console.log("wx.onUnhandledRejection", res.reason.errMsg, res.promise instanceof Promise) });
setTimeout(function () { wx.closeSocket() }, 0);
`)
	if err != nil {
		t.Fatalf("warn mode: the run failed: %v\n%s", err, out)
	}
	want := "Warning: Uncaught (in promise) { errMsg: 'closeSocket:fail WebSocket is not connected' }\n" +
		"    from wx.closeSocket() at app.js:3:40\n" +
		"wx.onUnhandledRejection closeSocket:fail WebSocket is not connected true\n" +
		"app handler: onUnhandledRejection closeSocket:fail WebSocket is not connected\n"
	if out.String() != want {
		t.Fatalf("output\n%s\nwant\n%s", out, want)
	}
	if strings.Count(out.String(), "Uncaught") != 1 {
		t.Fatalf("reported more than once:\n%s", out)
	}
}
