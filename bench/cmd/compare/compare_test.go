package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// processCPU agrees with getrusage's count of the process's CPU time, all threads
// included, which is what the server's load is computed from.
func TestProcessCPUAgreesWithGetrusage(t *testing.T) {
	rusage := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	r0 := rusage()
	c0, err := processCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn 50 ms of CPU on two goroutines (threads, where GOMAXPROCS allows).
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for deadline := time.Now().Add(10 * time.Second); rusage()-r0 < 50*time.Millisecond && time.Now().Before(deadline); {
			}
		}()
	}
	wg.Wait()
	c1, err := processCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	r1 := rusage()
	if got, want := c1-c0, r1-r0; got < 40*time.Millisecond || got > want+20*time.Millisecond || got < want-20*time.Millisecond {
		t.Fatalf("processCPU counted %v, getrusage %v", got, want)
	}
	if _, err := processCPU(0); err == nil {
		t.Fatal("no error for pid 0")
	}
}

func TestServerBusy(t *testing.T) {
	// 100,000 messages at 200,000/s took half a second; the server used 0.4 s of CPU.
	if busy, ok := serverBusy(400*time.Millisecond, 200000, 100000); !ok || busy < 79.9 || busy > 80.1 {
		t.Fatalf("busy = %v, %v; want 80", busy, ok)
	}
	if _, ok := serverBusy(time.Second, 0, 100); ok {
		t.Fatal("a busy share without a rate")
	}
}

func TestWork(t *testing.T) {
	if w := work(map[string]any{"n": 1000, "sockets": 100}); w != 100000 {
		t.Fatalf("fan-out work %v", w)
	}
	if w := work(map[string]any{"n": 5000}); w != 5000 {
		t.Fatalf("work %v", w)
	}
}

func TestHostsOfEachScenario(t *testing.T) {
	want := map[string][]string{
		"startup":   {hostWxrun, hostNode},
		"instances": {hostWxrun, hostNode},
		"pingpong":  {hostWxrun, hostNode, hostGo},
		"push_text": {hostWxrun, hostNode, hostGo, hostFloor},
		"json":      {hostWxrun, hostNode, hostGo, hostFloor},
	}
	for name, hosts := range want {
		s, err := scenarioByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.hosts(); !slices.Equal(got, hosts) {
			t.Errorf("%s: hosts %v, want %v", name, got, hosts)
		}
	}
}

// fakeResults records one run per host with the given rates and server loads.
func fakeResults(rates, busy map[string]float64, scenario string) *results {
	r := newResults(options{rounds: 1})
	for h, v := range rates {
		p := &procResult{results: map[string]float64{scenario: v}}
		if b, ok := busy[h]; ok {
			p.results[keyServerBusy] = b
		}
		r.add(scenario, h, p)
	}
	return r
}

func ceilingTable(t *testing.T, r *results, name string) string {
	t.Helper()
	s, err := scenarioByName(name)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.ceilings(&b, []scenario{s})
	return b.String()
}

func TestCeilingTableJudgesTheFloorAndTheServer(t *testing.T) {
	r := fakeResults(map[string]float64{hostWxrun: 800000, hostNode: 2000000, hostGo: 9000000, hostFloor: 1900000},
		map[string]float64{hostWxrun: 2, hostNode: 3, hostGo: 12}, "push_text")
	out := ceilingTable(t, r, "push_text")
	for _, want := range []string{
		"| text push, 64 B (msgs/s) | 800,000 | 2,000,000 | 9,000,000 | 1,900,000 | 2.38× | ≤ 1.25×: **missed** | 2 % / 3 % / 12 % |",
		"The server outpaced wxrun and Node",
		"It outpaced the Go client too.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	r = fakeResults(map[string]float64{hostWxrun: 1600000, hostNode: 2000000, hostGo: 9000000, hostFloor: 1900000},
		map[string]float64{hostWxrun: 95, hostNode: 3, hostGo: 99}, "push_text")
	out = ceilingTable(t, r, "push_text")
	for _, want := range []string{
		"| 1.19× | ≤ 1.25×: **met** |",
		"**The server was the bottleneck of a JavaScript host** (90 % busy or more), so that row measures the server, not the client: push_text with wxrun (95 %).",
		"The Go client's rate is the server's (and the loopback's) in push_text (99 %)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	// A scenario with no floor shows none, and no target for it.
	r = fakeResults(map[string]float64{hostWxrun: 90000, hostNode: 100000, hostGo: 200000}, nil, "fanout")
	out = ceilingTable(t, r, "fanout")
	if want := "| 90,000 | 100,000 | 200,000 | — | — |  | — / — / — |"; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
}

func TestWriteResultsKeepsTheNotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	old := "# old\n\nold table\n\n" + notesMarker + "\n\n## Notes\n\nkept\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeResults(path, "new table\n"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# wxrun vs Node.js: benchmark results\n\nnew table\n\n" + notesMarker + "\n\n## Notes\n\nkept\n"
	if string(b) != want {
		t.Fatalf("wrote %q, want %q", b, want)
	}
	// Written through a temporary file renamed over it: nothing else is left behind.
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("directory holds %d files", len(entries))
	}
}

// The load rows' rate is all round trips over the span from the first instance's start
// to the last one's end; wxrun's lines carry the instance's "[k] " mark.
func TestLoadSpans(t *testing.T) {
	out := "[1] RESULT load_span 1000 1500 100\n[2] RESULT load_span 1100 2000 100\nnoise\n"
	total, span, err := loadSpans(out, 2)
	if err != nil || total != 200 || span != time.Second {
		t.Fatalf("loadSpans = %v, %v, %v; want 200, 1s", total, span, err)
	}
	if _, _, err := loadSpans(out, 3); err == nil || !strings.Contains(err.Error(), "2 of 3 instances") {
		t.Errorf("a missing instance: %v", err)
	}
	if _, _, err := loadSpans("RESULT load_span 1000 1500 100\nERROR connectSocket:fail\n", 1); err == nil || !strings.Contains(err.Error(), "ERROR connectSocket:fail") {
		t.Errorf("an ERROR line: %v", err)
	}
	if _, _, err := loadSpans("RESULT load_span 2000 1500 100\n", 1); err == nil {
		t.Error("an end before the start: no error")
	}
}

func TestLoadRows(t *testing.T) {
	if got := loadRounds(false, 1000); got != 100 {
		t.Errorf("loadRounds(1000) = %d", got)
	}
	if got := loadRounds(true, 1000); got != 10 {
		t.Errorf("quick loadRounds(1000) = %d", got)
	}
	if nodeLoadFits(1000, 24<<20) || !nodeLoadFits(100, 24<<20) {
		t.Error("1000 node processes should not fit in 24 GiB, 100 should")
	}
	s := loadScenario(10)
	if s.file() != "load.js" || s.instances != 10 || s.metrics[0].target != 1 || s.metrics[2].target != 0 {
		t.Errorf("loadScenario(10) = %+v", s)
	}
	if loadScenario(1).metrics[0].target != 0 || loadScenario(100).metrics[2].target != 50 {
		t.Error("targets: N = 1 reports its rate, N = 100 has the per-GiB target")
	}
}
