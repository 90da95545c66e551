package wxapi

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/wstest"
)

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
