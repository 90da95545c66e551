package wxapi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
)

// SocketsInProgress counts sockets connecting and closing, not open ones; Reset closes
// what is left and forgets the listeners of the program that went away: a network change,
// an error and a rejection after it reach none of them, and the reset socket reports
// nothing.
func TestResetAndSocketsInProgress(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, api, out := newRuntimeAPI(t)
	vm := rt.VM()
	_ = vm.Set("inProgress", api.SocketsInProgress)
	_ = vm.Set("reset", api.Reset)
	_ = vm.Set("offline", func() { _ = api.SetNetwork(NetworkOffline) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := rt.RunString(ctx, "main.js", `
		const url = "`+srv.URL+`/echo";
		wx.onNetworkStatusChange(() => console.log("network listener"));
		wx.onError(() => console.log("error listener"));
		wx.onUnhandledRejection(() => console.log("rejection listener"));
		const task = wx.connectSocket({ url });
		console.log("connecting", inProgress());
		task.onOpen(() => {
			console.log("open", inProgress());
			task.close({ code: 1000 });
			console.log("closing", inProgress());
		});
		task.onClose(() => {
			const again = wx.connectSocket({ url });
			again.onClose(() => console.log("onClose after a reset"));
			again.onOpen(() => {
				reset();
				console.log("after reset", inProgress());
				offline();
				setTimeout(() => { throw new Error("boom") }, 10);
				Promise.reject(new Error("no"));
			});
		});
	`)
	var ue *runtime.UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 2 {
		t.Fatalf("want the two uncaught errors, got %v", err)
	}
	want := "connecting 1\nopen 0\nclosing 1\nafter reset 0\n"
	if got := out.String(); !strings.HasPrefix(got, want) {
		t.Fatalf("output:\n%s\nwant it to start with:\n%s", got, want)
	}
	for _, never := range []string{"network listener", "error listener", "rejection listener", "onClose after a reset"} {
		if strings.Contains(out.String(), never) {
			t.Errorf("%q printed after Reset:\n%s", never, out.String())
		}
	}
}
