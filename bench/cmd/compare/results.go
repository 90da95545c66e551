package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"time"

	"github.com/wxrun/wxrun/internal/atomicfile"
)

const (
	hostWxrun = "wxrun"
	hostNode  = "node"
	hostGo    = "go"    // bench/cmd/rawclient: gorilla, no JavaScript
	hostFloor = "floor" // bench/cmd/floor: the listener alone, called from Go
)

// allHosts are the columns of the detailed table.
var allHosts = []string{hostWxrun, hostNode, hostGo, hostFloor}

// results collects every run's numbers.
type results struct {
	o        options
	values   map[string]map[string]map[string][]float64 // scenario → host → key → values
	walls    map[string]map[string][]float64            // scenario → host → process wall seconds
	rss      map[string]map[string][]float64            // scenario → host → peak RSS MiB
	failures []string
}

func newResults(o options) *results {
	return &results{
		o:      o,
		values: map[string]map[string]map[string][]float64{},
		walls:  map[string]map[string][]float64{},
		rss:    map[string]map[string][]float64{},
	}
}

func (r *results) add(scenario, host string, p *procResult) {
	if r.values[scenario] == nil {
		r.values[scenario] = map[string]map[string][]float64{}
		r.walls[scenario] = map[string][]float64{}
		r.rss[scenario] = map[string][]float64{}
	}
	if r.values[scenario][host] == nil {
		r.values[scenario][host] = map[string][]float64{}
	}
	for k, v := range p.results {
		r.values[scenario][host][k] = append(r.values[scenario][host][k], v)
	}
	r.walls[scenario][host] = append(r.walls[scenario][host], p.wall.Seconds())
	r.rss[scenario][host] = append(r.rss[scenario][host], float64(p.maxRSS)/1024)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func formatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.Abs(v) >= 1000:
		return groupThousands(fmt.Sprintf("%.0f", v))
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func formatRatio(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "—"
	case v < 0.1:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// machine describes where and how the numbers were taken.
type machine struct {
	date, goVersion, cgo, nodeVersion, wsVersion, cpu string
	cores                                             int
	pinning                                           string
	loadBefore, loadAfter                             string
	duration                                          time.Duration
}

func describeMachine(repo, node string) machine {
	m := machine{date: time.Now().UTC().Format("2006-01-02 15:04 MST"), cores: goruntime.NumCPU(), cpu: "unknown"}
	if out, err := exec.Command("go", "version").Output(); err == nil {
		m.goVersion = strings.TrimSpace(string(out))
	}
	m.cgo = "0" // see env.build: the comparison measures the 'make build' binary
	if out, err := exec.Command(node, "--version").Output(); err == nil {
		m.nodeVersion = strings.TrimSpace(string(out))
	}
	if b, err := os.ReadFile(filepath.Join(repo, "bench", "node", "node_modules", "ws", "package.json")); err == nil {
		var p struct{ Version string }
		if json.Unmarshal(b, &p) == nil {
			m.wsVersion = p.Version
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// markdown renders the summary table, the machine description and every number.
func (r *results) markdown(selected []scenario, m machine) string {
	var b strings.Builder
	mode := "full"
	if r.o.quick {
		mode = "quick (-quick: small message counts)"
	}
	fmt.Fprintf(&b, "Measured %s by `go run ./bench/cmd/compare` — %s run, %d rounds per host, wxrun and node interleaved; values are medians.\n\n", m.date, mode, r.o.rounds)
	fmt.Fprintf(&b, "- Go: %s; wxrun built like `make build` (`go build -trimpath`, CGO_ENABLED=%s)\n", m.goVersion, m.cgo)
	ws := m.wsVersion
	if ws == "" {
		ws = "?"
	}
	fmt.Fprintf(&b, "- Node.js: %s, ws %s\n", m.nodeVersion, ws)
	fmt.Fprintf(&b, "- CPU: %s, %d cores\n", m.cpu, m.cores)
	fmt.Fprintf(&b, "- Pinning: %s\n", m.pinning)
	fmt.Fprintf(&b, "- Load average (1, 5, 15 min) before: %s, after: %s; the comparison took %s\n\n", m.loadBefore, m.loadAfter, m.duration.Round(100*time.Millisecond))

	b.WriteString("| scenario | wxrun median | node median | wxrun/node | target | |\n")
	b.WriteString("|---|---:|---:|---:|---|---|\n")
	for _, s := range selected {
		for _, mt := range s.metrics {
			w := median(r.values[s.name][hostWxrun][mt.key])
			n := median(r.values[s.name][hostNode][mt.key])
			ratio := w / n
			status := "reported"
			target := mt.targetText
			if mt.target > 0 {
				op := "≥"
				if !mt.higher {
					op = "≤"
				}
				target = fmt.Sprintf("%s (ratio %s %s)", mt.targetText, op, formatRatio(mt.target))
				switch {
				case math.IsNaN(ratio) || math.IsInf(ratio, 0):
					status = "no data"
				case mt.met(ratio):
					status = "**met**"
				default:
					status = "**missed**"
				}
			}
			fmt.Fprintf(&b, "| %s (%s) | %s | %s | %s | %s | %s |\n", mt.label, mt.unit, formatValue(w), formatValue(n), formatRatio(ratio), target, status)
		}
	}

	r.ceilings(&b, selected)

	b.WriteString("\n### Every number\n\n")
	b.WriteString("Medians with the range over the rounds. \"go\" is the plain Go client, \"floor\" goja's floor. \"process\" is the wall time of the whole process (or, for instances, of the whole measurement) and its peak RSS (`getrusage` ru_maxrss; for the Node instances, the median over the processes).\n\n")
	b.WriteString("| scenario | value | wxrun | node | go | floor |\n|---|---|---:|---:|---:|---:|\n")
	for _, s := range selected {
		var keys []string
		for _, h := range allHosts {
			for k := range r.values[s.name][h] {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		slices.Sort(keys)
		row := func(label string, values func(host string) []float64) {
			fmt.Fprintf(&b, "| %s | %s |", s.name, label)
			for _, h := range allHosts {
				fmt.Fprintf(&b, " %s |", spread(values(h)))
			}
			b.WriteString("\n")
		}
		for _, k := range keys {
			row(k+unitOf(s, k), func(h string) []float64 { return r.values[s.name][h][k] })
		}
		row("process wall (s)", func(h string) []float64 { return r.walls[s.name][h] })
		row("process peak RSS (MiB)", func(h string) []float64 { return r.rss[s.name][h] })
	}
	if len(r.failures) > 0 {
		b.WriteString("\n### Failed runs\n\n")
		for _, f := range r.failures {
			fmt.Fprintf(&b, "- %s\n", strings.ReplaceAll(strings.TrimSpace(f), "\n", " / "))
		}
	}
	return b.String()
}

// unitOf names the unit of a value key for the detail table.
func unitOf(s scenario, key string) string {
	for _, m := range s.metrics {
		if m.key == key {
			return " (" + m.unit + ")"
		}
	}
	switch key {
	case "instance_pss":
		return " (MiB, proportional set size)"
	case "instance_rss_marginal", "instance_heap":
		return " (KiB)"
	case "instances_start":
		return " (ms until all open)"
	case "instance_goroutines":
		return " (per instance)"
	case "instances":
		return " (count)"
	case keyServerBusy:
		return " (% of its core while this client ran)"
	}
	return ""
}

func spread(v []float64) string {
	if len(v) == 0 {
		return "—"
	}
	lo, hi := slices.Min(v), slices.Max(v)
	if len(v) == 1 || lo == hi {
		return formatValue(median(v))
	}
	return fmt.Sprintf("%s (%s–%s)", formatValue(median(v)), formatValue(lo), formatValue(hi))
}

// ceilings renders, for each socket scenario, the plain Go client (the ceiling), goja's
// floor with wxrun's cost over it, and how busy the server was while each client ran.
func (r *results) ceilings(b *strings.Builder, selected []scenario) {
	var rows []scenario
	for _, s := range selected {
		if s.kind == kindScript {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("\n### Ceiling, floor and server\n\n")
	b.WriteString("The Go client is each scenario's ceiling: the same scenario in plain Go on gorilla/websocket, no JavaScript. ")
	b.WriteString("goja's floor is the receive scenario's listener alone, called from a Go loop with prepared `res` objects and no socket; ")
	b.WriteString("\"wxrun ÷ floor\" is wxrun's cost per message over the floor's (the floor's rate over wxrun's). ")
	b.WriteString(fmt.Sprintf("\"server busy\" is the server's CPU time while the client ran, over the time its messages took: at %d %% or more, the rate is the server's, not the client's.\n\n", serverBoundAt))
	b.WriteString("| scenario | wxrun | node | Go client (ceiling) | goja floor | wxrun ÷ floor | target | server busy: wxrun / node / Go |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---|---|\n")
	var boundJS, boundGo []string
	for _, s := range rows {
		m := s.metrics[0]
		med := func(h string) float64 { return median(r.values[s.name][h][m.key]) }
		cell := func(h string) string {
			if !slices.Contains(s.hosts(), h) {
				return "—"
			}
			return formatValue(med(h))
		}
		ratio, target := "—", ""
		if s.floor {
			cost := med(hostFloor) / med(hostWxrun)
			ratio = formatRatio(cost) + "×"
			target = "report the ratio"
			if s.floorTarget > 0 {
				target = fmt.Sprintf("≤ %s×: ", formatRatio(s.floorTarget))
				switch {
				case math.IsNaN(cost) || math.IsInf(cost, 0):
					target += "no data"
				case cost <= s.floorTarget:
					target += "**met**"
				default:
					target += "**missed**"
				}
			}
		}
		var busy []string
		for _, h := range []string{hostWxrun, hostNode, hostGo} {
			v := median(r.values[s.name][h][keyServerBusy])
			if math.IsNaN(v) {
				busy = append(busy, "—")
				continue
			}
			busy = append(busy, fmt.Sprintf("%.0f %%", v))
			switch {
			case v < serverBoundAt:
			case h == hostGo:
				boundGo = append(boundGo, fmt.Sprintf("%s (%.0f %%)", s.name, v))
			default:
				boundJS = append(boundJS, fmt.Sprintf("%s with %s (%.0f %%)", s.name, h, v))
			}
		}
		fmt.Fprintf(b, "| %s (%s) | %s | %s | %s | %s | %s | %s | %s |\n", m.label, m.unit, cell(hostWxrun), cell(hostNode), cell(hostGo), cell(hostFloor), ratio, target, strings.Join(busy, " / "))
	}
	b.WriteString("\n")
	if len(boundJS) == 0 {
		fmt.Fprintf(b, "The server outpaced wxrun and Node: under %d %% busy in each of their scenarios (medians).", serverBoundAt)
	} else {
		fmt.Fprintf(b, "**The server was the bottleneck of a JavaScript host** (%d %% busy or more), so that row measures the server, not the client: %s.", serverBoundAt, strings.Join(boundJS, "; "))
	}
	if len(boundGo) == 0 {
		b.WriteString(" It outpaced the Go client too.\n")
	} else {
		fmt.Fprintf(b, " The Go client's rate is the server's (and the loopback's) in %s: that ceiling is the server's, and the client could go faster.\n", strings.Join(boundGo, ", "))
	}
}

// notesMarker separates the generated part of the results file from hand-written notes,
// which writeResults keeps.
const notesMarker = "<!-- Hand-written notes below this line are kept when compare -out rewrites this file. -->"

func writeResults(path, table string) error {
	notes := notesMarker + "\n"
	if old, err := os.ReadFile(path); err == nil {
		if i := strings.Index(string(old), notesMarker); i >= 0 {
			notes = string(old[i:])
		}
	}
	content := "# wxrun vs Node.js: benchmark results\n\n" + table + "\n" + notes
	return atomicfile.Write(path, []byte(content))
}
