package wxapi

import (
	"context"
	"testing"
	"time"

	"github.com/wxrun/wxrun/wstest"
)

// InterruptSockets ends every socket the way a phone does after a long time in the
// background: onClose{1000, "interrupted"} and no onError for an open socket and for one
// still connecting, a close frame 1001 to the server, and a failed send for a frame that
// was still waiting. Sockets that already ended are left alone.
func TestInterruptSockets(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, api, out := newRuntimeAPI(t)
	_ = rt.VM().Set("interrupt", func() { api.InterruptSockets() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := rt.RunString(ctx, "main.js", `
		function track(name, task) {
			task.onOpen(() => console.log(name + " open"));
			task.onError((res) => console.log(name + " error " + res.errMsg));
			task.onClose((res) => console.log(name + " close " + res.code + " " + JSON.stringify(res.reason)));
			return task;
		}
		const done = track("done", wx.connectSocket({ url: "`+srv.URL+`/echo" }));
		done.onOpen(() => done.close());
		done.onClose(() => {
			const open = track("open", wx.connectSocket({ url: "`+srv.URL+`/echo" }));
			track("stalled", wx.connectSocket({ url: "`+srv.URL+`/stall" }));
			open.onOpen(() => setTimeout(() => { interrupt(); console.log("interrupted") }, 50));
		});
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "done open\ndone close 1000 \"\"\nopen open\ninterrupted\n"
	if got := out.String(); len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("output:\n%s\nwant it to start with:\n%s", got, want)
	}
	rest := out.String()[len(want):]
	if rest != "open close 1000 \"interrupted\"\nstalled close 1000 \"interrupted\"\n" &&
		rest != "stalled close 1000 \"interrupted\"\nopen close 1000 \"interrupted\"\n" {
		t.Fatalf("after the interruption:\n%s", rest)
	}
	var echoes []*wstest.Conn
	for _, c := range srv.Conns() {
		if c.Path() == "/echo" {
			echoes = append(echoes, c)
		}
	}
	if len(echoes) != 2 {
		t.Fatalf("server saw %d /echo connections, want 2", len(echoes))
	}
	if err := echoes[1].Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if got := echoes[1].CloseCode(); got != 1001 {
		t.Errorf("the server got close code %d, want 1001 (going away)", got)
	}
}
