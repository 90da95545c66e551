package wxapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/wstest"
)

// eventLogger is a script that connects to URL and prints every event of the task, one
// line each.
const eventLogger = `
	const task = wx.connectSocket({ url: URL });
	task.onOpen(() => console.log("open"));
	task.onMessage((res) => console.log("msg", res.data));
	task.onError((res) => console.log("error", res.errMsg));
	task.onClose((res) => console.log("close", res.code, res.reason));
`

// runLines runs src with URL set to url and returns its console output as lines. The run
// ends when nothing is pending, so no event can follow what it returns.
func runLines(t *testing.T, url, src string, opts ...Option) []string {
	t.Helper()
	rt, out := newRuntime(t, opts...)
	if err := rt.VM().Set("URL", url); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := rt.RunString(ctx, "main.js", src); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

// Text that is not UTF-8 fails the connection (RFC 6455 §8.1): what came before it is
// delivered, then onError and onClose 1007, nothing after (the server sends "after"), and
// the server receives the close frame 1007. A close frame whose reason is not UTF-8
// fails it too, with 1002, the code gorilla sends.
func TestInvalidUTF8FailsTheConnection(t *testing.T) {
	cases := []struct {
		name       string
		path       string
		want       []string
		serverCode int
	}{
		{"text", "/bad-utf8?n=2", []string{"open", "msg m0", "msg m1",
			"error exception Could not decode a text frame as UTF-8.",
			"close 1007 Invalid UTF-8 in text frame"}, websocket.CloseInvalidFramePayloadData},
		{"close reason", "/bad-utf8?n=2&close=1", []string{"open", "msg m0", "msg m1",
			"error exception Received a broken close frame containing invalid UTF-8.",
			"close 1002 Invalid UTF-8 in Close frame"}, websocket.CloseProtocolError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := wstest.NewServer(t)
			got := runLines(t, srv.URL+c.path, eventLogger)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			sc, err := srv.WaitConn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := sc.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			if sc.CloseCode() != c.serverCode {
				t.Errorf("the server received close %d %q, want %d", sc.CloseCode(), sc.CloseReason(), c.serverCode)
			}
		})
	}
}

func TestCloseFrameSent(t *testing.T) {
	reset := &net.OpError{Op: "write", Net: "tcp", Err: errors.New("connection reset by peer")}
	cases := []struct {
		err       error
		byGorilla bool
		want      bool
	}{
		{nil, false, true},
		{nil, true, true},
		{websocket.ErrCloseSent, true, true},   // gorilla's own close frame went out first
		{websocket.ErrCloseSent, false, false}, // ours did not; an earlier one was not ours to report
		{reset, false, false},
		{reset, true, false},
		{errors.New("websocket: write timeout"), false, false},
	}
	for _, c := range cases {
		if got := closeFrameSent(c.err, c.byGorilla); got != c.want {
			t.Errorf("closeFrameSent(%v, %v) = %v, want %v", c.err, c.byGorilla, got, c.want)
		}
	}
}

// Many sends, then the server closes while they are under way: every send's outcome
// comes before onClose, in send order; every frame the server received was reported ok
// and every other one failed.
//
// "while queueing": the server closes on the first message, while the script is still
// sending, so later sends are refused by a connection that is over while earlier ones
// still wait for their outcome. "while writing": every send is queued first (the script
// then opens a second socket, which tells the server), and the server, which has not
// read anything yet, closes while the writer is blocked in the middle of them.
func TestSendOutcomesAroundAServerClose(t *testing.T) {
	const n = 300
	for _, c := range []struct{ name, path, size, signal string }{
		{"while queueing", "/close-on-first", "16 << 10", ""},
		{"while writing", "/close-when-queued", "64 << 10", `
			const signal = wx.connectSocket({ url: URL.replace(/\/[^/]*$/, "/queued") });
			signal.onOpen(() => signal.close());`},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := wstest.NewServer(t)
			srv.Handle("/close-on-first", func(c *wstest.Conn) {
				if _, err := c.Read(); err == nil {
					_ = c.Close(4000, "enough") // then records what arrives before the client's answer
				}
			})
			queued := make(chan struct{})
			srv.Handle("/queued", func(c *wstest.Conn) {
				close(queued)
				for {
					if _, err := c.Read(); err != nil {
						return
					}
				}
			})
			srv.Handle("/close-when-queued", func(c *wstest.Conn) {
				select {
				case <-queued:
					_ = c.Close(4000, "enough")
				case <-c.Context().Done():
				}
			})
			lines := runLines(t, srv.URL+c.path, `
				const N = `+strconv.Itoa(n)+`, filler = "x".repeat(`+c.size+`);
				const task = wx.connectSocket({ url: URL });
				task.onOpen(() => {
					for (let i = 0; i < N; i++) {
						task.send({
							data: i + ":" + filler,
							success: () => console.log("ok", i),
							fail: (res) => console.log("fail", i, res.errMsg),
						});
					}
					`+c.signal+`
				});
				task.onError((res) => console.log("error", res.errMsg));
				task.onClose((res) => console.log("close", res.code, res.reason));
			`, WithMaxSockets(0))
			checkSendOutcomes(t, srv, lines, n)
		})
	}
}

func checkSendOutcomes(t *testing.T, srv *wstest.Server, lines []string, n int) {
	t.Helper()
	if len(lines) != n+1 || lines[n] != "close 4000 enough" {
		t.Fatalf("want %d send outcomes, then onClose; got %d lines ending %q", n, len(lines), lines[len(lines)-1])
	}
	ok := map[int]bool{}
	for i, line := range lines[:n] {
		var verdict string
		var index int
		if _, err := fmt.Sscan(line, &verdict, &index); err != nil || index != i {
			t.Fatalf("line %d: %q, want the outcome of send %d", i, line, i)
		}
		switch {
		case verdict == "ok":
			ok[i] = true
		case line != fmt.Sprintf("fail %d sendSocketMessage:fail WebSocket is not connected", i):
			t.Fatalf("line %d: %q", i, line)
		}
	}

	sc := srv.Conns()[0] // the script's first socket
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sc.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	received := map[int]bool{}
	for _, m := range sc.Received() {
		i, err := strconv.Atoi(string(m.Data[:strings.IndexByte(string(m.Data), ':')]))
		if err != nil {
			t.Fatal(err)
		}
		received[i] = true
	}
	for i := range n {
		if ok[i] != received[i] {
			t.Errorf("send %d: reported ok=%v, received by the server=%v", i, ok[i], received[i])
		}
	}
	t.Logf("%d of %d sends were written before the close", len(ok), n)
}
