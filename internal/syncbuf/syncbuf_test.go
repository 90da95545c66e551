package syncbuf

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
)

// hammer writes line 100 times from each of 8 goroutines, calling also between writes,
// and returns the text every write together makes.
func hammer(w io.Writer, line string, also func()) string {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				_, _ = w.Write([]byte(line))
				also()
			}
		}()
	}
	wg.Wait()
	return strings.Repeat(line, 800)
}

func TestBufferConcurrentWrites(t *testing.T) {
	var b Buffer
	want := hammer(&b, "0123456789", func() { _ = b.String() })
	if got := b.String(); got != want {
		t.Fatalf("got %d bytes, want %d in whole writes", len(got), len(want))
	}
}

func TestBufferKeepsTheTail(t *testing.T) {
	b := Buffer{Keep: 4}
	for _, s := range []string{"ab", "cd", "ef", "gh", "ij"} {
		_, _ = b.Write([]byte(s))
	}
	// "abcdefgh" reached 2*Keep and was cut to "efgh"; then "ij" was added.
	if got := b.String(); got != "efghij" {
		t.Fatalf("got %q, want %q", got, "efghij")
	}
}

func TestWriterDoesNotInterleave(t *testing.T) {
	var out bytes.Buffer // not safe on its own
	want := hammer(NewWriter(&out), "line\n", func() {})
	if got := out.String(); got != want {
		t.Fatalf("got %d bytes, want %d in whole writes", len(got), len(want))
	}
}
