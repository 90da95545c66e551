package main

import (
	"fmt"
	goruntime "runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at link time by release builds:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/wxrun
var version = ""

// readBuildInfo is debug.ReadBuildInfo; tests replace it with a fake.
var readBuildInfo = debug.ReadBuildInfo

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Long: `Prints the version of wxrun, the version control revision it was built from (with
", modified" if the work tree had uncommitted changes, and the commit time), and the Go
toolchain and platform, such as:

  wxrun v0.0.0-20260102150405-0123456789ab (rev 0123456789ab, 2026-01-02T15:04:05Z) go1.26.0 linux/amd64

'go build' records the revision in a git checkout; 'go run' and 'go test' may not.`,
		Args:                  noArgs(""),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionString(readBuildInfo))
			return err
		},
	}
}

// versionString is what 'wxrun version' and 'wxrun --version' print: the version (set
// at link time, else the main module's, which 'go build' derives from the VCS since Go
// 1.24, else "devel"), the revision, and the toolchain and platform, e.g.
//
//	wxrun v1.2.3 go1.26.0 linux/amd64
//	wxrun v0.0.0-20260102150405-0123456789ab+dirty (rev 0123456789ab, 2026-01-02T15:04:05Z, modified) go1.26.0 linux/amd64
//	wxrun devel go1.26.0 linux/amd64
func versionString(read func() (*debug.BuildInfo, bool)) string {
	v, goVersion := version, goruntime.Version()
	var details []string
	if info, ok := read(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		var rev, time, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				time = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			details = append(details, "rev "+rev[:min(len(rev), 12)])
			if time != "" {
				details = append(details, time)
			}
			if modified == "true" {
				details = append(details, "modified")
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	if len(details) > 0 {
		v += " (" + strings.Join(details, ", ") + ")"
	}
	return fmt.Sprintf("wxrun %s %s %s/%s", v, goVersion, goruntime.GOOS, goruntime.GOARCH)
}
