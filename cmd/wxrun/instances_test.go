package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/load"
	"github.com/wxrun/wxrun/trace"
)

// countingServer is a WebSocket server that answers each message with "ack:" and the
// message, and counts what it saw: connections, messages and bytes each way, and the
// instance numbers the clients put in their URL (?u=N).
type countingServer struct {
	*httptest.Server
	mu                sync.Mutex
	conns, in, out    int64
	inBytes, outBytes int64
	users             map[int]int
}

func newCountingServer(t *testing.T) *countingServer {
	s := &countingServer{users: map[int]int{}}
	up := websocket.Upgrader{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		u, _ := strconv.Atoi(r.URL.Query().Get("u"))
		s.mu.Lock()
		s.conns++
		s.users[u]++
		s.mu.Unlock()
		for {
			kind, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			reply := append([]byte("ack:"), data...)
			s.mu.Lock()
			s.in++
			s.inBytes += int64(len(data))
			s.out++
			s.outBytes += int64(len(reply))
			s.mu.Unlock()
			if err := ws.WriteMessage(kind, reply); err != nil {
				return
			}
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// loadScript connects to srv as user wxrun_instance, sends n messages one after the
// other (each after the answer to the one before) and closes.
func loadScript(t *testing.T, srv *countingServer, n int, extra string) string {
	t.Helper()
	dir := t.TempDir()
	src := fmt.Sprintf(`
const q = wx.getLaunchOptionsSync().query;
%s
const task = wx.connectSocket({ url: %q + "/?u=" + q.wxrun_instance });
let sent = 0;
function next() { task.send({ data: "user " + q.wxrun_instance + " message " + (++sent) }); }
task.onOpen(next);
task.onMessage(() => { if (sent < %d) next(); else task.close({}); });
`, extra, "ws"+strings.TrimPrefix(srv.URL, "http"), n)
	mustWrite(t, filepath.Join(dir, "load.js"), src)
	return filepath.Join(dir, "load.js")
}

func readSummary(t *testing.T, path string) *load.Summary {
	t.Helper()
	s, err := load.ReadSummary(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The summary's totals are exactly what the server saw, and every instance knew its
// number: the server saw users 1 to 200 once each.
func TestInstancesExactTotals(t *testing.T) {
	const n, msgs = 200, 5
	srv := newCountingServer(t)
	script := loadScript(t, srv, msgs, "")
	out := filepath.Join(t.TempDir(), "summary.json")
	report := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr := runCLI(t, "run", "--instances", strconv.Itoa(n), "--ramp-up", "200ms", "--summary-json", out, "--report", report, script)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	s := readSummary(t, out)
	if html, err := os.ReadFile(report); err != nil || !strings.Contains(string(html), fmt.Sprintf(`id="total-messagesReceived">%d<`, n*msgs)) {
		t.Errorf("--report: %v, or it lacks the total of messages received", err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for u := 1; u <= n; u++ {
		if srv.users[u] != 1 {
			t.Errorf("the server saw user %d %d times, want once", u, srv.users[u])
		}
	}
	if len(srv.users) != n {
		t.Errorf("the server saw %d users, want %d", len(srv.users), n)
	}
	checks := []struct {
		name      string
		got, want int64
	}{
		{"started", int64(s.Started), n},
		{"finished", int64(s.Finished), n},
		{"failed", int64(s.Failed), 0},
		{"iterations", s.Iterations, n},
		{"connects", s.Connects, srv.conns},
		{"opened", s.Opened, srv.conns},
		{"closed", s.Closed, srv.conns},
		{"messages sent", s.MessagesSent, srv.in},
		{"messages received", s.MessagesReceived, srv.out},
		{"bytes sent", s.BytesSent, srv.inBytes},
		{"bytes received", s.BytesReceived, srv.outBytes},
		{"connect times", int64(s.ConnectTime.Count()), srv.conns},
		{"round trips", int64(s.RoundTrip.Count()), srv.in},
		{"errors", s.Counts.Errors, 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: summary %d, server %d", c.name, c.got, c.want)
		}
	}
	if srv.in != n*msgs {
		t.Errorf("the server received %d messages, want %d", srv.in, n*msgs)
	}
	var perSecond int64
	for _, p := range s.Series {
		perSecond += p.MessagesReceived
	}
	if perSecond != s.MessagesReceived {
		t.Errorf("the series adds up to %d messages received, the total is %d", perSecond, s.MessagesReceived)
	}
	for _, want := range []string{"instances   200 started of 200", "200 finished, 0 failed, 0 timed out", "sockets     200 connects, 200 opened", "round trip  p50 ", "errors      none"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// Two shards run the two halves of the instances, and their merged summary has the
// totals of the one run of all of them.
func TestShardsMergeToOneRun(t *testing.T) {
	const n = 30
	srv := newCountingServer(t)
	script := loadScript(t, srv, 3, "")
	dir := t.TempDir()
	one := filepath.Join(dir, "one.json")
	if code, _, stderr := runCLI(t, "run", "--instances", strconv.Itoa(n), "--summary-json", one, script); code != 0 {
		t.Fatalf("one run: exit %d:\n%s", code, stderr)
	}
	srv.mu.Lock()
	clear(srv.users)
	srv.mu.Unlock()
	var shards []string
	for i := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))
		code, _, stderr := runCLI(t, "run", "--instances", strconv.Itoa(n), "--shard", fmt.Sprintf("%d/2", i+1), "--summary-json", p, script)
		if code != 0 {
			t.Fatalf("shard %d: exit %d:\n%s", i, code, stderr)
		}
		if s := readSummary(t, p); s.Started != n/2 {
			t.Errorf("shard %d started %d instances, want %d", i, s.Started, n/2)
		}
		shards = append(shards, p)
	}
	srv.mu.Lock()
	for u := 1; u <= n; u++ {
		if srv.users[u] != 1 {
			t.Errorf("the shards ran instance %d %d times, want once", u, srv.users[u])
		}
	}
	srv.mu.Unlock()

	merged := filepath.Join(dir, "merged.json")
	report := filepath.Join(dir, "merged.html")
	code, stdout, stderr := runCLI(t, append([]string{"merge-summaries", "--summary-json", merged, "--report", report}, shards...)...)
	if code != 0 {
		t.Fatalf("merge-summaries: exit %d:\n%s", code, stderr)
	}
	if html, err := os.ReadFile(report); err != nil || !strings.Contains(string(html), "30 instances (shard 1/2, shard 2/2)") {
		t.Errorf("merged report: %v\n%.300s", err, html)
	}
	if !strings.Contains(stdout, "instances   30 started of 30 (shards 1/2, 2/2)") {
		t.Errorf("merged text summary:\n%s", stdout)
	}
	a, b := readSummary(t, one), readSummary(t, merged)
	if a.Outcomes != b.Outcomes || a.Counts != b.Counts {
		t.Errorf("one run:\n%+v %+v\nmerged shards:\n%+v %+v", a.Outcomes, a.Counts, b.Outcomes, b.Counts)
	}
	if a.RoundTrip.Count() != b.RoundTrip.Count() || a.ConnectTime.Count() != b.ConnectTime.Count() {
		t.Errorf("histogram counts: one run %d/%d, merged %d/%d", a.RoundTrip.Count(), a.ConnectTime.Count(), b.RoundTrip.Count(), b.ConnectTime.Count())
	}

	// Merging is exact: the merged histogram is the shards' added bucket by bucket.
	s0, s1 := readSummary(t, shards[0]), readSummary(t, shards[1])
	var want load.Histogram
	want.Merge(&s0.RoundTrip)
	want.Merge(&s1.RoundTrip)
	wj, _ := json.Marshal(&want)
	gj, _ := json.Marshal(&b.RoundTrip)
	if string(wj) != string(gj) {
		t.Errorf("merged round trips:\n%s\nwant:\n%s", gj, wj)
	}

	// A missing shard is named; a shard given twice is an error.
	_, _, stderr = runCLI(t, "merge-summaries", shards[0])
	if !strings.Contains(stderr, "missing shards 2/2") {
		t.Errorf("merging one of two shards: stderr %q", stderr)
	}
	code, _, stderr = runCLI(t, "merge-summaries", shards[0], shards[0])
	if code != 2 || !strings.Contains(stderr, "shard 1/2 appears twice") {
		t.Errorf("a shard twice: exit %d, stderr %q", code, stderr)
	}
}

// Instances that throw fail, instances that outlive --timeout time out, and the errors
// are grouped by message; the run exits 1.
func TestInstancesFailuresAndTimeouts(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "app.js"), `
const n = Number(wx.getLaunchOptionsSync().query.wxrun_instance);
if (n % 3 === 0) throw new Error("boom");
if (n % 3 === 1) setInterval(() => {}, 1000);
`)
	out := filepath.Join(dir, "s.json")
	code, _, stderr := runCLI(t, "run", "--instances", "9", "--timeout", "300ms", "--summary-json", out, filepath.Join(dir, "app.js"))
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, stderr)
	}
	s := readSummary(t, out)
	if s.Failed != 3 || s.TimedOut != 3 || s.Finished != 3 {
		t.Errorf("finished %d, failed %d, timed out %d; want 3 each", s.Finished, s.Failed, s.TimedOut)
	}
	if len(s.Errors) != 1 || s.Errors[0] != (load.ErrorCount{ErrMsg: "uncaught exception: Error: boom", Count: 3}) {
		t.Errorf("errors %+v", s.Errors)
	}
	if !strings.Contains(stderr, "3 instances failed and 3 timed out") {
		t.Errorf("stderr:\n%s", stderr)
	}

	// A file that does not load fails every instance, with one errMsg: the SyntaxError a
	// single run reports as uncaught.
	mustWrite(t, filepath.Join(dir, "broken.js"), "let x = ;\n")
	code, _, stderr = runCLI(t, "run", "--instances", "4", "--summary-json", out, filepath.Join(dir, "broken.js"))
	s = readSummary(t, out)
	if code != 1 || s.Failed != 4 || len(s.Errors) != 1 || s.Errors[0].Count != 4 || !strings.HasPrefix(s.Errors[0].ErrMsg, "uncaught exception: SyntaxError: broken.js:1:9") {
		t.Errorf("a broken file: exit %d, failed %d, errors %+v\n%s", code, s.Failed, s.Errors, stderr)
	}
}

// --duration ends instances that would run for ever (they count as finished);
// --iterations runs each instance again after it ends.
func TestInstancesDurationAndIterations(t *testing.T) {
	srv := newCountingServer(t)
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "forever.js"), `setInterval(() => {}, 50);`)
	out := filepath.Join(dir, "d.json")
	code, _, stderr := runCLI(t, "run", "--instances", "4", "--duration", "300ms", "--summary-json", out, filepath.Join(dir, "forever.js"))
	if code != 0 {
		t.Fatalf("--duration: exit %d:\n%s", code, stderr)
	}
	if s := readSummary(t, out); s.Finished != 4 || s.Iterations != 4 || s.Duration < 0.3 {
		t.Errorf("--duration: finished %d, iterations %d, duration %.2fs", s.Finished, s.Iterations, s.Duration)
	}

	script := loadScript(t, srv, 2, "")
	code, _, stderr = runCLI(t, "run", "--instances", "5", "--iterations", "3", "--summary-json", out, script)
	if code != 0 {
		t.Fatalf("--iterations: exit %d:\n%s", code, stderr)
	}
	s := readSummary(t, out)
	if s.Iterations != 15 || s.Connects != 15 || s.MessagesSent != 30 || s.Finished != 5 {
		t.Errorf("--iterations 3 of 5: iterations %d, connects %d, sent %d, finished %d", s.Iterations, s.Connects, s.MessagesSent, s.Finished)
	}
}

func TestInstancesUsageErrors(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "a.js")
	mustWrite(t, script, ``)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--ramp-up", "1s", script}, "--ramp-up needs --instances"},
		{[]string{"--shard", "1/2", script}, "--shard needs --instances"},
		{[]string{"--summary-json", "x.json", script}, "--summary-json needs --instances"},
		{[]string{"--instances", "0", script}, "--instances must be 1 or more, got 0"},
		{[]string{"--instances", "2", "--iterations", "0", script}, "--iterations must be 1 or more, got 0"},
		{[]string{"--instances", "2", "--duration", "0s", script}, "--duration must be positive"},
		{[]string{"--instances", "2", "--shard", "3/2", script}, `--shard 3/2: want 1 ≤ i ≤ n`},
		{[]string{"--instances", "2", "--shard", "x", script}, `--shard "x": want i/n, such as 1/3`},
		{[]string{"--instances", "2", "--summary-json", filepath.Join(dir, "no", "s.json"), script}, "--summary-json " + filepath.Join(dir, "no", "s.json") + ": no directory"},
		{[]string{"--instances", "2", "--replay", "r.jsonl", script}, "--replay serves one run: it cannot be combined with --instances"},
		{[]string{"--instances", "2", "--print-data", script}, "--print-data prints one run's pages"},
	} {
		code, _, stderr := runCLI(t, append([]string{"run"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	mustWrite(t, bad, `{"schema":"something else"}`)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "merge-summaries needs the summary files to merge"},
		{[]string{filepath.Join(dir, "none.json")}, "none.json: no such file or directory"},
		{[]string{bad}, `not a wxrun summary (schema "something else"`},
		{[]string{script}, "not a wxrun summary"},
	} {
		code, _, stderr := runCLI(t, append([]string{"merge-summaries"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("merge-summaries %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// On a terminal the progress line is rewritten in place while the instances run.
func TestProgressLineOnATerminal(t *testing.T) {
	release := make(chan struct{})
	r, err := load.Start(context.Background(), load.Config{Instances: 3, Run: func(ctx context.Context, in load.Instance) load.Outcome {
		<-release
		return load.Finished
	}})
	if err != nil {
		t.Fatal(err)
	}
	var buf syncbuf.Buffer
	done := make(chan struct{})
	go func() { defer close(done); showProgress(&buf, true, r) }()
	for !strings.Contains(buf.String(), "instances 3/3 running 3, 0 finished") {
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	<-done
	if got := buf.String(); !strings.HasPrefix(got, "\r\033[K") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress output %q: want lines rewritten in place, cleared at the end", got)
	}
}

// --instance-output passes the consoles through, each line marked with its instance;
// without it, nothing of theirs is printed.
func TestInstanceOutput(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "a.js")
	mustWrite(t, script, `const n = wx.getLaunchOptionsSync().query.wxrun_instance;
console.log("hello from " + n + "\nsecond line");
console.error("oops " + n);`)
	code, stdout, stderr := runCLI(t, "run", "--instances", "3", "--instance-output", script)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for n := 1; n <= 3; n++ {
		for _, want := range []string{fmt.Sprintf("[%d] hello from %d\n[%d] second line\n", n, n, n)} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, stdout)
			}
		}
		if want := fmt.Sprintf("[%d] oops %d\n", n, n); !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, stderr = runCLI(t, "run", "--instances", "3", script)
	if code != 0 || stdout != "" || strings.Contains(stderr, "oops") {
		t.Errorf("without --instance-output: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestProgressLineRate(t *testing.T) {
	prev := load.Status{Elapsed: time.Second, Counts: load.Counts{MessagesSent: 100, MessagesReceived: 100}}
	cur := load.Status{Elapsed: 1500 * time.Millisecond, Planned: 4, Started: 4, Running: 3, Finished: 1,
		Counts: load.Counts{Opened: 4, Closed: 1, MessagesSent: 400, MessagesReceived: 300, Errors: 2}}
	want := "1.5s  instances 4/4 running 3, 1 finished, 0 failed, 0 timed out  sockets 3 open  messages ↑400 ↓300 (1000/s)  errors 2"
	if got := progressLine(cur, prev); got != want {
		t.Errorf("progress line\n%q\nwant\n%q", got, want)
	}
}

func TestFileLimitWarning(t *testing.T) {
	if w := fileLimitWarning(1000, 1024); w != "wxrun: 1000 instances may need about 3064 open files, and the limit is 1024 (ulimit -n)" {
		t.Errorf("1000 instances, limit 1024: %q", w)
	}
	if w := fileLimitWarning(100, 1024); w != "" {
		t.Errorf("100 instances, limit 1024: %q", w)
	}
	if w := fileLimitWarning(100000, 0); w != "" {
		t.Errorf("an unknown limit: %q", w)
	}
}

func TestLinePrefixer(t *testing.T) {
	var b strings.Builder
	p := &linePrefixer{w: &b, prefix: "[7] "}
	for _, s := range []string{"a", "b\nc\n", "\n", "d\ne"} {
		if n, err := p.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if want := "[7] ab\n[7] c\n[7] \n[7] d\n[7] e"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// On a terminal, an instance's line first erases the progress line it would write over.
func TestLinePrefixerClearsTheProgressLine(t *testing.T) {
	var b strings.Builder
	p := &linePrefixer{w: &b, prefix: "[2] ", clear: true}
	p.Write([]byte("part "))
	p.Write([]byte("done\nnext\n"))
	if want := "\r\033[K[2] part done\n[2] next\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// --trace with --instances writes every instance's events, each with its number, and
// the exit last.
func TestInstancesTrace(t *testing.T) {
	srv := newCountingServer(t)
	script := loadScript(t, srv, 2, "")
	file := filepath.Join(t.TempDir(), "t.jsonl")
	if code, _, stderr := runCLI(t, "run", "--instances", "3", "--trace", file, script); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	_, events, partial, err := trace.ReadFile(file)
	if err != nil || partial {
		t.Fatalf("reading the trace: %v (partial %v)", err, partial)
	}
	opens := map[int]int{}
	for _, e := range events {
		if e.Type == trace.SocketOpen {
			opens[e.Instance]++
		}
	}
	if len(opens) != 3 || opens[1] != 1 || opens[2] != 1 || opens[3] != 1 {
		t.Errorf("socket.open events by instance: %v, want one each for 1, 2 and 3", opens)
	}
	if last := events[len(events)-1]; last.Type != trace.Exit || last.Code != 0 {
		t.Errorf("last event %v %d, want the exit with 0", last.Type, last.Code)
	}
}

// Each instance has its own storage: in memory by default, fresh for every iteration;
// with --data-dir, a directory per instance, kept across its iterations.
func TestInstancesStorage(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.js")
	mustWrite(t, script, `const q = wx.getLaunchOptionsSync().query;
const n = (wx.getStorageSync("n") || 0) + 1;
wx.setStorageSync("n", n);
console.log("instance " + q.wxrun_instance + " iteration " + q.wxrun_iteration + " count " + n);`)
	code, stdout, stderr := runCLI(t, "run", "--instances", "2", "--iterations", "2", "--instance-output", script)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, want := range []string{"[1] instance 1 iteration 2 count 1", "[2] instance 2 iteration 2 count 1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("in memory: stdout lacks %q:\n%s", want, stdout)
		}
	}
	data := filepath.Join(dir, "data")
	code, stdout, stderr = runCLI(t, "run", "--instances", "2", "--iterations", "2", "--instance-output", "--data-dir", data, script)
	if code != 0 {
		t.Fatalf("--data-dir: exit %d:\n%s", code, stderr)
	}
	for _, want := range []string{"[1] instance 1 iteration 2 count 2", "[2] instance 2 iteration 2 count 2"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--data-dir: stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, k := range []string{"instance-1", "instance-2"} {
		if !isDir(filepath.Join(data, k)) {
			t.Errorf("no %s under --data-dir", k)
		}
	}
}
