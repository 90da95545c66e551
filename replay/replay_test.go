package replay_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/replay"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// backend is the server a session is recorded against: POST /login answers a token;
// /chat, with that token, greets the client, sends a binary frame, says "bye" after a
// pause and answers the client's close with its own reason; /push pushes and closes;
// /down refuses the handshake.
func backend(t *testing.T) *httptest.Server {
	up := websocket.Upgrader{Subprotocols: []string{"chat"}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Code string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("X-Token-For", body.Code)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"token":"t1"}`))
	})
	mux.HandleFunc("/chat", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("token") != "t1" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		ws, err := up.Upgrade(w, r, http.Header{"X-Room": {"lobby"}})
		if err != nil {
			return
		}
		defer ws.Close()
		ws.SetCloseHandler(func(code int, text string) error {
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "see you"), time.Now().Add(time.Second))
			return nil
		})
		if _, m, err := ws.ReadMessage(); err != nil || string(m) != "hello" {
			return
		}
		_ = ws.WriteMessage(websocket.TextMessage, []byte("welcome"))
		_ = ws.WriteMessage(websocket.BinaryMessage, []byte{1, 2, 3})
		if _, _, err := ws.ReadMessage(); err != nil {
			return
		}
		time.Sleep(150 * time.Millisecond)
		_ = ws.WriteMessage(websocket.TextMessage, []byte("bye"))
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/push", func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		_ = ws.WriteMessage(websocket.TextMessage, []byte("p1"))
		_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4001, "over"), time.Now().Add(time.Second))
		_, _, _ = ws.ReadMessage()
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// session is the mini program's client code: it logs in, chats, and opens three more
// sockets that end in other ways.
const session = `
	wx.request({ url: HTTP + "/login", method: "POST", data: { code: "c1" }, success(res) {
		console.log("login", res.statusCode, JSON.stringify(res.data), res.header["X-Token-For"]);
		const task = wx.connectSocket({ url: WS + "/chat?token=" + res.data.token, protocols: ["chat"] });
		task.onOpen((res) => { console.log("open", res.header["X-Room"]); task.send({ data: HELLO }) });
		task.onMessage((res) => {
			if (typeof res.data !== "string") {
				console.log("binary", new Uint8Array(res.data).join(","));
				task.send({ data: new Uint8Array([9, 8]).buffer });
				return;
			}
			console.log("message", res.data);
			if (res.data === "bye") task.close({ code: 1000, reason: "done" });
		});
		task.onClose((res) => {
			console.log("close", res.code, res.reason);
			const push = wx.connectSocket({ url: WS + "/push" });
			push.onMessage((res) => console.log("push", res.data));
			push.onClose((res) => {
				console.log("push closed", res.code, res.reason);
				wx.connectSocket({ url: WS + "/down" }).onError((res) => {
					console.log("down", res.errMsg);
					wx.connectSocket({ url: "ws://127.0.0.1:1/" }).onError((res) => console.log("refused", res.errMsg));
				});
			});
		});
	} });
`

const want = `login 200 {"token":"t1"} c1
open lobby
message welcome
binary 1,2,3
message bye
close 1000 see you
push p1
push closed 4001 over
down Invalid HTTP status
refused exception dial tcp 127.0.0.1:1: connect: connection refused
`

// run runs src with the globals HTTP, WS and HELLO, traced to tracePath when it is not
// "", over transport when it is not nil, and returns the console output.
func run(t *testing.T, src, httpURL, hello, tracePath string, transport wxapi.Transport) string {
	t.Helper()
	var out syncbuf.Buffer
	opts := []runtime.Option{runtime.WithRoot(t.TempDir()), runtime.WithStdout(&out), runtime.WithStderr(&out)}
	var w *trace.Writer
	if tracePath != "" {
		start := time.Now()
		var err error
		if w, err = trace.Create(tracePath, start, trace.WriterOptions{}); err != nil {
			t.Fatal(err)
		}
		opts = append(opts, runtime.WithTracer(trace.New(start, w)))
	}
	rt, err := runtime.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wxapi.Install(rt, wxapi.WithTransport(transport)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	globals := "const HTTP = " + jsString(httpURL) + ", WS = " + jsString("ws"+strings.TrimPrefix(httpURL, "http")) + ", HELLO = " + jsString(hello) + ";\n"
	runErr := rt.RunString(ctx, "main.js", globals+src)
	_ = rt.Close()
	if w != nil {
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if runErr != nil {
		t.Fatalf("run: %v\n%s", runErr, out.String())
	}
	return out.String()
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// record runs the session against the backend, then stops the backend, and returns the
// trace file and the backend's URL.
func record(t *testing.T) (string, string) {
	t.Helper()
	srv := backend(t)
	path := filepath.Join(t.TempDir(), "session.jsonl")
	if got := run(t, session, srv.URL, "hello", path, nil); got != want {
		t.Fatalf("recording: output\n%s\nwant\n%s", got, want)
	}
	srv.Close() // from here on, nothing listens: a replay that touched the network would fail
	return path, srv.URL
}

// A recorded session replays with the server stopped: the same output, no divergence, as
// fast as possible or with the recorded timing (the server's 150 ms pause before "bye").
func TestReplayReproducesTheSession(t *testing.T) {
	path, url := record(t)
	rec, err := replay.Load(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.String(); !strings.HasSuffix(got, "(4 socket(s), 1 request(s))") {
		t.Errorf("recording %s", got)
	}
	for _, timing := range []bool{false, true} {
		s := rec.NewSession(replay.Options{Timing: timing})
		start := time.Now()
		got := run(t, session, url, "hello", "", s)
		elapsed := time.Since(start)
		if d := s.Close(); len(d) > 0 {
			t.Errorf("timing %v: divergences:\n%v", timing, d)
		}
		if got != want {
			t.Errorf("timing %v: replay output\n%s\nwant\n%s", timing, got, want)
		}
		if timing && elapsed < 150*time.Millisecond {
			t.Errorf("with the recorded timing the replay took %v, less than the server's pause", elapsed)
		}
	}
}

// A client that sends a different frame diverges: the report names the socket, the
// recorded frame with its trace line, and what the client sent; the connection is closed
// with 1011, and what the recording has after it is reported as never reached.
func TestReplayReportsADivergence(t *testing.T) {
	path, url := record(t)
	rec, err := replay.Load(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := rec.NewSession(replay.Options{})
	got := run(t, session, url, "HELLO", "", s)
	d := s.Close()
	if !strings.Contains(got, "close 1011 wxrun replay: diverged from the recording\n") {
		t.Errorf("output\n%s", got)
	}
	if len(d) == 0 {
		t.Fatal("no divergence")
	}
	first := d[0]
	if !strings.HasPrefix(first.Where, "socket 1, ws"+strings.TrimPrefix(url, "http")+"/chat?token=t1 (1st connection to this URL; trace line ") ||
		!strings.HasPrefix(first.Recorded, `the client sends text "hello" (trace line `) ||
		first.Replayed != `the client sent text "HELLO"` {
		t.Errorf("divergence:\n%s", first)
	}
	// The client reacted to the 1011 by opening /push, which the recording has next.
	var rest []string
	for _, x := range d[1:] {
		rest = append(rest, x.String())
	}
	if len(d) != 1 {
		t.Errorf("more divergences than the frame:\n%s", strings.Join(rest, "\n"))
	}
}

// Extra connections and requests fail and diverge; recorded ones never reached are
// reported when the session closes.
func TestReplayExtraAndMissing(t *testing.T) {
	path, url := record(t)
	rec, err := replay.Load(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := rec.NewSession(replay.Options{})
	got := run(t, `
		wx.connectSocket({ url: WS + "/elsewhere" }).onError((res) => console.log(res.errMsg));
		wx.request({ url: HTTP + "/login", method: "GET", fail: (res) => console.log(res.errMsg) });
	`, url, "", "", s)
	d := s.Close()
	ws := "ws" + strings.TrimPrefix(url, "http")
	if !strings.Contains(got, "exception wxrun replay: "+path+" has no 1st connection to "+ws+"/elsewhere\n") ||
		!strings.Contains(got, "request:fail wxrun replay: "+path+" has no 1st GET "+url+"/login request\n") {
		t.Errorf("output\n%s", got)
	}
	var all []string
	for _, x := range d {
		all = append(all, x.String())
	}
	text := strings.Join(all, "\n")
	for _, w := range []string{
		"socket to " + ws + "/elsewhere\n    recorded: 0 connection(s) to this URL\n    replayed: the client opened a 1st one",
		"request GET " + url + "/login\n    recorded: 0 such request(s)\n    replayed: the client made a 1st one",
		"request 1, POST " + url + "/login (trace line 2)\n    recorded: the client makes this request\n    replayed: the run ended without it",
		"socket 1, " + ws + "/chat?token=t1 (trace line ",
		"socket 4, ws://127.0.0.1:1/ (trace line ",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("the divergences lack %q:\n%s", w, text)
		}
	}
	if len(d) != 7 { // 2 extra, 1 request and 4 sockets missing
		t.Errorf("%d divergences:\n%s", len(d), text)
	}
}

// A trace whose payloads were cut cannot be replayed: the error says how to record one
// that can.
func TestReplayNeedsWholePayloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.jsonl")
	w, err := trace.Create(path, time.Now(), trace.WriterOptions{PayloadLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	w.Event(trace.Event{Type: trace.SocketConnect, ID: 1, URL: "ws://x/"})
	w.Event(trace.Event{Type: trace.SocketOpen, ID: 1})
	w.Event(trace.Event{Type: trace.SocketMessage, ID: 1, Payload: trace.TextPayload("hello")})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = replay.Load(path, 0)
	if err == nil || err.Error() != path+":4: the trace kept only the start of this payload, which a replay needs whole: record again with a larger --trace-max-payload" {
		t.Errorf("error %v", err)
	}
	// A request's body is compared with the replayed one: it must be whole too.
	path = filepath.Join(t.TempDir(), "r.jsonl")
	if w, err = trace.Create(path, time.Now(), trace.WriterOptions{PayloadLimit: 2}); err != nil {
		t.Fatal(err)
	}
	w.Event(trace.Event{Type: trace.Request, ID: 1, Method: "POST", URL: "http://x/login", Payload: trace.TextPayload(`{"code":"c1"}`)})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = replay.Load(path, 0)
	if err == nil || err.Error() != path+":2: the trace kept only the start of this payload, which a replay needs whole: record again with a larger --trace-max-payload" {
		t.Errorf("a cut request body: error %v", err)
	}
	if _, err := replay.Load(filepath.Join(t.TempDir(), "none.jsonl"), 0); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v", err)
	}
}

// A recording without the instance asked for, but with others, is an InstanceError that
// names what it holds — not a replay that serves nothing.
func TestLoadNamesTheInstancesItHolds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.jsonl")
	if err := os.WriteFile(path, []byte(`{"schema":"wxrun-trace","version":1,"start":"2026-12-03T14:06:19.081Z","wxrun":"wxrun","payloadLimit":1048576}`+"\n"+
		`{"t":5,"i":1,"type":"instance","name":"tests/a.test.js"}`+"\n"+`{"t":9,"i":2,"type":"console","level":"log","stream":"stdout","text":"x"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := replay.LoadNamed(path, "tests/a.test.js"); err != nil {
		t.Errorf("LoadNamed of the instance it holds: %v", err)
	}
	_, err := replay.LoadNamed(path, "tests/renamed.test.js")
	var ie *replay.InstanceError
	if !errors.As(err, &ie) || err.Error() != path+" has no instance named tests/renamed.test.js, nor an instance 0; it holds 1 (tests/a.test.js), 2" {
		t.Errorf("LoadNamed of a name it lacks: %v", err)
	}
	if _, err := replay.Load(path, 2); err != nil {
		t.Errorf("Load of instance 2: %v", err)
	}
}
