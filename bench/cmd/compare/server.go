package main

import (
	"errors"
	"fmt"
	"math"
	"syscall"
	"time"
	"unsafe"
)

// keyServerBusy is the value key under which a run records how busy the server was.
const keyServerBusy = "server_busy"

// serverBoundAt is the server load (percent of its core) from which a rate is taken to
// be the server's rather than the client's.
const serverBoundAt = 90

// processCPU returns the CPU time (user + system) that process pid has used so far, all
// its threads included, with nanosecond resolution: the process's CPU-time clock
// (clock_getcpuclockid), read with clock_gettime. Linux only.
func processCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, errors.New("no server process")
	}
	// MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED) from the kernel's posix-timers.h.
	clock := uintptr((^pid)<<3 | 2)
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clock, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, fmt.Errorf("the CPU time of process %d: %w", pid, errno)
	}
	return time.Duration(ts.Nano()), nil
}

// serverBusy is the share of its core (in percent) the server used while a client ran at
// rate (messages or round trips per second) through work of them: its CPU time over the
// time the measured part took. The server also served the client's connect and close,
// which cost little next to the messages. ok is false without a rate to go by.
func serverBusy(cpu time.Duration, rate, work float64) (busy float64, ok bool) {
	if rate <= 0 || work <= 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return 0, false
	}
	return 100 * cpu.Seconds() * rate / work, true
}
