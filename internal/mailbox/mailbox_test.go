package mailbox

import (
	"slices"
	"sync"
	"testing"
	"time"
)

func TestPutTakeAllKeepsOrderAndMarksTheFirstOfEachBatch(t *testing.T) {
	var m Mailbox[int]
	if b := m.TakeAll(); b != nil {
		t.Fatalf("empty mailbox gave %v", b)
	}
	var firsts []bool
	for i := 1; i <= 3; i++ {
		first, ok := m.Put(i)
		if !ok {
			t.Fatal("Put on an open mailbox failed")
		}
		firsts = append(firsts, first)
	}
	if !slices.Equal(firsts, []bool{true, false, false}) {
		t.Fatalf("first flags %v", firsts)
	}
	if m.Len() != 3 {
		t.Fatalf("Len %d", m.Len())
	}
	batch := m.TakeAll()
	if !slices.Equal(batch, []int{1, 2, 3}) {
		t.Fatalf("batch %v", batch)
	}
	if first, _ := m.Put(4); !first {
		t.Fatal("the Put after TakeAll must start a new batch")
	}
	m.Recycle(batch)
	if first, _ := m.Put(5); first {
		t.Fatal("Recycle must not start a new batch")
	}
	if b := m.TakeAll(); !slices.Equal(b, []int{4, 5}) {
		t.Fatalf("second batch %v", b)
	}
}

func TestCloseRefusesPutsButKeepsWhatIsQueued(t *testing.T) {
	var m Mailbox[string]
	m.Put("a")
	if !m.Close() {
		t.Fatal("first Close must report that it closed")
	}
	if m.Close() {
		t.Fatal("second Close must report false")
	}
	if first, ok := m.Put("b"); ok || first {
		t.Fatalf("Put after Close: first=%v ok=%v", first, ok)
	}
	if !m.Closed() || m.Drained() {
		t.Fatalf("Closed=%v Drained=%v, want true false", m.Closed(), m.Drained())
	}
	if b := m.TakeAll(); !slices.Equal(b, []string{"a"}) {
		t.Fatalf("batch %v", b)
	}
	if !m.Drained() {
		t.Fatal("closed and empty must be Drained")
	}
}

func TestPutLastIsTheLastItem(t *testing.T) {
	var m Mailbox[int]
	m.Put(1)
	if first, ok := m.PutLast(2); first || !ok {
		t.Fatalf("PutLast: first=%v ok=%v", first, ok)
	}
	if _, ok := m.Put(3); ok {
		t.Fatal("Put after PutLast succeeded")
	}
	if _, ok := m.PutLast(4); ok {
		t.Fatal("PutLast after PutLast succeeded")
	}
	if b := m.TakeAll(); !slices.Equal(b, []int{1, 2}) {
		t.Fatalf("batch %v", b)
	}
	var fresh Mailbox[int]
	if first, ok := fresh.PutLast(1); !first || !ok {
		t.Fatalf("PutLast on an empty mailbox: first=%v ok=%v", first, ok)
	}
}

func TestPutBackGoesAheadOfNewerItems(t *testing.T) {
	var m Mailbox[int]
	for i := 1; i <= 4; i++ {
		m.Put(i)
	}
	batch := m.TakeAll()
	m.Put(5) // arrives while the consumer handles 1 and is interrupted
	m.PutBack(batch[1:])
	m.Recycle(batch)
	if first, _ := m.Put(6); first {
		t.Fatal("a Put after PutBack must not report a new batch: the consumer already has work")
	}
	if b := m.TakeAll(); !slices.Equal(b, []int{2, 3, 4, 5, 6}) {
		t.Fatalf("batch %v", b)
	}
}

func TestRecycleZeroesAndReusesTheSlice(t *testing.T) {
	var m Mailbox[*int]
	x := 1
	m.Put(&x)
	m.Put(&x)
	batch := m.TakeAll()
	m.Recycle(batch)
	if batch[0] != nil || batch[1] != nil {
		t.Fatal("Recycle must zero the batch so handled items can be collected")
	}
	// Once warm, a put/take/recycle cycle allocates nothing.
	allocs := testing.AllocsPerRun(100, func() {
		m.Put(&x)
		m.Put(&x)
		m.Recycle(m.TakeAll())
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per cycle, want 0", allocs)
	}
}

func TestRecycleKeepsLargeSlicesOnlyWhileBatchesFillThem(t *testing.T) {
	var m Mailbox[[64]byte]
	burst := func(n int) {
		for range n {
			m.Put([64]byte{})
		}
		m.Recycle(m.TakeAll())
	}
	const large = 2 * maxSpareBytes / 64
	burst(large)
	burst(large)
	if allocs := testing.AllocsPerRun(10, func() { burst(large) }); allocs != 0 {
		t.Fatalf("large batches in a row: %v allocations per batch, want 0", allocs)
	}
	burst(1)
	burst(1)
	if cap(m.items)*64 > maxSpareBytes || cap(m.spare)*64 > maxSpareBytes {
		t.Fatalf("small batches after the burst must let the large slices go; kept %d and %d bytes", cap(m.items)*64, cap(m.spare)*64)
	}
	burst(1)
	if m.spare == nil {
		t.Fatal("a small slice should be kept for reuse")
	}
}

func TestDropForgetsEverything(t *testing.T) {
	var m Mailbox[int]
	m.Put(1)
	m.Recycle(m.TakeAll())
	m.Put(2)
	m.Drop()
	if m.Len() != 0 || m.spare != nil {
		t.Fatalf("Len %d, spare %v after Drop", m.Len(), m.spare)
	}
	if first, ok := m.Put(3); !first || !ok {
		t.Fatal("Drop does not close; the next Put starts a batch")
	}
}

// Many producers and one consumer that waits on a Signal, the way the event loop and a
// socket's writer use the package: every item arrives exactly once, each producer's
// items in its order, exactly the first item of each batch was reported first, and no
// wake-up is lost (a lost one would leave the consumer waiting until the deadline).
// Run with -race.
func TestProducersAndAWaitingConsumer(t *testing.T) {
	const producers, perProducer = 8, 5000
	type item struct{ producer, seq int }
	var m Mailbox[item]
	wake := NewSignal()
	// firsts[p][i] is what Put reported for producer p's item i. Only producer p writes
	// its row; it is read after every goroutine has finished.
	firsts := make([][]bool, producers)

	type taken struct {
		it         item
		startBatch bool
	}
	got := make(chan []taken, 1)
	go func() {
		var all []taken
		deadline := time.After(30 * time.Second)
		for {
			batch := m.TakeAll()
			if len(batch) == 0 {
				if m.Drained() {
					got <- all
					return
				}
				select {
				case <-wake.C():
				case <-deadline:
					got <- nil
					return
				}
				continue
			}
			for i, it := range batch {
				all = append(all, taken{it, i == 0})
			}
			m.Recycle(batch)
		}
	}()

	var wg sync.WaitGroup
	for p := range producers {
		firsts[p] = make([]bool, perProducer)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perProducer {
				first, ok := m.Put(item{p, i})
				if !ok {
					t.Error("Put on an open mailbox failed")
					return
				}
				firsts[p][i] = first
				if first {
					wake.Notify()
				}
			}
		}()
	}
	wg.Wait()
	m.Close()
	wake.Notify()

	all := <-got
	if all == nil {
		t.Fatal("the consumer was not woken: a notification was lost")
	}
	next := make([]int, producers)
	for _, x := range all {
		p, seq := x.it.producer, x.it.seq
		if seq != next[p] {
			t.Fatalf("producer %d: got item %d, want %d", p, seq, next[p])
		}
		next[p]++
		if firsts[p][seq] != x.startBatch {
			t.Fatalf("item %d/%d: Put reported first=%v, but it was at the start of a batch: %v", p, seq, firsts[p][seq], x.startBatch)
		}
	}
	for p, n := range next {
		if n != perProducer {
			t.Fatalf("producer %d: %d items arrived, want %d", p, n, perProducer)
		}
	}
}
