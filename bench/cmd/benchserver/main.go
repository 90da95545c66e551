// Command benchserver runs the benchmark WebSocket server (package bench/server) on a
// loopback address until its standard input is closed or it receives SIGINT/SIGTERM.
//
//	go run ./bench/cmd/benchserver -addr 127.0.0.1:8090
//
// It prints one line, "LISTEN ws://127.0.0.1:PORT", once it is listening. The compare
// driver starts it (pinned to CPU 0 when taskset is available) and stops it by closing
// its standard input.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/wxrun/wxrun/bench/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	stdin := flag.Bool("stdin", true, "exit when standard input is closed")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the server's whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchserver:", err)
			os.Exit(1)
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}

	s, err := server.Start(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchserver:", err)
		os.Exit(1)
	}
	fmt.Printf("LISTEN %s\n", s.URL())

	done := make(chan struct{}, 2)
	if *stdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			done <- struct{}{}
		}()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-done:
	case <-sig:
	}
	_ = s.Close()
}
