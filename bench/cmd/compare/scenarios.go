package main

import "fmt"

// A metric is one row of the comparison table.
type metric struct {
	key    string // RESULT name, or a name the driver fills in itself
	label  string // row label
	unit   string
	higher bool // higher is better (rates); otherwise lower is better (time, memory)
	// target is the wxrun/node ratio the issue asks for: at least target when higher,
	// at most target otherwise. Zero means "report the ratio" (no target).
	target     float64
	targetText string
}

func (m metric) met(ratio float64) bool {
	if m.higher {
		return ratio >= m.target
	}
	return ratio <= m.target
}

// kind says how a scenario is run.
type kind int

const (
	kindScript    kind = iota // one process per host; the script prints RESULT lines
	kindStartup               // one process per host; the driver measures wall time and peak RSS
	kindInstances             // many instances: bench/cmd/instances vs many node processes
	kindLoad                  // N clients at once: 'wxrun run --instances N' vs N node processes (load.go)
)

// A scenario is one script in bench/scenarios and how to run and read it.
type scenario struct {
	name    string // file name without .js
	kind    kind
	about   string
	config  func(quick bool) map[string]any // config.js fields besides url
	metrics []metric
	// raw: bench/cmd/rawclient implements the scenario (the Go row, its ceiling).
	raw bool
	// floor: a receive scenario, whose listener bench/cmd/floor measures alone.
	floor bool
	// floorTarget bounds wxrun's cost per message over the floor's (floor rate / wxrun
	// rate); zero means the ratio is reported.
	floorTarget float64
	// script is the file in bench/scenarios when it is not the name's (the load rows,
	// which share load.js); instances is N for a kindLoad row.
	script    string
	instances int
}

func (s scenario) file() string {
	if s.script != "" {
		return s.script + ".js"
	}
	return s.name + ".js"
}

// hosts lists who runs the scenario, in the order each round runs them.
func (s scenario) hosts() []string {
	if s.kind != kindScript {
		return []string{hostWxrun, hostNode}
	}
	h := []string{hostWxrun, hostNode}
	if s.raw {
		h = append(h, hostGo)
	}
	if s.floor {
		h = append(h, hostFloor)
	}
	return h
}

// work is how many messages (round trips) a run of a socket scenario measures — what its
// first metric counts per second: n, times the sockets for fan-out.
func work(cfg map[string]any) float64 {
	n, _ := cfg["n"].(int)
	if s, ok := cfg["sockets"].(int); ok && s > 0 {
		n *= s
	}
	return float64(n)
}

// Sizes: in a normal run the fastest JavaScript host measures for about a second on a
// 2 GHz core, long enough for V8's optimising compiler to have warmed up (with a third
// of that, Node's text push measured 1.5M instead of 2.2M msgs/s, its fan-out 60k
// instead of 100k round trips/s); -quick runs use a tenth or so, which favours wxrun.
func pick(quick bool, normal, q int) int {
	if quick {
		return q
	}
	return normal
}

var scenarios = []scenario{
	{
		name: "startup", kind: kindStartup,
		about: "wall time and peak RSS of a process running console.log(1)",
		metrics: []metric{
			{key: "startup_wall", label: "start-up wall time", unit: "ms", target: 0.2, targetText: "≤ 1/5 of Node"},
			{key: "startup_rss", label: "start-up peak RSS", unit: "MiB", target: 1.0 / 3, targetText: "≤ 1/3 of Node"},
		},
	},
	{
		name: "instances", kind: kindInstances,
		about: "memory per isolated instance holding one open socket: wxrun N runtimes in one process, Node one process each",
		metrics: []metric{
			{key: "instance_rss", label: "memory per instance with an open socket", unit: "MiB", target: 0.1, targetText: "≤ 1/10 of a Node process"},
		},
	},
	{
		name: "pingpong", about: "round trips on one socket, each sent from the previous reply's onMessage",
		config: func(q bool) map[string]any { return map[string]any{"n": pick(q, 20000, 3000)} },
		raw:    true,
		metrics: []metric{
			{key: "pingpong", label: "ping-pong, one socket", unit: "round trips/s", higher: true, target: 1, targetText: "≥ Node"},
		},
	},
	{
		name: "push_text", about: "server pushes 64-byte text messages as fast as it can",
		config: func(q bool) map[string]any { return map[string]any{"n": pick(q, 2000000, 200000)} },
		raw:    true, floor: true, floorTarget: 1.25,
		metrics: []metric{
			{key: "push_text", label: "text push, 64 B", unit: "msgs/s", higher: true, target: 1, targetText: "≥ Node"},
		},
	},
	{
		name: "push_binary", about: "server pushes 4 KiB binary messages as fast as it can",
		config: func(q bool) map[string]any { return map[string]any{"n": pick(q, 400000, 40000)} },
		raw:    true, floor: true,
		metrics: []metric{
			{key: "push_binary", label: "binary push, 4 KiB", unit: "msgs/s", higher: true, target: 1, targetText: "≥ Node"},
			{key: "push_binary_mb", label: "binary push, 4 KiB", unit: "MB/s", higher: true, target: 1, targetText: "≥ Node"},
		},
	},
	{
		name: "fanout", about: "100 sockets ping-ponging at once",
		config: func(q bool) map[string]any { return map[string]any{"n": pick(q, 1000, 100), "sockets": 100} },
		raw:    true,
		metrics: []metric{
			{key: "fanout", label: "fan-out, 100 sockets ping-ponging", unit: "round trips/s", higher: true, target: 1, targetText: "≥ Node"},
		},
	},
	{
		name: "send", about: "client sends 64-byte texts as fast as it can; rate counted by the server",
		config: func(q bool) map[string]any { return map[string]any{"n": pick(q, 1000000, 100000)} },
		raw:    true,
		metrics: []metric{
			{key: "send", label: "send, 64 B", unit: "msgs/s", higher: true, target: 1, targetText: "≥ Node"},
		},
	},
	{
		name: "json", about: "handler parses a ~1 KiB JSON message, modifies it, stringifies it and sends it back",
		config: func(q bool) map[string]any { return map[string]any{"n": pick(q, 50000, 5000)} },
		raw:    true, floor: true,
		metrics: []metric{
			{key: "json", label: "JSON handler, ~1 KiB", unit: "msgs/s", higher: true, targetText: "report the ratio"},
		},
	},
}

// loadScenario is the many-clients rows of n instances: the aggregate rate of n clients
// at once, their memory, and instances per GiB. From 2 on, wxrun should be ahead of Node
// in aggregate throughput; it should fit at least 50 times as many instances in a GiB,
// which a row shows from 100 instances on (below that, the process's own memory, not
// the instances', decides).
func loadScenario(n int) scenario {
	rate := metric{key: "load_rate", label: fmt.Sprintf("many clients, N = %d: aggregate", n), unit: "round trips/s", higher: true, target: 1, targetText: "≥ Node"}
	if n == 1 {
		rate.target, rate.targetText = 0, "report the ratio"
	}
	perGiB := metric{key: "load_per_gib", label: fmt.Sprintf("many clients, N = %d: instances per GiB", n), unit: "instances", higher: true, target: 50, targetText: "≥ 50× Node"}
	if n < 100 {
		perGiB.target, perGiB.targetText = 0, "report the ratio"
	}
	return scenario{
		name: fmt.Sprintf("load_%d", n), kind: kindLoad, script: "load", instances: n,
		about: fmt.Sprintf("%d clients at once, each ping-ponging on its own socket: wxrun run --instances %d vs %d node processes", n, n, n),
		metrics: []metric{
			rate,
			{key: "load_mem", label: fmt.Sprintf("many clients, N = %d: memory (sum of peak RSS)", n), unit: "MiB", targetText: "report the ratio"},
			perGiB,
		},
	}
}

func init() {
	for _, n := range []int{1, 10, 100, 1000} {
		scenarios = append(scenarios, loadScenario(n))
	}
}

// instanceCounts returns how many instances wxrun runs in one process and how many node
// processes are started: as many as memory allows (about 100 MiB each, to be safe),
// capped at 50, at least 2.
func instanceCounts(quick bool, memAvailableKiB int64) (wxrun, node int) {
	wxrun = pick(quick, 1000, 100)
	node = pick(quick, 50, 10)
	if memAvailableKiB > 0 {
		fit := int(memAvailableKiB / (100 << 10))
		node = max(2, min(node, fit))
	}
	return wxrun, node
}

func scenarioByName(name string) (scenario, error) {
	for _, s := range scenarios {
		if s.name == name {
			return s, nil
		}
	}
	return scenario{}, fmt.Errorf("no scenario %q", name)
}
