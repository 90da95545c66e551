package runtime

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// loopState is the part of the event loop shared with other goroutines: the job queue,
// the holds, and the wake-up signal. Everything else about the loop lives on the loop
// goroutine.
type loopState struct {
	mu     sync.Mutex
	queue  []func()
	spare  []func() // the previous batch's slice, reused to avoid allocating per batch
	holds  map[*Hold]struct{}
	closed bool
	wake   chan struct{} // capacity 1: a pending wake-up is never lost, never blocks
}

func (l *loopState) init() {
	l.holds = make(map[*Hold]struct{})
	l.wake = make(chan struct{}, 1)
}

func (l *loopState) wakeup() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *loopState) isClosed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

// close marks the loop closed; it reports whether this call closed it.
func (l *loopState) close() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.closed = true
	return true
}

// drop forgets queued jobs and holds after close.
func (l *loopState) drop() {
	l.mu.Lock()
	l.queue = nil
	l.spare = nil
	for h := range l.holds {
		delete(l.holds, h)
	}
	l.mu.Unlock()
}

// take returns every queued job, leaving the queue empty. Jobs submitted while a batch
// runs go into the next batch; batching is what makes a burst of socket messages cheap.
func (l *loopState) take() []func() {
	l.mu.Lock()
	batch := l.queue
	l.queue = l.spare[:0]
	l.spare = nil
	l.mu.Unlock()
	return batch
}

func (l *loopState) recycle(batch []func()) {
	clear(batch)
	l.mu.Lock()
	if l.spare == nil && cap(batch) <= 4096 {
		l.spare = batch[:0]
	}
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
	l := &r.loop
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.queue = append(l.queue, job)
	first := len(l.queue) == 1
	l.mu.Unlock()
	if first {
		l.wakeup()
	}
	return true
}

// Hold keeps the event loop alive until it is released: the run does not finish while
// some Hold is unreleased. Safe to call from any goroutine. The description appears in
// the list of pending work printed on timeout (for example "WebSocket wss://x/ (OPEN)").
type Hold struct {
	r        *Runtime
	what     atomic.Pointer[string]
	released atomic.Bool
}

// Hold registers a new Hold described by what. Safe to call from any goroutine. On a
// runtime that has shut down it returns an already released Hold.
func (r *Runtime) Hold(what string) *Hold {
	h := &Hold{r: r}
	h.what.Store(&what)
	l := &r.loop
	l.mu.Lock()
	if l.closed {
		h.released.Store(true)
	} else {
		l.holds[h] = struct{}{}
	}
	l.mu.Unlock()
	return h
}

// Describe updates the description shown for this Hold. Safe from any goroutine.
func (h *Hold) Describe(what string) { h.what.Store(&what) }

// Release lets the loop finish if nothing else is pending. It is idempotent and safe to
// call from any goroutine. Submit the last event before releasing.
func (h *Hold) Release() {
	if h.released.Swap(true) {
		return
	}
	l := &h.r.loop
	l.mu.Lock()
	delete(l.holds, h)
	idle := len(l.holds) == 0
	l.mu.Unlock()
	if idle {
		l.wakeup()
	}
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
func (r *Runtime) runLoop(ctx context.Context) error {
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
		batch := l.take()
		for i, job := range batch {
			if ctx.Err() != nil {
				// Keep the jobs that did not run: Pending() and shutdown see a consistent queue.
				l.mu.Lock()
				l.queue = append(append([]func(){}, batch[i:]...), l.queue...)
				l.mu.Unlock()
				break
			}
			r.runMacrotask(job)
		}
		if len(batch) > 0 {
			l.recycle(batch)
		}
		if len(batch) > 0 || ranTimers {
			continue
		}

		// Nothing ran: decide between finishing and waiting.
		l.mu.Lock()
		idle := len(l.queue) == 0 && len(l.holds) == 0 && r.timers.len() == 0
		l.mu.Unlock()
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
		case <-l.wake:
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
