package testrunner

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// copyProject is loadFixture of testdata/project, which snapshot tests write into.
func copyProject(t *testing.T) *Config {
	t.Helper()
	return loadFixture(t, "project")
}

func runFiles(t *testing.T, cfg *Config, files []string, opts Options) *Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Run(ctx, cfg, files, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fileByPath(t *testing.T, s *Summary, p string) *FileResult {
	t.Helper()
	for _, f := range s.Files {
		if f.Path == p {
			return f
		}
	}
	t.Fatalf("no result for %s", p)
	return nil
}

// statuses renders a file's tests as "full name: status" lines.
func statuses(f *FileResult) string {
	var b strings.Builder
	for _, t := range f.Tests {
		b.WriteString(t.FullName() + ": " + string(t.Status) + "\n")
	}
	return b.String()
}

func testByName(t *testing.T, f *FileResult, name string) TestResult {
	t.Helper()
	for _, tr := range f.Tests {
		if tr.FullName() == name {
			return tr
		}
	}
	t.Fatalf("%s has no test %q:\n%s", f.Path, name, statuses(f))
	return TestResult{}
}

func TestDiscover(t *testing.T) {
	cfg := copyProject(t)
	files, err := cfg.Discover(cfg.RootDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "tests/failing.test.ts tests/features.test.js tests/hooks.test.js tests/load_error.test.js tests/loop.test.js tests/mocks.test.ts tests/only.test.js tests/snap.test.js tests/sockets.test.js"
	if got := strings.Join(files, " "); got != want {
		t.Errorf("Discover = %s\nwant      %s", got, want)
	}
	files, err = cfg.Discover(cfg.RootDir, []string{"tests/hooks.test.js", "mocks"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(files, " "); got != "tests/hooks.test.js tests/mocks.test.ts" {
		t.Errorf("Discover(file, pattern) = %s", got)
	}
	if _, err := cfg.Discover(cfg.RootDir, []string{"no/such/dir/"}); err == nil {
		t.Error("a missing path is not an error")
	}
	if len(cfg.Ignored) != 1 || cfg.Ignored[0] != "testEnvironment" {
		t.Errorf("Ignored = %v, want [testEnvironment]", cfg.Ignored)
	}
}

// TestFixtureProject runs every file of the fixture project, suites designed to fail
// included, and checks what each test came to and why.
func TestFixtureProject(t *testing.T) {
	cfg := copyProject(t)
	files, _ := cfg.Discover(cfg.RootDir, nil)
	s := runFiles(t, cfg, files, Options{Jobs: 2})

	for _, p := range []string{"tests/features.test.js", "tests/hooks.test.js", "tests/mocks.test.ts", "tests/only.test.js", "tests/snap.test.js", "tests/sockets.test.js"} {
		f := fileByPath(t, s, p)
		if f.Failed() {
			t.Errorf("%s failed:\n%s%v\n%s", p, statuses(f), f.Errors, f.Console)
		}
	}
	if got := statuses(fileByPath(t, s, "tests/only.test.js")); got != "not selected: skipped\nblock selected: passed\nblock also not selected: skipped\n" {
		t.Errorf("only.test.js:\n%s", got)
	}
	features := fileByPath(t, s, "tests/features.test.js")
	for _, name := range []string{"each add(1, 2) -> 3", "each 2 + 3 = 5", "each block y has a name"} {
		if tr := testByName(t, features, name); tr.Status != Passed {
			t.Errorf("%s: %s", name, tr.Status)
		}
	}
	if testByName(t, features, "skipped").Status != Skipped || testByName(t, features, "todo").Status != Todo {
		t.Errorf("skip/todo:\n%s", statuses(features))
	}

	// jest's documented order of hooks.
	hooks := fileByPath(t, s, "tests/hooks.test.js")
	wantOrder := "1 - beforeAll\n1 - beforeEach\n1 - test\n1 - afterEach\n2 - beforeAll\n1 - beforeEach\n2 - beforeEach\n2 - test\n2 - afterEach\n1 - afterEach\n2 - afterAll\n1 - beforeEach\n1 - afterEach\n1 - afterAll\n"
	if hooks.Console != wantOrder {
		t.Errorf("hook order:\n%s\nwant:\n%s", hooks.Console, wantOrder)
	}

	sockets := fileByPath(t, s, "tests/sockets.test.js")
	if len(sockets.Warnings) != 1 || !strings.Contains(sockets.Warnings[0], "still open when the tests finished") || !strings.Contains(sockets.Warnings[0], "WebSocket ws://127.0.0.1:") {
		t.Errorf("a socket left open: warnings %q", sockets.Warnings)
	}

	failing := fileByPath(t, s, "tests/failing.test.ts")
	for _, c := range []struct {
		name, message string
		line          int
	}{
		{"failures a diff at the original .ts line", "-   \"n\": 2,\n+   \"n\": 1,", 7},
		{"failures a thrown error", "RangeError: out of range", 11},
		{"failures timeout", "Exceeded timeout of 100 ms for a test.", 14},
		{"failures done called twice", "Expected done to be called once, but it was called multiple times.", 20},
		{"failures missing assertions", "Expected two assertions to be called but received one assertion call.", 24},
		{"failures an uncaught error in a callback", "Error: from a timer", 29},
	} {
		wantFailure(t, failing, c.name, c.message, c.line)
	}
	if len(failing.Errors) != 1 || failing.Errors[0].Message != "afterAll: Error: afterAll broke" || failing.Errors[0].At.Line != 35 {
		t.Errorf("afterAll error: %+v", failing.Errors)
	}

	loop := fileByPath(t, s, "tests/loop.test.js")
	if got := statuses(loop); got != "before the loop: passed\nan infinite loop: failed\nafter the loop: failed\n" {
		t.Errorf("loop.test.js:\n%s", got)
	}
	if msg := testByName(t, loop, "an infinite loop").Failures[0].Message; !strings.Contains(msg, "Exceeded timeout of 300 ms for a test: JavaScript never yielded") {
		t.Errorf("infinite loop: %q", msg)
	}

	load := fileByPath(t, s, "tests/load_error.test.js")
	if len(load.Errors) == 0 || !strings.HasPrefix(load.Errors[0].Message, "Test suite failed to run: Error: module 'tests/does-not-exist.js' is not defined") {
		t.Errorf("load error: %+v", load.Errors)
	}

	passed, failed, skipped, todo, total := s.Totals()
	if failed != 8 || todo != 1 || skipped != 3 || passed+failed+skipped+todo != total {
		t.Errorf("totals: %d passed, %d failed, %d skipped, %d todo, %d total", passed, failed, skipped, todo, total)
	}
}

// wantFailure checks that f's test name failed with a message containing message and,
// when line > 0, that the failure points at that line of f, with the source around it.
func wantFailure(t *testing.T, f *FileResult, name, message string, line int) {
	t.Helper()
	tr := testByName(t, f, name)
	if tr.Status != Failed || len(tr.Failures) == 0 {
		t.Errorf("%s: %s, want failed", name, tr.Status)
		return
	}
	e := tr.Failures[0]
	if !strings.Contains(e.Message, message) {
		t.Errorf("%s: message %q does not contain %q", name, e.Message, message)
	}
	if line <= 0 {
		return
	}
	if e.At == nil || e.At.File != f.Path || e.At.Line != line {
		t.Errorf("%s: at %+v, want %s:%d", name, e.At, f.Path, line)
	}
	if !strings.Contains(e.Source, "> "+itoa(line)+" |") {
		t.Errorf("%s: source frame does not mark line %d:\n%s", name, line, e.Source)
	}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestTestNamePatternAndTimeout(t *testing.T) {
	cfg := copyProject(t)
	s := runFiles(t, cfg, []string{"tests/features.test.js"}, Options{TestNamePattern: "^each .*5$"})
	f := s.Files[0]
	var ran []string
	for _, tr := range f.Tests {
		if tr.Status == Passed {
			ran = append(ran, tr.FullName())
		}
	}
	if strings.Join(ran, ", ") != "each 2 + 3 = 5" {
		t.Errorf("-t ran %q", ran)
	}
}

func TestBail(t *testing.T) {
	cfg := copyProject(t)
	s := runFiles(t, cfg, []string{"tests/load_error.test.js", "tests/hooks.test.js", "tests/only.test.js"}, Options{Jobs: 1, Bail: 1})
	if !s.Interrupted || len(s.Files) != 1 {
		t.Errorf("--bail 1 ran %d files, interrupted=%v", len(s.Files), s.Interrupted)
	}
}

func TestSnapshots(t *testing.T) {
	cfg := copyProject(t)
	file := []string{"tests/snap.test.js"}
	snap := filepath.Join(cfg.RootDir, "tests/__snapshots__/snap.test.js.snap")

	// --ci: a missing snapshot fails and nothing is written.
	s := runFiles(t, cfg, file, Options{Snapshots: SnapshotsNone})
	if !s.Failed() || !strings.Contains(s.Files[0].Tests[0].Failures[0].Message, "New snapshot was not written") {
		t.Errorf("--ci with a missing snapshot: %s", statuses(s.Files[0]))
	}
	if _, err := os.Stat(snap); err == nil {
		t.Fatal("--ci wrote a snapshot")
	}
	// Default: written, in jest's format.
	s = runFiles(t, cfg, file, Options{})
	if s.Failed() || s.Files[0].Snapshot.Added != 2 || !s.Files[0].Snapshot.FileAdded {
		t.Fatalf("first run: %s %+v", statuses(s.Files[0]), s.Files[0].Snapshot)
	}
	checkGolden(t, "snap.test.js.snap", readFile(t, snap))
	// Matches under --ci.
	s = runFiles(t, cfg, file, Options{Snapshots: SnapshotsNone})
	if s.Failed() || s.Files[0].Snapshot.Matched != 2 {
		t.Fatalf("second run: %s %+v", statuses(s.Files[0]), s.Files[0].Snapshot)
	}
	// A changed value fails with a diff, then -u rewrites it.
	src := filepath.Join(cfg.RootDir, "tests/snap.test.js")
	if err := os.WriteFile(src, []byte(strings.Replace(readFile(t, src), "'two'", "'three'", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	s = runFiles(t, cfg, file, Options{})
	msg := s.Files[0].Tests[0].Failures
	if len(msg) == 0 || !strings.Contains(msg[0].Message, "Snapshot name: `object 1`") || !strings.Contains(msg[0].Message, `-     "two",`) || !strings.Contains(msg[0].Message, `+     "three",`) {
		t.Fatalf("changed value: %+v", msg)
	}
	s = runFiles(t, cfg, file, Options{Snapshots: SnapshotsAll})
	if s.Failed() || s.Files[0].Snapshot.Updated != 1 || !strings.Contains(readFile(t, snap), `"three"`) {
		t.Fatalf("-u: %s %+v", statuses(s.Files[0]), s.Files[0].Snapshot)
	}
	// An obsolete snapshot is reported, and removed by -u.
	if err := os.WriteFile(src, []byte("test('object', () => { expect(1).toMatchSnapshot(); });\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = runFiles(t, cfg, file, Options{Snapshots: SnapshotsAll})
	if got := s.Files[0].Snapshot; got.Removed != 1 || got.Updated != 1 {
		t.Errorf("-u with an obsolete snapshot: %+v", got)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// checkGolden compares got with testdata/golden/name (rewritten with -update).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestReporters pins each report format on the suites designed to fail.
func TestReporters(t *testing.T) {
	cfg := copyProject(t)
	files := []string{"tests/failing.test.ts", "tests/only.test.js", "tests/load_error.test.js"}
	var def, junit, tap, js strings.Builder
	s := runFiles(t, cfg, files, Options{Jobs: 1, Reporters: []Reporter{
		&DefaultReporter{W: &def, NoTimes: true},
		&JUnitReporter{W: &junit, NoTimes: true},
		&TAPReporter{W: &tap},
		&JSONReporter{W: &js, Root: "/project", NoTimes: true},
	}})
	if !s.Failed() {
		t.Fatal("the failing suites passed")
	}
	checkGolden(t, "default.txt", def.String())
	checkGolden(t, "junit.xml", junit.String())
	checkGolden(t, "tap.txt", tap.String())
	checkGolden(t, "results.json", js.String())
}

func TestShard(t *testing.T) {
	files := []string{"tests/a.test.js", "tests/b.test.js", "tests/c.test.ts", "src/__tests__/d.js", "e.spec.js"}
	// What jest's default sequencer gives for these paths (computed with node).
	for _, c := range []struct {
		i, n int
		want string
	}{
		{1, 2, "tests/c.test.ts src/__tests__/d.js tests/b.test.js"},
		{2, 2, "tests/a.test.js e.spec.js"},
		{1, 3, "tests/c.test.ts src/__tests__/d.js"},
		{2, 3, "tests/b.test.js tests/a.test.js"},
		{3, 3, "e.spec.js"},
	} {
		if got := strings.Join(Shard(files, c.i, c.n), " "); got != c.want {
			t.Errorf("shard %d/%d = %s, want %s", c.i, c.n, got, c.want)
		}
	}
	for _, bad := range []string{"0/2", "3/2", "1", "a/b", "1/2/3", "1/0"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		glob, path string
		match      bool
	}{
		{DefaultTestMatch[0], "/src/__tests__/a.js", true},
		{DefaultTestMatch[0], "/__tests__/deep/a.tsx", true},
		{DefaultTestMatch[0], "/src/__tests__/a.json", false},
		{DefaultTestMatch[1], "/tests/chat.test.js", true},
		{DefaultTestMatch[1], "/chat.spec.ts", true},
		{DefaultTestMatch[1], "/test.js", true},
		{DefaultTestMatch[1], "/tests/chat.js", false},
		{DefaultTestMatch[1], "/tests/chat.test.mjs", false},
		{"<rootDir>/tests/**/*.{js,ts}", "/tests/a/b.ts", true},
		{"<rootDir>/tests/**/*.{js,ts}", "/src/tests/b.ts", false},
		{"**/*.e2e.[jt]s", "/x/y.e2e.ts", true},
	} {
		re, err := globRegexp(c.glob)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(c.path); got != c.match {
			t.Errorf("%s ~ %s = %v, want %v (%s)", c.glob, c.path, got, c.match, re)
		}
	}
}

func TestConfigFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("jest.config.js", `module.exports = async () => ({ testTimeout: 1234, setupFilesAfterEach: ['./s.js'], moduleNameMapper: { '^~/(.*)$': '<rootDir>/src/$1' }, verbose: true, collectCoverage: true });`)
	write("package.json", `{"jest": {"testTimeout": 1}}`)
	cfg, err := LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TestTimeout != 1234*time.Millisecond || strings.Join(cfg.SetupFilesAfterEnv, ",") != "./s.js" || strings.Join(cfg.Ignored, ",") != "collectCoverage,verbose" {
		t.Errorf("jest.config.js: %+v", cfg)
	}
	if got := cfg.mapRequest("tests/a.test.js", "~/utils/x"); got != "/src/utils/x" {
		t.Errorf("mapRequest = %q", got)
	}
	if got := cfg.mapRequest("tests/a.test.js", "lodash"); got != "lodash" {
		t.Errorf("an unmapped request became %q", got)
	}
	if err := cfg.validate(); err == nil {
		t.Error("a missing setup file passed validate")
	}
}

func TestAffected(t *testing.T) {
	files := []string{"tests/a.test.js", "tests/b.test.js", "tests/c.test.js"}
	deps := map[string]map[string]bool{
		"tests/a.test.js": {"utils/x.js": true},
		"tests/b.test.js": {"utils/y.js": true},
	}
	if got := strings.Join(Affected(files, []string{"utils/x.js", "tests/c.test.js"}, deps), " "); got != "tests/a.test.js tests/c.test.js" {
		t.Errorf("Affected = %s", got)
	}
}
