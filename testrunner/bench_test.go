package testrunner

import (
	"context"
	"testing"
)

// BenchmarkFileStartup measures what one test file costs the runner: a fresh runtime with
// wx, the jest bundle and the globals, a tiny test file and its report. The bundle is
// compiled once per process, before the timer starts.
func BenchmarkFileStartup(b *testing.B) {
	cfg, err := LoadConfig("testdata/compat", "")
	if err != nil {
		b.Fatal(err)
	}
	r := &run{cfg: cfg, opts: Options{StackSize: 10000}}
	if _, err := programs(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		res := r.runFile(context.Background(), "lib/clock.js", 1)
		if res.Failed() {
			b.Fatal(res.Errors)
		}
	}
}
