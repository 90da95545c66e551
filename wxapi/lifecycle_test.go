package wxapi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
)

// newRuntime returns a runtime with wx installed, writing console output to out.
func newRuntime(t testing.TB, opts ...Option) (*runtime.Runtime, *syncbuf.Buffer) {
	t.Helper()
	rt, _, out := newRuntimeAPI(t, opts...)
	return rt, out
}

// newRuntimeAPI is newRuntime, with the installed API.
func newRuntimeAPI(t testing.TB, opts ...Option) (*runtime.Runtime, *API, *syncbuf.Buffer) {
	t.Helper()
	rt, out := newRuntimeWithoutInstall(t)
	api, err := Install(rt, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return rt, api, out
}

func TestOpenSocketKeepsTheLoopAliveUntilClosed(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, out := newRuntime(t)
	err := rt.RunString(context.Background(), "main.js", `
		const task = wx.connectSocket({ url: "`+srv.URL+`/echo" });
		task.onOpen(() => task.send({ data: "ping" }));
		task.onMessage((res) => { console.log("echo", res.data); setTimeout(() => task.close(), 50) });
		task.onClose((res) => console.log("closed", res.code));
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out.String() != "echo ping\nclosed 1000\n" {
		t.Fatalf("output %q", out.String())
	}
}

func TestTimeoutEndsARunWithANeverClosedSocket(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, out := newRuntime(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := rt.RunString(ctx, "main.js", `
		const task = wx.connectSocket({ url: "`+srv.URL+`/silent" });
		task.onOpen(() => console.log("open"));
	`)
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("want a timeout, got %v\n%s", err, out)
	}
	if len(te.Pending) != 1 || te.Pending[0] != "WebSocket "+srv.URL+"/silent (OPEN)" {
		t.Fatalf("pending %q", te.Pending)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("shutdown took %v", time.Since(start))
	}
	// The server saw the client leave with 1001 "going away".
	conns := srv.Conns()
	if len(conns) != 1 {
		t.Fatalf("server saw %d connections", len(conns))
	}
	waitCtx, waitCancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer waitCancel()
	if err := conns[0].Wait(waitCtx); err != nil {
		t.Fatal(err)
	}
	if conns[0].CloseCode() != 1001 {
		t.Fatalf("server got close code %d, want 1001", conns[0].CloseCode())
	}
}

func TestTimeoutDuringHandshakeShutsDownTheDial(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, _ := newRuntime(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := rt.RunString(ctx, "main.js", `wx.connectSocket({ url: "`+srv.URL+`/stall" })`)
	var te *runtime.TimeoutError
	if !errors.As(err, &te) || !strings.Contains(strings.Join(te.Pending, "\n"), "(CONNECTING)") {
		t.Fatalf("got %v", err)
	}
}

func TestManyConnectSendCloseCyclesLeaveNoGoroutines(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, out := newRuntime(t)
	err := rt.RunString(context.Background(), "main.js", `
		let left = 200;
		function cycle() {
			const task = wx.connectSocket({ url: "`+srv.URL+`/echo" });
			task.onOpen(() => task.send({ data: "x" }));
			task.onMessage(() => task.close());
			task.onClose(() => { if (--left > 0) cycle(); else console.log("done") });
		}
		cycle();
	`)
	if err != nil || out.String() != "done\n" {
		t.Fatalf("%v %q", err, out)
	}
	// goleak in TestMain verifies that every connection's goroutines ended.
}
