package wxapi

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
)

// runSocketScript runs src with the wx API installed and SERVER set to srv's ws:// URL,
// returning the runtime (closed by Cleanup) and its stderr.
func runSocketScript(t *testing.T, srv *wstest.Server, src string, setup func(vm *goja.Runtime)) (*runtime.Runtime, string) {
	t.Helper()
	var stderr, stdout syncbuf.Buffer
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()), runtime.WithStdout(&stdout), runtime.WithStderr(&stderr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close() })
	if _, err := Install(rt); err != nil {
		t.Fatal(err)
	}
	if err := rt.VM().Set("SERVER", srv.URL); err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(rt.VM())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := rt.RunString(ctx, "main.js", src); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	return rt, stderr.String()
}

// A non-boolean forceCellularNetwork is reported with the base library's console warning
// and otherwise ignored (wx-socket spec §1, checklist 38).
func TestConnectSocketForceCellularNetworkWarning(t *testing.T) {
	srv := wstest.NewServer(t)
	cases := []struct {
		value string // JS expression
		warn  string // "" = no warning
	}{
		{`"yes"`, "connectSocket argument forceCellularNetwork must be boolean but accept string\n"},
		{`1`, "connectSocket argument forceCellularNetwork must be boolean but accept number\n"},
		{`{}`, "connectSocket argument forceCellularNetwork must be boolean but accept object\n"},
		{`false`, ""},
		{`true`, ""},
		{`undefined`, ""},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			rt, stderr := runSocketScript(t, srv, `
				var log = globalThis.log = [];
				var task = wx.connectSocket({
					url: SERVER + '/echo',
					forceCellularNetwork: `+c.value+`,
					success: function (res) { log.push(res.errMsg); },
					fail: function (res) { log.push(res.errMsg); },
				});
				task.onOpen(function () { log.push('open'); task.close(); });
				task.onClose(function (res) { log.push('close:' + res.code); });
			`, nil)
			got := rt.VM().Get("log").Export()
			want := []any{"connectSocket:ok", "open", "close:1000"}
			if !equalExported(got, want) {
				t.Errorf("events = %v, want %v", got, want)
			}
			if c.warn == "" {
				if strings.Contains(stderr, "forceCellularNetwork") {
					t.Errorf("unexpected warning on stderr: %q", stderr)
				}
				return
			}
			if stderr != c.warn {
				t.Errorf("stderr = %q, want exactly %q", stderr, c.warn)
			}
		})
	}
}

// A detached ArrayBuffer cannot be sent (checklist 37; JS in goja cannot detach one, so
// it is detached from Go here). Nothing reaches the peer.
func TestSocketSendDetachedArrayBuffer(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, _ := runSocketScript(t, srv, `
		var log = globalThis.log = [];
		var task = wx.connectSocket({ url: SERVER + '/echo' });
		task.onOpen(function () {
			var buf = new ArrayBuffer(4);
			detach(buf);
			task.send({
				data: buf,
				success: function (res) { log.push('success:' + res.errMsg); },
				fail: function (res) { log.push('fail:' + res.errMsg); },
			});
			task.send({ data: 'end', success: function () { task.close(); } });
		});
		task.onClose(function (res) { log.push('close:' + res.code); });
	`, func(vm *goja.Runtime) {
		_ = vm.Set("detach", func(call goja.FunctionCall) goja.Value {
			ab, ok := call.Argument(0).Export().(goja.ArrayBuffer)
			if !ok || !ab.Detach() {
				panic(vm.NewTypeError("detach: not a detachable ArrayBuffer"))
			}
			return goja.Undefined()
		})
	})
	got := rt.VM().Get("log").Export()
	want := []any{"fail:sendSocketMessage:fail unknown data", "close:1000"}
	if !equalExported(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
	conns := srv.Conns()
	if len(conns) != 1 {
		t.Fatalf("%d connections, want 1", len(conns))
	}
	recv := conns[0].Received()
	if len(recv) != 1 || string(recv[0].Data) != "end" {
		t.Errorf("the peer received %d messages (%v), want only \"end\"", len(recv), recv)
	}
}

func equalExported(got any, want []any) bool {
	g, ok := got.([]any)
	if !ok || len(g) != len(want) {
		return false
	}
	for i := range g {
		if g[i] != want[i] {
			return false
		}
	}
	return true
}
