// Command instances measures the memory of many isolated mini program instances in one
// process: it starts N runtimes, each with wx installed and running the same script (by
// default bench/scenarios/instances.js, which opens one socket to the benchmark server's
// /hold endpoint), waits until the server reports every socket open, measures, then has
// the server release the sockets and waits for every instance to finish.
//
//	go run ./bench/cmd/benchserver &   # prints LISTEN ws://127.0.0.1:PORT
//	# DIR holds instances.js and a config.js: module.exports = {url: "ws://127.0.0.1:PORT", group: "g"}
//	go run ./bench/cmd/instances -n 1000 -dir DIR -group g -server http://127.0.0.1:PORT
//
// It prints RESULT lines (KiB per instance):
//
//	RESULT instance_rss V KiB            resident set size of the process / N
//	RESULT instance_rss_marginal V KiB   (RSS with N open − RSS before the first) / N
//	RESULT instance_heap V KiB           live Go heap after a GC / N
//	RESULT instance_goroutines V count   goroutines / N
//	RESULT instances_start V ms          time until all N sockets were open
//
// -cpuprofile profiles the start of the N instances (until all are open); -memprofile
// writes a heap profile taken while all are open.
//
// With -hold=false it only runs the script in N instances to completion, passing their
// console output through, and -cpuprofile covers the whole run. That is how to profile a
// scenario exactly as `wxrun` runs it, against the external benchmark server:
//
//	go run ./bench/cmd/instances -hold=false -n 1 -dir DIR -file json.js -cpuprofile cpu.prof
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wxrun/wxrun/bench/server"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "instances:", err)
		os.Exit(1)
	}
}

func run() error {
	n := flag.Int("n", 100, "number of instances")
	dir := flag.String("dir", "", "mini program root holding the script and its config.js (required)")
	file := flag.String("file", "instances.js", "script to run in every instance, relative to -dir")
	base := flag.String("server", "", "benchmark server's http:// base URL, for /stats and /release (required)")
	group := flag.String("group", "", "the /hold group the script connects to (required)")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	settle := flag.Duration("settle", 300*time.Millisecond, "wait this long after the last socket opened before measuring")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of starting the instances to this file")
	memprofile := flag.String("memprofile", "", "write a heap profile, taken while all instances are open, to this file")
	hold := flag.Bool("hold", true, "measure memory while the scripts hold their sockets (false: just run the scripts to completion)")
	flag.Parse()
	if *dir == "" || *n <= 0 || *hold && (*base == "" || *group == "") {
		flag.Usage()
		return errors.New("-dir and a positive -n are required, and -server and -group unless -hold=false")
	}
	root, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if !*hold {
		return runToCompletion(ctx, root, *file, *n, *cpuprofile)
	}

	before, err := rssKiB()
	if err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}

	start := time.Now()
	// What the instances print (errors, normally nothing): the last few KiB, for error
	// messages.
	out := &syncbuf.Buffer{Keep: 4 << 10}
	errs := make([]error, *n)
	var wg sync.WaitGroup
	for i := 0; i < *n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = instance(ctx, root, *file, out)
		}()
	}
	waitErr := server.WaitStats(ctx, *base, *group, *n)
	opened := time.Since(start)
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if waitErr != nil {
		cancel()
		wg.Wait()
		return fmt.Errorf("%w (script output: %s)", waitErr, orNone(strings.TrimSpace(out.String())))
	}

	time.Sleep(*settle)
	rss, err := rssKiB()
	if err != nil {
		return err
	}
	goroutines := goruntime.NumGoroutine()
	goruntime.GC()
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	if *memprofile != "" {
		if err := writeHeapProfile(*memprofile); err != nil {
			return err
		}
	}

	released, err := server.Release(ctx, *base, *group)
	if err != nil {
		return err
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("instance %d: %w", i, err)
		}
	}
	if released != *n {
		return fmt.Errorf("the server released %d sockets, want %d", released, *n)
	}

	per := func(kib float64) string { return strconv.FormatFloat(kib/float64(*n), 'f', 1, 64) }
	fmt.Printf("RESULT instance_rss %s KiB\n", per(float64(rss)))
	fmt.Printf("RESULT instance_rss_marginal %s KiB\n", per(float64(rss-before)))
	fmt.Printf("RESULT instance_heap %s KiB\n", per(float64(ms.HeapAlloc)/1024))
	fmt.Printf("RESULT instance_goroutines %s count\n", strconv.FormatFloat(float64(goroutines)/float64(*n), 'f', 1, 64))
	fmt.Printf("RESULT instances_start %d ms\n", opened.Milliseconds())
	return nil
}

// runToCompletion runs file in n instances until all have finished, with their output on
// stdout, under the CPU profiler if cpuprofile is set.
func runToCompletion(ctx context.Context, root, file string, n int, cpuprofile string) error {
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	out := syncbuf.NewWriter(os.Stdout)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = instance(ctx, root, file, out)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// instance runs one mini program: a runtime with wx, the script, the loop until done.
func instance(ctx context.Context, root, file string, out io.Writer) error {
	rt, err := runtime.New(runtime.WithRoot(root), runtime.WithStdout(out), runtime.WithStderr(out))
	if err != nil {
		return err
	}
	defer rt.Close()
	if _, err := wxapi.Install(rt, wxapi.WithMaxSockets(0)); err != nil {
		return err
	}
	return rt.RunFile(ctx, file)
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rssKiB reads VmRSS from /proc/self/status.
func rssKiB() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("reading the resident set size: %w (Linux only)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS in /proc/self/status")
}

// orNone is s, or "none" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
