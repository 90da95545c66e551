package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv("WXRUN_TRACE_CRASH_WRITER") != "" {
		crashWriter(os.Getenv("WXRUN_TRACE_CRASH_WRITER"))
		return
	}
	goleak.VerifyTestMain(m)
}

// sample has one event of every type, with the fields that type writes.
func sample() []Event {
	h := http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"a=1", "b=2"}}
	return []Event{
		{Type: InstanceStart, Name: "tests/chat.test.js"},
		{Type: Console, Name: "log", Stream: "stdout", Text: "hello\n\"world\"\t\u2028 ☃"},
		{Type: Error, Name: "exception", Text: "Error: boom", Stack: "    at f (a.js:1:2)\n    at g (a.js:3:4)"},
		{Type: Error, Name: "rejection", Text: "{ errMsg: 'x' }", Origin: "wx.closeSocket() at a.js:1:1", Warning: true},
		{Type: Timeout, Name: "deadline", Pending: []string{"WebSocket ws://x/ (OPEN)", "setInterval 1000ms"}},
		{Type: Exit, Code: 124},
		{Type: Fail, Name: "connectSocket", ErrMsg: "connectSocket:fail fail reach max websocket connect count 5"},
		{Type: Fail, Name: "request", ErrMsg: "request:fail timeout", Errno: 5},
		{Type: SocketConnect, ID: 1, URL: "ws://127.0.0.1:1/chat?room=1", Header: http.Header{"User-Agent": {"wxrun"}},
			Protocols: []string{"chat", "v2"}, ConnectTimeout: 60 * time.Second, NoDelay: true, Deflate: true},
		{Type: SocketOpen, ID: 1, Header: http.Header{"Upgrade": {"websocket"}}, Protocol: "chat"},
		{Type: SocketSend, ID: 1, Payload: TextPayload(`{"type":"ping"}`)},
		{Type: SocketSend, ID: 1, Payload: BinaryPayload([]byte{0, 1, 2, 255})},
		{Type: SocketSend, ID: 1, Payload: Payload{Kind: KindClose}, Code: 1000, Reason: "bye"},
		{Type: SocketMessage, ID: 1, Payload: TextPayload("中文")},
		{Type: SocketMessage, ID: 1, Payload: BinaryPayload([]byte{})},
		{Type: SocketError, ID: 2, ErrMsg: "Invalid HTTP status", Code: 503},
		{Type: SocketClose, ID: 1, Code: 1000, Reason: "bye", Name: ByClient},
		{Type: Request, ID: 1, Method: "POST", URL: "http://127.0.0.1:1/login", Header: h, Payload: TextPayload(`{"code":"x"}`)},
		{Type: Response, ID: 1, Code: 200, Header: h, Payload: BinaryPayload([]byte{0xff, 0xfe})},
		{Type: RequestFail, ID: 2, ErrMsg: "request:fail -102:net::ERR_CONNECTION_REFUSED", Errno: 600001},
		{Type: App, Name: "onLaunch", URL: "pages/a/a", Query: map[string]string{"x": "1"}},
		{Type: Page, ID: 3, Name: "onLoad", URL: "pages/a/a", Query: map[string]string{}},
		{Type: Page, ID: 3, Name: "onShow", URL: "pages/a/a"},
		{Type: SetData, ID: 3, URL: "pages/a/a", Text: `{"list[1].name":"x","n":1}`},
	}
}

// collect is a Sink keeping copies of what it receives.
type collect struct{ events []Event }

func (c *collect) Event(e Event) { c.events = append(c.events, e) }

func TestRoundTrip(t *testing.T) {
	start := time.Now()
	var buf bytes.Buffer
	w := NewWriter(&buf, start, WriterOptions{Version: "v1.2.3"})
	tr := New(start, w).ForInstance(7)
	for _, e := range sample() {
		tr.Emit(e)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("line %d is not JSON: %s", i+1, l)
		}
	}
	if !strings.HasPrefix(lines[0], `{"schema":"wxrun-trace","version":1,"start":"`) || !strings.Contains(lines[0], `"wxrun":"v1.2.3"`) {
		t.Errorf("first line %s", lines[0])
	}

	r, err := NewReader(&buf, "t.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Header(); h.Version != SchemaVersion || h.PayloadLimit != DefaultPayloadLimit || !h.Start.Equal(start.Round(0).UTC()) {
		t.Errorf("header %+v", h)
	}
	var last time.Duration
	for i, want := range sample() {
		rec, err := r.Next()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if rec.Instance != 7 || rec.Time < last || rec.Line != i+2 {
			t.Errorf("event %d: instance %d, time %v (last %v), line %d", i, rec.Instance, rec.Time, last, rec.Line)
		}
		last = rec.Time
		got := rec.Event
		got.Time, got.Instance, want.Time, want.Instance = 0, 0, 0, 0
		if want.Type == SocketOpen || want.Type == SocketConnect || want.Type == Request || want.Type == Response {
			// Headers come back; everything else too.
		} else if got.Header != nil {
			t.Errorf("event %d has a header", i)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("event %d:\n got %#v\nwant %#v", i, got, want)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the last event: %v, want EOF", err)
	}
}

func TestPayloadLimit(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, time.Now(), WriterOptions{PayloadLimit: 4})
	w.Event(Event{Type: SocketMessage, ID: 1, Payload: TextPayload("ab☃cd")}) // ☃ is 3 bytes: cut before it
	w.Event(Event{Type: SocketMessage, ID: 1, Payload: BinaryPayload([]byte{1, 2, 3, 4, 5, 6})})
	w.Event(Event{Type: SocketMessage, ID: 1, Payload: TextPayload("abcd")})
	_ = w.Close()
	r, err := NewReader(&buf, "t")
	if err != nil {
		t.Fatal(err)
	}
	want := []Payload{
		{Kind: KindText, Text: "ab", Size: 7, Truncated: true},
		{Kind: KindBinary, Data: []byte{1, 2, 3, 4}, Size: 6, Truncated: true},
		{Kind: KindText, Text: "abcd", Size: 4},
	}
	for i, w := range want {
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rec.Payload, w) {
			t.Errorf("payload %d = %#v, want %#v", i, rec.Payload, w)
		}
	}
}

// The JSON strings the writer makes decode to the string written, for any string (invalid
// UTF-8 becomes U+FFFD, as encoding/json makes it).
func TestStringEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "\"", "\\", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "é", "☃", "\u2028", "\u2029", "\xff", "\xe2\x82", "𝄞", "<", "&"}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for j := rng.IntN(12); j > 0; j-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		enc := appendString(nil, s)
		var got string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Fatalf("%q encoded as %s: %v", s, enc, err)
		}
		if want := strings.ToValidUTF8(s, "\ufffd"); got != want && !(strings.Contains(s, "\xe2\x82") || !utf8.ValidString(s)) {
			t.Fatalf("%q → %s → %q", s, enc, got)
		}
		if bytes.ContainsAny(enc, "\n\r\u2028\u2029") {
			t.Fatalf("%q encoded with a line break: %s", s, enc)
		}
	}
}

func TestNilTracer(t *testing.T) {
	var tr *Tracer
	if tr.Enabled() || tr.ForInstance(3) != nil || tr.Instance() != 0 {
		t.Error("a nil tracer is not disabled")
	}
	tr.Emit(Event{Type: Exit}) // does nothing, does not panic
}

func TestFanOut(t *testing.T) {
	var a, b collect
	start := time.Now().Add(-time.Second)
	tr := New(start, &a, &b)
	tr.ForInstance(2).Emit(Event{Type: Exit, Code: 3})
	if len(a.events) != 1 || len(b.events) != 1 || a.events[0].Instance != 2 || a.events[0].Time < time.Second {
		t.Errorf("a %+v, b %+v", a.events, b.events)
	}
}

func TestReaderErrors(t *testing.T) {
	header := `{"schema":"wxrun-trace","version":1,"start":"2026-01-01T00:00:00Z"}` + "\n"
	for _, tt := range []struct {
		name, file, want string
	}{
		{"empty", "", "t.jsonl: empty file: not a wxrun trace"},
		{"not a trace", `{"hello":1}` + "\n", `t.jsonl:1: not a wxrun trace: the first line does not name the schema "wxrun-trace"`},
		{"not JSON", "hello\n", `t.jsonl:1: not a wxrun trace`},
		{"newer", `{"schema":"wxrun-trace","version":2}` + "\n", "t.jsonl:1: trace schema version 2: this wxrun reads version 1"},
		{"bad line", header + `{"t":1,"type":"exit"}` + "\n" + "oops\n" + `{"t":2,"type":"exit"}` + "\n", "t.jsonl:3: not an event"},
		{"bad base64", header + `{"t":1,"type":"socket.message","kind":"binary","base64":"!!"}` + "\n", "t.jsonl:2: bad base64 payload"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.file), "t.jsonl")
			for err == nil {
				_, err = r.Next()
			}
			var fe *FormatError
			if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want one starting %q", err, tt.want)
			}
		})
	}
}

// A file whose last line was cut short is read up to its last complete line; unknown
// types are returned with type 0, so newer files stay readable.
func TestReaderPartialAndUnknown(t *testing.T) {
	file := `{"schema":"wxrun-trace","version":1}` + "\n" +
		`{"t":1,"i":0,"type":"console","level":"log","stream":"stdout","text":"a"}` + "\n" +
		`{"t":2,"i":0,"type":"from.the.future","x":1}` + "\n" +
		`{"t":3,"i":0,"type":"console","level":"log","str`
	r, err := NewReader(strings.NewReader(file), "t")
	if err != nil {
		t.Fatal(err)
	}
	var types []Type
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, rec.Type)
	}
	if !reflect.DeepEqual(types, []Type{Console, 0}) || !r.Partial() {
		t.Errorf("types %v, partial %v", types, r.Partial())
	}
}

// The writer writes what it buffered within flushEvery, without Close: a run that dies
// without closing its trace leaves its events in the file.
func TestWriterFlushesWithoutClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.jsonl")
	w, err := Create(path, time.Now(), WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	data, _ := os.ReadFile(path)
	if !bytes.HasPrefix(data, []byte(`{"schema":"wxrun-trace"`)) {
		t.Fatalf("the schema line is not written at once: %q", data)
	}
	w.Event(Event{Type: Console, Name: "log", Stream: "stdout", Text: "x"})
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if bytes.Count(data, []byte("\n")) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the event was not written: %q", data)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// crashWriter is the process TestKilledWriter kills: it traces events into path as fast
// as it can, forever.
func crashWriter(path string) {
	w, err := Create(path, time.Now(), WriterOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tr := New(time.Now(), w)
	payload := strings.Repeat("x", 3000)
	for i := 0; ; i++ {
		tr.Emit(Event{Type: SocketMessage, ID: int64(i), Payload: TextPayload(payload)})
		if i == 100 {
			fmt.Println("ready")
		}
		if i%64 == 0 {
			// About 30 MB/s: the test reads the file back with the race detector on.
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// A writing process killed with SIGKILL leaves a file of complete events (and at most one
// cut line, which the reader skips).
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "t.jsonl")
	for round := 0; round < 3; round++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "WXRUN_TRACE_CRASH_WRITER="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "ready\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("the writer said %q", line)
		}
		time.Sleep(time.Duration(50+round*70) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(f, path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if rec.ID != int64(n) || rec.Payload.Size != 3000 {
				t.Fatalf("round %d: event %d is %+v", round, n, rec.Event)
			}
			n++
		}
		f.Close()
		if n < 100 {
			t.Errorf("round %d: only %d events survived", round, n)
		}
	}
}

func TestShow(t *testing.T) {
	var buf bytes.Buffer
	start := time.Now()
	w := NewWriter(&buf, start, WriterOptions{Version: "test"})
	for _, e := range sample() {
		e.Time = 1500 * time.Microsecond
		w.Event(e)
	}
	_ = w.Close()
	file := buf.String()

	var out strings.Builder
	if err := Show(&out, strings.NewReader(file), "t", ShowOptions{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"# trace of wxrun test, started ",
		"   0.001500  #0   console.log        hello\n",
		"                                     \"world\"\t\u2028 ☃\n",
		"error              Uncaught Error: boom\n                                         at f (a.js:1:2)\n",
		"error              Warning: Uncaught (in promise) { errMsg: 'x' }\n",
		"    from wx.closeSocket() at a.js:1:1\n",
		"timeout            deadline; pending: WebSocket ws://x/ (OPEN), setInterval 1000ms\n",
		"exit               status 124\n",
		"fail               request:fail timeout (errno 5)\n",
		"socket 1 connect   ws://127.0.0.1:1/chat?room=1  protocols chat, v2\n",
		"socket 1 open      protocol chat\n",
		"socket 1 →         text 15 B  {\"type\":\"ping\"}\n",
		"socket 1 →         binary 4 B  000102ff\n",
		"socket 1 →         close 1000 \"bye\"\n",
		"socket 1 ←         text 6 B  中文\n",
		"socket 2 error     Invalid HTTP status (HTTP 503)\n",
		"socket 1 close     1000 \"bye\" (by client)\n",
		"request 1 →        POST http://127.0.0.1:1/login  12 B  {\"code\":\"x\"}\n",
		"request 1 ←        200  2 B  fffe\n",
		"request 2 fail     request:fail -102:net::ERR_CONNECTION_REFUSED\n",
		"app onLaunch       pages/a/a?x=1\n",
		"page 3 onLoad      pages/a/a\n",
		"setData page 3     pages/a/a {\"list[1].name\":\"x\",\"n\":1}\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b[") {
		t.Error("colours without Color")
	}

	out.Reset()
	if err := Show(&out, strings.NewReader(file), "t", ShowOptions{Color: true, Types: []string{"socket"}, Instances: []int{0}}); err != nil {
		t.Fatal(err)
	}
	got = out.String()
	if !strings.Contains(got, styleCyan+"socket 1 open     "+styleReset) || strings.Contains(got, "console") || strings.Contains(got, "request") {
		t.Errorf("filtered, coloured timeline:\n%s", got)
	}
	out.Reset()
	if err := Show(&out, strings.NewReader(file), "t", ShowOptions{Instances: []int{1}}); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.String(), "\n") != 1 {
		t.Errorf("instance 1 has no events, got:\n%s", out.String())
	}
	out.Reset()
	if err := Show(&out, strings.NewReader(file), "t", ShowOptions{Types: []string{"request"}}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Count(got, "\n") != 4 || !strings.Contains(got, "request 1 ←") {
		t.Errorf("the request family is request, response and request.fail:\n%s", got)
	}
}

func TestCheckTypes(t *testing.T) {
	if err := CheckTypes([]string{"socket", "socket.message", "request", "setData", "exit"}); err != nil {
		t.Error(err)
	}
	if err := CheckTypes([]string{"sockets"}); err == nil || !strings.Contains(err.Error(), `unknown event type "sockets" (types: instance, console,`) {
		t.Errorf("error %v", err)
	}
}
