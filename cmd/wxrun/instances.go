package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/load"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/testrunner"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

// loadFlags are the flags of the instances mode, 'wxrun run --instances N': many copies of
// the mini program at once, as a load tool runs virtual users.
type loadFlags struct {
	instances   int
	rampUp      time.Duration
	duration    time.Duration
	iterations  int
	shard       string
	summaryJSON string
	report      string
	output      bool
}

func (l *loadFlags) define(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.Var(intValue{&l.instances}, "instances",
		"run `N` isolated copies of the mini program at once (each its own runtime, wx, storage and sockets) and print a summary; each one finds its number in its launch query (wxrun_instance, from 1, and wxrun_instances = N)")
	fs.Var(durationValue{&l.rampUp}, "ramp-up",
		"with --instances, start the instances evenly over `DUR` instead of all at once")
	fs.Var(durationValue{&l.duration}, "duration",
		"with --instances, end the run `DUR` after its start: running iterations are torn down (and count as finished), instances run again and again until then unless --iterations says how often")
	fs.Var(intValue{&l.iterations}, "iterations",
		"with --instances, run the mini program `N` times in each instance, one after the other (default 1, or until --duration)")
	fs.StringVar(&l.shard, "shard", "",
		"with --instances, run only shard `i/n` of them (i from 1 to n, as 'wxrun test --shard' counts): instances (i-1)·N/n+1 to i·N/n; 'wxrun merge-summaries' adds the shards' summaries up")
	fs.StringVar(&l.summaryJSON, "summary-json", "",
		"with --instances, write the summary to `FILE` as JSON (see the README), for machines and 'wxrun merge-summaries'")
	fs.StringVar(&l.report, "report", "",
		"with --instances, write a self-contained HTML report with charts over time to `FILE.html`")
	boolVar(fs, &l.output, "instance-output",
		"with --instances, print the instances' console output, each line prefixed with the instance's number, as [17] (by default it is only in the --trace)")
	must(cmd.MarkFlagFilename("summary-json", "json"))
	must(cmd.MarkFlagFilename("report", "html"))
}

// active reports whether the instances mode was asked for; check finds flags of the mode
// given without it, and bad values.
func (l *loadFlags) check(changed func(string) bool) (load.Shard, error) {
	if !changed("instances") {
		for _, f := range []string{"ramp-up", "duration", "iterations", "shard", "summary-json", "report", "instance-output"} {
			if changed(f) {
				return load.Shard{}, usageErrorf("--%s needs --instances", f)
			}
		}
		return load.Shard{}, nil
	}
	if l.instances < 1 {
		return load.Shard{}, usageErrorf("--instances must be 1 or more, got %d", l.instances)
	}
	if l.iterations < 0 {
		return load.Shard{}, usageErrorf("--iterations must be 1 or more, got %d", l.iterations)
	}
	if changed("iterations") && l.iterations == 0 {
		return load.Shard{}, usageErrorf("--iterations must be 1 or more, got 0")
	}
	if changed("duration") && l.duration <= 0 {
		return load.Shard{}, usageErrorf("--duration must be positive")
	}
	var sh load.Shard
	if l.shard != "" {
		i, n, err := testrunner.ParseShard(l.shard)
		if err != nil {
			return sh, usageErrorf("%v", err)
		}
		sh = load.Shard{Index: i, Count: n}
	}
	for name, p := range map[string]string{"summary-json": l.summaryJSON, "report": l.report} {
		if p != "" {
			if dir := filepath.Dir(p); !isDir(dir) {
				return sh, usageErrorf("--%s %s: no directory %s", name, p, dir)
			}
		}
	}
	return sh, nil
}

// runInstances runs the instances mode: run is the template of one instance's run.
func (o *runOptions) runInstances(run scriptRun, sh load.Shard, tracer *trace.Tracer) error {
	l := &o.load
	stderr := run.stderr
	if os.Getenv("GOGC") == "" {
		// The instances share one heap: main's GOGC of 400 would let it grow to five times
		// what is live, which in a load run is most of the memory (100 instances
		// ping-ponging: 165 MiB against 87 MiB with Go's default), for about 5 % more
		// messages per second. How many instances fit decides a load run.
		debug.SetGCPercent(100)
	}
	limit, err := raiseFileLimit()
	if err != nil {
		fmt.Fprintf(stderr, "wxrun: could not raise the open-file limit: %v\n", err)
	}
	first, last := sh.Range(l.instances)
	planned := max(last-first+1, 0)
	if w := fileLimitWarning(planned, limit); w != "" {
		fmt.Fprintln(stderr, w)
	}

	// On a terminal the progress line is redrawn in place: an instance's output first
	// clears it, and the next update draws it again below.
	terminal := isTerminal(stderr)
	baseWX := run.wxOptions
	baseHost := run.hostOptions
	// A thousand consoles on one terminal help nobody: the output is in the --trace, and
	// on the terminal only when asked for, each line marked with its instance.
	stdout, shared := io.Writer(io.Discard), io.Writer(io.Discard)
	if l.output {
		stdout, shared = syncbuf.NewWriter(run.stdout), syncbuf.NewWriter(stderr)
	}
	cfg := load.Config{
		Instances: l.instances, Shard: sh, RampUp: l.rampUp, Duration: l.duration, Iterations: l.iterations, Tracer: tracer,
		Run: func(ctx context.Context, in load.Instance) load.Outcome {
			r := run
			r.tracer = in.Tracer
			r.stdout, r.stderr = stdout, shared
			if l.output {
				prefix := "[" + strconv.Itoa(in.Number) + "] "
				r.stdout = &linePrefixer{w: stdout, prefix: prefix, clear: terminal}
				r.stderr = &linePrefixer{w: shared, prefix: prefix, clear: terminal}
			}
			r.hostOptions = append(append([]apphost.Option(nil), baseHost...),
				apphost.WithLaunchQuery(fmt.Sprintf("wxrun_instance=%d&wxrun_instances=%d&wxrun_iteration=%d", in.Number, in.Count, in.Iteration)))
			r.wxOptions = baseWX
			if o.surface.dataDir != "" {
				r.wxOptions = append(append([]wxapi.Option(nil), baseWX...),
					wxapi.WithDataDir(filepath.Join(o.surface.dataDir, "instance-"+strconv.Itoa(in.Number))))
			}
			return runInstance(ctx, r)
		},
	}
	ctx, received, stop := signalContext(context.Background())
	defer stop()
	runner, err := load.Start(ctx, cfg)
	if err != nil {
		return err
	}
	progressDone := make(chan struct{})
	go func() {
		defer close(progressDone)
		showProgress(stderr, terminal, runner)
	}()
	sum := runner.Wait()
	<-progressDone
	stop()
	sum.FileLimit = limit

	if err := sum.WriteText(stderr); err != nil {
		return err
	}
	if l.summaryJSON != "" {
		if err := sum.WriteFile(l.summaryJSON); err != nil {
			return fmt.Errorf("--summary-json: %w", err)
		}
	}
	if l.report != "" {
		if err := load.WriteReport(l.report, sum); err != nil {
			return fmt.Errorf("--report: %w", err)
		}
	}
	if sig := received(); sig != nil {
		return &interrupted{sig: sig}
	}
	if n := sum.Failed + sum.TimedOut; n > 0 {
		return &loadFailed{failed: sum.Failed, timedOut: sum.TimedOut}
	}
	return nil
}

// fileLimitWarning warns when planned instances may need more open files than limit
// allows: each holds a few descriptors (a socket or two, its storage file with
// --data-dir), and a run past the limit fails with "too many open files" in its errMsgs.
func fileLimitWarning(planned int, limit uint64) string {
	if need := uint64(planned)*3 + 64; limit != 0 && need > limit {
		return fmt.Sprintf("wxrun: %d instances may need about %d open files, and the limit is %d (ulimit -n)", planned, need, limit)
	}
	return ""
}

// loadFailed is an instances run in which some instance failed or timed out: exit
// status 1, the summary printed before.
type loadFailed struct{ failed, timedOut int }

func (e *loadFailed) Error() string {
	return fmt.Sprintf("%d instances failed and %d timed out (summary above)", e.failed, e.timedOut)
}

// runInstance runs one iteration of one instance, as runScript runs the one program of a
// run, without signals (the load's context carries them) and without printing.
func runInstance(ctx context.Context, s scriptRun) load.Outcome {
	h, err := openHost(s)
	if err != nil {
		// A file that does not load fails every instance alike; the summary groups it.
		s.tracer.Emit(trace.Event{Type: trace.Error, Name: "load", Text: err.Error()})
		return load.Failed
	}
	defer h.Close()
	runCtx := ctx
	if s.timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	runErr := h.Run(runCtx)
	exitErr := teardownErrors(h.Exit(context.Background()))
	var te *runtime.TimeoutError
	switch {
	case errors.As(runErr, &te) && ctx.Err() != nil:
		// The load's end (--duration) or a signal stopped it; what the teardown reports
		// still counts.
		if exitErr != nil {
			return load.Failed
		}
		return load.Stopped
	case errors.As(runErr, &te):
		return load.TimedOut
	case combineErrors(runErr, exitErr) != nil:
		return load.Failed
	}
	return load.Finished
}

// showProgress writes a live progress line while the run goes on: rewritten in place
// twice a second on a terminal, a plain line every 10 seconds otherwise (a CI log).
func showProgress(w io.Writer, terminal bool, r *load.Runner) {
	every := 10 * time.Second
	if terminal {
		every = 500 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	var prev load.Status
	for {
		select {
		case <-r.Done():
			if terminal {
				io.WriteString(w, "\r\033[K")
			}
			return
		case <-t.C:
			cur := r.Status()
			line := progressLine(cur, prev)
			prev = cur
			if terminal {
				io.WriteString(w, "\r\033[K"+line)
			} else {
				io.WriteString(w, "wxrun: "+line+"\n")
			}
		}
	}
}

// progressLine says where the run is, with the messages per second since prev.
func progressLine(s, prev load.Status) string {
	rate := 0.0
	if dt := (s.Elapsed - prev.Elapsed).Seconds(); dt > 0 {
		rate = float64(s.Counts.MessagesSent+s.Counts.MessagesReceived-prev.Counts.MessagesSent-prev.Counts.MessagesReceived) / dt
	}
	return fmt.Sprintf("%s  instances %d/%d running %d, %d finished, %d failed, %d timed out  sockets %d open  messages ↑%d ↓%d (%.0f/s)  errors %d",
		s.Elapsed.Truncate(100*time.Millisecond), s.Started, s.Planned, s.Running, s.Finished, s.Failed, s.TimedOut,
		s.Counts.Opened-s.Counts.Closed, s.Counts.MessagesSent, s.Counts.MessagesReceived, rate, s.Counts.Errors)
}

// linePrefixer writes prefix at the start of every line, each Write in one Write to w
// (a syncbuf.Writer shared by the instances, so that their lines do not interleave).
type linePrefixer struct {
	w       io.Writer
	prefix  string
	clear   bool // erase the terminal's current line (the progress line) first
	mu      sync.Mutex
	midLine bool // the last write ended without a newline
	buf     []byte
}

func (p *linePrefixer) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = p.buf[:0]
	if p.clear && !p.midLine {
		p.buf = append(p.buf, "\r\033[K"...)
	}
	for rest := b; len(rest) > 0; {
		if !p.midLine {
			p.buf = append(p.buf, p.prefix...)
		}
		line, after, found := bytes.Cut(rest, []byte{'\n'})
		p.buf = append(p.buf, line...)
		if found {
			p.buf = append(p.buf, '\n')
		}
		p.midLine = !found
		rest = after
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return 0, err
	}
	return len(b), nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
