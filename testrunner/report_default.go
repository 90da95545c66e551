package testrunner

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// DefaultReporter prints jest's human-readable report: a PASS or FAIL line per file as it
// finishes, each failure with its message (expected vs received as a diff), the source
// line of the failing expect and the stack; then jest's summary lines.
type DefaultReporter struct {
	W io.Writer
	// NoTimes leaves durations out (for golden files).
	NoTimes bool
	// Ignored lists configuration keys to report once as ignored.
	cfg *Config
}

// RunStart prints the ignored configuration keys, once.
func (d *DefaultReporter) RunStart(cfg *Config, files []string) {
	d.cfg = cfg
	if len(cfg.Ignored) > 0 {
		fmt.Fprintf(d.W, "wxrun: ignoring jest configuration keys wxrun does not implement: %s\n\n", strings.Join(cfg.Ignored, ", "))
	}
}

// FileDone prints the file's line, its failures, warnings and console output.
func (d *DefaultReporter) FileDone(f *FileResult) {
	var b strings.Builder
	status := "PASS"
	if f.Failed() {
		status = "FAIL"
	}
	b.WriteString(status + " " + f.Path)
	if !d.NoTimes && f.Duration >= time.Second {
		fmt.Fprintf(&b, " (%.3f s)", f.Duration.Seconds())
	}
	b.WriteByte('\n')
	if f.Console != "" {
		b.WriteString("  ● Console\n\n")
		b.WriteString(indent(strings.TrimRight(f.Console, "\n"), "    ") + "\n\n")
	}
	for _, e := range f.Errors {
		title := "Test suite failed to run"
		msg := e.Message
		if rest, ok := strings.CutPrefix(msg, "Test suite failed to run: "); ok {
			msg = rest
		} else {
			title = "Test suite error"
		}
		writeFailure(&b, title, e, msg)
	}
	for _, t := range f.Tests {
		if t.Status != Failed {
			continue
		}
		for _, e := range t.Failures {
			writeFailure(&b, strings.Join(append(append([]string(nil), t.Ancestors...), t.Title), " › "), e, e.Message)
		}
	}
	for _, w := range f.Warnings {
		b.WriteString("  ● " + indent(w, "    ")[4:] + "\n\n")
	}
	_, _ = io.WriteString(d.W, b.String())
}

func writeFailure(b *strings.Builder, title string, e Failure, msg string) {
	b.WriteString("  ● " + title + "\n\n")
	b.WriteString(indent(msg, "    ") + "\n\n")
	if e.Source != "" {
		b.WriteString(indent(e.Source, "    ") + "\n\n")
	}
	if e.Stack != "" {
		b.WriteString(indent(strings.TrimLeft(e.Stack, "\n"), "  ") + "\n\n")
	}
}

// RunDone prints jest's summary lines.
func (d *DefaultReporter) RunDone(s *Summary) error {
	_, err := io.WriteString(d.W, summaryText(s, d.NoTimes))
	return err
}

func summaryText(s *Summary, noTimes bool) string {
	var b strings.Builder
	b.WriteByte('\n')
	failedFiles, passedFiles, skippedFiles := 0, 0, 0
	for _, f := range s.Files {
		switch {
		case f.Failed():
			failedFiles++
		case len(f.Tests) > 0 && f.Count(Skipped)+f.Count(Todo) == len(f.Tests):
			skippedFiles++
		default:
			passedFiles++
		}
	}
	counts := func(parts ...any) string {
		var out []string
		for i := 0; i+1 < len(parts); i += 2 {
			if n := parts[i+1].(int); n > 0 {
				out = append(out, fmt.Sprintf("%d %s", n, parts[i]))
			}
		}
		return strings.Join(out, ", ")
	}
	line := func(label, body string, total int) {
		if body != "" {
			body += ", "
		}
		fmt.Fprintf(&b, "%-13s%s%d total\n", label, body, total)
	}
	line("Test Suites:", counts("failed", failedFiles, "skipped", skippedFiles, "passed", passedFiles), len(s.Files))
	passed, failed, skipped, todo, total := s.Totals()
	line("Tests:", counts("failed", failed, "skipped", skipped, "todo", todo, "passed", passed), total)
	var snap SnapshotSummary
	obsolete, filesAdded := 0, 0
	for _, f := range s.Files {
		snap.Added += f.Snapshot.Added
		snap.Updated += f.Snapshot.Updated
		snap.Matched += f.Snapshot.Matched
		snap.Unmatched += f.Snapshot.Unmatched
		snap.Removed += f.Snapshot.Removed
		obsolete += len(f.Snapshot.Obsolete)
		if f.Snapshot.FileAdded {
			filesAdded++
		}
	}
	line("Snapshots:", counts("failed", snap.Unmatched, "obsolete", obsolete, "removed", snap.Removed, "written", snap.Added,
		"updated", snap.Updated, "passed", snap.Matched), snap.Added+snap.Updated+snap.Matched+snap.Unmatched)
	if noTimes {
		b.WriteString("Time:        (not shown)\n")
	} else {
		fmt.Fprintf(&b, "Time:        %.3f s\n", s.Duration.Seconds())
	}
	if s.Interrupted {
		b.WriteString("Ran some test suites: the run was stopped (--bail, or interrupted).\n")
	} else {
		b.WriteString("Ran all test suites.\n")
	}
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
