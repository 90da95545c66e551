package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wxrun/wxrun/testrunner"
)

// examples/load runs as a load: each instance one user sending its messages.
func TestLoadExample(t *testing.T) {
	srv := newCountingServer(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/load")); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "config.js"), `module.exports = { url: "ws`+strings.TrimPrefix(srv.URL, "http")+`/", messages: 7 }`)
	out := filepath.Join(t.TempDir(), "s.json")
	code, _, stderr := runCLI(t, "run", "--instances", "12", "--summary-json", out, dir)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	s := readSummary(t, out)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if s.Finished != 12 || s.MessagesSent != 12*7 || srv.in != 12*7 || s.MessagesReceived != srv.out || s.Closed != 12 {
		t.Errorf("finished %d, sent %d (server got %d), received %d (server sent %d), closed %d", s.Finished, s.MessagesSent, srv.in, s.MessagesReceived, srv.out, s.Closed)
	}
}

// The wxrun command lines of the GitHub Actions matrix and the Kubernetes Job are valid:
// their flags exist and their values parse, with the matrix's and the Job's variables
// filled in.
func TestLoadExampleCIFiles(t *testing.T) {
	vars := strings.NewReplacer(
		"${{ matrix.shard }}", "2", "${{ inputs.instances }}", "2000", "${{ inputs.duration }}", "1m",
		"$((JOB_COMPLETION_INDEX + 1))", "2", "$JOB_COMPLETION_INDEX", "1",
	)
	start := regexp.MustCompile(`(?:\./|exec )wxrun (run|merge-summaries)\b.*`)
	for _, name := range []string{"github-actions.yml", "k8s-job.yaml"} {
		data, err := os.ReadFile(filepath.Join("../../examples/load", name))
		if err != nil {
			t.Fatal(err)
		}
		var cmds [][]string
		lines := strings.Split(string(data), "\n")
		for i := 0; i < len(lines); i++ {
			m := start.FindString(lines[i])
			if m == "" {
				continue
			}
			cmd := m
			for i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "--") {
				i++
				cmd += " " + strings.TrimSpace(lines[i])
			}
			cmd = strings.TrimPrefix(strings.TrimPrefix(vars.Replace(cmd), "exec "), "./")
			cmds = append(cmds, strings.Fields(cmd)[1:])
		}
		if len(cmds) != 2 {
			t.Fatalf("%s: found %d wxrun command lines, want a run and a merge-summaries: %q", name, len(cmds), cmds)
		}
		for _, args := range cmds {
			root := newRootCommand(&strings.Builder{}, &strings.Builder{})
			c, rest, err := root.Find(args)
			if err != nil {
				t.Errorf("%s: %v: %v", name, args, err)
				continue
			}
			if err := c.ParseFlags(rest); err != nil {
				t.Errorf("%s: %v: %v", name, args, err)
				continue
			}
			if c.Name() == "run" {
				if len(c.Flags().Args()) != 1 {
					t.Errorf("%s: %v: want one project, got %q", name, args, c.Flags().Args())
				}
				sh, _ := c.Flags().GetString("shard")
				if _, _, err := testrunner.ParseShard(sh); err != nil {
					t.Errorf("%s: %v", name, err)
				}
				for _, f := range []string{"instances", "summary-json", "duration", "ramp-up"} {
					if !c.Flags().Changed(f) {
						t.Errorf("%s: the run does not set --%s", name, f)
					}
				}
			}
		}
	}
}
