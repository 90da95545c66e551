//go:build unix

package main

import (
	"syscall"
	"testing"
)

// raiseFileLimit lifts a low soft limit on open files to the hard limit.
func TestRaiseFileLimit(t *testing.T) {
	var orig syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &orig); err != nil {
		t.Skip("no RLIMIT_NOFILE:", err)
	}
	if orig.Max <= 256 {
		t.Skipf("the hard limit is %d: nothing to raise to", orig.Max)
	}
	t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &orig) })
	low := syscall.Rlimit{Cur: 256, Max: orig.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Skip("cannot lower the soft limit:", err)
	}
	got, err := raiseFileLimit()
	if err != nil || got != orig.Max {
		t.Fatalf("raiseFileLimit() = %d, %v; want the hard limit %d", got, err, orig.Max)
	}
	var now syscall.Rlimit
	_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &now)
	if now.Cur != orig.Max {
		t.Errorf("soft limit %d after raising, want %d", now.Cur, orig.Max)
	}
}
