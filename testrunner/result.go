package testrunner

import (
	"time"
)

// Status is the outcome of one test.
type Status string

const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped" // .skip, not selected by .only or -t, or after --bail
	Todo    Status = "todo"
)

// Location is a position in a source file, the file relative to the project root.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Failure is one error a test (or a file) failed with.
type Failure struct {
	// Message is what jest prints for it: a matcher's message ("expect(received).toBe(expected) …")
	// or "Name: message" for a thrown error.
	Message string
	// Stack holds the frames in the test's own code, "    at fn (file:line:col)" per line,
	// positions in the original files (TypeScript and ES modules mapped back).
	Stack string
	// At is the first frame of Stack: where the failing expect (or throw) is. Nil when the
	// error carries no position in the test's code.
	At *Location
	// Source is a few lines of the file around At, with the column marked, as jest shows it;
	// empty when the file cannot be read.
	Source string
}

// TestResult is the outcome of one test.
type TestResult struct {
	Ancestors []string // the titles of the enclosing describe blocks, outermost first
	Title     string
	Status    Status
	Duration  time.Duration
	Failures  []Failure
	Where     *Location // where test() was called
}

// FullName is the describe titles and the test title joined with spaces, as -t matches it.
func (t *TestResult) FullName() string {
	s := ""
	for _, a := range t.Ancestors {
		s += a + " "
	}
	return s + t.Title
}

// SnapshotSummary counts what the snapshot matchers of a file did.
type SnapshotSummary struct {
	Added, Updated, Matched, Unmatched int
	Obsolete                           []string // keys no test checked
	Removed                            int      // obsolete keys removed by -u
	FileAdded                          bool     // the .snap file was written for the first time
}

// FileResult is the outcome of one test file.
type FileResult struct {
	Path     string // relative to the project root, slash-separated
	Tests    []TestResult
	Errors   []Failure // failures outside tests: the file did not load, afterAll threw, …
	Console  string    // what the file wrote to the console, warnings and uncaught errors included
	Warnings []string  // things worth knowing that fail nothing (open handles, ignored calls)
	Snapshot SnapshotSummary
	Start    time.Time
	Duration time.Duration

	loaded map[string]bool // the modules the file required (for Watch)
}

// Failed reports whether the file failed: an error outside its tests or a failed test.
func (f *FileResult) Failed() bool {
	if len(f.Errors) > 0 {
		return true
	}
	for _, t := range f.Tests {
		if t.Status == Failed {
			return true
		}
	}
	return false
}

// Count returns how many of the file's tests have status s.
func (f *FileResult) Count(s Status) int {
	n := 0
	for _, t := range f.Tests {
		if t.Status == s {
			n++
		}
	}
	return n
}

// Summary is the outcome of a whole run, files in the order they were given.
type Summary struct {
	Files    []*FileResult
	Start    time.Time
	Duration time.Duration
	// Interrupted is set when the run was stopped (--bail, a signal) before every file ran.
	Interrupted bool
}

// Totals counts the tests of every file by status.
func (s *Summary) Totals() (passed, failed, skipped, todo, total int) {
	for _, f := range s.Files {
		for _, t := range f.Tests {
			switch t.Status {
			case Passed:
				passed++
			case Failed:
				failed++
			case Skipped:
				skipped++
			case Todo:
				todo++
			}
			total++
		}
	}
	return
}

// Failed reports whether any file failed.
func (s *Summary) Failed() bool {
	for _, f := range s.Files {
		if f.Failed() {
			return true
		}
	}
	return false
}
