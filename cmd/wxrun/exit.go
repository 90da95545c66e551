package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/wxrun/wxrun/runtime"
)

// Exit statuses. They are documented in exitStatusHelp and the README.
const (
	exitOK        = 0
	exitScript    = 1   // uncaught errors, a file that fails to load, an operational failure
	exitUsage     = 2   // bad command line
	exitTimeout   = 124 // --timeout expired (the value timeout(1) uses)
	exitInterrupt = 130 // 128 + SIGINT
)

// exitStatusHelp is the "Exit status" section of the help of the commands that run a
// program (the root, run and demo); the README's table says the same at more length.
const exitStatusHelp = `  0    the program ran to completion without uncaught errors
  1    script error: an uncaught exception or unhandled rejection was reported
       (the program keeps running, as on a phone, and fails at the end; the
       teardown's count too), or a file failed to load (syntax error, unreadable
       file, broken project config, no pages), or the entry page is not found,
       or with --instances an instance failed or timed out
  2    usage error: unknown command or flag, bad flag value, missing or
       nonexistent FILE, a DIR that is not a project; printed as one line
  124  --timeout expired; what was still pending is listed on stderr
  130  interrupted by SIGINT (Ctrl-C)
  143  terminated by SIGTERM`

// serveExitStatusHelp is the "Exit status" section of 'wxrun serve'.
const serveExitStatusHelp = `  0    stopped by SIGINT or SIGTERM
  1    the server could not listen or failed
  2    usage error, including a non-loopback address without --public`

// usageError is a bad command line: printed as one line plus a hint, exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// timedOut is a run stopped by --timeout.
type timedOut struct {
	after time.Duration
	err   *runtime.TimeoutError
}

func (e *timedOut) Error() string { return fmt.Sprintf("timed out after %v", e.after) }

// Unwrap returns the runtime's TimeoutError, or nil for a run that has none ('wxrun test'
// times out a whole suite, not one runtime): never a nil *TimeoutError in an error, which
// errors.Is would call methods on.
func (e *timedOut) Unwrap() error {
	if e.err == nil {
		return nil
	}
	return e.err
}

// interrupted is a run stopped by a signal.
type interrupted struct {
	sig os.Signal
	err error // the run's error, usually a *runtime.TimeoutError; may be nil
}

func (e *interrupted) Error() string { return "interrupted" }
func (e *interrupted) Unwrap() error { return e.err }

// exitCode maps the error a command returned to the process exit status.
func exitCode(err error) int {
	var (
		usage   *usageError
		sig     *interrupted
		timeout *timedOut
		rtTime  *runtime.TimeoutError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage):
		return exitUsage
	case errors.As(err, &sig):
		return signalStatus(sig.sig)
	case errors.As(err, &timeout):
		return exitTimeout
	case errors.As(err, &rtTime):
		// A run ended by its context without the CLI knowing why: a deadline is a
		// timeout, anything else an interruption.
		if errors.Is(rtTime, context.DeadlineExceeded) {
			return exitTimeout
		}
		return exitInterrupt
	}
	return exitScript
}

// signalStatus is the shell convention for a process stopped by a signal: 128 + its number.
func signalStatus(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok && n > 0 && n < 128 {
		return 128 + int(n)
	}
	return exitInterrupt
}

// printError writes err for a human, in one line where possible. JavaScript errors were
// already printed, with their stacks, as they happened; this adds the summary.
func printError(w io.Writer, err error) {
	var (
		usage    *usageError
		sig      *interrupted
		timeout  *timedOut
		rtTime   *runtime.TimeoutError
		uncaught *runtime.UncaughtErrors
	)
	var quiet interface{ quiet() }
	switch {
	case err == nil || errors.As(err, &quiet): // already reported (wxrun test's summary)
		return
	case errors.As(err, &usage):
		fmt.Fprintf(w, "wxrun: %s\nRun 'wxrun --help' for usage.\n", oneLine(usage.msg))
	case errors.As(err, &sig):
		fmt.Fprintln(w, "wxrun: interrupted")
	case errors.As(err, &timeout):
		if timeout.err == nil { // a test suite: its report says which tests were cut short
			fmt.Fprintf(w, "wxrun: timed out after %v\n", timeout.after)
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "wxrun: timed out after %v; still pending:\n", timeout.after)
		writePending(&b, timeout.err.Pending)
		io.WriteString(w, b.String())
	case errors.As(err, &rtTime):
		if !errors.Is(rtTime, context.DeadlineExceeded) {
			fmt.Fprintln(w, "wxrun: interrupted")
			return
		}
		var b strings.Builder
		b.WriteString("wxrun: timed out; still pending:\n")
		writePending(&b, rtTime.Pending)
		io.WriteString(w, b.String())
	case errors.As(err, &uncaught):
		// Each error was printed, with its stack, when it happened; only sum up here.
		if n := len(uncaught.Errors); n == 1 {
			fmt.Fprintln(w, "wxrun: 1 uncaught error (printed above)")
		} else {
			fmt.Fprintf(w, "wxrun: %d uncaught errors (printed above)\n", n)
		}
	default:
		fmt.Fprintf(w, "wxrun: %s\n", err)
	}
}

func writePending(b *strings.Builder, pending []string) {
	if len(pending) == 0 {
		b.WriteString("  (no timer or socket: JavaScript code was still running)\n")
		return
	}
	for _, p := range pending {
		fmt.Fprintf(b, "  %s\n", p)
	}
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
