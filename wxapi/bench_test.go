package wxapi_test

// Benchmarks of the wx socket API end to end: a wstest server on 127.0.0.1, a runtime
// with wx installed, and a script that does b.N of something. Run them with
//
//	go test -run '^$' -bench . -benchmem ./wxapi
//
// The server runs in the benchmark's process, so B/op and allocs/op include the
// server's side of each message (a few allocations); the side-by-side comparison with
// Node.js in bench/ runs the server in its own process.

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/bench/server"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
	"github.com/wxrun/wxrun/wxapi"
)

// benchServer returns a wstest server with lean scenarios that do not record messages
// (the built-in ones keep every message, which would grow with b.N):
//
//	/b/echo                      echo every message
//	/b/push?n=N&size=S&binary=1  send N messages of S bytes, then read until closed
//	/b/sink                      count messages; answer "count?" with the count
func benchServer(b *testing.B) *wstest.Server {
	srv := wstest.NewServer(b)
	srv.Handle("/b/echo", func(c *wstest.Conn) {
		ws := c.WebSocket()
		for {
			kind, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			if err := c.Write(wstest.Message{Type: kind, Data: data}); err != nil {
				return
			}
		}
	})
	srv.Handle("/b/push", func(c *wstest.Conn) {
		q := c.Query()
		n, _ := strconv.Atoi(q.Get("n"))
		size, _ := strconv.Atoi(q.Get("size"))
		kind := websocket.TextMessage
		if q.Get("binary") == "1" {
			kind = websocket.BinaryMessage
		}
		payload := make([]byte, size)
		for i := range payload {
			payload[i] = 'x'
		}
		pm, err := websocket.NewPreparedMessage(kind, payload)
		if err != nil {
			return
		}
		ws := c.WebSocket()
		for i := 0; i < n; i++ {
			if ws.WritePreparedMessage(pm) != nil {
				return
			}
		}
		drain(ws)
	})
	srv.Handle("/b/sink", func(c *wstest.Conn) {
		ws := c.WebSocket()
		count := 0
		for {
			kind, r, err := ws.NextReader()
			if err != nil {
				return
			}
			data, err := io.ReadAll(r)
			if err != nil {
				return
			}
			if kind == websocket.TextMessage && string(data) == "count?" {
				if c.WriteText(strconv.Itoa(count)) != nil {
					return
				}
				continue
			}
			count++
		}
	})
	srv.Handle("/b/json", func(c *wstest.Conn) {
		n, _ := strconv.Atoi(c.Query().Get("n"))
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, server.JSONDoc())
		if err != nil {
			return
		}
		ws := c.WebSocket()
		done := make(chan struct{})
		go func() {
			// The only other writer is the "count?" answer, sent after every reply arrived,
			// so after this loop ended.
			defer close(done)
			for i := 0; i < n; i++ {
				if ws.WritePreparedMessage(pm) != nil {
					return
				}
			}
		}()
		count := 0
		for {
			_, r, err := ws.NextReader()
			if err != nil {
				break
			}
			data, err := io.ReadAll(r)
			if err != nil {
				break
			}
			if string(data) == "count?" {
				<-done
				if c.WriteText(strconv.Itoa(count)) != nil {
					break
				}
				continue
			}
			count++
		}
		<-done
	})
	return srv
}

// drain reads until the client closes; the close handler answers its close frame.
func drain(ws *websocket.Conn) {
	for {
		if _, _, err := ws.NextReader(); err != nil {
			return
		}
	}
}

// runScript runs src in a fresh runtime with wx installed (and opts, such as a tracer)
// and fails the benchmark on any error. b.N and the server URL are passed as the globals N
// and URL. It returns the runtime's shared global object's "result" property as an integer.
func runScript(b *testing.B, srv *wstest.Server, src string, opts ...runtime.Option) int64 {
	b.Helper()
	opts = append([]runtime.Option{runtime.WithRoot(b.TempDir()), runtime.WithStdout(io.Discard), runtime.WithStderr(io.Discard)}, opts...)
	rt, err := runtime.New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close()
	if _, err := wxapi.Install(rt, wxapi.WithMaxSockets(0)); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	prelude := fmt.Sprintf("const N = %d, URL = %q;\n", b.N, srv.URL)
	b.ReportAllocs()
	b.ResetTimer()
	if err := rt.RunString(ctx, "main.js", prelude+src); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	return rt.SharedGlobal().Get("result").ToInteger()
}

func reportRate(b *testing.B, unit string) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}

// One inbound 64-byte text message from the socket to a JS onMessage listener.
func BenchmarkInboundText(b *testing.B) {
	srv := benchServer(b)
	got := runScript(b, srv, inboundText)
	if got != int64(b.N) {
		b.Fatalf("received %d messages, want %d", got, b.N)
	}
	reportRate(b, "msgs/s")
}

// One inbound 4 KiB binary message, delivered as an ArrayBuffer.
func BenchmarkInboundBinary4K(b *testing.B) {
	srv := benchServer(b)
	got := runScript(b, srv, `
		const task = wx.connectSocket({ url: URL + "/b/push?size=4096&binary=1&n=" + N });
		let got = 0;
		task.onMessage(function (res) {
			if (!(res.data instanceof ArrayBuffer) || res.data.byteLength !== 4096) throw new Error("bad message");
			if (++got === N) task.close();
		});
		task.onClose(function () { global.result = got; });
	`)
	if got != int64(b.N) {
		b.Fatalf("received %d messages, want %d", got, b.N)
	}
	reportRate(b, "msgs/s")
	b.ReportMetric(float64(b.N)*4096/1e6/b.Elapsed().Seconds(), "MB/s")
}

// One SocketTask.send of a 64-byte text from JS to the wire, counted by the server.
func BenchmarkSend(b *testing.B) {
	srv := benchServer(b)
	got := runScript(b, srv, sendText)
	if got != int64(b.N) {
		b.Fatalf("server counted %d messages, want %d", got, b.N)
	}
	reportRate(b, "msgs/s")
}

// One round trip: JS sends, the server echoes, onMessage sends the next.
func BenchmarkPingPong(b *testing.B) {
	srv := benchServer(b)
	got := runScript(b, srv, `
		const task = wx.connectSocket({ url: URL + "/b/echo" });
		let rounds = 0;
		task.onOpen(function () { task.send({ data: "ping" }); });
		task.onMessage(function () {
			if (++rounds < N) task.send({ data: "ping" });
			else task.close();
		});
		task.onClose(function () { global.result = rounds; });
	`)
	if got != int64(b.N) {
		b.Fatalf("%d round trips, want %d", got, b.N)
	}
	reportRate(b, "roundtrips/s")
}

// One socket's life: connectSocket, onOpen, close, onClose.
func BenchmarkConnectClose(b *testing.B) {
	srv := benchServer(b)
	got := runScript(b, srv, `
		let done = 0;
		function cycle() {
			const task = wx.connectSocket({ url: URL + "/b/echo" });
			task.onOpen(function () { task.close(); });
			task.onClose(function () {
				if (++done < N) cycle();
				else global.result = done;
			});
		}
		cycle();
	`)
	if got != int64(b.N) {
		b.Fatalf("%d cycles, want %d", got, b.N)
	}
	reportRate(b, "conns/s")
}

// One ~1 KiB JSON message handled by ordinary code: JSON.parse, a computed field, an
// added item, JSON.stringify, send back (bench/scenarios/json.js).
func BenchmarkJSONHandler(b *testing.B) {
	srv := benchServer(b)
	got := runScript(b, srv, `
		const task = wx.connectSocket({ url: URL + "/b/json?n=" + N });
		let handled = 0;
		task.onMessage(function (res) {
			if (handled === N) {
				global.result = Number(res.data);
				task.close();
				return;
			}
			const order = JSON.parse(res.data);
			let total = 0;
			for (let i = 0; i < order.items.length; i++) total += order.items[i].qty * order.items[i].price;
			order.total = Math.round(total * 100) / 100;
			order.items.push({ sku: "SKU-GIFT", title: "Gift wrap", qty: 1, price: 0 });
			order.status = "seen";
			order.seq = handled;
			task.send({ data: JSON.stringify(order) });
			if (++handled === N) task.send({ data: "count?" });
		});
	`)
	if got != int64(b.N) {
		b.Fatalf("server counted %d replies, want %d", got, b.N)
	}
	reportRate(b, "msgs/s")
}
