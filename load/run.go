package load

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wxrun/wxrun/trace"
)

// Shard is a slice of a run's instances: shard Index of Count (1 <= Index <= Count, as
// 'wxrun test --shard', jest and Playwright count them), so that separate processes or
// machines each run a part of one load. Shard i of n runs the instances numbered
// (i-1)·N/n+1 to i·N/n of N, a contiguous range, so that instance numbers are unique
// across the shards and the shards together run each instance once.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Range returns the instance numbers shard s runs of a run of n: first to last,
// inclusive, numbered from 1; first > last when the shard is empty (more shards than
// instances). The zero Shard runs them all.
func (s Shard) Range(n int) (first, last int) {
	if s.Count == 0 {
		return 1, n
	}
	return (s.Index-1)*n/s.Count + 1, s.Index * n / s.Count
}

// Instance is one copy of the mini program in a load run, as Config.Run receives it.
type Instance struct {
	Number    int           // from 1 to Count, unique across the shards of a run
	Count     int           // the run's instance count, all shards together
	Iteration int           // the instance's iteration, from 1
	Tracer    *trace.Tracer // stamps events with Number, for the metrics and --trace
}

// Outcome is how an iteration ended.
type Outcome int

const (
	Finished Outcome = iota // it ran to completion without an uncaught error
	Failed                  // an uncaught error, or a file that failed to load
	TimedOut                // it hit its own time limit (--timeout)
	Stopped                 // the run's context ended it (--duration, or an interruption)
)

// Config describes a load run.
type Config struct {
	Instances int   // N, all shards together (>= 1)
	Shard     Shard // the slice this process runs; zero: all
	// RampUp spreads the starts of this shard's instances evenly over this time; 0 starts
	// them all at once.
	RampUp time.Duration
	// Duration ends the run this long after its start: iterations still running are
	// stopped (and count as finished), instances not started yet do not start. 0: no
	// limit.
	Duration time.Duration
	// Iterations is how many times each instance runs the mini program, one after the
	// other; 0 means once, or with Duration, again and again until it ends.
	Iterations int
	// Tracer, if not nil, receives every event too (the --trace writer), and its start
	// is the run's: event times and the summary's seconds count from it.
	Tracer *trace.Tracer
	// Run runs one iteration of one instance until it ends or ctx is done, on a
	// goroutine of its own; instances run concurrently. It must return soon after ctx
	// is done (with Stopped, or what the teardown found).
	Run func(ctx context.Context, in Instance) Outcome
}

// Runner runs a load: Start it, watch Status and Metrics while it runs, Wait for the
// summary. Its methods are safe for concurrent use.
type Runner struct {
	cfg     Config
	metrics *Metrics
	start   time.Time
	first   int
	last    int

	started, running, finished, failed, timedOut atomic.Int64
	iterations                                   atomic.Int64

	done chan struct{}
	sum  *Summary
}

// Status is a snapshot of a running load, for a progress line.
type Status struct {
	Elapsed                    time.Duration
	Planned                    int // instances this shard runs
	Started, Running           int
	Finished, Failed, TimedOut int
	Iterations                 int64
	Counts                     Counts
}

// Start checks cfg and starts the run on new goroutines; ctx ending stops it (as a
// signal would). It returns at once.
func Start(ctx context.Context, cfg Config) (*Runner, error) {
	if cfg.Instances < 1 {
		return nil, errors.New("the instance count must be at least 1")
	}
	if cfg.Iterations < 0 || cfg.RampUp < 0 || cfg.Duration < 0 {
		return nil, errors.New("iterations, ramp-up and duration must not be negative")
	}
	if cfg.Run == nil {
		return nil, errors.New("no Run function")
	}
	r := &Runner{cfg: cfg, metrics: NewMetrics(), start: time.Now(), done: make(chan struct{})}
	r.first, r.last = cfg.Shard.Range(cfg.Instances)
	base := trace.New(r.start, r.metrics)
	if cfg.Tracer != nil {
		base = cfg.Tracer.With(r.metrics)
		r.start = base.Start()
	}
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, r.start.Add(cfg.Duration))
		go func() { <-r.done; cancel() }()
	}
	go r.run(ctx, base)
	return r, nil
}

func (r *Runner) run(ctx context.Context, base *trace.Tracer) {
	var wg sync.WaitGroup
	planned := r.last - r.first + 1
	for k := r.first; k <= r.last; k++ {
		if planned > 1 && r.cfg.RampUp > 0 {
			at := r.start.Add(rampOffset(r.cfg.RampUp, k-r.first, planned))
			if !sleepUntil(ctx, at) {
				break
			}
		}
		if ctx.Err() != nil {
			break
		}
		r.started.Add(1)
		r.running.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer r.running.Add(-1)
			r.instance(ctx, base.ForInstance(k), k)
		}()
	}
	wg.Wait()
	sum := newSummary(r.cfg.Instances)
	sum.Start = r.start
	sum.Duration = time.Since(r.start).Seconds()
	sum.Shards = []Shard{r.cfg.Shard}
	if r.cfg.Shard.Count == 0 {
		sum.Shards = []Shard{{Index: 1, Count: 1}}
	}
	sum.Outcomes = Outcomes{
		Started: int(r.started.Load()), Finished: int(r.finished.Load()), Failed: int(r.failed.Load()),
		TimedOut: int(r.timedOut.Load()), Iterations: r.iterations.Load(),
	}
	r.metrics.fill(sum)
	r.sum = sum
	close(r.done)
}

// instance runs the iterations of instance k and counts how it ended: the first failed
// or timed-out iteration ends it.
func (r *Runner) instance(ctx context.Context, tr *trace.Tracer, k int) {
	n := r.cfg.Iterations
	if n == 0 && r.cfg.Duration == 0 {
		n = 1
	}
	outcome := Finished
	for it := 1; n == 0 || it <= n; it++ {
		if ctx.Err() != nil {
			break
		}
		o := r.cfg.Run(ctx, Instance{Number: k, Count: r.cfg.Instances, Iteration: it, Tracer: tr})
		r.iterations.Add(1)
		if o == Failed || o == TimedOut {
			outcome = o
			break
		}
	}
	switch outcome {
	case Failed:
		r.failed.Add(1)
	case TimedOut:
		r.timedOut.Add(1)
	default:
		r.finished.Add(1)
	}
}

// rampOffset is when the i-th of n instances (from 0) starts in a ramp-up of d: evenly
// spread, the first at once, the last at d. In floating point, since d·i overflows a
// Duration for a long ramp over many instances.
func rampOffset(d time.Duration, i, n int) time.Duration {
	if n <= 1 {
		return 0
	}
	return time.Duration(float64(d) * float64(i) / float64(n-1))
}

func sleepUntil(ctx context.Context, at time.Time) bool {
	d := time.Until(at)
	if d <= 0 {
		return true
	}
	select { // an unfired time.After is collected since Go 1.23: no Stop needed
	case <-time.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}

// Planned returns how many instances this process runs.
func (r *Runner) Planned() int { return max(r.last-r.first+1, 0) }

// Metrics returns the run's metrics sink.
func (r *Runner) Metrics() *Metrics { return r.metrics }

// Status returns where the run is.
func (r *Runner) Status() Status {
	return Status{
		Elapsed: time.Since(r.start), Planned: r.Planned(),
		Started: int(r.started.Load()), Running: int(r.running.Load()),
		Finished: int(r.finished.Load()), Failed: int(r.failed.Load()), TimedOut: int(r.timedOut.Load()),
		Iterations: r.iterations.Load(), Counts: r.metrics.Totals(),
	}
}

// Done is closed when every instance has ended.
func (r *Runner) Done() <-chan struct{} { return r.done }

// Wait waits for every instance to end and returns the summary.
func (r *Runner) Wait() *Summary {
	<-r.done
	return r.sum
}
