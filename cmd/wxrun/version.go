package main

import (
	"fmt"
	goruntime "runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at link time by release builds:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/wxrun
var version = ""

// readBuildInfo is debug.ReadBuildInfo; tests may replace it with a fake.
var readBuildInfo = debug.ReadBuildInfo

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:                   "version",
		Short:                 "Print the version",
		Long:                  "Prints the version of wxrun and of the Go toolchain that built it.",
		Args:                  noArgs(""),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionString(readBuildInfo))
			return err
		},
	}
}

// versionString is what `wxrun version` prints, such as
// "wxrun v1.2.3 (go1.26.0 linux/amd64)" or "wxrun devel-0123456789ab-dirty (…)".
func versionString(read func() (*debug.BuildInfo, bool)) string {
	v := version
	if v == "" {
		v = "devel"
		if info, ok := read(); ok {
			if mv := info.Main.Version; mv != "" && mv != "(devel)" {
				v = mv // go install github.com/wxrun/wxrun/cmd/wxrun@vX.Y.Z
			} else {
				var rev, modified string
				for _, s := range info.Settings {
					switch s.Key {
					case "vcs.revision":
						rev = s.Value
					case "vcs.modified":
						modified = s.Value
					}
				}
				if len(rev) > 12 {
					rev = rev[:12]
				}
				if rev != "" {
					v += "-" + rev
					if modified == "true" {
						v += "-dirty"
					}
				}
			}
		}
	}
	return fmt.Sprintf("wxrun %s (%s %s/%s)", v, goruntime.Version(), goruntime.GOOS, goruntime.GOARCH)
}
