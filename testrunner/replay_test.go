package testrunner

import (
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/trace"
)

// A test file with @wxrun-replay runs against its recording with no network: its tests
// pass as they did against the server, and a divergence fails the file with both sides.
func TestReplayPragma(t *testing.T) {
	cfg, err := LoadConfig("testdata/replay", "")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"tests/chat.test.js", "tests/diverge.test.js"}
	var rec trace.Recorder
	s := runFiles(t, cfg, files, Options{Tracer: trace.New(time.Now(), &rec)})

	chat := fileByPath(t, s, "tests/chat.test.js")
	if chat.Failed() {
		t.Errorf("chat.test.js failed: %+v\n%s", chat.Errors, statuses(chat))
	}
	div := fileByPath(t, s, "tests/diverge.test.js")
	if got := statuses(div); got != "says something else: passed\n" {
		t.Errorf("diverge.test.js: %s", got)
	}
	if len(div.Errors) != 1 || !strings.Contains(div.Errors[0].Message,
		"the run diverged from the recording recordings/chat.jsonl: socket 1, wss://chat.example.com/room?token=t1 (1st connection to this URL; trace line 4)\n"+
			"    recorded: the client sends text \"hi\" (trace line 7)\n"+
			"    replayed: the client sent text \"hello?\"") {
		t.Errorf("diverge.test.js errors: %+v", div.Errors)
	}

	// Each file is an instance of the trace, named by its first event.
	names := map[int]string{}
	for _, e := range rec.Events(trace.InstanceStart) {
		names[e.Instance] = e.Name
	}
	if names[1] != "tests/chat.test.js" || names[2] != "tests/diverge.test.js" || len(names) != 2 {
		t.Errorf("instances %v", names)
	}
	opened := 0
	for _, e := range rec.Events(trace.SocketOpen) {
		if e.Instance == 1 {
			opened++
		}
	}
	if opened != 1 {
		t.Errorf("instance 1 opened %d sockets", opened)
	}
}

func TestLeadingComments(t *testing.T) {
	src := "\ufeff// a\n  /* b\n c */ // d\nconst x = 1 // e\n/* f */"
	if got := leadingComments(src); got != "// a\n/* b\n c */\n// d\n" {
		t.Errorf("leadingComments = %q", got)
	}
}
