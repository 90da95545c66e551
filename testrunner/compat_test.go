package testrunner

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestJestCompat runs testdata/compat under jest 29 (installed from npm into a temporary
// folder) and under wxrun, and checks that every test has the same outcome under both: a
// jest test file using only the API wxrun implements runs unchanged. It needs node, npm
// and the npm registry, which CI does not, so it runs only with WXRUN_JEST_COMPAT=1
// (make jest-compat).
func TestJestCompat(t *testing.T) {
	if os.Getenv("WXRUN_JEST_COMPAT") != "1" {
		t.Skip("set WXRUN_JEST_COMPAT=1 to compare with jest (needs node and npm)")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: cannot run jest", tool)
		}
	}
	dir := t.TempDir()
	copyTree(t, "testdata/compat", dir)
	install := exec.Command("npm", "install", "--no-audit", "--no-fund", "--no-save", "jest@29.7.0")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm install jest: %v\n%s", err, out)
	}
	jest := exec.Command("node", "node_modules/jest/bin/jest.js", "--ci", "--json", "--outputFile", "jest.json")
	jest.Dir = dir
	if out, err := jest.CombinedOutput(); err != nil {
		t.Fatalf("jest failed: %v\n%s", err, out)
	}
	var res struct {
		TestResults []struct {
			AssertionResults []struct {
				FullName string `json:"fullName"`
				Status   string `json:"status"`
			} `json:"assertionResults"`
		} `json:"testResults"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "jest.json"))
	if err == nil {
		err = json.Unmarshal(data, &res)
	}
	if err != nil || len(res.TestResults) != 1 {
		t.Fatalf("jest's results: %v %s", err, data)
	}
	var underJest []string
	for _, a := range res.TestResults[0].AssertionResults {
		underJest = append(underJest, a.FullName+": "+a.Status)
	}

	cfg, err := LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s := runFiles(t, cfg, []string{"__tests__/compat.test.js"}, Options{Snapshots: SnapshotsNone})
	var underWxrun []string
	for _, tr := range s.Files[0].Tests {
		status := string(tr.Status)
		if tr.Status == Skipped {
			status = "pending" // jest's name for it
		}
		underWxrun = append(underWxrun, tr.FullName()+": "+status)
	}
	sort.Strings(underJest)
	sort.Strings(underWxrun)
	if strings.Join(underJest, "\n") != strings.Join(underWxrun, "\n") {
		t.Errorf("outcomes differ\n--- jest\n%s\n--- wxrun\n%s", strings.Join(underJest, "\n"), strings.Join(underWxrun, "\n"))
	}
	if s.Failed() {
		t.Errorf("the compat suite failed under wxrun: %+v", s.Files[0])
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
