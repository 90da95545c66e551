package testrunner

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// The reporters for CI systems write the whole run once it is over, files in the order
// they were given (not the order they finished), so their output is deterministic.

// failureText is a failure as the machine formats carry it: the message, the source
// frame and the stack.
func failureText(e Failure) string {
	s := e.Message
	if e.Stack != "" {
		s += "\n" + e.Stack
	}
	return s
}

// ---- JUnit XML ----

// JUnitReporter writes JUnit XML in the layout of jest-junit, which CI systems (GitHub
// Actions' test reporters, GitLab, Jenkins, Azure) read: one <testsuite> per file, one
// <testcase> per test, <failure> with the message and stack, <skipped/> for skipped and
// todo tests; a file that failed outside its tests gets a <testcase> named after the file
// with an <error>.
type JUnitReporter struct {
	W       io.Writer
	NoTimes bool // zero times and timestamps (for golden files)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Errors    int         `xml:"errors,attr"`
	Failures  int         `xml:"failures,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Time      string      `xml:"time,attr"`
	Tests     int         `xml:"tests,attr"`
	Cases     []junitCase `xml:"testcase"`
	SystemOut string      `xml:"system-out,omitempty"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failures  []junitDetail `xml:"failure"`
	Errors    []junitDetail `xml:"error"`
	Skipped   *struct{}     `xml:"skipped"`
}

type junitDetail struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func (j *JUnitReporter) RunStart(*Config, []string) {}
func (j *JUnitReporter) FileDone(*FileResult)       {}

func (j *JUnitReporter) seconds(d time.Duration) string {
	if j.NoTimes {
		return "0"
	}
	return fmt.Sprintf("%.3f", d.Seconds())
}

// RunDone writes the XML document.
func (j *JUnitReporter) RunDone(s *Summary) error {
	doc := junitSuites{Name: "wxrun tests", Time: j.seconds(s.Duration)}
	for _, f := range s.Files {
		suite := junitSuite{Name: f.Path, Time: j.seconds(f.Duration), Timestamp: f.Start.UTC().Format("2006-01-02T15:04:05")}
		if j.NoTimes {
			suite.Timestamp = "1970-01-01T00:00:00"
		}
		for _, e := range f.Errors {
			suite.Errors++
			suite.Cases = append(suite.Cases, junitCase{Classname: f.Path, Name: f.Path, Time: "0",
				Errors: []junitDetail{{Message: firstLine(e.Message), Text: failureText(e)}}})
		}
		for _, t := range f.Tests {
			c := junitCase{Classname: t.FullName(), Name: t.FullName(), Time: j.seconds(t.Duration), File: f.Path}
			switch t.Status {
			case Failed:
				suite.Failures++
				for _, e := range t.Failures {
					c.Failures = append(c.Failures, junitDetail{Message: firstLine(e.Message), Text: failureText(e)})
				}
			case Skipped, Todo:
				suite.Skipped++
				c.Skipped = &struct{}{}
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Suites = append(doc.Suites, suite)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(j.W, xml.Header+string(out)+"\n")
	return err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// ---- TAP 13 ----

// TAPReporter writes TAP version 13: one test point per test, named "file > describe >
// test", with a YAML block (message, at, stack) for failures, "# SKIP" and "# TODO"
// directives; a file that failed outside its tests is one failing point named after it.
type TAPReporter struct {
	W io.Writer
}

func (t *TAPReporter) RunStart(*Config, []string) {}
func (t *TAPReporter) FileDone(*FileResult)       {}

// RunDone writes the TAP stream.
func (t *TAPReporter) RunDone(s *Summary) error {
	var b strings.Builder
	b.WriteString("TAP version 13\n")
	n := 0
	for _, f := range s.Files {
		n += len(f.Errors) + len(f.Tests)
	}
	fmt.Fprintf(&b, "1..%d\n", n)
	i := 0
	yaml := func(e Failure) {
		b.WriteString("  ---\n  message: |\n")
		b.WriteString(indent(e.Message, "    ") + "\n")
		if e.At != nil {
			fmt.Fprintf(&b, "  at: %s:%d:%d\n", e.At.File, e.At.Line, e.At.Column)
		}
		if e.Stack != "" {
			b.WriteString("  stack: |\n" + indent(strings.TrimSpace(dedent(e.Stack)), "    ") + "\n")
		}
		b.WriteString("  ...\n")
	}
	for _, f := range s.Files {
		for _, e := range f.Errors {
			i++
			fmt.Fprintf(&b, "not ok %d - %s\n", i, tapEscape(f.Path))
			yaml(e)
		}
		for _, test := range f.Tests {
			i++
			name := tapEscape(strings.Join(append(append([]string{f.Path}, test.Ancestors...), test.Title), " > "))
			switch test.Status {
			case Passed:
				fmt.Fprintf(&b, "ok %d - %s\n", i, name)
			case Skipped:
				fmt.Fprintf(&b, "ok %d - %s # SKIP\n", i, name)
			case Todo:
				fmt.Fprintf(&b, "not ok %d - %s # TODO\n", i, name)
			case Failed:
				fmt.Fprintf(&b, "not ok %d - %s\n", i, name)
				for _, e := range test.Failures {
					yaml(e)
				}
			}
		}
	}
	_, err := io.WriteString(t.W, b.String())
	return err
}

// tapEscape keeps a test name on its line and from being read as a directive.
func tapEscape(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "#", `\#`)
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// ---- jest's --json ----

// JSONReporter writes the result object of jest's --json (the AggregatedResult that
// tools built for jest read): counts, success, and per file the assertionResults.
type JSONReporter struct {
	W       io.Writer
	Root    string // the project root; files are named by absolute path, as jest does
	NoTimes bool
}

func (j *JSONReporter) RunStart(cfg *Config, _ []string) {
	if j.Root == "" {
		j.Root = cfg.RootDir
	}
}
func (j *JSONReporter) FileDone(*FileResult) {}

type jsonAssertion struct {
	AncestorTitles  []string  `json:"ancestorTitles"`
	Duration        *int64    `json:"duration"`
	FailureDetails  []any     `json:"failureDetails"`
	FailureMessages []string  `json:"failureMessages"`
	FullName        string    `json:"fullName"`
	Invocations     int       `json:"invocations"`
	Location        *Location `json:"location"`
	NumPassing      int       `json:"numPassingAsserts"`
	RetryReasons    []string  `json:"retryReasons"`
	Status          string    `json:"status"`
	Title           string    `json:"title"`
}

type jsonFile struct {
	AssertionResults []jsonAssertion `json:"assertionResults"`
	EndTime          int64           `json:"endTime"`
	Message          string          `json:"message"`
	Name             string          `json:"name"`
	StartTime        int64           `json:"startTime"`
	Status           string          `json:"status"`
	Summary          string          `json:"summary"`
}

type jsonSnapshot struct {
	Added               int   `json:"added"`
	DidUpdate           bool  `json:"didUpdate"`
	Failure             bool  `json:"failure"`
	FilesAdded          int   `json:"filesAdded"`
	FilesRemoved        int   `json:"filesRemoved"`
	FilesUnmatched      int   `json:"filesUnmatched"`
	FilesUpdated        int   `json:"filesUpdated"`
	Matched             int   `json:"matched"`
	Total               int   `json:"total"`
	Unchecked           int   `json:"unchecked"`
	Unmatched           int   `json:"unmatched"`
	Updated             int   `json:"updated"`
	FilesRemovedList    []any `json:"filesRemovedList"`
	UncheckedKeysByFile []any `json:"uncheckedKeysByFile"`
}

type jsonResult struct {
	NumFailedTestSuites       int          `json:"numFailedTestSuites"`
	NumFailedTests            int          `json:"numFailedTests"`
	NumPassedTestSuites       int          `json:"numPassedTestSuites"`
	NumPassedTests            int          `json:"numPassedTests"`
	NumPendingTestSuites      int          `json:"numPendingTestSuites"`
	NumPendingTests           int          `json:"numPendingTests"`
	NumRuntimeErrorTestSuites int          `json:"numRuntimeErrorTestSuites"`
	NumTodoTests              int          `json:"numTodoTests"`
	NumTotalTestSuites        int          `json:"numTotalTestSuites"`
	NumTotalTests             int          `json:"numTotalTests"`
	OpenHandles               []any        `json:"openHandles"`
	Snapshot                  jsonSnapshot `json:"snapshot"`
	StartTime                 int64        `json:"startTime"`
	Success                   bool         `json:"success"`
	TestResults               []jsonFile   `json:"testResults"`
	WasInterrupted            bool         `json:"wasInterrupted"`
}

// RunDone writes the JSON document.
func (j *JSONReporter) RunDone(s *Summary) error {
	ms := func(t time.Time) int64 {
		if j.NoTimes {
			return 0
		}
		return t.UnixMilli()
	}
	r := jsonResult{OpenHandles: []any{}, StartTime: ms(s.Start), WasInterrupted: s.Interrupted, TestResults: []jsonFile{}}
	r.Snapshot.FilesRemovedList, r.Snapshot.UncheckedKeysByFile = []any{}, []any{}
	for _, f := range s.Files {
		jf := jsonFile{Name: filepath.Join(j.Root, filepath.FromSlash(f.Path)), StartTime: ms(f.Start),
			EndTime: ms(f.Start.Add(f.Duration)), Status: "passed", AssertionResults: []jsonAssertion{}}
		var msgs []string
		for _, e := range f.Errors {
			msgs = append(msgs, failureText(e))
		}
		if len(f.Errors) > 0 {
			r.NumRuntimeErrorTestSuites++
		}
		for _, t := range f.Tests {
			a := jsonAssertion{AncestorTitles: t.Ancestors, FullName: t.FullName(), Title: t.Title, Invocations: 1,
				FailureDetails: []any{}, FailureMessages: []string{}, RetryReasons: []string{}, Location: t.Where}
			status := string(t.Status)
			if t.Status == Skipped {
				status = "pending"
			}
			a.Status = status
			if t.Status == Passed || t.Status == Failed {
				d := t.Duration.Milliseconds()
				if j.NoTimes {
					d = 0
				}
				a.Duration = &d
			}
			for _, e := range t.Failures {
				a.FailureMessages = append(a.FailureMessages, failureText(e))
				a.FailureDetails = append(a.FailureDetails, map[string]any{"message": e.Message})
				msgs = append(msgs, "● "+strings.Join(append(append([]string(nil), t.Ancestors...), t.Title), " › ")+"\n\n"+failureText(e))
			}
			switch t.Status {
			case Passed:
				r.NumPassedTests++
			case Failed:
				r.NumFailedTests++
			case Skipped:
				r.NumPendingTests++
			case Todo:
				r.NumTodoTests++
			}
			r.NumTotalTests++
			jf.AssertionResults = append(jf.AssertionResults, a)
		}
		jf.Message = strings.Join(msgs, "\n\n")
		switch {
		case f.Failed():
			jf.Status = "failed"
			r.NumFailedTestSuites++
		case len(f.Tests) > 0 && f.Count(Skipped)+f.Count(Todo) == len(f.Tests):
			jf.Status = "pending"
			r.NumPendingTestSuites++
		default:
			r.NumPassedTestSuites++
		}
		r.NumTotalTestSuites++
		sn := &r.Snapshot
		sn.Added += f.Snapshot.Added
		sn.Updated += f.Snapshot.Updated
		sn.Matched += f.Snapshot.Matched
		sn.Unmatched += f.Snapshot.Unmatched
		sn.Unchecked += len(f.Snapshot.Obsolete)
		if f.Snapshot.FileAdded {
			sn.FilesAdded++
		}
		if f.Snapshot.Unmatched > 0 {
			sn.FilesUnmatched++
		}
		if f.Snapshot.Updated > 0 {
			sn.FilesUpdated++
		}
		r.TestResults = append(r.TestResults, jf)
	}
	r.Snapshot.Total = r.Snapshot.Added + r.Snapshot.Matched + r.Snapshot.Unmatched + r.Snapshot.Updated
	r.Snapshot.DidUpdate = r.Snapshot.Updated > 0
	r.Snapshot.Failure = r.Snapshot.Unmatched > 0
	r.Success = !s.Failed() && !s.Interrupted
	enc := json.NewEncoder(j.W)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
