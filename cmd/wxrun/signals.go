package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// stopSignals are the signals that end a run or a server cleanly.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// signalContext returns a context that is cancelled when the process receives SIGINT or
// SIGTERM, like signal.NotifyContext, but remembers which signal arrived (received).
// After the first signal the default handling is restored, so a second Ctrl-C kills a
// program that is slow to stop. stop releases the resources and must be called.
func signalContext(parent context.Context) (ctx context.Context, received func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, stopSignals...)

	var (
		mu  sync.Mutex
		got os.Signal
	)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case s := <-ch:
			signal.Stop(ch)
			mu.Lock()
			got = s
			mu.Unlock()
			cancel()
		case <-done:
		case <-ctx.Done():
		}
	}()

	received = func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			wg.Wait()
			cancel()
		})
	}
	return ctx, received, stop
}
