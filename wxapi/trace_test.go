package wxapi

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wstest"
)

// tracedRuntime returns a runtime traced to a Recorder, with wx installed.
func tracedRuntime(t *testing.T, opts ...Option) (*runtime.Runtime, *trace.Recorder, *syncbuf.Buffer) {
	t.Helper()
	rec := &trace.Recorder{}
	out := &syncbuf.Buffer{}
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()), runtime.WithStdout(out), runtime.WithStderr(out),
		runtime.WithTracer(trace.New(time.Now(), rec)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	if _, err := Install(rt, opts...); err != nil {
		t.Fatal(err)
	}
	return rt, rec, out
}

// step is an event reduced to what a test compares.
type step struct {
	Type   trace.Type
	ID     int64
	What   string // payload (text, or binary as %x), URL, errMsg, by
	Code   int
	Reason string
}

func steps(events []trace.Event) []step {
	out := make([]step, 0, len(events))
	for _, e := range events {
		s := step{Type: e.Type, ID: e.ID, Code: e.Code, Reason: e.Reason}
		switch e.Type {
		case trace.SocketConnect, trace.Request:
			s.What = e.Method + " " + e.URL
		case trace.SocketSend, trace.SocketMessage, trace.Response:
			s.What = e.Payload.Kind + ":" + e.Payload.Text
			if e.Payload.Kind == trace.KindBinary {
				s.What = fmt.Sprintf("binary:%x", e.Payload.Data)
			}
		case trace.SocketError, trace.RequestFail, trace.Fail:
			s.What = e.ErrMsg
		case trace.SocketClose:
			s.What = "by " + e.Name
		}
		out = append(out, s)
	}
	return out
}

func runTraced(t *testing.T, rt *runtime.Runtime, out fmt.Stringer, src string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := rt.RunString(ctx, "main.js", src); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

var socketTypes = []trace.Type{trace.SocketConnect, trace.SocketOpen, trace.SocketSend, trace.SocketMessage, trace.SocketError, trace.SocketClose}

// A socket's life as the trace records it: the attempt with its options, the open with
// the response headers, every frame each way with its payload (the client's close frame
// too), and the end with who closed.
func TestTraceSocket(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, rec, out := tracedRuntime(t)
	runTraced(t, rt, out, `
		const task = wx.connectSocket({ url: "`+srv.URL+`/protocol", header: { "X-User": "7" }, protocols: ["chat"], timeout: 5000, tcpNoDelay: true });
		task.onMessage((res) => {
			if (res.data === "chat") { // /protocol announces its choice first
				task.send({ data: "hi" });
				return;
			}
			if (typeof res.data === "string") task.send({ data: new Uint8Array([1, 2, 255]).buffer });
			else task.close({ code: 4000, reason: "done" });
		});
	`)
	events := rec.Events(socketTypes...)
	got := steps(events)
	want := []step{
		{Type: trace.SocketConnect, ID: 1, What: " " + srv.URL + "/protocol"},
		{Type: trace.SocketOpen, ID: 1},
		{Type: trace.SocketMessage, ID: 1, What: "text:chat"},
		{Type: trace.SocketSend, ID: 1, What: "text:hi"},
		{Type: trace.SocketMessage, ID: 1, What: "text:hi"},
		{Type: trace.SocketSend, ID: 1, What: "binary:0102ff"},
		{Type: trace.SocketMessage, ID: 1, What: "binary:0102ff"},
		{Type: trace.SocketSend, ID: 1, What: "close:", Code: 4000, Reason: "done"},
		{Type: trace.SocketClose, ID: 1, What: "by client", Code: 4000, Reason: "done"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %+v\nwant %+v", got, want)
	}
	connect, open := events[0], events[1]
	if connect.Header.Get("X-User") != "7" || !strings.HasPrefix(connect.Header.Get("Referer"), "https://servicewechat.com/") ||
		!reflect.DeepEqual(connect.Protocols, []string{"chat"}) || connect.ConnectTimeout != 5*time.Second || !connect.NoDelay || connect.Deflate {
		t.Errorf("connect event %+v", connect)
	}
	if open.Protocol != "chat" || open.Header.Get("Upgrade") != "websocket" {
		t.Errorf("open event %+v", open)
	}
	for i := 1; i < len(events); i++ {
		if events[i].Time < events[i-1].Time {
			t.Errorf("event %d at %v, before the one before it (%v)", i, events[i].Time, events[i-1].Time)
		}
	}
}

// Who closed, and the errors: the server's close frame, a dropped connection, a refused
// handshake (with its status), a URL outside the domain list, the socket cap.
func TestTraceSocketEndings(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, rec, out := tracedRuntime(t, WithMaxSockets(3))
	runTraced(t, rt, out, `
		const urls = ["/close?code=4001&reason=bye", "/drop?after=1", "/status/503"];
		let next = 0;
		function connect() {
			if (next === urls.length) {
				wx.connectSocket({ url: "ws://127.0.0.2:9/x" }); // the URL check is off: dials, refused
				return;
			}
			const task = wx.connectSocket({ url: "`+srv.URL+`" + urls[next++] });
			task.onClose(connect);
			task.onError(() => { if (next === 3) connect(); });
		}
		connect();
	`)
	got := steps(rec.Events(trace.SocketMessage, trace.SocketError, trace.SocketClose))
	want := []step{
		{Type: trace.SocketClose, ID: 1, What: "by server", Code: 4001, Reason: "bye"},
		{Type: trace.SocketMessage, ID: 2, What: "text:m0"},
		{Type: trace.SocketError, ID: 2, What: "abnormal closure"},
		{Type: trace.SocketClose, ID: 2, What: "by network", Code: 1006, Reason: "abnormal closure"},
		{Type: trace.SocketError, ID: 3, What: "Invalid HTTP status", Code: 503},
		{Type: trace.SocketError, ID: 4, What: "exception dial tcp 127.0.0.2:9: connect: connection refused"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %+v\nwant %+v", got, want)
	}

	rt, rec, out = tracedRuntime(t, WithMaxSockets(1), WithURLCheck(true))
	runTraced(t, rt, out, `
		wx.connectSocket({ url: "wss://example.com/a" });
		wx.connectSocket({ url: "wss://example.com/b", fail: () => {} });
	`)
	got = steps(rec.Events(trace.SocketConnect, trace.SocketError, trace.Fail))
	want = []step{
		{Type: trace.SocketConnect, ID: 1, What: " wss://example.com/a"},
		{Type: trace.SocketError, ID: 1, What: "url not in domain list"},
		{Type: trace.Fail, What: "connectSocket:fail fail reach max websocket connect count 1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %+v\nwant %+v", got, want)
	}
}

// A socket still open when the runtime shuts down: the server gets 1001, and the trace
// says wxrun closed it.
func TestTraceSocketShutdown(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, rec, _ := tracedRuntime(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		c, err := srv.WaitConn(ctx)
		if err == nil {
			_, _ = c.WaitReceived(ctx, 1)
		}
		cancel()
	}()
	err := rt.RunString(ctx, "main.js", `
		const task = wx.connectSocket({ url: "`+srv.URL+`/echo" });
		task.onOpen(() => task.send({ data: "x" }));
	`)
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("run: %v", err)
	}
	got := steps(rec.Events(trace.SocketSend, trace.SocketClose))
	want := []step{
		{Type: trace.SocketSend, ID: 1, What: "text:x"},
		{Type: trace.SocketSend, ID: 1, What: "close:", Code: 1001},
		{Type: trace.SocketClose, ID: 1, What: "by wxrun", Code: 1001},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %+v\nwant %+v", got, want)
	}
}

// Requests: the request with its body, the response with its status, headers and body
// (binary as bytes, a chunked one whole), a failure with the errMsg the script sees.
func TestTraceRequest(t *testing.T) {
	srv := wstest.NewServer(t)
	base := "http" + strings.TrimPrefix(srv.URL, "ws")
	rt, rec, out := tracedRuntime(t)
	runTraced(t, rt, out, `
		const base = "`+base+`";
		wx.request({ url: base + "/http/body?text=hello", method: "POST", data: { a: 1 }, success() {
			wx.request({ url: base + "/http/bytes?n=200", responseType: "arraybuffer", success() {
				wx.request({ url: base + "/http/chunks?n=2", enableChunked: true, success() {
					wx.request({ url: "http://127.0.0.2:9/", fail() {} });
				} });
			} });
		} });
	`)
	events := rec.Events(trace.Request, trace.Response, trace.RequestFail, trace.Fail)
	got := steps(events)
	want := []step{
		{Type: trace.Request, ID: 1, What: "POST " + base + "/http/body?text=hello"},
		{Type: trace.Response, ID: 1, What: "text:hello", Code: 200},
		{Type: trace.Request, ID: 2, What: "GET " + base + "/http/bytes?n=200"},
		{Type: trace.Response, ID: 2, What: fmt.Sprintf("binary:%x", bytesUpTo(200)), Code: 200}, // not UTF-8: binary
		{Type: trace.Request, ID: 3, What: "GET " + base + "/http/chunks?n=2"},
		{Type: trace.Response, ID: 3, What: "text:chunk 0\nchunk 1\n", Code: 200},
		{Type: trace.Request, ID: 4, What: "GET http://127.0.0.2:9/"},
		{Type: trace.RequestFail, ID: 4, What: "request:fail -102:net::ERR_CONNECTION_REFUSED"},
		{Type: trace.Fail, What: "request:fail -102:net::ERR_CONNECTION_REFUSED"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %+v\nwant %+v", got, want)
	}
	if e := events[0]; e.Payload.Text != `{"a":1}` || e.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request event %+v", e)
	}
	if e := events[1]; e.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("response event %+v", e)
	}
	if e := events[7]; e.Errno != 600001 {
		t.Errorf("request.fail event %+v", e)
	}
}

func bytesUpTo(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}
