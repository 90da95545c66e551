package runtime

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wxrun/wxrun/internal/mailbox"
)

// loopState is the part of the event loop shared with other goroutines: the job queue,
// the holds, and the wake-up signal. Everything else about the loop lives on the loop
// goroutine.
type loopState struct {
	// jobs is the macrotask queue: any goroutine puts, the loop goroutine takes a batch
	// at a time. Closing it is what shuts the loop down for Submit.
	jobs mailbox.Mailbox[func()]
	wake mailbox.Signal // jobs started a batch, a hold was released, or ctx is done

	mu    sync.Mutex
	holds map[*Hold]struct{}
}

func (l *loopState) init() {
	l.holds = make(map[*Hold]struct{})
	l.wake = mailbox.NewSignal()
}

// wakeup makes the loop look at its queue, holds and context again. Any goroutine.
func (l *loopState) wakeup() { l.wake.Notify() }

func (l *loopState) isClosed() bool { return l.jobs.Closed() }

// close marks the loop closed; it reports whether this call closed it.
func (l *loopState) close() bool { return l.jobs.Close() }

// drop forgets queued jobs and holds after close.
func (l *loopState) drop() {
	l.jobs.Drop()
	l.mu.Lock()
	clear(l.holds)
	l.mu.Unlock()
}

// Submit queues job to run on the loop goroutine, after the jobs already queued. It is safe
// to call from any goroutine, including the loop goroutine itself, and never blocks. It
// returns false, dropping job, once the runtime has shut down.
//
// The job runs as a macrotask: promise reactions it triggers run right after it. A job
// that calls into JavaScript should do so through CallFunction (or report errors with
// ReportError) so that exceptions are reported like any other uncaught error.
func (r *Runtime) Submit(job func()) bool {
	first, ok := r.loop.jobs.Put(job)
	if first {
		r.loop.wakeup()
	}
	return ok
}

// Queued returns how many jobs are queued and not yet started. Safe from any goroutine.
// A job that should run only once the work already queued has run — a test helper that
// waits for the page lifecycles a navigation queued, which queue more — submits itself
// again while it is not zero. Jobs of the batch that is running are not counted: they
// were taken from the queue together, and the ones after the caller run before anything
// it submits.
func (r *Runtime) Queued() int { return r.loop.jobs.Len() }

// Hold keeps the event loop alive until it is released: the run does not finish while
// some Hold is unreleased. Safe to call from any goroutine. The description appears in
// the list of pending work printed on timeout (for example "WebSocket wss://x/ (OPEN)").
type Hold struct {
	r        *Runtime
	what     atomic.Pointer[string]
	released atomic.Bool
	idle     atomic.Bool
}

// Hold registers a new Hold described by what. Safe to call from any goroutine. On a
// runtime that has shut down it returns an already released Hold.
func (r *Runtime) Hold(what string) *Hold {
	h := &Hold{r: r}
	h.what.Store(&what)
	l := &r.loop
	l.mu.Lock()
	// Checked under l.mu: drop, which follows close, clears the holds under it too.
	if l.isClosed() {
		h.released.Store(true)
	} else {
		l.holds[h] = struct{}{}
	}
	l.mu.Unlock()
	return h
}

// Describe updates the description shown for this Hold. Safe from any goroutine.
func (h *Hold) Describe(what string) { h.what.Store(&what) }

// SetIdle marks the Hold as standing for something that waits on the outside world for as
// long as the program lets it — an open connection — rather than for work under way (a
// connection opening or closing). RunFile and RunLoop wait for an idle Hold like for any
// other; Settle does not. Safe from any goroutine.
func (h *Hold) SetIdle(idle bool) {
	h.idle.Store(idle)
	if idle {
		h.r.loop.wakeup() // a Settle waiting for it can finish
	}
}

// Release lets the loop finish if nothing else is pending. It is idempotent and safe to
// call from any goroutine. Submit the last event before releasing.
func (h *Hold) Release() {
	if h.released.Swap(true) {
		return
	}
	l := &h.r.loop
	l.mu.Lock()
	delete(l.holds, h)
	l.mu.Unlock()
	// Always wake the loop: with holds left it may still be done — a Settle waits only for
	// holds that are not idle. A wake-up that finds work left costs one look at the queue.
	l.wakeup()
}

// Pending describes what keeps the loop alive: holds and timers. Loop goroutine only.
func (r *Runtime) Pending() []string {
	var out []string
	r.loop.mu.Lock()
	for h := range r.loop.holds {
		out = append(out, *h.what.Load())
	}
	r.loop.mu.Unlock()
	sort.Strings(out)
	return append(out, r.timers.describe()...)
}

// runLoop runs jobs and timers until nothing is pending (nil) or ctx is done (ctx.Err()).
// With settle (Settle), what is pending means queued jobs and Holds that are not idle:
// timers due later and idle Holds do not keep it going.
func (r *Runtime) runLoop(ctx context.Context, settle bool) error {
	l := &r.loop
	var wait *time.Timer
	defer func() {
		if wait != nil {
			wait.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		ranTimers := r.runDueTimers(ctx)
		// Jobs submitted while a batch runs go into the next batch; batching is what
		// makes a burst of socket messages cheap.
		batch := l.jobs.TakeAll()
		for i, job := range batch {
			if ctx.Err() != nil {
				// Keep the jobs that did not run: Pending() and shutdown see a consistent queue.
				l.jobs.PutBack(batch[i:])
				break
			}
			r.runMacrotask(job)
		}
		l.jobs.Recycle(batch)
		if len(batch) > 0 || ranTimers {
			continue
		}

		// Nothing ran: decide between finishing and waiting. Holds are read before the
		// queue: a goroutine submits its last event before it releases its hold, so once
		// the release is seen, so is the event.
		l.mu.Lock()
		noHolds := len(l.holds) == 0
		if settle && !noHolds {
			noHolds = true
			for h := range l.holds {
				if !h.idle.Load() {
					noHolds = false
					break
				}
			}
		}
		l.mu.Unlock()
		idle := noHolds && l.jobs.Len() == 0 && (r.timers.len() == 0 || settle)
		if idle {
			return nil
		}
		var timerC <-chan time.Time
		if next, ok := r.timers.next(); ok {
			d := time.Until(next)
			if d <= 0 {
				continue
			}
			if wait == nil {
				wait = time.NewTimer(d)
			} else {
				wait.Reset(d)
			}
			timerC = wait.C
		}
		select {
		case <-l.wake.C():
		case <-timerC:
		case <-ctx.Done():
		}
	}
}

// runMacrotask runs one job, reporting anything that escapes it, then reports promise
// rejections left unhandled once its microtasks have run.
func (r *Runtime) runMacrotask(job func()) {
	if err := r.guard(func() error { job(); return nil }); err != nil {
		r.ReportError(err)
	}
	r.afterMacrotask()
}
