// Package mailbox is the hand-off between goroutines that produce work and the one
// goroutine that consumes it: the runtime's event loop (jobs from any goroutine), a
// socket's inbox (messages from its reader goroutine to the loop) and a socket's outbox
// (frames from the loop to its writer goroutine).
//
// # Batches
//
// Producers Put items one at a time; the consumer takes everything queued at once with
// TakeAll, handles the batch, and hands the slice back with Recycle so the next batch
// reuses its memory. Put reports whether its item started a new batch: only that
// producer needs to wake the consumer, so a burst of a thousand items costs one
// wake-up, not a thousand.
//
// The mailbox never wakes anybody itself, because its consumers wait in different ways:
// the event loop waits for a [Signal] together with its timers and its context, and a
// socket inbox is not waited on at all — the producer that starts a batch submits a job
// that drains it.
//
// # Goroutines
//
// Put, Close, Closed, Drained, Len and Drop may be called from any goroutine. TakeAll,
// Recycle and PutBack belong to the consumer: one goroutine, or calls serialised some
// other way (jobs running one after another on an event loop).
package mailbox

import (
	"sync"
	"unsafe"
)

// maxSpareBytes bounds the memory a mailbox keeps between bursts: a batch slice larger
// than this is kept for reuse only while batches fill a sixteenth of it or more, so that a
// long burst does not grow a fresh slice for every batch, and the first small batch after
// it lets the memory go.
const maxSpareBytes = 64 << 10

// Mailbox is a first-in, first-out queue with any number of producers and one consumer
// that takes the whole queue at once. The zero value is an empty, open mailbox. A
// Mailbox must not be copied after first use.
type Mailbox[T any] struct {
	mu     sync.Mutex
	items  []T
	spare  []T // the previous batch's slice, emptied, waiting to be reused
	closed bool
}

// Put appends v, unless the mailbox is closed, in which case it drops v and returns
// ok == false. first reports whether v is the first item since the consumer's last
// TakeAll: the producer that gets first == true must see to it that the consumer will
// call TakeAll (notify a Signal, submit a drain job). Safe from any goroutine.
func (m *Mailbox[T]) Put(v T) (first, ok bool) { return m.put(v, false) }

// PutLast is Put followed by Close, with no other Put in between: v is the last item the
// consumer will ever take (a close frame after the data frames queued before it). It
// reports ok == false, dropping v, if the mailbox was closed already. Safe from any
// goroutine.
func (m *Mailbox[T]) PutLast(v T) (first, ok bool) { return m.put(v, true) }

func (m *Mailbox[T]) put(v T, last bool) (first, ok bool) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return false, false
	}
	m.items = append(m.items, v)
	first = len(m.items) == 1
	m.closed = last
	m.mu.Unlock()
	return first, true
}

// Close makes every later Put fail. Items already queued stay there for TakeAll. It
// reports whether this call closed the mailbox. Safe from any goroutine; a consumer
// waiting for items must be woken by the caller, as after a Put.
func (m *Mailbox[T]) Close() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	m.closed = true
	return true
}

// Closed reports whether the mailbox was closed. Safe from any goroutine.
func (m *Mailbox[T]) Closed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

// Drained reports whether the mailbox is closed and empty: nothing will ever be taken
// from it again. A consumer that got an empty batch checks Drained before it waits.
// Safe from any goroutine.
func (m *Mailbox[T]) Drained() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed && len(m.items) == 0
}

// Len returns the number of queued items. Safe from any goroutine.
func (m *Mailbox[T]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

// Drop forgets every queued item and the spare slice, for a consumer that is gone for
// good. It does not close the mailbox. Safe from any goroutine.
func (m *Mailbox[T]) Drop() {
	m.mu.Lock()
	m.items = nil
	m.spare = nil
	m.mu.Unlock()
}

// TakeAll removes and returns every queued item, in the order they were put; nil if
// there are none. The next Put starts a new batch. Consumer only.
func (m *Mailbox[T]) TakeAll() []T {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.items) == 0 {
		return nil // keep the empty slice: it may be the spare of the last batch
	}
	batch := m.items
	m.items = m.spare[:0]
	m.spare = nil
	return batch
}

// Recycle hands a batch returned by TakeAll back once the consumer is done with it. Its
// elements are zeroed (so the mailbox holds no references to handled items) and the slice
// is reused by a later batch, unless it is large and this batch used little of it. The
// consumer must not use batch afterwards. Consumer only.
func (m *Mailbox[T]) Recycle(batch []T) {
	if cap(batch) == 0 {
		return
	}
	clear(batch)
	var zero T
	if uintptr(cap(batch))*unsafe.Sizeof(zero) > maxSpareBytes && len(batch) < cap(batch)/16 {
		return
	}
	m.mu.Lock()
	if m.spare == nil {
		m.spare = batch[:0]
	}
	m.mu.Unlock()
}

// PutBack returns items the consumer took but did not handle (it was interrupted) to the
// front of the queue, ahead of anything put since, so that order is kept. It works on a
// closed mailbox too. The items are copied; the consumer may recycle its batch
// afterwards. Because the mailbox is then not empty, Puts until the next TakeAll report
// first == false: a consumer that puts back must call TakeAll again without waiting to
// be woken. Consumer only.
func (m *Mailbox[T]) PutBack(items []T) {
	if len(items) == 0 {
		return
	}
	m.mu.Lock()
	m.items = append(append(make([]T, 0, len(items)+len(m.items)), items...), m.items...)
	m.mu.Unlock()
}

// Signal wakes a consumer that waits for work. Notify never blocks, and a notification
// sent while nobody waits is kept (one at most), so a consumer that checks its mailbox
// and then waits on C cannot miss a Put that came in between. Create it with NewSignal;
// copies share the channel.
type Signal struct{ c chan struct{} }

// NewSignal returns a Signal with no pending notification.
func NewSignal() Signal { return Signal{c: make(chan struct{}, 1)} }

// Notify wakes the waiter, or leaves a notification for its next wait. Safe from any
// goroutine.
func (s Signal) Notify() {
	select {
	case s.c <- struct{}{}:
	default:
	}
}

// C returns the channel to wait on. A receive consumes the pending notification.
// Consumer only.
func (s Signal) C() <-chan struct{} { return s.c }
