package load

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// reportSummary is a summary of a made-up 5-second run with known figures.
func reportSummary() *Summary {
	s := newSummary(40)
	s.Start = time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	s.Duration = 5
	s.Shards = []Shard{{1, 2}, {2, 2}}
	s.Outcomes = Outcomes{Started: 40, Finished: 38, Failed: 1, TimedOut: 1, Iterations: 40}
	for i := range 5 {
		p := Point{Counts: Counts{Connects: 8, Opened: 8, MessagesSent: int64(100 * (i + 1)), MessagesReceived: int64(200 * (i + 1)), Errors: int64(i % 2)}}
		if i == 4 {
			p.Closed = 40
		}
		for v := range 50 {
			p.RoundTrip.RecordValue(int64(1000 + v*100*(i+1)))
		}
		s.Series = append(s.Series, p)
		s.Counts.add(&p.Counts)
		s.RoundTrip.Merge(&p.RoundTrip)
		s.ConnectTime.RecordValue(int64(500 + i))
	}
	s.Errors = []ErrorCount{{"connectSocket:fail timeout", 2}, {"uncaught exception: Error: <b>boom</b>", 1}}
	return s
}

// findChromium returns the Chromium to test with: $WXRUN_CHROMIUM, else one on PATH.
func findChromium() string {
	if p := os.Getenv("WXRUN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// The report, opened in a real headless Chromium from a file with no network, shows its
// four charts with one point per second on each line, drawn at a real size, and the
// totals and errors of the summary; and it loads nothing besides itself.
func TestReportInChromium(t *testing.T) {
	bin := findChromium()
	if bin == "" {
		t.Skip("no Chromium installed (apt-get install chromium, or set WXRUN_CHROMIUM): the HTML report is not checked in a browser")
	}
	s := reportSummary()
	path := filepath.Join(t.TempDir(), "report.html")
	if err := WriteReport(path, s); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(profileDir(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.WindowSize(1000, 2000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	const probe = `(() => ({
		title: document.title,
		charts: [...document.querySelectorAll('svg.chart')].map(svg => ({
			id: svg.id,
			points: Number(svg.dataset.points),
			width: svg.getBoundingClientRect().width,
			height: svg.getBoundingClientRect().height,
			lines: [...svg.querySelectorAll('polyline.series')].map(l => ({
				name: l.dataset.name,
				points: l.getAttribute('points').trim().split(/\s+/).length,
				length: l.getTotalLength(),
				ys: l.getAttribute('points').trim().split(/\s+/).map(p => Number(p.split(',')[1])),
			})),
		})),
		totals: Object.fromEntries([...document.querySelectorAll('#totals td')].map(td => [td.id, td.textContent])),
		errors: [...document.querySelectorAll('#errors tr td:last-child')].map(td => td.textContent),
		resources: performance.getEntriesByType('resource').length,
	}))()`
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[reportProbe](probe))
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}

	if !strings.Contains(got.Title, "40 instances") {
		t.Errorf("title %q", got.Title)
	}
	wantCharts := map[string][]string{
		"chart-connections": {"open", "connects/s"},
		"chart-messages":    {"received", "sent"},
		"chart-latency":     {"p50", "p90", "p99"},
		"chart-errors":      {"errors"},
	}
	if len(got.Charts) != len(wantCharts) {
		t.Fatalf("%d charts, want %d: %+v", len(got.Charts), len(wantCharts), got.Charts)
	}
	for _, c := range got.Charts {
		names := wantCharts[c.ID]
		if c.Points != 5 || c.Width < 300 || c.Height < 80 {
			t.Errorf("%s: %d points, drawn %.0f×%.0f; want 5 points on a real size", c.ID, c.Points, c.Width, c.Height)
		}
		if len(c.Lines) != len(names) {
			t.Errorf("%s: %d lines, want %v", c.ID, len(c.Lines), names)
			continue
		}
		for i, l := range c.Lines {
			if l.Name != names[i] || l.Points != 5 || l.Length <= 0 {
				t.Errorf("%s line %d: %q with %d points, length %.1f; want %q with 5", c.ID, i, l.Name, l.Points, l.Length, names[i])
			}
		}
	}
	// Messages received grow every second: the line climbs (SVG y grows downwards).
	for _, c := range got.Charts {
		if c.ID == "chart-messages" {
			ys := c.Lines[0].YS
			for i := 1; i < len(ys); i++ {
				if ys[i] >= ys[i-1] {
					t.Errorf("received per second is drawn at y %v: want it climbing", ys)
					break
				}
			}
		}
	}
	for id, want := range map[string]string{"total-instances": "40", "total-finished": "38", "total-failed": "1", "total-timedOut": "1",
		"total-messagesSent": "1500", "total-messagesReceived": "3000", "total-opened": "40", "total-errors": "2"} {
		if got.Totals[id] != want {
			t.Errorf("%s shows %q, want %q", id, got.Totals[id], want)
		}
	}
	if len(got.Errors) != 2 || got.Errors[1] != "uncaught exception: Error: <b>boom</b>" {
		t.Errorf("errors %q (the errMsg must show as text)", got.Errors)
	}
	if got.Resources != 0 {
		t.Errorf("the report loaded %d resources: it must be self-contained", got.Resources)
	}
}

type reportProbe struct {
	Charts    []chartInfo       `json:"charts"`
	Totals    map[string]string `json:"totals"`
	Errors    []string          `json:"errors"`
	Resources int               `json:"resources"`
	Title     string            `json:"title"`
}

// profileDir is a fresh Chromium profile, removed after the test: Chromium's helper
// processes may still write to it for a moment after the browser stops, so removal is
// tried again for a while.
func profileDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "wxrun-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

type chartInfo struct {
	ID     string  `json:"id"`
	Points int     `json:"points"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Lines  []struct {
		Name   string    `json:"name"`
		Points int       `json:"points"`
		Length float64   `json:"length"`
		YS     []float64 `json:"ys"`
	} `json:"lines"`
}
