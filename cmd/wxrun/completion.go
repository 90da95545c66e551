package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// shells are the shells 'wxrun completion' writes scripts for, with cobra's generators.
var shells = []struct {
	name string
	gen  func(root *cobra.Command, w io.Writer) error
}{
	{"bash", func(root *cobra.Command, w io.Writer) error { return root.GenBashCompletionV2(w, true) }},
	{"zsh", func(root *cobra.Command, w io.Writer) error { return root.GenZshCompletion(w) }},
	{"fish", func(root *cobra.Command, w io.Writer) error { return root.GenFishCompletion(w, true) }},
	{"powershell", func(root *cobra.Command, w io.Writer) error { return root.GenPowerShellCompletionWithDesc(w) }},
}

const completionLong = `Writes the shell completion script for SHELL (bash, zsh, fish or powershell) on
standard output. The script completes commands, flags, the values of flags such as
--close-while-connecting, and file names for FILE; it asks wxrun itself, so it stays
in step with the installed binary.`

const completionExample = `  source <(wxrun completion bash)                       bash, this session (needs bash-completion)
  wxrun completion bash > /etc/bash_completion.d/wxrun  bash, every session
  wxrun completion zsh > "${fpath[1]}/_wxrun"           zsh (with compinit enabled)
  wxrun completion fish > ~/.config/fish/completions/wxrun.fish
  wxrun completion powershell | Out-String | Invoke-Expression`

// newCompletionCommand is 'wxrun completion SHELL'. It replaces cobra's default
// completion command, whose argument errors are not usage errors and which prints its
// help rather than failing when SHELL is missing.
func newCompletionCommand() *cobra.Command {
	var names []cobra.Completion
	for _, s := range shells {
		names = append(names, s.name)
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return &cobra.Command{
		Use:                   "completion SHELL",
		Short:                 "Write the shell completion script for bash, zsh, fish or powershell",
		Long:                  completionLong,
		Example:               completionExample,
		ValidArgs:             names,
		DisableFlagsInUseLine: true,
		Args: func(_ *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				return usageErrorf("completion needs a SHELL: %s", list)
			case 1:
				for _, s := range shells {
					if args[0] == s.name {
						return nil
					}
				}
				return usageErrorf("completion: unknown shell %q (want %s)", args[0], list)
			}
			return usageErrorf("completion takes one SHELL, got %d arguments", len(args))
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, s := range shells {
				if args[0] == s.name {
					return s.gen(cmd.Root(), cmd.OutOrStdout())
				}
			}
			return nil // unreachable: Args checked the name
		},
	}
}
