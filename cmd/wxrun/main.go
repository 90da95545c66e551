// Command wxrun runs WeChat Mini Program logic-layer JavaScript headlessly.
//
//	wxrun [flags] DIR          run a mini program project (also: wxrun run [flags] DIR)
//	wxrun [flags] FILE.js      run a script, or a project through its app.js
//	wxrun demo                 run the bundled chat sample against the built-in server
//	wxrun serve [--addr ADDR]  run the built-in WebSocket development server
//	wxrun version | help | completion SHELL
//
// Run `wxrun --help` for the flags and exit statuses. The command is a thin layer of
// commands, flags and wiring (one file per command, built with cobra); the behaviour lives
// in the runtime, wxapi, apphost and devserver packages.
package main

import (
	"io"
	"os"
	"runtime/debug"
)

// cliGCPercent is the GOGC the command runs with unless the environment sets one. A mini
// program's live heap is small (a few MiB) while message handling allocates fast: with
// Go's default of 100, garbage collection was about 30% of the CPU of message-heavy runs,
// and 400 delivers about 20% more messages per second for a few MiB of headroom. The
// library leaves GC settings to the embedding program.
const cliGCPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cliGCPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args (without the program name), writing to stdout and
// stderr, and returns the exit status. It never calls os.Exit, so tests call it directly.
// This is the one place where an error becomes a message and an exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCommand(stdout, stderr)
	root.SetArgs(append([]string{}, args...)) // never nil: cobra would read os.Args
	_, err := root.ExecuteC()
	printError(stderr, err)
	return exitCode(err)
}
