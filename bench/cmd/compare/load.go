package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wxrun/wxrun/bench/server"
)

// The many-clients rows: N instances of bench/scenarios/load.js, each one user
// ping-ponging on its own socket, wxrun as one 'wxrun run --instances N' process and
// Node as N node processes running the same script with the shim, both pinned like every
// client. Every instance first waits at /hold until all of them are connected, so that
// the rate is that of N clients running at once, not of starting them.

// errSkipped is a host that cannot run a row on this machine (Node, for more processes
// than memory holds): the row shows no data for it, and the comparison does not fail.
var errSkipped = errors.New("skipped")

// loadRounds is how many round trips each of n instances makes: about the same total for
// every n, at least 10 each.
func loadRounds(quick bool, n int) int {
	return max(10, pick(quick, 100000, 10000)/n)
}

// nodeLoadFits reports whether n node processes fit in memory: about 100 MiB each, to be
// safe (each takes about 50).
func nodeLoadFits(n int, memAvailableKiB int64) bool {
	return memAvailableKiB <= 0 || int64(n)*(100<<10) <= memAvailableKiB
}

func (e *env) runLoad(s scenario, host string) (*procResult, error) {
	n := s.instances
	if host == hostNode && !nodeLoadFits(n, memAvailableKiB()) {
		return nil, fmt.Errorf("%d node processes do not fit in memory: %w", n, errSkipped)
	}
	rounds := loadRounds(e.o.quick, n)
	group := fmt.Sprintf("load-%s-%d", host, e.seq+1)
	dir, err := e.prepare(s, map[string]any{"n": rounds, "group": group})
	if err != nil {
		return nil, err
	}
	var argvs [][]string
	if host == hostWxrun {
		argvs = append(argvs, []string{e.wxrun, "run", "--instances", strconv.Itoa(n), "--instance-output",
			"--timeout", e.o.runTimeout.String(), s.file()})
	} else {
		for range n {
			argvs = append(argvs, e.nodeArgv(s.file()))
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), e.o.runTimeout)
	defer cancel()
	start := time.Now()
	cl, err := e.startClients(ctx, dir, argvs)
	if err != nil {
		return nil, err
	}
	defer cl.kill()
	cmds, outs := cl.cmds, cl.outs
	if err := server.WaitStats(ctx, e.httpURL, group, n); err != nil {
		return nil, fmt.Errorf("%s: %w\n%s", host, err, tail(outs[0].String()))
	}
	before, cpuErr := processCPU(e.serverPID)
	if _, err := server.Release(ctx, e.httpURL, group); err != nil {
		return nil, err
	}
	cl.waited = true
	var rssKiB int64
	var firstErr error
	for i, c := range cmds {
		if err := c.Wait(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s process %d: %v\n%s", host, i, err, tail(outs[i].String()))
		}
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rssKiB += ru.Maxrss // KiB on Linux; for Node, the sum over its processes
		}
	}
	after, cpuErr2 := processCPU(e.serverPID)
	if firstErr != nil {
		return nil, firstErr
	}
	var all strings.Builder
	for _, o := range outs {
		all.WriteString(o.String())
	}
	total, span, err := loadSpans(all.String(), n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", host, err)
	}
	mib := float64(rssKiB) / 1024
	r := &procResult{wall: time.Since(start), maxRSS: rssKiB, stdout: all.String(), results: map[string]float64{
		"load_rate":    total / span.Seconds(),
		"load_mem":     mib,
		"load_per_gib": float64(n) / (mib / 1024),
	}}
	if cpuErr == nil && cpuErr2 == nil {
		if busy, ok := serverBusy(after-before, r.results["load_rate"], total); ok {
			r.results[keyServerBusy] = busy
		}
	}
	return r, nil
}

// clients are processes started together, each writing its output to a buffer of its
// own.
type clients struct {
	cmds   []*exec.Cmd
	outs   []*bytes.Buffer
	waited bool // the caller waited for every process: kill has nothing to do
}

// startClients starts each of argvs in dir, with the client CPU prefix, until ctx ends.
func (e *env) startClients(ctx context.Context, dir string, argvs [][]string) (*clients, error) {
	cl := &clients{}
	for _, a := range argvs {
		a = append(append([]string(nil), e.client...), a...)
		c := exec.CommandContext(ctx, a[0], a[1:]...)
		c.Dir = dir
		var out bytes.Buffer
		c.Stdout, c.Stderr = &out, &out
		c.WaitDelay = 5 * time.Second
		if err := c.Start(); err != nil {
			cl.kill()
			return nil, err
		}
		cl.cmds = append(cl.cmds, c)
		cl.outs = append(cl.outs, &out)
	}
	return cl, nil
}

// kill ends the processes, unless they were waited for.
func (cl *clients) kill() {
	if cl.waited {
		return
	}
	for _, c := range cl.cmds {
		_ = c.Process.Kill()
		_ = c.Wait()
	}
	cl.waited = true
}

// loadSpans reads the RESULT load_span lines of n instances (a wxrun instance's marked
// "[k] "): the round trips they made in all, and the time from the first one's start to
// the last one's end.
func loadSpans(out string, n int) (total float64, span time.Duration, err error) {
	first, last := int64(math.MaxInt64), int64(0)
	found := 0
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "] "); strings.HasPrefix(line, "[") && i > 0 {
			line = line[i+2:]
		}
		if strings.HasPrefix(line, "ERROR") {
			return 0, 0, errors.New(line)
		}
		f := strings.Fields(line)
		if len(f) != 5 || f[0] != "RESULT" || f[1] != "load_span" {
			continue
		}
		t0, err0 := strconv.ParseInt(f[2], 10, 64)
		t1, err1 := strconv.ParseInt(f[3], 10, 64)
		k, err2 := strconv.Atoi(f[4])
		if err0 != nil || err1 != nil || err2 != nil || t1 < t0 {
			return 0, 0, fmt.Errorf("bad RESULT line %q", line)
		}
		first, last = min(first, t0), max(last, t1)
		total += float64(k)
		found++
	}
	if found != n {
		return 0, 0, fmt.Errorf("%d of %d instances reported their round trips:\n%s", found, n, tail(out))
	}
	return total, time.Duration(max(last-first, 1)) * time.Millisecond, nil
}
