package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture project of package testrunner: suites that pass and suites designed to fail.
const testFixture = "../../testrunner/testdata/project"

func TestTestCommand(t *testing.T) {
	t.Chdir(testFixture)
	out := t.TempDir()
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"passing files", []string{"test", "tests/hooks.test.js", "only"}, 0,
			[]string{"PASS tests/hooks.test.js", "PASS tests/only.test.js", "Tests:       2 skipped, 4 passed, 6 total", "Test Suites: 2 passed, 2 total"}, nil},
		{"a failing file", []string{"test", "--jobs", "1", "tests/failing.test.ts"}, 1,
			[]string{"FAIL tests/failing.test.ts", "  ● failures › a diff at the original .ts line", "    > 7 |     expect(got).toEqual({ type: 'chat', n: 2 });",
				"Tests:       6 failed, 6 total"}, nil},
		{"-t and jest's flag spelling", []string{"test", "--testNamePattern", "selected$", "only"}, 0,
			[]string{"Tests:       2 skipped, 1 passed, 3 total"}, nil},
		{"--list", []string{"test", "--list", "hooks"}, 0, []string{filepath.Join("tests", "hooks.test.js") + "\n"}, nil},
		{"no tests", []string{"test", "nothing-matches-this"}, 1, nil, []string{"No tests found"}},
		{"--pass-with-no-tests", []string{"test", "--pass-with-no-tests", "nothing-matches-this"}, 0, nil, nil},
		{"bad flag", []string{"test", "--bogus"}, 2, nil, []string{"wxrun: unknown flag: --bogus"}},
		{"bad shard", []string{"test", "--shard", "3/2"}, 2, nil, []string{"--shard 3/2: want 1 ≤ i ≤ n"}},
		{"bad reporter", []string{"test", "--reporter", "xml"}, 2, nil, []string{`--reporter "xml": want default, junit, tap or json`}},
		{"missing path", []string{"test", "no/such/dir/"}, 2, nil, []string{"no/such/dir/: no such file or directory"}},
		{"reports to files", []string{"test", "--reporter", "junit", "--output", filepath.Join(out, "junit.xml"), "--reporter", "tap=" + filepath.Join(out, "tap.txt"), "only"}, 0,
			[]string{"PASS tests/only.test.js"}, nil},
		{"a machine report on stdout", []string{"test", "--reporter", "tap", "only"}, 0,
			[]string{"TAP version 13\n1..3\nok 1 - tests/only.test.js > not selected # SKIP\n"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.args...)
			if code != c.code {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
			for _, want := range c.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout does not contain %q:\n%s", want, stdout)
				}
			}
			for _, want := range c.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, stderr)
				}
			}
		})
	}
	junit, err := os.ReadFile(filepath.Join(out, "junit.xml"))
	if err != nil || !strings.Contains(string(junit), `<testsuite name="tests/only.test.js" errors="0" failures="0" skipped="2"`) {
		t.Errorf("junit.xml: %v\n%s", err, junit)
	}
	tap, err := os.ReadFile(filepath.Join(out, "tap.txt"))
	if err != nil || !strings.HasPrefix(string(tap), "TAP version 13\n1..3\n") {
		t.Errorf("tap.txt: %v\n%s", err, tap)
	}
}

// 'wxrun test PATH' for a project outside the current directory's runs that project,
// with its own configuration, as a CI job run from the repository's top would.
func TestTestCommandFromOutsideTheProject(t *testing.T) {
	fixture, err := filepath.Abs(testFixture)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCLI(t, "test", filepath.Join(fixture, "tests", "only.test.js"))
	if code != 0 || !strings.Contains(stdout, "PASS tests/only.test.js") {
		t.Errorf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// --timeout ends a suite whose test never settles with exit status 124, as 'wxrun run
// --timeout' does, and names the limit.
func TestTestCommandTimeout(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "never.test.js"), "test('never settles', () => new Promise(() => {}), 60000)\n")
	t.Chdir(dir)
	code, stdout, stderr := runCLI(t, "test", "--timeout", "300ms", "never.test.js")
	if code != 124 || !strings.Contains(stderr, "timed out after 300ms") {
		t.Errorf("exit status %d, want 124\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
