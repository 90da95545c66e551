package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// exitStatusAnnotation is the annotation of a command holding its "Exit status" help
// section, which usageTemplate prints last.
const exitStatusAnnotation = "exitStatus"

const rootLong = `wxrun runs WeChat Mini Program logic-layer JavaScript headlessly, with a wx
socket API backed by real WebSocket connections.

'wxrun DIR' and 'wxrun FILE.js' are short for 'wxrun run DIR|FILE.js' and take the
same flags, before or after DIR or FILE; 'wxrun help run' says how a project runs and
how the mini program root is found.`

const rootExample = `  wxrun my-mini-program             run a project: app.js, then its entry page
  wxrun my-mini-program --page 'pages/chat/chat?room=1' --print-data
  wxrun app.js                      run a script until nothing is pending
  wxrun --timeout 30s run app.js    give up after 30 seconds (exit status 124)
  wxrun demo                        the bundled chat sample against the built-in server
  wxrun serve --addr 127.0.0.1:0    the built-in WebSocket server on a free port
  source <(wxrun completion bash)   shell completion for this bash session`

// usageTemplate is cobra's usage template with wrapped flag help and an "Exit status"
// section for the commands that carry one.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsagesWrapped 100 | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags:
{{.InheritedFlags.FlagUsagesWrapped 100 | trimTrailingWhitespaces}}{{end}}{{with index .Annotations "exitStatus"}}

Exit status:
{{.}}{{end}}{{if .HasAvailableSubCommands}}

Run '{{.CommandPath}} help COMMAND' for more about a command.{{end}}
`

// newRootCommand builds the command tree, writing to stdout and stderr. Each call builds a
// fresh tree with its own flag values, so run may be called more than once (tests do).
func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:               "wxrun [flags] DIR | FILE.js",
		Short:             "Run WeChat Mini Program logic-layer JavaScript headlessly",
		Long:              rootLong,
		Example:           rootExample,
		Version:           versionString(readBuildInfo),
		Args:              rootArgs,
		ValidArgsFunction: completeFile,
		Annotations:       map[string]string{exitStatusAnnotation: exitStatusHelp},
		// For "unknown command" messages (cobra's default for this field is 0, which
		// suggests only commands that start with what was typed).
		SuggestionsMinimumDistance: 2,
		// Errors are printed, and mapped to exit statuses, in one place: run.
		SilenceErrors: true,
		SilenceUsage:  true,
		// completion.go defines the completion command, with our argument checks.
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	runOpts := addRunFlags(root)
	runOpts.addProjectFlags(root)
	root.RunE = runOpts.runE
	var version bool // read by cobra, which prints root.Version when it is set
	boolVar(root.Flags(), &version, "version", "print the version and exit")

	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError) // inherited by every subcommand
	root.SetUsageTemplate(usageTemplate)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetHelpCommand(newHelpCommand())
	root.AddCommand(
		newRunCommand(),
		newDemoCommand(),
		newServeCommand(),
		newTestCommand(),
		newTraceCommand(),
		newMergeCommand(),
		newVersionCommand(),
		newCompletionCommand(),
	)
	noFileCompletionByDefault(root)
	return root
}

// flagError makes pflag's errors usage errors. pflag reads "-help" as the shorthands -h,
// -e, -l and -p and reports the letters it could not place ("'e' in -elp"); when they end
// the name of a long flag, the message says what was meant.
func flagError(cmd *cobra.Command, err error) error {
	var unknown *pflag.NotExistError
	if errors.As(err, &unknown) && len(unknown.GetSpecifiedShortnames()) > 1 {
		var meant string
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if meant == "" && strings.HasSuffix(f.Name, unknown.GetSpecifiedShortnames()) {
				meant = f.Name
			}
		})
		if meant != "" {
			return usageErrorf("unknown flag: -%s (a long flag takes two dashes: --%s)", meant, meant)
		}
	}
	return &usageError{msg: err.Error()}
}

// rootArgs checks the arguments of the bare form, 'wxrun [flags] DIR|FILE.js'. A first
// argument that names neither a command nor a file is an unknown command.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 && cmd.Flags().ArgsLenAtDash() != 0 && notAFile(args[0]) {
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return usageErrorf("unknown command %q (did you mean %q?)", args[0], s[0])
		}
		return usageErrorf("unknown command %q, and no file of that name", args[0])
	}
	return fileArgs(" (try 'wxrun demo')")(cmd, args)
}

// notAFile reports whether arg could only have been meant as a command name: it has no
// dot or path separator, and no such file exists.
func notAFile(arg string) bool {
	if strings.ContainsAny(arg, `./\`) {
		return false
	}
	_, err := os.Stat(arg)
	return errors.Is(err, fs.ErrNotExist)
}

// fileArgs accepts exactly one DIR or FILE; hint is added to the message when there is
// none.
func fileArgs(hint string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return usageErrorf("no DIR or FILE to run%s", hint)
		case len(args) > 1:
			return usageErrorf("expected one DIR or FILE, got %d arguments: %s", len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// noArgs accepts no arguments; hint is added to the message.
func noArgs(hint string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageErrorf("%s takes no arguments, got %q%s", cmd.Name(), args[0], hint)
		}
		return nil
	}
}

// completeFile completes the FILE argument with file and directory names.
func completeFile(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveDefault
}

// noFileCompletionByDefault makes shell completion offer no file names for the value of
// a flag that has no completion of its own (a duration, a number, a host).
func noFileCompletionByDefault(root *cobra.Command) {
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.NoOptDefVal != "" || len(f.Annotations) > 0 {
				return // a boolean, or a file or directory name
			}
			if _, ok := c.GetFlagCompletionFunc(f.Name); !ok {
				must(c.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions))
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// newHelpCommand is 'wxrun help [COMMAND]'. Unlike cobra's own, it fails on an unknown
// topic.
func newHelpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Print the help for a command",
		Long:  "Prints the help for COMMAND (such as run or serve), or for wxrun itself.",
		Args:  cobra.ArbitraryArgs,
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			if target, rest, err := cmd.Root().Find(args); err == nil && len(rest) == 0 {
				for _, sub := range target.Commands() {
					if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
						out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
					}
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || len(rest) > 0 {
				var names []string
				for _, sub := range cmd.Root().Commands() {
					if sub.IsAvailableCommand() {
						names = append(names, sub.Name())
					}
				}
				return usageErrorf("unknown help topic %q (commands: %s)", strings.Join(args, " "), strings.Join(names, ", "))
			}
			// As cobra's help command does, so that the help lists --help as '<cmd> --help' does.
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// must panics on an error that only a mistake in this package's definitions can cause,
// such as completing a flag that does not exist.
func must(err error) {
	if err != nil {
		panic(fmt.Sprintf("wxrun: %v", err))
	}
}
