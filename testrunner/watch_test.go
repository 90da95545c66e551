package testrunner

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fileLog is a reporter that records the files that ran, in order.
type fileLog struct {
	mu    sync.Mutex
	files []string
	ran   chan string
}

func (l *fileLog) RunStart(*Config, []string) {}
func (l *fileLog) FileDone(f *FileResult) {
	l.mu.Lock()
	l.files = append(l.files, f.Path)
	l.mu.Unlock()
	l.ran <- f.Path
}
func (l *fileLog) RunDone(*Summary) error { return nil }

func TestWatch(t *testing.T) {
	old := watchInterval
	watchInterval = 20 * time.Millisecond
	defer func() { watchInterval = old }()
	cfg := copyProject(t)
	log := &fileLog{ran: make(chan string, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	files := []string{"tests/features.test.js", "tests/only.test.js"}
	go func() { done <- Watch(ctx, cfg, files, Options{Jobs: 1, Reporters: []Reporter{log}}, io.Discard) }()
	next := func() string {
		select {
		case f := <-log.ran:
			return f
		case <-time.After(20 * time.Second):
			t.Fatal("no run")
			return ""
		}
	}
	first := map[string]bool{next(): true, next(): true}
	if !first["tests/features.test.js"] || !first["tests/only.test.js"] {
		t.Fatalf("first run: %v", first)
	}
	// utils/counter.js is required (through greet.js) by features.test.js only.
	time.Sleep(50 * time.Millisecond)
	p := filepath.Join(cfg.RootDir, "utils", "counter.js")
	src, _ := os.ReadFile(p)
	later := time.Now().Add(time.Second)
	if err := os.WriteFile(p, append(src, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(p, later, later)
	if got := next(); got != "tests/features.test.js" {
		t.Errorf("after a change of utils/counter.js, %s ran", got)
	}
	select {
	case f := <-log.ran:
		t.Errorf("%s ran too", f)
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
