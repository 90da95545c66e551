package testrunner

import (
	"context"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

// SnapshotMode says what snapshot matchers may write.
type SnapshotMode string

const (
	SnapshotsNew  SnapshotMode = "new"  // write snapshots that do not exist yet (jest's default outside CI)
	SnapshotsAll  SnapshotMode = "all"  // also overwrite those that differ and remove obsolete ones (-u)
	SnapshotsNone SnapshotMode = "none" // write nothing: a missing snapshot fails (--ci)
)

// Options configure a run. The zero value runs with jest's defaults.
type Options struct {
	Jobs            int           // files run at once; 0 = one per CPU
	TestNamePattern string        // -t: only tests whose full name matches this regular expression
	Bail            int           // stop after this many failed files; 0 = never
	TestTimeout     time.Duration // overrides the configuration's testTimeout when > 0
	Snapshots       SnapshotMode  // "" = SnapshotsNew
	StackSize       int           // JavaScript call depth limit; 0 = runtime.DefaultMaxCallStackSize
	// Rejections says whether an unhandled rejection fails the test it happened in
	// (runtime.RejectionsStrict, the default) or is only printed (RejectionsWarn).
	Rejections runtime.UnhandledRejections
	WX         []wxapi.Option
	// Globals are set as global variables in every test file's runtime before its setup
	// files run: how a Go test hands the JavaScript tests the URL of the server under test.
	// Values are converted as goja converts Go values (strings, numbers, maps, slices).
	Globals map[string]any
	// Reporters receive the results as files finish; all of them, in order.
	Reporters []Reporter
	// Tracer, if set, traces every file's run (package trace): file i of the files Run is
	// given is instance i+1, whose first event names it.
	Tracer *trace.Tracer

	// onFile, if set, receives the modules each file loaded (for Watch). Called from the
	// file's goroutine, serialised with the reporters.
	onFile func(path string, loaded map[string]bool)
}

func (o *Options) snapshotMode() SnapshotMode {
	if o.Snapshots == "" {
		return SnapshotsNew
	}
	return o.Snapshots
}

// Reporter receives a run's results. Its methods are called from one goroutine at a time,
// in the order RunStart, FileDone (once per file, in the order the files finish),
// RunDone.
type Reporter interface {
	RunStart(cfg *Config, files []string)
	FileDone(f *FileResult)
	RunDone(s *Summary) error
}

// run is one Run: the configuration, the options and the bail state shared by the files.
type run struct {
	cfg         *Config
	opts        Options
	failedFiles atomic.Int32
	bail        atomic.Bool
	cancelAll   context.CancelFunc
}

func (r *run) timeout() time.Duration {
	if r.opts.TestTimeout > 0 {
		return r.opts.TestTimeout
	}
	if r.cfg.TestTimeout > 0 {
		return r.cfg.TestTimeout
	}
	return DefaultTestTimeout
}

func (r *run) bailed() bool { return r.bail.Load() }

// Run runs files (root-relative paths, as Discover returns them), each in its own fresh
// runtime, opts.Jobs at a time, and returns the results in the order of files. Cancelling
// ctx stops the run: running files are interrupted and the others do not start
// (Summary.Interrupted). It may be called from any goroutine; each file's runtime runs on
// a goroutine of its own.
func Run(ctx context.Context, cfg *Config, files []string, opts Options) (*Summary, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if opts.StackSize <= 0 {
		opts.StackSize = runtime.DefaultMaxCallStackSize
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = goruntime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{cfg: cfg, opts: opts, cancelAll: cancel}
	s := &Summary{Start: time.Now(), Files: make([]*FileResult, len(files))}
	for _, rep := range opts.Reporters {
		rep.RunStart(cfg, files)
	}

	var (
		mu   sync.Mutex // serialises the reporters
		wg   sync.WaitGroup
		next atomic.Int32
	)
	for range min(jobs, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				res := r.runFile(ctx, files[i], i+1)
				if res.Failed() && opts.Bail > 0 && int(r.failedFiles.Add(1)) >= opts.Bail {
					r.bail.Store(true)
					cancel()
				}
				mu.Lock()
				s.Files[i] = res
				if opts.onFile != nil {
					opts.onFile(res.Path, res.loaded)
				}
				for _, rep := range opts.Reporters {
					rep.FileDone(res)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	done := s.Files[:0]
	for _, f := range s.Files {
		if f != nil {
			done = append(done, f)
		} else {
			s.Interrupted = true
		}
	}
	s.Files = done
	s.Duration = time.Since(s.Start)
	var firstErr error
	for _, rep := range opts.Reporters {
		if err := rep.RunDone(s); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return s, firstErr
}
