// Package syncbuf provides goroutine-safe sinks for the output of runtimes, servers and
// processes in tests and tools, where a runtime's loop goroutine writes while another
// goroutine reads: Buffer, a bytes.Buffer (optionally keeping only its tail), and Writer,
// which serialises writes to another writer.
package syncbuf

import (
	"bytes"
	"io"
	"sync"
)

// Buffer is a goroutine-safe byte buffer. The zero value is ready to use.
type Buffer struct {
	// Keep, if positive, bounds the buffer to its tail: once it holds 2*Keep bytes, all
	// but the last Keep are dropped. Set it before the first Write.
	Keep int

	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p. Safe from any goroutine.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.b.Write(p)
	if b.Keep > 0 && b.b.Len() >= 2*b.Keep {
		tail := append([]byte(nil), b.b.Bytes()[b.b.Len()-b.Keep:]...)
		b.b.Reset()
		b.b.Write(tail)
	}
	return n, err
}

// String returns everything written so far (with Keep, the kept tail). Safe from any
// goroutine.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Writer passes writes on to another writer one at a time, so that writers on several
// goroutines never interleave within one Write.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p to the underlying writer. Safe from any goroutine.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}
