package runtime

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/wxrun/wxrun/trace"
)

// The runtime traces console output (level, stream, text without the group indentation),
// uncaught errors and unhandled rejections with their stacks, and the timeout that ends a
// run with what was pending.
func TestTrace(t *testing.T) {
	var rec trace.Recorder
	tr := trace.New(time.Now(), &rec).ForInstance(4)
	rt, _, _ := newTestRuntime(t, WithTracer(tr))
	if rt.Tracer() != tr {
		t.Fatal("Tracer() is not the tracer given")
	}
	err := run(t, rt, `
		console.log("a", 1);
		console.group("g");
		console.warn({x: 1});
		console.groupEnd();
		console.count();
		console.info({ get x() { return 1 } });
		setTimeout(function boom() { throw new TypeError("bad") });
		Promise.reject(new Error("nope"));
	`)
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 2 {
		t.Fatalf("run: %v", err)
	}
	type line struct{ level, stream, text string }
	var console []line
	for _, e := range rec.Events(trace.Console) {
		if e.Instance != 4 {
			t.Errorf("instance %d", e.Instance)
		}
		console = append(console, line{e.Name, e.Stream, e.Text})
	}
	want := []line{
		{"log", "stdout", "a 1"},
		{"group", "stdout", "g"},
		{"warn", "stderr", "{ x: 1 }"},
		{"count", "stdout", "default: 1"},
		{"info", "stdout", "{ x: [Getter] }"},
	}
	if !reflect.DeepEqual(console, want) {
		t.Errorf("console events\n got %q\nwant %q", console, want)
	}
	errs := rec.Events(trace.Error)
	if len(errs) != 2 {
		t.Fatalf("error events: %+v", errs)
	}
	if e := errs[1]; e.Name != "exception" || e.Text != "TypeError: bad" || e.Stack != "    at boom (main.js:8:38)" {
		t.Errorf("exception event %+v", e)
	}
	if e := errs[0]; e.Name != "rejection" || e.Text != "Error: nope" || e.Stack != "    at main.js:9:18" {
		t.Errorf("rejection event %+v", e)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	rt2, _, _ := newTestRuntime(t, WithTracer(tr))
	if err := rt2.RunString(ctx, "main.js", `setInterval(() => {}, 1000)`); err == nil {
		t.Fatal("the run did not time out")
	}
	to := rec.Events(trace.Timeout)
	if len(to) != 1 || to[0].Name != "deadline" || !reflect.DeepEqual(to[0].Pending, []string{"setInterval(…, 1000ms) at main.js:1:12"}) {
		t.Errorf("timeout events %+v", to)
	}
}
