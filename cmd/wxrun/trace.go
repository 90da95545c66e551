package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wxrun/wxrun/replay"
	"github.com/wxrun/wxrun/trace"
)

// traceFlags are --trace and --trace-max-payload, which 'wxrun run' and 'wxrun test'
// share (addRunFlags defines them).
type traceFlags struct {
	file       string
	maxPayload int64
}

func (t *traceFlags) define(cmd *cobra.Command) {
	t.maxPayload = trace.DefaultPayloadLimit
	fs := cmd.Flags()
	fs.StringVar(&t.file, "trace", "",
		"write what the run does to `FILE` as JSON Lines: console output, sockets and their frames, requests, lifecycles, setData, errors, the exit (see 'wxrun trace show')")
	fs.Var(byteSizeValue{&t.maxPayload}, "trace-max-payload",
		"keep at most `BYTES` of each frame and body in the --trace file (text in full up to it, binary as base64); --replay needs them whole")
	must(cmd.MarkFlagFilename("trace", "jsonl", "json"))
}

// open starts the trace --trace asks for: nil (tracing nothing) without it. finish
// records the exit status the command's error will give, then writes the rest of the file
// and syncs it; a trace that could not be written fails a run that otherwise succeeded.
func (t *traceFlags) open() (tr *trace.Tracer, finish func(error) error, err error) {
	if t.file == "" {
		return nil, func(err error) error { return err }, nil
	}
	start := time.Now()
	w, err := trace.Create(t.file, start, trace.WriterOptions{PayloadLimit: int(t.maxPayload), Version: versionString(readBuildInfo)})
	if err != nil {
		return nil, nil, usageErrorf("--trace: %v", pathError(err))
	}
	tr = trace.New(start, w)
	return tr, func(err error) error {
		tr.Emit(trace.Event{Type: trace.Exit, Code: exitCode(err)})
		if cerr := w.Close(); cerr != nil && err == nil {
			return fmt.Errorf("--trace %s: %w", t.file, cerr)
		}
		return err
	}, nil
}

// replayFlags are 'wxrun run”s --replay and --replay-timing.
type replayFlags struct {
	file   string
	timing bool
}

func (r *replayFlags) define(fs *pflag.FlagSet) {
	fs.StringVar(&r.file, "replay", "",
		"serve every socket and wx.request from the recording in `FILE` (a --trace of an earlier run) instead of the network, matched by URL; where the run diverges from it, say where and exit 1")
	boolVar(fs, &r.timing, "replay-timing",
		"with --replay, send the server's frames and responses with the recorded timing instead of as fast as possible")
}

// session loads the recording --replay names: nil without --replay.
func (r *replayFlags) session(changed func(string) bool) (*replay.Session, error) {
	if r.file == "" {
		if changed("replay-timing") {
			return nil, usageErrorf("--replay-timing needs --replay")
		}
		return nil, nil
	}
	rec, err := replay.Load(r.file, 0)
	if err != nil {
		var fe *trace.FormatError
		var ie *replay.InstanceError
		if errors.As(err, &fe) || errors.As(err, &ie) || errors.Is(err, fs.ErrNotExist) {
			return nil, usageErrorf("--replay: %v", pathError(err))
		}
		return nil, fmt.Errorf("--replay: %w", err)
	}
	return rec.NewSession(replay.Options{Timing: r.timing}), nil
}

// diverged is a replayed run that did not do what the recording did: exit status 1, its
// divergences printed before.
type diverged struct {
	file string
	n    int
}

func (e *diverged) Error() string {
	what := "1 divergence"
	if e.n != 1 {
		what = fmt.Sprintf("%d divergences", e.n)
	}
	return fmt.Sprintf("the run diverged from the recording %s: %s (printed above)", e.file, what)
}

// finishReplay ends the replay session of a run that returned err: it prints the
// divergences, if any, after what the run itself reports, and makes the run fail with
// them — unless a signal stopped it, which stays what the exit status says.
func (r *replayFlags) finish(s *replay.Session, err error, stderr io.Writer) error {
	d := s.Close()
	if len(d) == 0 {
		return err
	}
	var sig *interrupted
	if errors.As(err, &sig) {
		return err
	}
	printError(stderr, err)
	var b strings.Builder
	fmt.Fprintf(&b, "wxrun: the run diverged from the recording %s:\n", r.file)
	for _, x := range d {
		fmt.Fprintf(&b, "  %s\n", x)
	}
	io.WriteString(stderr, b.String())
	return &diverged{file: r.file, n: len(d)}
}

const traceShowLong = `Prints a trace file written by --trace as a timeline: one event a line, with the time
in seconds since the run started, the instance (#0 for a single run), and what
happened — console output, socket connects, opens, frames each way (→ sent, ← received),
errors and closes, requests and responses, App and page lifecycle calls, setData,
uncaught errors with their stacks, the timeout and the exit. A file cut short by a crash
is printed up to its last complete line.

Colours are used when the output is a terminal (and NO_COLOR is not set); --color
always or never decides instead. --type selects events by type (socket.message) or by
family (socket: socket.*; request: request, response and request.fail); --instance by
instance. Both are repeatable.`

const traceShowExample = `  wxrun trace show run.jsonl
  wxrun trace show --type socket --type error run.jsonl
  wxrun trace show --instance 3 --full run.jsonl | less -R`

type colorMode int

const (
	colorAuto colorMode = iota
	colorAlways
	colorNever
)

var colorModes = []choice[colorMode]{
	{"auto", colorAuto, "on a terminal, unless NO_COLOR is set"},
	{"always", colorAlways, "always"},
	{"never", colorNever, "never"},
}

func newTraceCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trace COMMAND",
		Short: "Read the trace files --trace writes",
		Long:  "Reads the trace files that 'wxrun run --trace FILE' and 'wxrun test --trace FILE' write (JSON Lines; the README documents the schema).",
		Args:  noArgs(" (try 'wxrun trace show FILE')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("trace needs a command: show")
		},
	}
	cmd.AddCommand(newTraceShowCommand())
	return cmd
}

func newTraceShowCommand() *cobra.Command {
	var (
		instances []int
		types     []string
		color     colorMode
		full      bool
	)
	cmd := &cobra.Command{
		Use:     "show [flags] FILE",
		Short:   "Print a trace as a readable timeline",
		Long:    traceShowLong,
		Example: traceShowExample,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("trace show takes one FILE, got %d arguments", len(args))
			}
			return nil
		},
		ValidArgsFunction: completeFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := trace.CheckTypes(types); err != nil {
				return usageErrorf("--type: %v", err)
			}
			f, err := os.Open(args[0])
			if err != nil {
				return usageErrorf("%v", pathError(err))
			}
			defer f.Close()
			out := cmd.OutOrStdout()
			o := trace.ShowOptions{Types: types, Full: full, Color: color == colorAlways || color == colorAuto && isTerminal(out)}
			if cmd.Flags().Changed("instance") {
				o.Instances = instances
			}
			err = trace.Show(out, f, args[0], o)
			var fe *trace.FormatError
			if errors.As(err, &fe) && fe.Line <= 1 {
				return usageErrorf("%v", err) // not a trace at all
			}
			return err
		},
	}
	fs := cmd.Flags()
	fs.IntSliceVar(&instances, "instance", nil, "show only instance `N` (0 for a single run; a test file's number in a trace of 'wxrun test'); repeatable")
	fs.StringArrayVar(&types, "type", nil, "show only events of `TYPE`: a type such as socket.message, page or error, or a family: socket (socket.*), request (request, response, request.fail); repeatable")
	colorFlag := enumValue[colorMode]{&color, colorModes}
	fs.Var(colorFlag, "color", "colour the timeline: auto (on a terminal, unless NO_COLOR is set), always or never")
	boolVar(fs, &full, "full", "print payloads and setData changes in full instead of cut to one line")
	must(cmd.RegisterFlagCompletionFunc("color", colorFlag.complete))
	must(cmd.RegisterFlagCompletionFunc("type", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		out := []cobra.Completion{"socket", "request"}
		for _, t := range trace.Types() {
			out = append(out, t.String())
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}))
	return cmd
}

// isTerminal reports whether w is a terminal that wants colours: a character device, with
// neither NO_COLOR (https://no-color.org) nor TERM=dumb.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
