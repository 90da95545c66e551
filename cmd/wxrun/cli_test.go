package main

// Tests of the command-line surface: argument orders, usage errors, help, completion,
// version, and the README's agreement with the flag definitions.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	missingPEM := filepath.Join(dir, "missing.pem")
	slash := filepath.ToSlash
	const dur = "want a duration such as 500ms, 30s or 2m"
	tests := []struct {
		name string
		args []string
		want string // the first line, after "wxrun: "
	}{
		{"no arguments", nil, "no DIR or FILE to run (try 'wxrun demo')"},
		{"unknown flag", []string{"--bogus", "testdata/timers.js"}, "unknown flag: --bogus"},
		{"unknown short flag", []string{"-z", "testdata/timers.js"}, "unknown shorthand flag: 'z' in -z"},
		{"unknown flag after FILE", []string{"testdata/timers.js", "--bogus"}, "unknown flag: --bogus"},
		{"unknown flag after run", []string{"run", "--bogus", "testdata/timers.js"}, "unknown flag: --bogus"},
		{"single-dash long flag", []string{"-timeout", "1s", "testdata/timers.js"}, "unknown flag: -timeout (a long flag takes two dashes: --timeout)"},
		{"single-dash -help", []string{"demo", "-help"}, "unknown flag: -help (a long flag takes two dashes: --help)"},
		{"run flag on serve", []string{"--max-sockets", "3", "serve"}, "unknown flag: --max-sockets"},
		{"unknown command", []string{"bogus"}, `unknown command "bogus", and no file of that name`},
		{"misspelt command", []string{"serv"}, `unknown command "serv" (did you mean "serve"?)`},
		{"misspelt command with a FILE", []string{"runn", "testdata/timers.js"}, `unknown command "runn" (did you mean "run"?)`},
		{"run without FILE", []string{"run"}, "no DIR or FILE to run"},
		{"missing file", []string{"testdata/nope.js"}, "testdata/nope.js: no such file or directory"},
		{"a command name after --", []string{"--", "run"}, "run: no such file or directory"},
		{"directory that is not a project", []string{"testdata"}, "testdata is a directory but not a mini program project (no project.config.json or app.json); give a DIR that holds one, or a script to run"},
		{"--root with a project DIR", []string{"--root", "testdata", "testdata/app"}, "--root cannot be used with a project DIR (testdata/app): the project sets its root"},
		{"--page without a project", []string{"--page", "pages/a/a", "testdata/timers.js"}, "--page needs a project: a DIR (or its app.js) whose app.json lists pages"},
		{"--page with a project without pages", []string{"--page", "pages/a/a", "testdata/project/miniprogram/app.js"}, "--page needs a project: a DIR (or its app.js) whose app.json lists pages"},
		{"--background-for alone", []string{"--background-for", "1s", "testdata/timers.js"}, "--background-for needs --background-after"},
		{"two files", []string{"testdata/timers.js", "testdata/throw.js"}, "expected one DIR or FILE, got 2 arguments: testdata/timers.js testdata/throw.js"},
		{"two files after run", []string{"run", "testdata/timers.js", "x"}, "expected one DIR or FILE, got 2 arguments: testdata/timers.js x"},
		{"bad duration", []string{"--timeout", "abc", "testdata/timers.js"}, `invalid argument "abc" for "--timeout" flag: ` + dur},
		{"duration without unit", []string{"--timeout=5", "testdata/timers.js"}, `invalid argument "5" for "--timeout" flag: ` + dur},
		{"negative duration", []string{"--timeout=-1s", "testdata/timers.js"}, `invalid argument "-1s" for "--timeout" flag: must not be negative`},
		{"flag without value", []string{"testdata/timers.js", "--timeout"}, "flag needs an argument: --timeout"},
		{"bad bool", []string{"--url-check=maybe", "testdata/timers.js"}, `invalid argument "maybe" for "--url-check" flag: want true or false`},
		{"bad int", []string{"--stack-size", "deep", "testdata/timers.js"}, `invalid argument "deep" for "--stack-size" flag: want a whole number such as 0, 5 or 100`},
		{"negative max sockets", []string{"--max-sockets", "-1", "testdata/timers.js"}, "--max-sockets must be 0 (no limit) or more, got -1"},
		{"bad close mode", []string{"--close-while-connecting", "maybe", "testdata/timers.js"}, `invalid argument "maybe" for "--close-while-connecting" flag: want ignore or abort`},
		{"zero message size", []string{"--max-message-size", "0", "testdata/timers.js"}, `invalid argument "0" for "--max-message-size" flag: want a positive size in bytes such as 1048576, 64KiB or 10MiB`},
		{"bad message size unit", []string{"--max-message-size", "10XB", "testdata/timers.js"}, `invalid argument "10XB" for "--max-message-size" flag: want a size in bytes such as 1048576, 64KiB or 10MiB`},
		{"zero stack size", []string{"--stack-size", "0", "testdata/timers.js"}, "--stack-size must be positive, got 0"},
		{"zero connect timeout", []string{"--connect-timeout", "0", "testdata/timers.js"}, "--connect-timeout must be positive"},
		{"zero request timeout", []string{"--request-timeout", "0", "testdata/timers.js"}, "--request-timeout must be positive"},
		{"unknown network", []string{"--network", "5g", "testdata/timers.js"}, `invalid argument "5g" for "--network" flag: want wifi or 4g or 3g or 2g or offline`},
		{"request domain as a URL", []string{"--allow-request-domain", "https://api.example.com", "testdata/timers.js"}, `--allow-request-domain "https://api.example.com": want a host name such as api.example.com (or api.example.com:8443), not a URL`},
		{"download domain as a URL", []string{"--allow-download-domain", "https://dl.example.com", "testdata/timers.js"}, `--allow-download-domain "https://dl.example.com": want a host name such as dl.example.com (or dl.example.com:8443), not a URL`},
		{"URL as domain", []string{"--allow-domain", "wss://example.com/", "testdata/timers.js"}, `--allow-domain "wss://example.com/": want a host name such as example.com, not a URL`},
		{"unreadable CA file", []string{"--ca-file", missingPEM, "testdata/timers.js"}, "--ca-file: " + slash(missingPEM) + ": no such file or directory"},
		{"CA file without certificates", []string{"--ca-file", notPEM, "testdata/timers.js"}, "--ca-file " + slash(notPEM) + ": no PEM certificate found in the file"},
		{"missing root", []string{"--root", filepath.Join(dir, "nope"), "testdata/timers.js"}, "--root: " + slash(filepath.Join(dir, "nope")) + ": no such file or directory"},
		{"file outside root", []string{"--root", dir, "testdata/timers.js"}, "testdata/timers.js is outside the root " + slash(dir)},
		{"--serve on a public address", []string{"--serve", "0.0.0.0:0", "testdata/timers.js"}, "--serve 0.0.0.0:0: not a loopback address (the built-in server is for local use; see 'wxrun serve --public')"},
		{"serve on a public address", []string{"serve", "--addr", "0.0.0.0:0"}, "refusing to listen on 0.0.0.0:0: not a loopback address; the server has no authentication, pass --public to expose it anyway"},
		{"serve with an argument", []string{"serve", "8080"}, `serve takes no arguments, got "8080" (use --addr ADDR)`},
		{"serve bad bool", []string{"serve", "--public=yes please"}, `invalid argument "yes please" for "--public" flag: want true or false`},
		{"demo with an argument", []string{"demo", "x"}, `demo takes no arguments, got "x"`},
		{"demo bad timeout", []string{"demo", "--timeout", "soon"}, `invalid argument "soon" for "--timeout" flag: ` + dur},
		{"version with an argument", []string{"version", "x"}, `version takes no arguments, got "x"`},
		{"help on an unknown topic", []string{"help", "bogus"}, `unknown help topic "bogus" (commands: completion, demo, merge-summaries, run, serve, test, trace, version)`},
		{"help with too many words", []string{"help", "run", "x"}, `unknown help topic "run x" (commands: completion, demo, merge-summaries, run, serve, test, trace, version)`},
		{"completion without a shell", []string{"completion"}, "completion needs a SHELL: bash, zsh, fish or powershell"},
		{"completion for an unknown shell", []string{"completion", "tcsh"}, `completion: unknown shell "tcsh" (want bash, zsh, fish or powershell)`},
		{"completion for two shells", []string{"completion", "bash", "zsh"}, "completion takes one SHELL, got 2 arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			checkUsageMessage(t, stderr, tt.want)
		})
	}
}

// checkUsageMessage checks the two-line usage error format and its message.
func checkUsageMessage(t *testing.T, stderr, want string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "wxrun: ") || lines[1] != "Run 'wxrun --help' for usage." {
		t.Fatalf("stderr is not a one-line usage error:\n%s", stderr)
	}
	if got := filepath.ToSlash(strings.TrimPrefix(lines[0], "wxrun: ")); got != want {
		t.Errorf("message\n  %s\nwant\n  %s", got, want)
	}
}

// TestArgumentOrder checks that the run flags work before and after the command and
// FILE, in the bare form and with run, and that "--" ends the flags. Each case must apply
// --timeout to busy.js, which would otherwise run for a minute.
func TestArgumentOrder(t *testing.T) {
	const file = "testdata/busy.js"
	for _, args := range [][]string{
		{"--timeout", "200ms", file},
		{file, "--timeout", "200ms"},
		{"--timeout=200ms", file},
		{file, "--timeout=200ms"},
		{"--timeout", "200ms", "run", file},
		{"run", "--timeout", "200ms", file},
		{"run", file, "--timeout", "200ms"},
		{"--url-check", "run", file, "--timeout", "200ms"},
		{"--stack-size", "500", "run", "--timeout", "200ms", file},
		{"--timeout", "200ms", "--", file},
		{"run", "--timeout", "200ms", "--", file},
		{"--timeout", "200ms", "run", "--", file},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(t, args...)
			if code != 124 || !strings.HasPrefix(stderr, "wxrun: timed out after 200ms; still pending:\n") {
				t.Errorf("exit status %d, want 124 after 200ms; stderr:\n%s", code, stderr)
			}
		})
	}
	// A project DIR takes the flags in every order too: --page opens the page that spins.
	for _, args := range [][]string{
		{"--timeout", "200ms", "run", "testdata/app", "--page", "pages/busy/busy"},
		{"run", "--page", "pages/busy/busy", "--timeout", "200ms", "testdata/app"},
		{"run", "testdata/app", "--timeout", "200ms", "--page=pages/busy/busy"},
		{"--page", "pages/busy/busy", "testdata/app", "--timeout", "200ms"},
		{"--page", "pages/busy/busy", "testdata/app/app.js", "--timeout", "200ms"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, args...)
			if code != 124 || !strings.HasPrefix(stderr, "wxrun: timed out after 200ms; still pending:\n") {
				t.Errorf("exit status %d, want 124 after 200ms; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stdout, "busy.onLoad\n") {
				t.Errorf("the busy page did not load:\n%s", stdout)
			}
		})
	}
}

// commands returns every command of a fresh command tree, the root first.
func commands() []*cobra.Command {
	root := newRootCommand(io.Discard, io.Discard)
	root.InitDefaultHelpCmd()
	var all []*cobra.Command
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		all = append(all, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return all
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"Usage:", "Exit status:", "124", "wxrun [flags] DIR | FILE.js", "demo", "completion"}},
		{[]string{"-h"}, []string{"Usage:"}},
		{[]string{"help"}, []string{"Usage:"}},
		{[]string{"run", "--help"}, []string{"--max-sockets N", "--close-while-connecting ignore|abort", "miniprogramRoot", "Exit status:"}},
		{[]string{"testdata/timers.js", "-h"}, []string{"--max-sockets N"}},
		{[]string{"--timeout", "1s", "run", "-h"}, []string{"wxrun run [flags] DIR | FILE.js", "--print-data", "--page URL"}},
		{[]string{"help", "run"}, []string{"--connect-timeout DUR"}},
		{[]string{"demo", "-h"}, []string{"wxrun demo [flags]", "--timeout DUR", "(default 30s)"}},
		{[]string{"serve", "--help"}, []string{"--public", "accepts any Origin", `(default "127.0.0.1:8080")`}},
		{[]string{"help", "serve"}, []string{"--addr ADDR"}},
		{[]string{"help", "completion"}, []string{"wxrun completion SHELL", "source <(wxrun completion bash)"}},
		{[]string{"help", "help"}, []string{"wxrun help [COMMAND]"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit status %d, stderr %q; want 0 and nothing", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("help does not contain %q:\n%s", w, stdout)
				}
			}
		})
	}
}

// hasDefault reports whether pflag shows f's default in the help: not for zero values.
func hasDefault(f *pflag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "[]":
		return false
	}
	return true
}

// TestHelpIsGeneratedFromTheDefinitions checks that the help of every command shows its
// description, examples and exit statuses, and each of its flags with the flag's value
// name, help text and default, as defined; and that 'wxrun help CMD' and
// 'wxrun CMD --help' print the same.
func TestHelpIsGeneratedFromTheDefinitions(t *testing.T) {
	space := regexp.MustCompile(`\s+`)
	norm := func(s string) string { return space.ReplaceAllString(s, " ") }
	for _, c := range commands() {
		if c.Hidden {
			continue
		}
		path := strings.Fields(c.CommandPath())[1:]
		t.Run(c.CommandPath(), func(t *testing.T) {
			code, help, stderr := runCLI(t, append([]string{"help"}, path...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit status %d, stderr %q", code, stderr)
			}
			code, flagHelp, _ := runCLI(t, append(path, "--help")...)
			if code != 0 || flagHelp != help {
				t.Errorf("'%s --help' (exit status %d) differs from its 'help':\n%s\n---\n%s", c.CommandPath(), code, flagHelp, help)
			}
			got := norm(help)
			for _, want := range []string{c.Long, c.Example, c.Annotations[exitStatusAnnotation]} {
				if !strings.Contains(got, norm(want)) {
					t.Errorf("help lacks %q:\n%s", want, help)
				}
			}
			c.Flags().VisitAll(func(f *pflag.Flag) {
				name, usage := pflag.UnquoteUsage(f)
				want := norm(strings.TrimSpace("--"+f.Name+" "+name) + " " + usage)
				if hasDefault(f) {
					def := f.DefValue
					if f.Value.Type() == "string" {
						def = strconv.Quote(def)
					}
					want += " (default " + def + ")"
				}
				if !strings.Contains(got, want) {
					t.Errorf("help lacks\n  %s\n%s", want, help)
				}
			})
		})
	}
}

// TestExitStatusHelp checks that the exit-status help and the README's table describe
// each status.
func TestExitStatusHelp(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []int{exitOK, exitScript, exitUsage, exitTimeout, exitInterrupt, signalStatus(syscall.SIGTERM)} {
		if !regexp.MustCompile(`(?m)^  ` + strconv.Itoa(code) + ` +\S`).MatchString(exitStatusHelp) {
			t.Errorf("exitStatusHelp does not describe exit status %d", code)
		}
		if !regexp.MustCompile(`(?m)^\| ` + strconv.Itoa(code) + ` \| \S`).Match(readme) {
			t.Errorf("the README's table does not describe exit status %d", code)
		}
	}
}

// TestEveryCommandChecksItsArgs: cobra's own argument errors are not usage errors (exit
// status 2, one line), so every command checks its arguments itself.
func TestEveryCommandChecksItsArgs(t *testing.T) {
	for _, c := range commands() {
		if c.Args == nil {
			t.Errorf("%s has no Args check", c.CommandPath())
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, tt := range []struct{ shell, want string }{
		{"bash", "complete -o default -F __start_wxrun wxrun"},
		{"zsh", "#compdef wxrun"},
		{"fish", "complete -c wxrun "},
		{"powershell", "Register-ArgumentCompleter -CommandName 'wxrun'"},
	} {
		t.Run(tt.shell, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "completion", tt.shell)
			if code != 0 || stderr != "" {
				t.Fatalf("exit status %d, stderr %q", code, stderr)
			}
			// The script asks 'wxrun __complete ARGS…' for the words: tested below.
			if !strings.Contains(stdout, tt.want) || !strings.Contains(stdout, "__complete") {
				t.Errorf("the %s script lacks %q or __complete:\n%.500s", tt.shell, tt.want, stdout)
			}
		})
	}

	// What the scripts receive: a completion a line, then ":directive".
	tests := []struct {
		name string
		args []string
		want []string // the words, without their descriptions
		dir  cobra.ShellCompDirective
	}{
		{"commands", []string{""}, []string{"completion", "demo", "help", "merge-summaries", "run", "serve", "test", "trace", "version"}, cobra.ShellCompDirectiveDefault},
		{"a command or a file", []string{"se"}, []string{"serve"}, cobra.ShellCompDirectiveDefault},
		{"FILE of run", []string{"run", ""}, nil, cobra.ShellCompDirectiveDefault},
		{"nothing after FILE", []string{"run", "app.js", ""}, nil, cobra.ShellCompDirectiveNoFileComp},
		{"flags", []string{"run", "--max-s"}, []string{"--max-sockets"}, cobra.ShellCompDirectiveNoFileComp},
		{"an enum flag", []string{"--close-while-connecting", ""}, []string{"ignore", "abort"}, cobra.ShellCompDirectiveNoFileComp},
		{"an enum flag of run", []string{"run", "--close-while-connecting", "a"}, []string{"abort"}, cobra.ShellCompDirectiveNoFileComp},
		{"a directory flag", []string{"run", "--root", ""}, nil, cobra.ShellCompDirectiveFilterDirs},
		{"a file flag", []string{"--ca-file", ""}, []string{"pem", "crt"}, cobra.ShellCompDirectiveFilterFileExt},
		{"a duration", []string{"--timeout", ""}, nil, cobra.ShellCompDirectiveNoFileComp},
		{"an address", []string{"serve", "--addr", ""}, nil, cobra.ShellCompDirectiveNoFileComp},
		{"shells", []string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}, cobra.ShellCompDirectiveNoFileComp},
		{"help topics", []string{"help", "d"}, []string{"demo"}, cobra.ShellCompDirectiveNoFileComp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, _ := runCLI(t, append([]string{cobra.ShellCompRequestCmd}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit status %d", code)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			var words []string
			for _, l := range lines[:len(lines)-1] {
				words = append(words, strings.SplitN(l, "\t", 2)[0])
			}
			if strings.Join(words, " ") != strings.Join(tt.want, " ") {
				t.Errorf("completions %q, want %q", words, tt.want)
			}
			if want := fmt.Sprintf(":%d", tt.dir); lines[len(lines)-1] != want {
				t.Errorf("directive %s, want %s", lines[len(lines)-1], want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stderr != "" || stdout != versionString(readBuildInfo)+"\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

func TestVersionString(t *testing.T) {
	platform := " " + goruntime.GOOS + "/" + goruntime.GOARCH
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name   string
		linked string // main.version, as set with -ldflags -X
		info   *debug.BuildInfo
		want   string
	}{
		{"no build info", "", nil, "wxrun devel " + goruntime.Version() + platform},
		{"go run", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"wxrun devel go1.26.8" + platform},
		{"go install @version", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}},
			"wxrun v1.2.3 go1.26.8" + platform},
		{"go build in a clean checkout", "", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Version: "v0.0.0-20260102150405-0123456789ab"},
			Settings:  settings("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-01-02T15:04:05Z", "vcs.modified", "false"),
		}, "wxrun v0.0.0-20260102150405-0123456789ab (rev 0123456789ab, 2026-01-02T15:04:05Z) go1.26.8" + platform},
		{"go build with changes", "", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Version: "v0.0.0-20260102150405-0123456789ab+dirty"},
			Settings:  settings("vcs.revision", rev, "vcs.time", "2026-01-02T15:04:05Z", "vcs.modified", "true"),
		}, "wxrun v0.0.0-20260102150405-0123456789ab+dirty (rev 0123456789ab, 2026-01-02T15:04:05Z, modified) go1.26.8" + platform},
		{"a revision without a module version", "", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Version: "(devel)"},
			Settings:  settings("vcs.revision", "abc123", "vcs.modified", "true"),
		}, "wxrun devel (rev abc123, modified) go1.26.8" + platform},
		{"release build", "v2.0.0", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Version: "v0.0.0-20260102150405-0123456789ab"},
			Settings:  settings("vcs.revision", rev),
		}, "wxrun v2.0.0 (rev 0123456789ab) go1.26.8" + platform},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func(v string) { version = v }(version)
			version = tt.linked
			got := versionString(func() (*debug.BuildInfo, bool) { return tt.info, tt.info != nil })
			if got != tt.want {
				t.Errorf("versionString =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

// TestREADMEFlags keeps the README in step with the flag definitions: it documents every
// flag of every command, each run flag in its table with the value name and default, and
// mentions no flag that does not exist.
func TestREADMEFlags(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("README.md not found")
	}
	readme := string(data)
	rowStart := regexp.MustCompile("^\\| `(--[a-z-]+)")
	rows := map[string]string{} // "--name" → its table row, with \| unescaped
	for _, line := range strings.Split(readme, "\n") {
		if m := rowStart.FindStringSubmatch(line); m != nil {
			rows[m[1]] = strings.ReplaceAll(line, `\|`, "|")
		}
	}
	known := map[string]bool{}
	for _, c := range commands() {
		c.InitDefaultHelpFlag()
		c.Flags().VisitAll(func(f *pflag.Flag) {
			known[f.Name] = true
			if !strings.Contains(readme, "`--"+f.Name) {
				t.Errorf("README does not document --%s (%s)", f.Name, c.CommandPath())
			}
		})
	}
	runCmd := &cobra.Command{}
	addRunFlags(runCmd).addProjectFlags(runCmd)
	runCmd.Flags().VisitAll(func(f *pflag.Flag) {
		row, ok := rows["--"+f.Name]
		if !ok {
			t.Errorf("the README's table of run flags has no row for --%s", f.Name)
			return
		}
		name, _ := pflag.UnquoteUsage(f)
		if want := "| `" + strings.TrimSpace("--"+f.Name+" "+name) + "` |"; !strings.HasPrefix(row, want) {
			t.Errorf("README row %q does not start with %q", row, want)
		}
		if hasDefault(f) && !strings.Contains(row, "| `"+f.DefValue+"` |") {
			t.Errorf("README row %q does not give the default `%s`", row, f.DefValue)
		}
	})
	for _, m := range regexp.MustCompile(`(?:^|[\s\x60(])--([a-z][a-z-]*)`).FindAllStringSubmatch(readme, -1) {
		if !known[m[1]] {
			t.Errorf("README mentions --%s, which is not a flag", m[1])
		}
	}
}
