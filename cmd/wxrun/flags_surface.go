package main

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/wxrun/wxrun/wxapi"
)

// surfaceFlags are the run flags of the APIs next to the sockets: storage, the device
// profile, UI calls and login. They are defined by addRunFlags, like every run flag.
type surfaceFlags struct {
	dataDir      string
	freshStorage bool
}

func (f *surfaceFlags) define(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.dataDir, "data-dir", "",
		"keep each project's wx storage in `DIR`/storage/APPID.db (default: wxrun in the user's cache directory, such as ~/.cache/wxrun)")
	boolVar(fs, &f.freshStorage, "fresh-storage",
		"start with empty storage: clear the project's stored data first, like the DevTools' \"clear data cache\"")
	must(cmd.MarkFlagDirname("data-dir"))
}

// options turns the flags into wx API options.
func (f *surfaceFlags) options() ([]wxapi.Option, error) {
	dir := f.dataDir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return nil, usageErrorf("no user cache directory to keep storage in (%v); give --data-dir", err)
		}
		dir = filepath.Join(cache, "wxrun")
	}
	return []wxapi.Option{wxapi.WithDataDir(dir), wxapi.WithFreshStorage(f.freshStorage)}, nil
}
