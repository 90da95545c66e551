package load

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wxrun/wxrun/internal/atomicfile"
)

// SummarySchema and SummaryVersion name the format of a summary file (--summary-json):
// {"schema":"wxrun-summary","version":1,…}. The version changes when a field changes
// meaning or disappears.
const (
	SummarySchema  = "wxrun-summary"
	SummaryVersion = 1
)

// Summary is what a load run did: its instances' outcomes, the socket and request totals,
// the connect-time and round-trip histograms (microseconds), the errors grouped by errMsg
// and the same per second. Summaries of the shards of one run merge (Merge) into the
// summary the whole run would have had.
type Summary struct {
	Schema  string `json:"schema"`
	Version int    `json:"version"`
	// Precision is the histograms' sub-bucket bits: summaries merge only when it agrees.
	Precision int `json:"precision"`

	Start    time.Time `json:"start"`    // when the run started (the earliest shard's, merged)
	Duration float64   `json:"duration"` // seconds from the start to the last instance's end (the longest shard's)

	// Instances is the run's instance count (--instances), Shards the shards this
	// summary covers: one for a run, all of them after a merge.
	Instances int     `json:"instances"`
	Shards    []Shard `json:"shards"`

	Outcomes
	Counts

	ConnectTime Histogram    `json:"connectTime"` // wx.connectSocket to onOpen
	RoundTrip   Histogram    `json:"roundTrip"`   // a sent frame to the message answering it
	Errors      []ErrorCount `json:"errorsByMessage"`

	// FileLimit is the open-file limit the run had (after raising it), 0 if unknown.
	FileLimit uint64 `json:"fileLimit,omitempty"`

	// Series holds one point per SeriesInterval seconds from the start: 1, unless the run
	// was long enough to pass 600 points, then 2, 4, …
	SeriesInterval int     `json:"seriesInterval"`
	Series         []Point `json:"series"`
}

// Outcomes count how the instances ended.
type Outcomes struct {
	Started    int   `json:"started"`    // instances that started
	Finished   int   `json:"finished"`   // every iteration ended without an error (or --duration ended it)
	Failed     int   `json:"failed"`     // an iteration reported an uncaught error or failed to load
	TimedOut   int   `json:"timedOut"`   // an iteration hit --timeout
	Iterations int64 `json:"iterations"` // iterations run, by all instances
}

// ErrorCount is one errMsg and how often it was seen.
type ErrorCount struct {
	ErrMsg string `json:"errMsg"`
	Count  int64  `json:"count"`
}

func errorList(m map[string]int64) []ErrorCount {
	out := make([]ErrorCount, 0, len(m))
	for k, v := range m {
		out = append(out, ErrorCount{k, v})
	}
	slices.SortFunc(out, func(a, b ErrorCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.ErrMsg, b.ErrMsg))
	})
	return out
}

// WriteFile writes s as indented JSON to path atomically: a crash leaves the old file or
// the new one.
func (s *Summary) WriteFile(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'))
}

// ReadSummary reads a summary file that WriteFile wrote.
func ReadSummary(path string) (*Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Summary
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: not a wxrun summary: %v", path, err)
	}
	if s.Schema != SummarySchema {
		return nil, fmt.Errorf("%s: not a wxrun summary (schema %q, want %q)", path, s.Schema, SummarySchema)
	}
	if s.Version != SummaryVersion {
		return nil, fmt.Errorf("%s: summary version %d, this wxrun reads %d", path, s.Version, SummaryVersion)
	}
	if s.Precision != subBits {
		return nil, fmt.Errorf("%s: histogram precision %d, this wxrun uses %d", path, s.Precision, subBits)
	}
	return &s, nil
}

// Merge combines the summaries of the shards of one run into the summary of the whole
// run: counts add up, histograms merge bucket by bucket (so percentiles are those of all
// the values, not averages), errors add up by errMsg, and the series add up second by
// second counted from each shard's own start. It fails on summaries of different runs
// (another --instances) or on a shard given twice.
func Merge(sums ...*Summary) (*Summary, error) {
	if len(sums) == 0 {
		return nil, errors.New("no summaries to merge")
	}
	out := newSummary(sums[0].Instances)
	out.Start = sums[0].Start
	errs := map[string]int64{}
	seen := map[Shard]bool{}
	for _, s := range sums {
		if s.Instances != out.Instances {
			return nil, fmt.Errorf("summaries of different runs: %d instances and %d", out.Instances, s.Instances)
		}
		for _, sh := range s.Shards {
			if seen[sh] {
				return nil, fmt.Errorf("shard %s appears twice", sh)
			}
			seen[sh] = true
			out.Shards = append(out.Shards, sh)
		}
		if s.Start.Before(out.Start) {
			out.Start = s.Start
		}
		out.Duration = max(out.Duration, s.Duration)
		out.Outcomes.Started += s.Started
		out.Outcomes.Finished += s.Finished
		out.Outcomes.Failed += s.Failed
		out.Outcomes.TimedOut += s.TimedOut
		out.Outcomes.Iterations += s.Iterations
		out.Counts.add(&s.Counts)
		out.ConnectTime.Merge(&s.ConnectTime)
		out.RoundTrip.Merge(&s.RoundTrip)
		for _, e := range s.Errors {
			errs[e.ErrMsg] += e.Count
		}
		every := max(s.SeriesInterval, 1)
		if every&(every-1) != 0 {
			return nil, fmt.Errorf("series interval %d s: not a power of two", every)
		}
		series := s.Series
		switch {
		case every > out.SeriesInterval:
			out.Series = rescale(out.Series, out.SeriesInterval, every)
			out.SeriesInterval = every
		case every < out.SeriesInterval:
			series = rescale(series, every, out.SeriesInterval)
		}
		out.Series = mergeSeries(out.Series, series)
		if out.FileLimit == 0 || s.FileLimit != 0 && s.FileLimit < out.FileLimit {
			out.FileLimit = s.FileLimit
		}
	}
	slices.SortFunc(out.Shards, func(a, b Shard) int { return cmp.Compare(a.Index, b.Index) })
	out.Errors = errorList(errs)
	return out, nil
}

func newSummary(instances int) *Summary {
	return &Summary{Schema: SummarySchema, Version: SummaryVersion, Precision: subBits, Instances: instances, SeriesInterval: 1}
}

// Missing returns the shards of a run of n shards that the summary does not cover.
func (s *Summary) Missing() []Shard {
	if len(s.Shards) == 0 {
		return nil
	}
	n := s.Shards[0].Count
	have := map[int]bool{}
	for _, sh := range s.Shards {
		have[sh.Index] = true
	}
	var out []Shard
	for i := 1; i <= n; i++ {
		if !have[i] {
			out = append(out, Shard{Index: i, Count: n})
		}
	}
	return out
}

// WriteText writes the summary for a person: outcomes, sockets, messages and bytes each
// way, the percentiles, then the errors, most frequent first (the first maxErrors).
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	shards := ""
	if len(s.Shards) > 1 || len(s.Shards) == 1 && s.Shards[0].Count > 1 {
		var names []string
		for _, sh := range s.Shards {
			names = append(names, sh.String())
		}
		shards = " (shards " + strings.Join(names, ", ") + ")"
	}
	fmt.Fprintf(&b, "instances   %d started of %d%s in %.1fs: %d finished, %d failed, %d timed out; %d iterations\n",
		s.Started, s.Instances, shards, s.Duration, s.Finished, s.Failed, s.TimedOut, s.Iterations)
	fmt.Fprintf(&b, "sockets     %d connects, %d opened, %d failed to open, %d closed\n", s.Connects, s.Opened, s.ConnectFailed, s.Closed)
	fmt.Fprintf(&b, "messages    sent %d (%s, %s), received %d (%s, %s)\n", s.MessagesSent, byteCount(s.BytesSent), s.rate(s.MessagesSent),
		s.MessagesReceived, byteCount(s.BytesReceived), s.rate(s.MessagesReceived))
	if s.Requests > 0 {
		fmt.Fprintf(&b, "requests    %d sent, %d responses\n", s.Requests, s.Responses)
	}
	writeHist(&b, "connect", &s.ConnectTime)
	writeHist(&b, "round trip", &s.RoundTrip)
	if len(s.Errors) == 0 {
		b.WriteString("errors      none\n")
	} else {
		fmt.Fprintf(&b, "errors      %d, by errMsg:\n", s.Counts.Errors)
		for i, e := range s.Errors {
			if i == maxErrors {
				fmt.Fprintf(&b, "  … and %d other messages (see --summary-json)\n", len(s.Errors)-maxErrors)
				break
			}
			fmt.Fprintf(&b, "  %8d  %s\n", e.Count, e.ErrMsg)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rate is n over the run's duration, per second.
func (s *Summary) rate(n int64) string {
	if s.Duration <= 0 {
		return "—/s"
	}
	return fmt.Sprintf("%.0f/s", float64(n)/s.Duration)
}

// maxErrors is how many distinct errMsgs the text summary lists.
const maxErrors = 10

func writeHist(b *strings.Builder, name string, h *Histogram) {
	if h.Count() == 0 {
		fmt.Fprintf(b, "%-11s none\n", name)
		return
	}
	fmt.Fprintf(b, "%-11s p50 %s  p90 %s  p99 %s  max %s  (%d)\n", name,
		micros(h.Percentile(50)), micros(h.Percentile(90)), micros(h.Percentile(99)), micros(h.Max()), h.Count())
}

// micros formats a duration in microseconds with three significant digits.
func micros(us int64) string {
	d := time.Duration(us) * time.Microsecond
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", us)
	case d < time.Second:
		return fmt.Sprintf("%.3gms", float64(us)/1e3)
	}
	return fmt.Sprintf("%.3gs", d.Seconds())
}

func byteCount(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
}
