package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wxrun/wxrun/bench/server"
)

// runInstances measures memory per instance holding one open socket. wxrun: one process
// (bench/cmd/instances) running N runtimes. Node: K node processes, measured while all of
// their sockets are open.
func (e *env) runInstances(s scenario, host string) (*procResult, error) {
	wxN, nodeK := instanceCounts(e.o.quick, memAvailableKiB())
	group := fmt.Sprintf("%s-%d", host, e.seq+1)
	dir, err := e.prepare(s, map[string]any{"group": group})
	if err != nil {
		return nil, err
	}
	if host == hostWxrun {
		r, err := e.runProcess(dir, e.instances, "-n", strconv.Itoa(wxN), "-dir", dir, "-file", s.file(),
			"-group", group, "-server", e.httpURL, "-timeout", e.o.runTimeout.String())
		if err != nil {
			return nil, err
		}
		kib, ok := r.results["instance_rss"]
		if !ok {
			return nil, fmt.Errorf("instances printed no RESULT instance_rss line:\n%s", tail(r.stdout))
		}
		r.results["instance_rss"] = kib / 1024
		r.results["instances"] = float64(wxN)
		return r, nil
	}
	return e.runNodeInstances(dir, s.file(), group, nodeK)
}

func (e *env) runNodeInstances(dir, file, group string, k int) (*procResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), e.o.runTimeout)
	defer cancel()
	start := time.Now()
	argvs := make([][]string, k)
	for i := range argvs {
		argvs[i] = e.nodeArgv(file)
	}
	cl, err := e.startClients(ctx, dir, argvs)
	if err != nil {
		return nil, err
	}
	defer cl.kill()
	cmds, outs := cl.cmds, cl.outs
	if err := server.WaitStats(ctx, e.httpURL, group, k); err != nil {
		return nil, fmt.Errorf("node instances: %w\n%s", err, tail(outs[0].String()))
	}
	time.Sleep(300 * time.Millisecond) // as bench/cmd/instances's -settle
	var rss, pss []float64
	for _, c := range cmds {
		pid := c.Process.Pid
		r, err := procKiB(fmt.Sprintf("/proc/%d/status", pid), "VmRSS:")
		if err != nil {
			return nil, err
		}
		rss = append(rss, float64(r)/1024)
		if p, err := procKiB(fmt.Sprintf("/proc/%d/smaps_rollup", pid), "Pss:"); err == nil {
			pss = append(pss, float64(p)/1024)
		}
	}
	released, err := server.Release(ctx, e.httpURL, group)
	if err != nil {
		return nil, err
	}
	var maxRSS []float64
	cl.waited = true
	var firstErr error
	for i, c := range cmds {
		if err := c.Wait(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("node instance %d: %v\n%s", i, err, tail(outs[i].String()))
		}
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			maxRSS = append(maxRSS, float64(ru.Maxrss))
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if released != k {
		return nil, fmt.Errorf("the server released %d node sockets, want %d", released, k)
	}
	r := &procResult{
		wall:    time.Since(start),
		maxRSS:  int64(median(maxRSS)),
		results: map[string]float64{"instance_rss": median(rss), "instances": float64(k)},
	}
	if len(pss) == len(rss) {
		r.results["instance_pss"] = median(pss)
	}
	return r, nil
}

// procKiB reads a "Name:   123 kB" field from a /proc file.
func procKiB(path, field string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %s in %s", field, path)
}

func memAvailableKiB() int64 {
	n, err := procKiB("/proc/meminfo", "MemAvailable:")
	if err != nil {
		return 0
	}
	return n
}
