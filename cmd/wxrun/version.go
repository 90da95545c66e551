package main

import (
	"fmt"
	goruntime "runtime"
	"runtime/debug"
)

// version is set at link time by release builds:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/wxrun
var version = ""

// versionString is what `wxrun version` prints, such as
// "wxrun v1.2.3 (go1.26.0 linux/amd64)" or "wxrun devel-0123456789ab-dirty (…)".
func versionString() string {
	v := version
	if v == "" {
		v = "devel"
		if info, ok := debug.ReadBuildInfo(); ok {
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
