package wxapi

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/wstest"
)

// TestErrMsgCatalogue drives the real wx socket functions, in a runtime with wx installed
// and against a local server, and pins the exact texts they report against the spec's
// errMsg catalogue (wx-socket.md) and the README's decisions 1, 2, 8 and 9. Each script
// passes every res to check to got(res), which records res.errMsg and, when present,
// res.errno; URL is the server's ws:// base.
func TestErrMsgCatalogue(t *testing.T) {
	srv := wstest.NewServer(t)
	notOpen := "SocketTask.send:fail SocketTask.readyState is not OPEN"
	notConnected := "sendSocketMessage:fail WebSocket is not connected"
	for _, c := range []struct {
		name   string
		opts   []Option
		script string
		want   []string
	}{
		{"connectSocket and close succeed", nil, `
			const t = wx.connectSocket({ url: URL + "/echo", success: got });
			t.onOpen(() => t.close({ success: got }));`,
			[]string{"connectSocket:ok", "closeSocket:ok"}},
		{"connectSocket parameter error", nil, `
			wx.connectSocket({ url: 123, fail: got });
			wx.connectSocket({ url: null, fail: got });
			wx.connectSocket({ fail: got });`,
			[]string{
				"connectSocket:fail parameter error: parameter.url should be String instead of Number; errno=1001",
				"connectSocket:fail parameter error: parameter.url should be String instead of Null; errno=1001",
				"connectSocket:fail parameter error: parameter.url should be String instead of Undefined; errno=1001",
			}},
		{"connectSocket invalid url", nil, `
			wx.connectSocket({ url: "https://x", fail: got });
			wx.connectSocket({ url: "", fail: got });`,
			[]string{`connectSocket:fail invalid url "https://x"`, `connectSocket:fail invalid url ""`}},
		{"the socket cap (decision 1)", nil, `
			const open = [1, 2, 3, 4, 5].map(() => wx.connectSocket({ url: URL + "/echo" }));
			wx.connectSocket({ url: URL + "/echo", fail: got });
			open.forEach((t) => t.onOpen(() => t.close()));`,
			[]string{"connectSocket:fail fail reach max websocket connect count 5"}},
		{"the socket cap follows the limit", []Option{WithMaxSockets(2)}, `
			const open = [1, 2].map(() => wx.connectSocket({ url: URL + "/echo" }));
			wx.connectSocket({ url: URL + "/echo", fail: got });
			open.forEach((t) => t.onOpen(() => t.close()));`,
			[]string{"connectSocket:fail fail reach max websocket connect count 2"}},
		{"SocketTask.send while CONNECTING and after onClose (decision 2)", nil, `
			const t = wx.connectSocket({ url: URL + "/echo" });
			t.send({ data: "x", fail: got });
			t.onOpen(() => t.close());
			t.onClose(() => t.send({ data: "x", fail: got }));`,
			[]string{notOpen, notOpen}},
		{"wx.sendSocketMessage and wx.closeSocket with no socket", nil, `
			wx.sendSocketMessage({ data: "x", fail: got });
			wx.closeSocket({ fail: got });
			wx.sendSocketMessage({ data: "x" }).catch(got); // Promises settle after the callbacks
			wx.closeSocket().catch(got);`,
			[]string{notConnected, "closeSocket:fail WebSocket is not connected", notConnected, "closeSocket:fail WebSocket is not connected"}},
		{"wx.sendSocketMessage before the global task opens", nil, `
			const t = wx.connectSocket({ url: URL + "/echo" });
			wx.sendSocketMessage({ data: "x", fail: got });
			wx.onSocketOpen(() => {
				wx.sendSocketMessage({ data: "x" }).then(got).then(() => wx.closeSocket()).then(got);
			});`,
			[]string{notConnected, "sendSocketMessage:ok", "closeSocket:ok"}},
		{"send data that is not a string or an ArrayBuffer (decision 9)", nil, `
			const t = wx.connectSocket({ url: URL + "/echo" });
			t.onOpen(() => {
				for (const data of [undefined, null, 42, {}, new Uint8Array(2), new DataView(new ArrayBuffer(2))]) {
					t.send({ data, fail: got });
				}
				t.send({ fail: got });
				wx.sendSocketMessage({ data: null, fail: got });
				wx.sendSocketMessage({ data: [1], fail: got });
				t.send({ data: new ArrayBuffer(1), success: got, complete: () => t.close() });
			});`,
			[]string{
				"sendSocketMessage:fail message is null or nil", "sendSocketMessage:fail message is null or nil",
				"sendSocketMessage:fail unknown data", "sendSocketMessage:fail unknown data",
				"sendSocketMessage:fail unknown data", "sendSocketMessage:fail unknown data",
				"sendSocketMessage:fail message is null or nil",
				"sendSocketMessage:fail message is null or nil", "sendSocketMessage:fail unknown data",
				"sendSocketMessage:ok",
			}},
		{"close code and reason errors (decision 9)", nil, `
			const t = wx.connectSocket({ url: URL + "/echo" });
			t.onOpen(() => {
				t.close({ code: 1001, fail: got });
				t.close({ code: 2999, fail: got });
				t.close({ code: 5000, fail: got });
				t.close({ code: 3000.5, fail: got });
				t.close({ code: 4000, reason: "x".repeat(124), fail: got });
				t.close({ code: 4000, reason: "é".repeat(62), fail: got }); // 124 bytes
				t.close({ code: 4999, reason: "x".repeat(123), success: got });
			});`,
			[]string{
				"closeSocket:fail The code must be either 1000, or between 3000 and 4999. 1001 is neither.",
				"closeSocket:fail The code must be either 1000, or between 3000 and 4999. 2999 is neither.",
				"closeSocket:fail The code must be either 1000, or between 3000 and 4999. 5000 is neither.",
				"closeSocket:fail The code must be either 1000, or between 3000 and 4999. 3000.5 is neither.",
				"closeSocket:fail The message must not be greater than 123 bytes.",
				"closeSocket:fail The message must not be greater than 123 bytes.",
				"closeSocket:ok",
			}},
		{"close after onClose: wcwss taskID not exist (decision 9)", nil, `
			const t = wx.connectSocket({ url: URL + "/echo" });
			t.onOpen(() => t.close());
			t.onClose(() => t.close({ fail: got }));`,
			[]string{"closeSocket:fail wcwss taskID not exist"}},
		{"send while closing: WebSocket is not connected (decision 9)", nil, `
			const t = wx.connectSocket({ url: URL + "/echo" });
			t.onOpen(() => {
				t.close();
				t.send({ data: "x", fail: got });
			});`,
			[]string{notConnected}},
		{"onError text of a URL outside the domain list", []Option{WithURLCheck(true), WithAllowedDomains("example.com")}, `
			for (const url of [URL + "/echo", URL.replace("ws:", "wss:") + "/echo", "wss://other.example.com/"]) {
				wx.connectSocket({ url }).onError(got);
			}`,
			[]string{"url not in domain list", "url not in domain list", "url not in domain list"}},
		{"onError texts of refused and timed-out handshakes (decision 8)", nil, `
			const refused = wx.connectSocket({ url: URL + "/status/404" });
			refused.onError(got);
			refused.onError(() => {
				const stalled = wx.connectSocket({ url: URL + "/stall", timeout: 100 });
				stalled.onError(got);
			});`,
			[]string{"Invalid HTTP status", "connect response time out"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rt, out := newRuntime(t, c.opts...)
			var got []string
			vm := rt.VM()
			_ = vm.Set("URL", srv.URL)
			_ = vm.Set("got", func(call goja.FunctionCall) goja.Value {
				res := call.Argument(0).ToObject(vm)
				s := res.Get("errMsg").String()
				if errno := res.Get("errno"); errno != nil && !goja.IsUndefined(errno) {
					s += fmt.Sprintf(" errno=%v", errno.Export())
				}
				got = append(got, s)
				return goja.Undefined()
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := rt.RunString(ctx, "main.js", c.script); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
