package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/testrunner"
	"github.com/wxrun/wxrun/wxapi"
)

const testLong = `Runs jest-style test files (*.test.js, *.spec.js, their .ts twins and files under
__tests__/) against the real wx API, each file in a fresh runtime of its own, several
files at once. PATH may name test files, folders to search, or regular expressions a
test file's path must match (as in jest); without PATH every test of the project runs.

The project root is the nearest folder, from the current directory up, holding a jest
configuration (jest.config.js, jest.config.json, the "jest" key of package.json), a
package.json or a project.config.json; --root names it instead. The configuration's
testMatch, testPathIgnorePatterns, roots, setupFiles, setupFilesAfterEnv,
moduleNameMapper and testTimeout apply; other keys are reported once as ignored.

Test files use jest's globals (describe, test, it, hooks, expect, jest), the built-in
modules 'jest-websocket-mock' (a real WebSocket server on loopback), 'wxrun/http-mock'
(a real HTTP server on loopback, for wx.request), 'wxrun/testing' (the project's pages:
load, open, tap, navigate, background, offline) and '@jest/globals', and may import
TypeScript and ES modules. The run flags (--url-check, --max-sockets, …)
configure wx as for 'wxrun run'; --timeout bounds the whole run.`

const testExample = `  wxrun test                          every test of the project
  wxrun test tests/chat.test.js -t reconnect
  wxrun test --reporter junit --output junit.xml --ci
  wxrun test --reporter junit=junit.xml --reporter json=results.json
  wxrun test --shard 2/4              the second of four CI jobs`

const testExitStatusHelp = `  0    every test passed
  1    a test or a test file failed (or no test was found)
  2    usage error: unknown flag, bad flag value, a PATH that does not exist
  124  --timeout expired
  130  interrupted by SIGINT (Ctrl-C)
  143  terminated by SIGTERM`

// testOptions are the values of the test flags.
type testOptions struct {
	run        *runOptions
	namePat    string
	bail       int
	testTime   time.Duration
	watch      bool
	shard      string
	list       bool
	jobs       int
	reporters  []string
	outputs    []string
	update     bool
	ci         bool
	noTests    bool
	configFile string
}

func newTestCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "test [flags] [PATH...]",
		Short:   "Run jest-style tests against the real wx API",
		Long:    testLong,
		Example: testExample,
		Args:    cobra.ArbitraryArgs,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveDefault
		},
		Annotations: map[string]string{exitStatusAnnotation: testExitStatusHelp},
	}
	o := &testOptions{run: addRunFlags(cmd), ci: os.Getenv("CI") != "" && os.Getenv("CI") != "false"}
	fs := cmd.Flags()
	fs.StringVarP(&o.namePat, "test-name-pattern", "t", "", "run only the tests whose full name (describe titles and test title) matches the regular expression `REGEX`")
	fs.Var(intValue{&o.bail}, "bail", "stop after `N` test files have failed (0 = never)")
	fs.Var(durationValue{&o.testTime}, "test-timeout", "default timeout `DUR` of each test and hook (default: the configuration's testTimeout, else 5s)")
	boolVar(fs, &o.watch, "watch", "watch the files and run the tests affected by a change again, until interrupted")
	fs.StringVar(&o.shard, "shard", "", "run shard `i/n` of the test files, as jest splits them, so n CI jobs share a suite")
	boolVar(fs, &o.list, "list", "print the test files that would run, one a line, and exit")
	fs.Var(intValue{&o.jobs}, "jobs", "run `N` test files at once (default: one per CPU)")
	fs.StringArrayVar(&o.reporters, "reporter", nil, "add a reporter `NAME[=FILE]`: default, junit, tap or json, writing to FILE (default: --output, else stdout); repeatable")
	fs.StringArrayVar(&o.outputs, "output", nil, "write the report of the one --reporter without a file to `FILE`")
	boolVar(fs, &o.update, "update-snapshot", "rewrite snapshots that do not match and remove obsolete ones (jest's -u)")
	fs.Lookup("update-snapshot").Shorthand = "u"
	boolVar(fs, &o.ci, "ci", "never write snapshots: a missing one fails (default: true when the CI environment variable is set)")
	boolVar(fs, &o.noTests, "pass-with-no-tests", "exit 0 when no test file is found")
	fs.StringVar(&o.configFile, "config", "", "read the jest configuration from `FILE` instead of looking for one")
	// jest's spellings of the same flags.
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		switch name {
		case "testNamePattern":
			name = "test-name-pattern"
		case "testTimeout":
			name = "test-timeout"
		case "updateSnapshot":
			name = "update-snapshot"
		case "passWithNoTests":
			name = "pass-with-no-tests"
		case "listTests":
			name = "list"
		case "maxWorkers":
			name = "jobs"
		}
		return pflag.NormalizedName(name)
	})
	must(cmd.MarkFlagFilename("config", "js", "json"))
	cmd.RunE = o.runE
	return cmd
}

// runE runs the tests.
func (o *testOptions) runE(cmd *cobra.Command, args []string) (err error) {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if err := o.run.validate(); err != nil {
		return err
	}
	if o.jobs < 0 {
		return usageErrorf("--jobs must be 0 (one per CPU) or more, got %d", o.jobs)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	rootDir := testRoot(cwd, args)
	if o.run.root != "" {
		rootDir = absFrom(cwd, o.run.root)
		if st, err := os.Stat(rootDir); err != nil || !st.IsDir() {
			return usageErrorf("--root %s: not a directory", o.run.root)
		}
	}
	cfg, err := testrunner.LoadConfig(rootDir, o.configFile)
	if err != nil {
		if o.configFile != "" && errors.Is(err, os.ErrNotExist) {
			return usageErrorf("--config: %v", pathError(err))
		}
		return err
	}
	files, err := cfg.Discover(cwd, args)
	if err != nil {
		var ue *testrunner.UsageError
		if errors.As(err, &ue) {
			return usageErrorf("%s", ue.Msg)
		}
		return err
	}
	if o.shard != "" {
		i, n, err := testrunner.ParseShard(o.shard)
		if err != nil {
			return usageErrorf("%s", err.Error())
		}
		files = testrunner.Shard(files, i, n)
	}
	if o.list {
		for _, f := range files {
			fmt.Fprintln(stdout, filepath.Join(cfg.RootDir, filepath.FromSlash(f)))
		}
		return nil
	}
	if o.namePat != "" {
		if err := checkRegexp(o.namePat); err != nil {
			return usageErrorf("--test-name-pattern: %v", err)
		}
	}

	var project *wxapi.Project
	if dir, ok := wxapi.FindProject(cfg.RootDir); ok {
		if project, err = wxapi.LoadProject(dir); err != nil {
			return err
		}
	}
	wxOpts, err := o.run.wxOptions(project)
	if err != nil {
		return err
	}
	reporters, closeAll, err := o.reportersFor(stdout, stderr)
	if err != nil {
		return err
	}
	defer closeAll()

	if len(files) == 0 {
		fmt.Fprintf(stderr, "No tests found in %s (testMatch: %s)\n", cfg.RootDir, strings.Join(cfg.TestMatch, ", "))
		if o.noTests {
			return nil
		}
		return errNoTests
	}
	if o.run.serve != "" {
		srv, err := devserver.Start(o.run.serve)
		if err != nil {
			if errors.Is(err, devserver.ErrNonLoopback) {
				return usageErrorf("--serve %s: not a loopback address", o.run.serve)
			}
			return fmt.Errorf("--serve: %w", err)
		}
		defer srv.Close()
		fmt.Fprintf(stderr, "wxrun: serving %s (endpoints /echo and /chat)\n", srv.URL())
	}

	snapshots := testrunner.SnapshotsNew
	switch {
	case o.update:
		snapshots = testrunner.SnapshotsAll
	case o.ci:
		snapshots = testrunner.SnapshotsNone
	}
	tr, finishTrace, err := o.run.trace.open()
	if err != nil {
		return err
	}
	defer func() { err = finishTrace(err) }()
	opts := testrunner.Options{
		Jobs: o.jobs, TestNamePattern: o.namePat, Bail: o.bail, TestTimeout: o.testTime,
		Snapshots: snapshots, StackSize: o.run.stackSize, Rejections: o.run.rejections, WX: wxOpts, Reporters: reporters,
		Tracer: tr,
	}
	ctx, received, stop := signalContext(context.Background())
	defer stop()
	if o.run.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.run.timeout)
		defer cancel()
	}
	if o.watch {
		err = testrunner.Watch(ctx, cfg, files, opts, stderr)
		if sig := received(); sig != nil {
			return nil // Ctrl-C is how watching ends
		}
		return err
	}
	summary, err := testrunner.Run(ctx, cfg, files, opts)
	if err != nil {
		return err
	}
	if sig := received(); sig != nil {
		return &interrupted{sig: sig}
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &timedOut{after: o.run.timeout, err: nil}
	}
	if summary.Failed() || summary.Interrupted {
		return errTestsFailed
	}
	return nil
}

// Errors whose message was already printed by the reporters: exit status 1, nothing more.
var (
	errTestsFailed = &silentError{"tests failed"}
	errNoTests     = &silentError{"no tests found"}
)

type silentError struct{ msg string }

func (e *silentError) Error() string { return e.msg }

// reportersFor builds the reporters of --reporter and --output. The default reporter
// prints to stdout unless a machine report goes there, then to stderr.
func (o *testOptions) reportersFor(stdout, stderr io.Writer) ([]testrunner.Reporter, func(), error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			_ = f.Close()
		}
	}
	names := o.reporters
	if len(names) == 0 {
		names = []string{"default"}
	}
	outputs := append([]string(nil), o.outputs...)
	type spec struct{ name, file string }
	var specs []spec
	machineToStdout := false
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			name, file, _ := strings.Cut(part, "=")
			if file == "" && name != "default" && len(outputs) > 0 {
				file, outputs = outputs[0], outputs[1:]
			}
			switch name {
			case "default", "junit", "tap", "json":
			default:
				return nil, closeAll, usageErrorf("--reporter %q: want default, junit, tap or json", name)
			}
			if file == "" && name != "default" {
				machineToStdout = true
			}
			specs = append(specs, spec{name, file})
		}
	}
	if len(outputs) > 0 {
		return nil, closeAll, usageErrorf("--output %s: no --reporter left to write it (give --reporter NAME, or NAME=FILE)", outputs[0])
	}
	hasDefault := false
	for _, s := range specs {
		hasDefault = hasDefault || s.name == "default"
	}
	if !hasDefault && !machineToStdout {
		specs = append([]spec{{"default", ""}}, specs...) // people still see progress
	}
	var out []testrunner.Reporter
	for _, s := range specs {
		w := stdout
		if s.file != "" {
			f, err := os.Create(s.file)
			if err != nil {
				closeAll()
				return nil, func() {}, usageErrorf("--output: %v", pathError(err))
			}
			files = append(files, f)
			w = f
		} else if s.name == "default" && machineToStdout {
			w = stderr
		}
		switch s.name {
		case "default":
			out = append(out, &testrunner.DefaultReporter{W: w})
		case "junit":
			out = append(out, &testrunner.JUnitReporter{W: w})
		case "tap":
			out = append(out, &testrunner.TAPReporter{W: w})
		case "json":
			out = append(out, &testrunner.JSONReporter{W: w})
		}
	}
	return out, closeAll, nil
}

// checkRegexp checks a -t pattern. It runs as a JavaScript regular expression; Go's syntax
// is close enough to catch the mistakes worth a usage error (an unbalanced parenthesis).
func checkRegexp(s string) error {
	_, err := regexp.Compile(s)
	return err
}

// quiet marks the error as already reported (by the reporters): the exit status is all
// that is left to give.
func (e *silentError) quiet() {}

// testRoot is the project whose tests run: the one around the current directory, as in
// jest, unless the first PATH lies outside it — 'wxrun test ../other-app' runs that
// project's tests with its configuration.
func testRoot(cwd string, paths []string) string {
	root := testrunner.FindRoot(cwd)
	if len(paths) == 0 {
		return root
	}
	p := absFrom(cwd, paths[0])
	if _, inside := within(root, p); inside {
		return root
	}
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		p = filepath.Dir(p)
	}
	return testrunner.FindRoot(p)
}
