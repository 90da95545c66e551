package trace

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Schema and SchemaVersion name the format of the first line of a trace file:
// {"schema":"wxrun-trace","version":1,…}. The version changes when a field changes meaning
// or disappears; new types and new fields do not change it, and readers ignore what they
// do not know.
const (
	Schema        = "wxrun-trace"
	SchemaVersion = 1
)

// DefaultPayloadLimit is how many bytes of each frame or body a trace file keeps: text in
// full up to it, binary data as base64 of up to it. Replaying needs the whole payload, so
// the default is generous; longer payloads are cut and marked "truncated".
const DefaultPayloadLimit = 1 << 20

// flushEvery bounds how long an event waits in the buffer before it is written to the
// file, so that a crash loses at most that much of the end of a run.
const flushEvery = 100 * time.Millisecond

// flushSize is the buffered size at which the writer writes at once.
const flushSize = 64 << 10

// WriterOptions configure a Writer.
type WriterOptions struct {
	// PayloadLimit is how many bytes of each payload are kept (DefaultPayloadLimit if 0;
	// negative: no limit).
	PayloadLimit int
	// Version is written in the first line as "wxrun" (the program's version).
	Version string
}

// Writer is a Sink that writes events as JSON Lines: a first line naming the schema, then
// one event per line, in the order Event was called.
//
// # What survives a crash
//
// Lines are buffered and written whole: the buffer is written when it holds 64 KiB, and
// at the latest 100 ms after an event entered it; Close writes the rest and fsyncs the
// file. A run that crashes, or is killed, therefore leaves a file whose lines are a
// prefix of its events — all but at most the last 100 ms — each line a complete event,
// except, rarely, a last line cut short by the kill, which the readers in this package
// (Reader, and so 'wxrun trace show' and --replay) skip. Only Close makes the file
// durable against a power failure.
//
// Its methods are safe for concurrent use.
type Writer struct {
	limit int

	mu     sync.Mutex
	out    io.Writer
	file   *os.File // when Create opened it: synced and closed by Close
	buf    []byte
	timer  *time.Timer // the pending flush, nil when buf is empty
	err    error       // the first write error; later events are dropped
	closed bool
}

// Create creates (or truncates) the file at path and returns a Writer to it, with the
// schema line written: the trace's start (wall clock, RFC 3339) and the options' version.
func Create(path string, start time.Time, o WriterOptions) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	w := NewWriter(f, start, o)
	w.file = f
	// The schema line goes out at once: even a run that crashes at start leaves a file
	// that says what it is.
	w.mu.Lock()
	w.flushLocked()
	err = w.err
	w.mu.Unlock()
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return w, nil
}

// NewWriter returns a Writer to out, with the schema line buffered. Close flushes it; it
// closes out only if Create opened it.
func NewWriter(out io.Writer, start time.Time, o WriterOptions) *Writer {
	limit := o.PayloadLimit
	switch {
	case limit == 0:
		limit = DefaultPayloadLimit
	case limit < 0:
		limit = 0
	}
	w := &Writer{out: out, limit: limit}
	w.buf = append(w.buf, `{"schema":"`+Schema+`","version":`...)
	w.buf = fmt.Appendf(w.buf, "%d", SchemaVersion)
	w.buf = appendKeyString(w.buf, "start", start.UTC().Format(time.RFC3339Nano))
	w.buf = appendKeyString(w.buf, "wxrun", o.Version)
	w.buf = appendKeyInt(w.buf, "payloadLimit", int64(limit))
	w.buf = append(w.buf, "}\n"...)
	return w
}

// Event writes e as one line. After Close, or once a write failed, events are dropped.
// Safe from any goroutine.
func (w *Writer) Event(e Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || w.err != nil {
		return
	}
	w.buf = appendEvent(w.buf, &e, w.limit)
	w.buf = append(w.buf, '\n')
	switch {
	case len(w.buf) >= flushSize:
		w.flushLocked()
	case w.timer == nil:
		w.timer = time.AfterFunc(flushEvery, w.Flush)
	}
}

// Flush writes what is buffered. Safe from any goroutine.
func (w *Writer) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flushLocked()
}

func (w *Writer) flushLocked() {
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	if len(w.buf) == 0 || w.err != nil {
		return
	}
	// Only whole lines are buffered, so each write ends at the end of a line.
	if _, err := w.out.Write(w.buf); err != nil {
		w.err = err
	}
	if cap(w.buf) > 4*flushSize {
		w.buf = nil // do not keep the memory of one huge payload
	} else {
		w.buf = w.buf[:0]
	}
}

// Err returns the first error writing the trace met, if any.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close writes what is buffered and, for a file Create opened, syncs it to disk and
// closes it. It returns the first error of the trace's writes. Events after Close are
// dropped. Idempotent.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.err
	}
	w.flushLocked()
	w.closed = true
	if w.file != nil {
		err := w.file.Sync()
		if cerr := w.file.Close(); err == nil {
			err = cerr
		}
		if w.err == nil && err != nil && !errors.Is(err, os.ErrClosed) {
			w.err = err
		}
	}
	return w.err
}
