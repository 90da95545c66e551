package runtime

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/inspect"
)

// maxTimerDelay is the largest delay browsers, Node and the mini program engines honour;
// a larger one overflows their 32-bit field and the timer fires after 1 ms instead.
const maxTimerDelay = math.MaxInt32

type timer struct {
	id       int64
	when     time.Time
	seq      uint64 // creation order breaks ties between timers due at the same instant
	interval time.Duration
	repeat   bool
	fn       goja.Callable
	args     []goja.Value
	kind     string // "setTimeout" or "setInterval"
	where    string // file:line:col of the call that created it, for the pending report
	index    int    // position in the heap, -1 once removed
}

// timerQueue is the loop's timer heap. Loop goroutine only.
type timerQueue struct {
	items  []*timer
	byID   map[int64]*timer
	nextID int64
	seq    uint64
}

func (q *timerQueue) Len() int { return len(q.items) }
func (q *timerQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.when.Equal(b.when) {
		return a.seq < b.seq
	}
	return a.when.Before(b.when)
}
func (q *timerQueue) Swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.items[i].index = i
	q.items[j].index = j
}
func (q *timerQueue) Push(x any) {
	t := x.(*timer)
	t.index = len(q.items)
	q.items = append(q.items, t)
}
func (q *timerQueue) Pop() any {
	n := len(q.items)
	t := q.items[n-1]
	q.items[n-1] = nil
	q.items = q.items[:n-1]
	t.index = -1
	return t
}

func (q *timerQueue) len() int { return len(q.items) }

func (q *timerQueue) next() (time.Time, bool) {
	if len(q.items) == 0 {
		return time.Time{}, false
	}
	return q.items[0].when, true
}

func (q *timerQueue) add(t *timer) {
	if q.byID == nil {
		q.byID = make(map[int64]*timer)
	}
	q.nextID++
	q.seq++
	t.id, t.seq = q.nextID, q.seq
	q.byID[t.id] = t
	heap.Push(q, t)
}

func (q *timerQueue) remove(id int64) {
	t, ok := q.byID[id]
	if !ok {
		return
	}
	delete(q.byID, id)
	if t.index >= 0 {
		heap.Remove(q, t.index)
	}
}

func (q *timerQueue) clear() {
	q.items = nil
	q.byID = nil
}

func (q *timerQueue) describe() []string {
	out := make([]string, 0, len(q.items))
	for _, t := range q.items {
		s := fmt.Sprintf("%s(…, %dms)", t.kind, t.interval.Milliseconds())
		if t.where != "" {
			s += " at " + t.where
		}
		out = append(out, s)
	}
	return out
}

// runDueTimers runs every timer that is due now, each as its own macrotask. Timers created
// while it runs wait for the next pass, so `setTimeout(f, 0)` chains cannot starve jobs.
func (r *Runtime) runDueTimers(ctx context.Context) bool {
	q := &r.timers
	if len(q.items) == 0 {
		return false
	}
	now := time.Now()
	lastSeq := q.seq
	ran := false
	for len(q.items) > 0 && ctx.Err() == nil {
		t := q.items[0]
		if t.when.After(now) || t.seq > lastSeq {
			break
		}
		if t.repeat {
			// Reschedule before running so clearInterval inside the callback wins.
			q.seq++
			t.seq = q.seq
			t.when = now.Add(t.interval)
			heap.Fix(q, 0)
		} else {
			heap.Pop(q)
			delete(q.byID, t.id)
		}
		ran = true
		r.runMacrotask(func() {
			if _, err := t.fn(goja.Undefined(), t.args...); err != nil {
				r.ReportError(err)
			}
		})
	}
	return ran
}

func (r *Runtime) installTimers() {
	vm := r.vm
	set := func(kind string, repeat bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				// The base library's wrapper text, word for word.
				panic(vm.NewTypeError(fmt.Sprintf("%s expects a function as first argument but got %s.", kind, inspect.TypeOf(call.Argument(0)))))
			}
			delay := timerDelay(call.Argument(1))
			if repeat && delay < time.Millisecond {
				delay = time.Millisecond
			}
			var args []goja.Value
			if len(call.Arguments) > 2 {
				args = append(args, call.Arguments[2:]...)
			}
			t := &timer{fn: fn, args: args, interval: delay, repeat: repeat, kind: kind, when: time.Now().Add(delay)}
			// Frame 0 is this native function; the caller is the first frame with a source.
			for _, f := range vm.CaptureCallStack(2, nil) {
				if pos := framePosition(f); pos != "" && !inspect.IsInternal(f.SrcName()) {
					t.where = pos
					break
				}
			}
			r.timers.add(t)
			return vm.ToValue(t.id)
		}
	}
	clear := func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0)
		if n, ok := id.Export().(int64); ok {
			r.timers.remove(n)
		} else if f, ok := id.Export().(float64); ok && f == math.Trunc(f) {
			r.timers.remove(int64(f))
		}
		return goja.Undefined()
	}
	g := vm.GlobalObject()
	_ = g.Set("setTimeout", set("setTimeout", false))
	_ = g.Set("setInterval", set("setInterval", true))
	_ = g.Set("clearTimeout", clear)
	_ = g.Set("clearInterval", clear)
}

// timerDelay converts a JS delay argument as browsers do: ToNumber, NaN and negatives are
// 0, values beyond the 32-bit limit overflow to 1 ms.
func timerDelay(v goja.Value) time.Duration {
	if v == nil || goja.IsUndefined(v) {
		return 0
	}
	ms := v.ToFloat()
	switch {
	case math.IsNaN(ms) || ms <= 0:
		return 0
	case ms > maxTimerDelay:
		return time.Millisecond
	}
	return time.Duration(ms * float64(time.Millisecond))
}
