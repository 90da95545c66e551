// Command compare runs the benchmark scenarios in bench/scenarios under wxrun and under
// Node.js (with the wx shim in bench/node), interleaved, and prints a Markdown table of
// the medians, their ratio and the target for each row. Each socket scenario
// also runs as a plain Go client (bench/cmd/rawclient: gorilla, no JavaScript), its
// ceiling, and each receive scenario as goja's floor (bench/cmd/floor: the listener
// alone, called from Go); while every client runs, the server's CPU time is read, to
// show that the server outpaced it.
//
//	go run ./bench/cmd/compare                       # full run, ~3–4 minutes on 2 cores
//	go run ./bench/cmd/compare -quick                # ~1 minute
//	go run ./bench/cmd/compare -out bench/RESULTS.md # also write the results file
//
// It builds wxrun and the bench/cmd tools into a temporary directory, runs `npm install`
// in bench/node when node_modules is missing, starts the benchmark server (pinned to CPU
// 0 with taskset when possible; clients on CPU 1), and for each scenario runs its hosts
// (wxrun, node, then the Go client and the floor where they apply) in turn, -rounds
// times each. See bench/README.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	rounds     int
	quick      bool
	out        string
	only       string
	pin        bool
	keep       bool
	runTimeout time.Duration
	node       string
	verbose    bool
}

func main() {
	var o options
	flag.IntVar(&o.rounds, "rounds", 0, "runs of each host per scenario (default 5, or 3 with -quick)")
	flag.BoolVar(&o.quick, "quick", false, "small message counts and 3 rounds: about a minute")
	flag.StringVar(&o.out, "out", "", "also write the results, with the machine's description, to this Markdown file")
	flag.StringVar(&o.only, "only", "", "comma-separated scenarios to run (default all): "+strings.Join(scenarioNames(), ","))
	flag.BoolVar(&o.pin, "pin", true, "pin the server to CPU 0 and the clients to CPU 1 with taskset, when available")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (binaries, scenario copies)")
	flag.DurationVar(&o.runTimeout, "run-timeout", 3*time.Minute, "kill a single run after this long")
	flag.StringVar(&o.node, "node", "node", "the Node.js executable")
	flag.BoolVar(&o.verbose, "v", false, "print every command")
	flag.Parse()
	if o.rounds <= 0 {
		o.rounds = map[bool]int{true: 3, false: 5}[o.quick]
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func scenarioNames() []string {
	var names []string
	for _, s := range scenarios {
		names = append(names, s.name)
	}
	return names
}

// env is everything the runs need: paths of the built tools and the server.
type env struct {
	o         options
	repo      string // module root
	tmp       string
	wxrun     string
	instances string
	rawclient string
	floor     string
	nodeRun   string // bench/node/run.js
	serverURL string // ws://127.0.0.1:PORT
	httpURL   string
	serverPID int
	pinned    bool
	client    []string // command prefix for clients: taskset -c 1, or nothing
	seq       int
}

func run(o options) error {
	selected := scenarios
	if o.only != "" {
		selected = nil
		for _, name := range strings.Split(o.only, ",") {
			s, err := scenarioByName(strings.TrimSpace(name))
			if err != nil {
				return err
			}
			selected = append(selected, s)
		}
	}

	e := &env{o: o}
	var err error
	if e.repo, err = moduleRoot(); err != nil {
		return err
	}
	nodePath, err := exec.LookPath(o.node)
	if err != nil {
		return fmt.Errorf("the comparison needs Node.js (%v): install it or pass -node", err)
	}
	o.node = nodePath
	e.o.node = nodePath
	if e.tmp, err = os.MkdirTemp("", "wxrun-compare-"); err != nil {
		return err
	}
	if o.keep {
		logf("keeping %s", e.tmp)
	} else {
		defer os.RemoveAll(e.tmp)
	}

	info := describeMachine(e.repo, nodePath)
	info.loadBefore = loadAverage()

	if err := e.npmInstall(); err != nil {
		return err
	}
	if err := e.build(); err != nil {
		return err
	}
	e.pinned = o.pin && canPin()
	server := []string{filepath.Join(e.tmp, "benchserver")}
	if e.pinned {
		server = append([]string{"taskset", "-c", "0"}, server...)
		e.client = []string{"taskset", "-c", "1"}
	}
	stop, err := e.startServer(server)
	if err != nil {
		return err
	}
	defer stop()
	info.pinning = pinningText(e.pinned, o.pin)
	logf("%s", info.pinning)

	res := newResults(o)
	start := time.Now()
	for _, s := range selected {
		if err := e.runScenario(s, res); err != nil {
			res.failures = append(res.failures, fmt.Sprintf("%s: %v", s.name, err))
			logf("%s: %v", s.name, err)
		}
	}
	info.loadAfter = loadAverage()
	info.duration = time.Since(start)

	table := res.markdown(selected, info)
	fmt.Println()
	fmt.Print(table)
	if o.out != "" {
		if err := writeResults(o.out, table); err != nil {
			return err
		}
		logf("wrote %s", o.out)
	}
	if len(res.failures) > 0 {
		return fmt.Errorf("%d run(s) failed", len(res.failures))
	}
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "compare: "+format+"\n", args...)
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run compare from inside the wxrun module (go run ./bench/cmd/compare)")
	}
	root := filepath.Dir(mod)
	if _, err := os.Stat(filepath.Join(root, "bench", "scenarios")); err != nil {
		return "", fmt.Errorf("no bench/scenarios in %s", root)
	}
	return root, nil
}

func (e *env) npmInstall() error {
	dir := filepath.Join(e.repo, "bench", "node")
	e.nodeRun = filepath.Join(dir, "run.js")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ws", "package.json")); err == nil {
		return nil
	}
	logf("npm install in %s", dir)
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install in bench/node: %w", err)
	}
	return nil
}

func (e *env) build() error {
	e.wxrun = filepath.Join(e.tmp, "wxrun")
	e.instances = filepath.Join(e.tmp, "instances")
	e.rawclient = filepath.Join(e.tmp, "rawclient")
	e.floor = filepath.Join(e.tmp, "floor")
	for _, b := range []struct{ out, pkg string }{
		{e.wxrun, "./cmd/wxrun"},
		{e.instances, "./bench/cmd/instances"},
		{e.rawclient, "./bench/cmd/rawclient"},
		{e.floor, "./bench/cmd/floor"},
		{filepath.Join(e.tmp, "benchserver"), "./bench/cmd/benchserver"},
	} {
		logf("go build %s", b.pkg)
		// The same build as 'make build': a static binary, no cgo.
		cmd := exec.Command("go", "build", "-trimpath", "-o", b.out, b.pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Dir = e.repo
		cmd.Stdout = os.Stderr
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", b.pkg, err)
		}
	}
	return nil
}

// canPin reports whether taskset exists and CPUs 0 and 1 can both be used.
func canPin() bool {
	if goruntime.NumCPU() < 2 {
		return false
	}
	if _, err := exec.LookPath("taskset"); err != nil {
		return false
	}
	return exec.Command("taskset", "-c", "0", "true").Run() == nil &&
		exec.Command("taskset", "-c", "1", "true").Run() == nil
}

func pinningText(pinned, wanted bool) string {
	switch {
	case pinned:
		return "pinned with taskset: server on CPU 0, every client (wxrun, node, the Go client, the floor) on CPU 1 (each client has one core; Go sets GOMAXPROCS=1 from the affinity mask)"
	case !wanted:
		return "NOT pinned (-pin=false): server and clients share all CPUs"
	default:
		return "NOT pinned (taskset missing or fewer than 2 usable CPUs): server and clients share all CPUs"
	}
}

// startServer starts the benchmark server and returns a function that stops it.
func (e *env) startServer(argv []string) (stop func(), err error) {
	cmd := exec.Command(argv[0], append(argv[1:], "-addr", "127.0.0.1:0")...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the benchmark server: %w", err)
	}
	stop = func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "LISTEN ")
	if err != nil || !ok || !strings.HasPrefix(url, "ws://127.0.0.1:") {
		stop()
		return nil, fmt.Errorf("the benchmark server did not start (said %q, %v)", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	e.serverURL = url
	e.httpURL = "http://" + strings.TrimPrefix(url, "ws://")
	e.serverPID = cmd.Process.Pid // taskset execs the server: the same process
	logf("benchmark server at %s", url)
	return stop, nil
}

// procResult is one finished process.
type procResult struct {
	wall    time.Duration
	maxRSS  int64 // KiB
	stdout  string
	results map[string]float64
}

// runProcess runs argv in dir, with the client CPU prefix, and parses RESULT lines.
func (e *env) runProcess(dir string, argv ...string) (*procResult, error) {
	argv = append(append([]string(nil), e.client...), argv...)
	ctx, cancel := context.WithTimeout(context.Background(), e.o.runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	if e.o.verbose {
		logf("(cd %s && %s)", dir, strings.Join(argv, " "))
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s%s", filepath.Base(argv[len(e.client)]), err, tail(stdout.String()), tail(stderr.String()))
	}
	r := &procResult{wall: wall, stdout: stdout.String(), results: map[string]float64{}}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss // KiB on Linux
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, "ERROR") {
			return nil, fmt.Errorf("%s: %s", filepath.Base(argv[len(e.client)]), line)
		}
		f := strings.Fields(line)
		if len(f) == 4 && f[0] == "RESULT" {
			v, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				return nil, fmt.Errorf("bad RESULT line %q", line)
			}
			r.results[f[1]] = v
		}
	}
	return r, nil
}

func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	if s == "" {
		return ""
	}
	return s + "\n"
}

// prepare copies scenario s into a fresh directory with a config.js.
func (e *env) prepare(s scenario, cfg map[string]any) (string, error) {
	e.seq++
	dir := filepath.Join(e.tmp, fmt.Sprintf("%s-%d", s.name, e.seq))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	src, err := os.ReadFile(filepath.Join(e.repo, "bench", "scenarios", s.file()))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, s.file()), src, 0o644); err != nil {
		return "", err
	}
	return dir, writeConfig(dir, e.serverURL, cfg)
}

// writeConfig writes config.js: module.exports = {url: "...", ...}.
func writeConfig(dir, url string, cfg map[string]any) error {
	var b strings.Builder
	fmt.Fprintf(&b, "module.exports = {url: %q", url)
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch v := cfg[k].(type) {
		case string:
			fmt.Fprintf(&b, ", %s: %q", k, v)
		default:
			fmt.Fprintf(&b, ", %s: %v", k, v)
		}
	}
	b.WriteString("};\n")
	return os.WriteFile(filepath.Join(dir, "config.js"), []byte(b.String()), 0o644)
}

func (e *env) wxrunArgv(file string) []string {
	// No socket cap (fan-out opens 100); a generous timeout so a hang cannot last forever.
	return []string{e.wxrun, "--max-sockets", "0", "--timeout", e.o.runTimeout.String(), file}
}

func (e *env) nodeArgv(file string) []string {
	return []string{e.o.node, e.nodeRun, file}
}

// argv is the command line of host running scenario s from dir with cfg.
func (e *env) argv(host string, s scenario, dir string, cfg map[string]any) []string {
	switch host {
	case hostNode:
		return e.nodeArgv(s.file())
	case hostGo:
		argv := []string{e.rawclient, "-scenario", s.name, "-url", e.serverURL, "-n", fmt.Sprint(cfg["n"])}
		if sockets, ok := cfg["sockets"]; ok {
			argv = append(argv, "-sockets", fmt.Sprint(sockets))
		}
		return argv
	case hostFloor:
		return []string{e.floor, "-dir", dir, "-file", s.file(), "-timeout", e.o.runTimeout.String()}
	default:
		return e.wxrunArgv(s.file())
	}
}

func (e *env) runScenario(s scenario, res *results) error {
	var cfg map[string]any
	if s.config != nil {
		cfg = s.config(e.o.quick)
	}
	logf("%s: %s", s.name, s.about)
	var failed error
	for round := 1; round <= e.o.rounds; round++ {
		for _, host := range s.hosts() {
			var r *procResult
			var err error
			switch s.kind {
			case kindInstances:
				r, err = e.runInstances(s, host)
			case kindLoad:
				r, err = e.runLoad(s, host)
				if errors.Is(err, errSkipped) {
					logf("%s round %d %s: %v", s.name, round, host, err)
					continue
				}
			default:
				var dir string
				dir, err = e.prepare(s, cfg)
				if err != nil {
					return err
				}
				// The server's CPU time while this client ran (the floor uses no server).
				var before time.Duration
				var cpuErr error
				if s.kind == kindScript && host != hostFloor {
					before, cpuErr = processCPU(e.serverPID)
				}
				r, err = e.runProcess(dir, e.argv(host, s, dir, cfg)...)
				if err == nil && s.kind == kindScript && host != hostFloor && cpuErr == nil {
					if after, cpuErr := processCPU(e.serverPID); cpuErr == nil {
						if busy, ok := serverBusy(after-before, r.results[s.metrics[0].key], work(cfg)); ok {
							r.results[keyServerBusy] = busy
						}
					}
				}
			}
			if err != nil {
				failed = err
				logf("%s round %d %s: %v", s.name, round, host, err)
				continue
			}
			if s.kind == kindStartup {
				r.results["startup_wall"] = float64(r.wall.Microseconds()) / 1000
				r.results["startup_rss"] = float64(r.maxRSS) / 1024
			}
			if s.kind == kindScript {
				for _, m := range s.metrics {
					if _, ok := r.results[m.key]; !ok {
						failed = fmt.Errorf("%s printed no RESULT %s line; output:\n%s", host, m.key, tail(r.stdout))
						logf("%s round %d: %v", s.name, round, failed)
					}
				}
			}
			res.add(s.name, host, r)
			logf("%s round %d/%d %-5s %s", s.name, round, e.o.rounds, host, summary(s, r))
		}
	}
	return failed
}

func summary(s scenario, r *procResult) string {
	var parts []string
	for _, m := range s.metrics {
		if v, ok := r.results[m.key]; ok {
			parts = append(parts, formatValue(v)+" "+m.unit)
		}
	}
	return fmt.Sprintf("%s  (process %s, peak RSS %.1f MiB)", strings.Join(parts, ", "), r.wall.Round(time.Millisecond), float64(r.maxRSS)/1024)
}
