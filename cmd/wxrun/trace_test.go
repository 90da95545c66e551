package main

// The trace, record and replay on the command line: --trace on a project (a golden file,
// after normalising times and ports), 'wxrun trace show', --replay of the recorded session
// with the server stopped, and a deliberate divergence.

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// chatBackend is the server testdata/traced talks to. Each answer waits for the client's
// step before it, so the session's order never varies: POST /login gives a token; on
// /chat, a text greeting gets "welcome", a binary frame gets [1 2 3], "done?" gets "bye",
// and the client's close is answered with its code and "see you".
func chatBackend(t *testing.T) *httptest.Server {
	up := websocket.Upgrader{Subprotocols: []string{"chat"}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"token":"t1"}`))
	})
	mux.HandleFunc("/chat", func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, http.Header{"X-Room": {"lobby"}})
		if err != nil {
			return
		}
		defer ws.Close()
		ws.SetCloseHandler(func(code int, _ string) error {
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "see you"), time.Now().Add(time.Second))
			return nil
		})
		for {
			kind, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			switch {
			case kind == websocket.BinaryMessage:
				err = ws.WriteMessage(websocket.BinaryMessage, []byte{1, 2, 3})
			case string(data) == "done?":
				err = ws.WriteMessage(websocket.TextMessage, []byte("bye"))
			default:
				err = ws.WriteMessage(websocket.TextMessage, []byte("welcome"))
			}
			if err != nil {
				return
			}
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// chatPage is the --page that points testdata/traced at the backend.
func chatPage(srv *httptest.Server, extra string) string {
	return "pages/chat/chat?base=" + strings.TrimPrefix(srv.URL, "http") + extra
}

const chatOutput = `launch hello
open
message welcome
binary 1,2,3
message bye
closed 1000 see you
app hidden
`

// normaliseTrace replaces what changes from run to run — times, ports, the start, the
// version, dates and handshake keys — so that a trace can be compared with a golden file.
func normaliseTrace(s string) string {
	for _, r := range []struct{ re, with string }{
		{`"t":\d+`, `"t":0`},
		{`127\.0\.0\.1:\d+`, `127.0.0.1:PORT`},
		{`"start":"[^"]*"`, `"start":"START"`},
		{`"wxrun":"[^"]*"`, `"wxrun":"VERSION"`},
		{`"Date":\["[^"]*"\]`, `"Date":["DATE"]`},
		{`"Sec-Websocket-Accept":\["[^"]*"\]`, `"Sec-Websocket-Accept":["ACCEPT"]`},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.with)
	}
	return s
}

// The trace of a known project — a request, a socket's frames each way, the lifecycles,
// setData, console output, an uncaught error and the exit — is pinned by a golden file.
func TestTraceGolden(t *testing.T) {
	srv := chatBackend(t)
	path := filepath.Join(t.TempDir(), "run.jsonl")
	code, stdout, stderr := runCLI(t, "run", "--trace", path, "--page", chatPage(srv, "&boom=1"), "testdata/traced")
	if code != 1 || stdout != chatOutput || !strings.Contains(stderr, "Uncaught Error: boom") {
		t.Fatalf("exit status %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "traced.golden.jsonl"), normaliseTrace(string(data)))

	// The same file as a timeline: plain when not on a terminal, filtered by type.
	code, stdout, stderr = runCLI(t, "trace", "show", "--type", "socket", "--type", "exit", path)
	if code != 0 {
		t.Fatalf("trace show: exit status %d: %s", code, stderr)
	}
	timeline := regexp.MustCompile(`(?m)^ +\d+\.\d{6}  `).ReplaceAllString(normaliseTrace(stdout), "T  ")
	for _, want := range []string{
		"T  #0   socket 1 connect   ws://127.0.0.1:PORT/chat?token=t1  protocols chat\n",
		"T  #0   socket 1 open      protocol chat\n",
		"T  #0   socket 1 →         text 5 B  hello\n",
		"T  #0   socket 1 ←         text 7 B  welcome\n",
		"T  #0   socket 1 →         binary 2 B  0908\n",
		"T  #0   socket 1 ←         binary 3 B  010203\n",
		"T  #0   socket 1 →         close 1000 \"done\"\n",
		"T  #0   socket 1 close     1000 \"see you\" (by client)\n",
		"T  #0   exit               status 1\n",
	} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, timeline)
		}
	}
	if strings.Contains(timeline, "console") || strings.Contains(timeline, "\x1b[") {
		t.Errorf("the timeline is not filtered, or coloured in a pipe:\n%s", timeline)
	}
}

// A session recorded against the server replays with the server stopped: the same output,
// exit status 0 — with the recorded timing too. A client that says something else
// diverges: the report names the socket and both sides, and the exit status is 1.
func TestRecordAndReplay(t *testing.T) {
	srv := chatBackend(t)
	page := chatPage(srv, "")
	recording := filepath.Join(t.TempDir(), "session.jsonl")
	if code, stdout, stderr := runCLI(t, "run", "--trace", recording, "--page", page, "testdata/traced"); code != 0 || stdout != chatOutput {
		t.Fatalf("recording: exit status %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	srv.Close()

	for _, timing := range []string{"--replay-timing=false", "--replay-timing"} {
		code, stdout, stderr := runCLI(t, "run", "--replay", recording, timing, "--page", page, "testdata/traced")
		if code != 0 || stdout != chatOutput || stderr != "unloading\n" {
			t.Errorf("replay %s: exit status %d, stdout:\n%s\nstderr:\n%s", timing, code, stdout, stderr)
		}
	}

	replayed := filepath.Join(t.TempDir(), "replayed.jsonl")
	code, stdout, stderr := runCLI(t, "run", "--replay", recording, "--trace", replayed, "--page", chatPage(srv, "&greeting=HELLO"), "testdata/traced")
	ws := "ws" + strings.TrimPrefix(srv.URL, "http")
	want := "wxrun: the run diverged from the recording " + recording + ":\n" +
		"  socket 1, " + ws + "/chat?token=t1 (1st connection to this URL; trace line 11)\n" +
		"    recorded: the client sends text \"hello\" (trace line 14)\n" +
		"    replayed: the client sent text \"HELLO\"\n" +
		"wxrun: the run diverged from the recording " + recording + ": 1 divergence (printed above)\n"
	if code != 1 || !strings.HasSuffix(stderr, want) {
		t.Errorf("divergence: exit status %d, stdout:\n%s\nstderr:\n%s\nwant stderr ending with:\n%s", code, stdout, stderr, want)
	}
	if !strings.Contains(stdout, "closed 1011 wxrun replay: diverged from the recording\n") {
		t.Errorf("the diverging socket was not closed with 1011:\n%s", stdout)
	}
	data, err := os.ReadFile(replayed)
	if err != nil || !strings.HasSuffix(string(data), `"type":"exit","code":1}`+"\n") {
		t.Errorf("the replayed run's trace does not end with exit status 1: %v\n%s", err, data)
	}
}

func TestTraceUsageErrors(t *testing.T) {
	dir := t.TempDir()
	notTrace := filepath.Join(dir, "x.jsonl")
	if err := os.WriteFile(notTrace, []byte("{\"hello\":1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	testTrace := filepath.Join(dir, "test.jsonl") // of 'wxrun test': no instance 0
	if err := os.WriteFile(testTrace, []byte(`{"schema":"wxrun-trace","version":1,"start":"2026-12-03T14:06:19.081Z","wxrun":"wxrun","payloadLimit":1048576}`+"\n"+
		`{"t":5,"i":1,"type":"instance","name":"tests/a.test.js"}`+"\n"+`{"t":9,"i":2,"type":"instance","name":"tests/b.test.js"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(notTrace, link); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"trace"}, "trace needs a command: show"},
		{[]string{"trace", "show"}, "trace show takes one FILE, got 0 arguments"},
		{[]string{"trace", "show", filepath.Join(dir, "none.jsonl")}, "none.jsonl: no such file or directory"},
		{[]string{"trace", "show", notTrace}, `x.jsonl:1: not a wxrun trace: the first line does not name the schema "wxrun-trace"`},
		{[]string{"trace", "show", "--type", "sockets", notTrace}, `--type: unknown event type "sockets"`},
		{[]string{"trace", "show", "--color", "red", notTrace}, `invalid argument "red" for "--color" flag: want auto or always or never`},
		{[]string{"run", "--trace", filepath.Join(dir, "no", "such", "dir.jsonl"), "testdata/timers.js"}, "--trace: " + filepath.Join(dir, "no", "such", "dir.jsonl") + ": no such file or directory"},
		{[]string{"run", "--replay-timing", "testdata/timers.js"}, "--replay-timing needs --replay"},
		{[]string{"run", "--replay", notTrace, "testdata/timers.js"}, `--replay: ` + notTrace + `:1: not a wxrun trace`},
		{[]string{"run", "--replay", filepath.Join(dir, "none.jsonl"), "testdata/timers.js"}, "--replay: " + filepath.Join(dir, "none.jsonl") + ": no such file or directory"},
		{[]string{"run", "--replay", testTrace, "testdata/timers.js"}, "--replay: " + testTrace + " has no instance 0; it holds 1 (tests/a.test.js), 2 (tests/b.test.js)"},
		{[]string{"run", "--trace-max-payload", "0", "testdata/timers.js"}, `invalid argument "0" for "--trace-max-payload" flag`},
		{[]string{"run", "--replay", notTrace, "--trace", link, "testdata/timers.js"}, "--trace " + link + " would overwrite the recording --replay reads"},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != 2 || !strings.HasPrefix(stderr, "wxrun: ") || !strings.Contains(stderr, tt.want) {
			t.Errorf("wxrun %s: exit status %d, stderr %q; want 2 and %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
}

// 'wxrun test --trace' traces each test file as an instance named after it, and a test
// file with @wxrun-replay runs against its recording.
func TestTestTrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tests.jsonl")
	code, stdout, stderr := runCLI(t, "test", "--trace", path, "../../testrunner/testdata/replay/tests/chat.test.js")
	if code != 0 {
		t.Fatalf("exit status %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "trace", "show", "--instance", "1", "--type", "instance", "--type", "socket.open", "--type", "response", path)
	if code != 0 {
		t.Fatalf("trace show: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 || !strings.HasSuffix(lines[1], "instance           tests/chat.test.js") ||
		!strings.Contains(lines[2], "request 1 ←        200  14 B  {\"token\":\"t1\"}") || !strings.Contains(lines[3], "socket 1 open") {
		t.Errorf("timeline:\n%s", stdout)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(data), `"i":0,"type":"exit","code":0}`+"\n") {
		t.Errorf("the trace does not end with the exit:\n%s", data)
	}
}
