// Command floor measures goja's own floor for a receive scenario: the scenario's
// onMessage listener, exactly as bench/scenarios has it, called from a Go loop with res
// objects prepared beforehand — no socket, no reader goroutine, no delivery hop, no res
// built per message. It is what wxrun would reach if everything but running the
// listener cost nothing, and it is the yardstick for wxrun's own overhead:
// wxrun's cost per message divided by the floor's is the ratio `make bench` reports.
//
//	floor -dir DIR -file push_text.js     # DIR holds the scenario and its config.js
//
// The script runs in a wxrun runtime (the same console, require and loop as `wxrun`)
// with a stand-in `wx` whose connectSocket records the URL and returns a task object
// that keeps listeners and counts sends — written in JavaScript, so that a listener's
// task.send costs what a plain JS call costs. From the URL the command knows what the
// benchmark server would have sent (bench/server: /push?n=&size=&binary=1, /json?n=),
// builds that many messages' res objects up front — a pool of at most 1024, reused
// round-robin — then, in one job on the loop goroutine, calls onOpen's listeners, then
// every onMessage listener once per message, timing only that loop, and for /json
// answers "count?" with the number of replies the listener sent, as the server would.
// The scenario's own checks (byte counts, the server's count) run as usual; anything the
// script throws is an error. It prints the scenario's RESULT lines with the rate of the
// timed loop; the script's own RESULT lines, which time more than the loop, are dropped.
//
// It runs with GOGC=400 unless GOGC is set, as the wxrun command does, so that the
// floor and wxrun pay for garbage collection alike.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/bench/server"
	"github.com/wxrun/wxrun/runtime"
)

// gcPercent is cmd/wxrun's cliGCPercent: the floor collects garbage as wxrun does.
const gcPercent = 400

// poolSize bounds the prepared res objects: enough that the listener does not see the
// same few objects in a tight loop, few enough that preparing them is not the run.
const poolSize = 1024

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	dir := flag.String("dir", "", "directory holding the scenario and its config.js (required)")
	file := flag.String("file", "", "the scenario, relative to -dir (required)")
	timeout := flag.Duration("timeout", 3*time.Minute, "give up after this long")
	flag.Parse()
	if *dir == "" || *file == "" {
		flag.Usage()
		fmt.Fprintln(os.Stderr, "floor: -dir and -file are required")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	lines, err := run(ctx, *dir, *file, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
}

// stub is the stand-in wx. Its tasks keep their listeners in arrays the Go side reads.
const stub = `(function () {
	const tasks = [];
	function add(list) { return function (f) { if (typeof f === 'function') list.push(f); }; }
	return {
		tasks: tasks,
		wx: {
			connectSocket: function (opts) {
				const t = { url: opts.url, open: [], message: [], error: [], close: [], sent: 0, closed: false };
				tasks.push(t);
				return {
					onOpen: add(t.open), onMessage: add(t.message), onError: add(t.error), onClose: add(t.close),
					send: function (o) { if (o.data !== 'count?') t.sent++; },
					close: function () { t.closed = true; },
				};
			},
		},
	};
})()`

// run runs the scenario and returns the RESULT lines to print. What the script prints,
// but its own RESULT lines, goes to out.
func run(ctx context.Context, dir, file string, out io.Writer) ([]string, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var printed strings.Builder
	rt, err := runtime.New(runtime.WithRoot(root), runtime.WithStdout(&printed), runtime.WithStderr(&printed))
	if err != nil {
		return nil, err
	}
	defer rt.Close()
	vm := rt.VM()
	st, err := vm.RunString(stub)
	if err != nil {
		return nil, err
	}
	stubObj := st.ToObject(vm)
	if err := vm.Set("wx", stubObj.Get("wx")); err != nil {
		return nil, err
	}

	var lines []string
	var jobErr error
	hold := rt.Hold("the floor's message loop")
	rt.Submit(func() {
		defer hold.Release()
		lines, jobErr = deliver(rt, stubObj.Get("tasks").ToObject(vm))
	})
	runErr := rt.RunFile(ctx, file)
	// The script's own output, minus its RESULT lines (they time the preparation too).
	for _, l := range strings.Split(printed.String(), "\n") {
		if l != "" && !strings.HasPrefix(l, "RESULT ") {
			fmt.Fprintln(out, l)
		}
	}
	if err := errors.Join(runErr, jobErr); err != nil {
		return nil, err
	}
	return lines, nil
}

// deliver plays the server's part for the one task the scenario opened. Loop goroutine.
func deliver(rt *runtime.Runtime, tasks *goja.Object) ([]string, error) {
	vm := rt.VM()
	if n := tasks.Get("length").ToInteger(); n != 1 {
		return nil, fmt.Errorf("the scenario opened %d sockets; the floor measures scenarios with one", n)
	}
	task := tasks.Get("0").ToObject(vm)
	u, err := url.Parse(task.Get("url").String())
	if err != nil {
		return nil, err
	}
	if u.Path != "/push" && u.Path != "/json" {
		return nil, fmt.Errorf("%s is not a receive scenario (the floor knows /push and /json)", u.Path)
	}
	q := u.Query()
	n, err := strconv.Atoi(q.Get("n"))
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("%s: want a positive n", u)
	}
	var kind, name string
	var payload []byte
	switch u.Path {
	case "/push":
		size, err := strconv.Atoi(q.Get("size"))
		if err != nil || size < 0 || size > 16<<20 {
			return nil, fmt.Errorf("%s: bad size", u)
		}
		kind, name = "text", "push_text"
		if q.Get("binary") == "1" {
			kind, name = "binary", "push_binary"
		}
		payload = server.PushPayload(size, kind == "binary")
	default: // /json
		kind, name, payload = "text", "json", server.JSONDoc()
	}

	call := func(list string, res goja.Value) error {
		ls := task.Get(list).ToObject(vm)
		for i, k := int64(0), ls.Get("length").ToInteger(); i < k; i++ {
			f, ok := goja.AssertFunction(ls.Get(strconv.FormatInt(i, 10)))
			if !ok {
				continue
			}
			if _, err := f(goja.Undefined(), res); err != nil {
				return err
			}
		}
		return nil
	}
	if err := call("open", vm.NewObject()); err != nil {
		return nil, err
	}

	pool, err := prepare(vm, kind, payload, min(n, poolSize))
	if err != nil {
		return nil, err
	}
	var listeners []goja.Callable
	ls := task.Get("message").ToObject(vm)
	for i, k := int64(0), ls.Get("length").ToInteger(); i < k; i++ {
		if f, ok := goja.AssertFunction(ls.Get(strconv.FormatInt(i, 10))); ok {
			listeners = append(listeners, f)
		}
	}
	if len(listeners) == 0 {
		return nil, errors.New("the scenario added no onMessage listener")
	}
	undefined := goja.Undefined()

	start := time.Now()
	for i := 0; i < n; i++ {
		res := pool[i%len(pool)]
		for _, f := range listeners {
			if _, err := f(undefined, res); err != nil {
				return nil, err
			}
		}
	}
	elapsed := time.Since(start).Seconds()

	if u.Path == "/json" {
		// The server's answer to "count?": the replies the listener sent.
		answer := vm.NewObject()
		_ = answer.Set("data", strconv.FormatInt(task.Get("sent").ToInteger(), 10))
		if err := call("message", answer); err != nil {
			return nil, err
		}
	}
	rate := float64(n) / elapsed
	lines := []string{fmt.Sprintf("RESULT %s %.0f msgs/s", name, rate)}
	if name == "push_binary" {
		lines = append(lines, fmt.Sprintf("RESULT push_binary_mb %.1f MB/s", float64(n*len(payload))/1e6/elapsed))
	}
	return lines, nil
}

// prepare builds k res objects {data}: for text, all share one string made by the
// JavaScript engine itself (a literal), the representation a string has when JS makes
// it; for binary, each has its own ArrayBuffer, as each message does.
func prepare(vm *goja.Runtime, kind string, payload []byte, k int) ([]goja.Value, error) {
	var text goja.Value
	if kind == "text" {
		lit, err := json.Marshal(string(payload))
		if err != nil {
			return nil, err
		}
		if text, err = vm.RunString(string(lit)); err != nil {
			return nil, err
		}
	}
	pool := make([]goja.Value, k)
	for i := range pool {
		res := vm.NewObject()
		data := text
		if kind == "binary" {
			data = vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), payload...)))
		}
		if err := res.Set("data", data); err != nil {
			return nil, err
		}
		pool[i] = res
	}
	return pool, nil
}
