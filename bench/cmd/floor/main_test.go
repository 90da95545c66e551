package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// scenarioDir copies bench/scenarios/name (or writes src, when given) next to a
// config.js with n messages.
func scenarioDir(t *testing.T, name, src string, n int) string {
	t.Helper()
	dir := t.TempDir()
	if src == "" {
		b, err := os.ReadFile(filepath.Join("..", "..", "scenarios", name))
		if err != nil {
			t.Fatal(err)
		}
		src = string(b)
	}
	cfg := "module.exports = {url: \"ws://127.0.0.1:1\", n: " + strconv.Itoa(n) + "};\n"
	if err := os.WriteFile(filepath.Join(dir, "config.js"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// The receive scenarios run unchanged, their own checks included (the byte counts, and
// for json the server's count, which the floor answers as the server would), and the
// floor prints their RESULT lines with its own rate.
func TestFloorRunsTheReceiveScenarios(t *testing.T) {
	for name, want := range map[string][]string{
		"push_text.js":   {`^RESULT push_text [1-9][0-9]* msgs/s$`},
		"push_binary.js": {`^RESULT push_binary [1-9][0-9]* msgs/s$`, `^RESULT push_binary_mb [0-9.]+ MB/s$`},
		"json.js":        {`^RESULT json [1-9][0-9]* msgs/s$`},
	} {
		t.Run(name, func(t *testing.T) {
			lines, err := run(ctx(t), scenarioDir(t, name, "", 3000), name, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != len(want) {
				t.Fatalf("lines %q, want %d", lines, len(want))
			}
			for i, re := range want {
				if !regexp.MustCompile(re).MatchString(lines[i]) {
					t.Errorf("line %q does not match %s", lines[i], re)
				}
			}
		})
	}
}

// What the listener throws fails the measurement: a floor that delivered the wrong thing
// must not print a rate.
func TestFloorFailsWhenTheListenerThrows(t *testing.T) {
	src := `const cfg = require('./config.js');
const task = wx.connectSocket({ url: cfg.url + '/push?size=64&n=' + cfg.n });
task.onMessage(function (res) { if (res.data.length !== 65) throw new Error('got ' + res.data.length + ' characters'); });`
	_, err := run(ctx(t), scenarioDir(t, "bad.js", src, 10), "bad.js", io.Discard)
	if err == nil || !strings.Contains(err.Error(), "got 64 characters") {
		t.Fatalf("err = %v", err)
	}
}

func TestFloorRefusesWhatItCannotServe(t *testing.T) {
	for name, want := range map[string]string{
		"pingpong.js": "/echo is not a receive scenario",
		"fanout.js":   "opened 5 sockets",
		"none.js":     "opened 0 sockets",
	} {
		t.Run(name, func(t *testing.T) {
			var src string
			switch name {
			case "fanout.js":
				src = "const cfg = require('./config.js');\nfor (let i = 0; i < 5; i++) wx.connectSocket({ url: cfg.url + '/push?n=1&size=1' });"
			case "none.js":
				src = "console.log('no socket');"
			}
			_, err := run(ctx(t), scenarioDir(t, name, src, 10), name, io.Discard)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want %q", err, want)
			}
		})
	}
}
