package testrunner

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// watchInterval is how often Watch looks for changed files.
var watchInterval = 300 * time.Millisecond

// Watch runs files, then watches the project: when a file changes, the test files it
// affects run again — a changed test file itself, and every test file that required a
// changed module during its last run — and a new test file under the roots runs for the
// first time. It returns when ctx is done (nil) or a run fails to start. log receives the
// "watching" lines; the results go to opts.Reporters as in Run.
func Watch(ctx context.Context, cfg *Config, files []string, opts Options, log io.Writer) error {
	deps := map[string]map[string]bool{} // test file → modules it loaded
	opts.onFile = func(path string, loaded map[string]bool) { deps[path] = loaded }
	run := func(list []string) error {
		if len(list) == 0 {
			return nil
		}
		_, err := Run(ctx, cfg, list, opts)
		fmt.Fprintf(log, "\nwxrun test: watching %s for changes (Ctrl-C to stop)\n", cfg.RootDir)
		return err
	}
	known := map[string]bool{}
	for _, f := range files {
		known[f] = true
	}
	stamps := snapshotTimes(cfg.RootDir)
	if err := run(files); err != nil {
		return err
	}
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		now := snapshotTimes(cfg.RootDir)
		var changed []string
		for p, m := range now {
			if old, ok := stamps[p]; !ok || !old.Equal(m) {
				changed = append(changed, p)
			}
		}
		stamps = now
		if len(changed) == 0 {
			continue
		}
		if all, err := cfg.Discover(cfg.RootDir, nil); err == nil {
			for _, f := range all {
				if !known[f] {
					known[f] = true
					files = append(files, f)
				}
			}
		}
		if err := run(Affected(files, changed, deps)); err != nil {
			return err
		}
	}
}

// Affected returns the test files among files that a change of the changed files (root-
// relative paths) affects: changed test files, and test files whose last run loaded a
// changed module (deps: test file → module names).
func Affected(files, changed []string, deps map[string]map[string]bool) []string {
	isChanged := map[string]bool{}
	for _, c := range changed {
		isChanged[c] = true
	}
	var out []string
	for _, f := range files {
		hit := isChanged[f]
		for m := range deps[f] {
			hit = hit || isChanged[m]
		}
		if hit {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// snapshotTimes returns the modification time of every source file under root (outside
// node_modules, miniprogram_npm, hidden folders and __snapshots__).
func snapshotTimes(root string) map[string]time.Time {
	out := map[string]time.Time{}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "node_modules" || name == "miniprogram_npm" || name == "__snapshots__" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(name) {
		case ".js", ".ts", ".mjs", ".cjs", ".mts", ".cts", ".json":
		default:
			return nil
		}
		if info, err := d.Info(); err == nil {
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = info.ModTime()
		}
		return nil
	})
	_ = os.ErrNotExist
	return out
}
