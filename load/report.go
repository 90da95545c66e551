package load

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wxrun/wxrun/internal/atomicfile"
)

// The report is one HTML file with its style inline and its charts as inline SVG drawn
// here, in Go: it needs no script, no font and no network to be viewed, and it shows
// the same in a mail attachment, a CI artifact or a browser offline.

//go:embed report.html.tmpl
var reportSource string

var reportTemplate = template.Must(template.New("report").Parse(reportSource))

// WriteReport writes the HTML report of s to path, atomically.
func WriteReport(path string, s *Summary) error {
	b, err := Report(s)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, b)
}

// Report returns the HTML report of s: the totals, the percentiles, the errors by
// errMsg, and charts over time (seconds from the start) of open connections, messages
// per second each way, round-trip percentiles and errors per second.
func Report(s *Summary) ([]byte, error) {
	every := max(s.SeriesInterval, 1)
	perSec := func(n int64) float64 { return float64(n) / float64(every) }
	var open, connects, sent, recv, errs, p50, p90, p99 []float64
	var cur int64
	for i := range s.Series {
		p := &s.Series[i]
		cur += p.Opened - p.Closed
		open = append(open, float64(cur))
		connects = append(connects, perSec(p.Connects))
		sent = append(sent, perSec(p.MessagesSent))
		recv = append(recv, perSec(p.MessagesReceived))
		errs = append(errs, perSec(p.Errors))
		ms := func(q float64) float64 { return float64(p.RoundTrip.Percentile(q)) / 1000 }
		p50, p90, p99 = append(p50, ms(50)), append(p90, ms(90)), append(p99, ms(99))
	}
	charts := []chart{
		{ID: "connections", Title: "Connections", Unit: "sockets", Lines: []line{{"open", "#2563eb", open}, {"connects/s", "#9ca3af", connects}}},
		{ID: "messages", Title: "Messages per second", Unit: "msg/s", Lines: []line{{"received", "#16a34a", recv}, {"sent", "#d97706", sent}}},
		{ID: "latency", Title: "Round-trip time", Unit: "ms", Lines: []line{{"p50", "#2563eb", p50}, {"p90", "#9333ea", p90}, {"p99", "#dc2626", p99}}},
		{ID: "errors", Title: "Errors per second", Unit: "errors/s", Lines: []line{{"errors", "#dc2626", errs}}},
	}
	var svgs []template.HTML
	for _, c := range charts {
		c.Every = every
		svgs = append(svgs, c.svg())
	}
	var shards []string
	if len(s.Shards) > 1 || len(s.Shards) == 1 && s.Shards[0].Count > 1 {
		for _, sh := range s.Shards {
			shards = append(shards, "shard "+sh.String())
		}
	}
	data := map[string]any{
		"S":         s,
		"Start":     s.Start.UTC().Format(time.RFC3339),
		"Shards":    strings.Join(shards, ", "),
		"Charts":    svgs,
		"Totals":    totalsRows(s),
		"Latencies": []latencyRow{latency("connect time", &s.ConnectTime), latency("round trip", &s.RoundTrip)},
	}
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type totalRow struct {
	ID, Name string
	Value    int64
}

func totalsRows(s *Summary) []totalRow {
	return []totalRow{
		{"instances", "instances", int64(s.Instances)},
		{"started", "started", int64(s.Started)},
		{"finished", "finished", int64(s.Finished)},
		{"failed", "failed", int64(s.Failed)},
		{"timedOut", "timed out", int64(s.TimedOut)},
		{"iterations", "iterations", s.Iterations},
		{"connects", "socket connects", s.Connects},
		{"opened", "sockets opened", s.Opened},
		{"connectFailed", "sockets that failed to open", s.ConnectFailed},
		{"closed", "sockets closed", s.Closed},
		{"messagesSent", "messages sent", s.MessagesSent},
		{"messagesReceived", "messages received", s.MessagesReceived},
		{"bytesSent", "bytes sent", s.BytesSent},
		{"bytesReceived", "bytes received", s.BytesReceived},
		{"requests", "requests", s.Requests},
		{"responses", "responses", s.Responses},
		{"errors", "errors", s.Counts.Errors},
	}
}

type latencyRow struct {
	Name                    string
	Count                   uint64
	P50, P90, P99, Max, Min string
}

func latency(name string, h *Histogram) latencyRow {
	r := latencyRow{Name: name, Count: h.Count()}
	if h.Count() > 0 {
		r.Min, r.P50, r.P90, r.P99, r.Max = micros(h.Min()), micros(h.Percentile(50)), micros(h.Percentile(90)), micros(h.Percentile(99)), micros(h.Max())
	}
	return r
}

type line struct {
	Name   string
	Color  string
	Values []float64
}

type chart struct {
	ID, Title, Unit string
	Lines           []line
	Every           int // seconds per point
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 720.0, 220.0
	padL, padR, padT, padB = 56.0, 12.0, 12.0, 28.0
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
	yTicks                 = 4
)

// svg draws c as a line chart: x the seconds from the start, y from 0 to a round maximum.
// Every line is a polyline with one point per interval of the series, and carries its name and its
// values' count, so that a test (or a person with the inspector) can find them.
func (c chart) svg() template.HTML {
	n := 0
	top := 0.0
	for _, l := range c.Lines {
		n = max(n, len(l.Values))
		for _, v := range l.Values {
			top = max(top, v)
		}
	}
	top = niceCeil(top)
	var b strings.Builder
	fmt.Fprintf(&b, `<figcaption>%s <span class="meta">(%s)</span></figcaption><div class="legend">`, template.HTMLEscapeString(c.Title), template.HTMLEscapeString(c.Unit))
	for _, l := range c.Lines {
		fmt.Fprintf(&b, `<span><i style="background:%s"></i>%s</span>`, l.Color, template.HTMLEscapeString(l.Name))
	}
	b.WriteString(`</div>`)
	fmt.Fprintf(&b, `<svg class="chart" id="chart-%s" data-points="%d" viewBox="0 0 %g %g" role="img" aria-label="%s">`, c.ID, n, chartW, chartH, template.HTMLEscapeString(c.Title))
	for i := 0; i <= yTicks; i++ {
		v := top * float64(i) / yTicks
		y := padT + plotH - plotH*float64(i)/yTicks
		fmt.Fprintf(&b, `<line class="grid" x1="%g" y1="%.1f" x2="%g" y2="%.1f"/>`, padL, y, chartW-padR, y)
		fmt.Fprintf(&b, `<text class="tick" x="%g" y="%.1f" text-anchor="end">%s</text>`, padL-6, y+4, shortNumber(v))
	}
	last := max(n-1, 1)
	for _, s := range []int{0, last / 2, last} {
		x := padL + plotW*float64(s)/float64(last)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%g" text-anchor="middle">%ds</text>`, x, chartH-8, s*max(c.Every, 1))
	}
	for _, l := range c.Lines {
		var pts strings.Builder
		for i, v := range l.Values {
			x := padL + plotW*float64(i)/float64(last)
			y := padT + plotH
			if top > 0 {
				y -= plotH * v / top
			}
			fmt.Fprintf(&pts, "%.1f,%.1f ", x, y)
		}
		fmt.Fprintf(&b, `<polyline class="series" data-name="%s" data-count="%d" fill="none" stroke="%s" stroke-width="2" points="%s"/>`,
			template.HTMLEscapeString(l.Name), len(l.Values), l.Color, strings.TrimSpace(pts.String()))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func shortNumber(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 3, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'g', 3, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
