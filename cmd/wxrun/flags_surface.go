package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxrun/wxrun/wxapi"
)

// surfaceFlags are the run flags of the APIs next to the sockets: storage, the device
// profile, UI calls and login. They are defined by addRunFlags, like every run flag.
type surfaceFlags struct {
	dataDir      string
	freshStorage bool
	device       string
	modal        bool // confirm
	verbose      bool
	loginCode    string
	inMemory     bool // without --data-dir, keep storage in memory (each instance of --instances its own)

	cmd *cobra.Command // for its error stream, where --verbose writes
}

// modalAnswers are the values of --modal.
var modalAnswers = []choice[bool]{
	{"confirm", true, "every wx.showModal is confirmed, every action sheet's first item tapped"},
	{"cancel", false, "every wx.showModal and wx.showActionSheet is cancelled"},
}

func (f *surfaceFlags) define(cmd *cobra.Command) {
	f.cmd = cmd
	f.modal = true
	fs := cmd.Flags()
	fs.StringVar(&f.dataDir, "data-dir", "",
		"keep each project's wx storage in `DIR`/storage/APPID.db (default: wxrun in the user's cache directory, such as ~/.cache/wxrun; for 'wxrun test', in memory)")
	boolVar(fs, &f.freshStorage, "fresh-storage",
		"start with empty storage: clear the project's stored data first, like the DevTools' \"clear data cache\"")
	fs.StringVar(&f.device, "device", wxapi.DefaultDevice,
		"device profile `NAME|FILE.json`: "+strings.Join(wxapi.Devices(), ", ")+", or a JSON file (see the README); what wx.getSystemInfoSync and friends report, and the platform's behaviours (closing a connecting socket, errMsg texts), which the individual flags override")
	modal := enumValue[bool]{&f.modal, modalAnswers}
	fs.Var(modal, "modal",
		"what the simulated user answers: confirm taps OK in every wx.showModal and the first item of every wx.showActionSheet; cancel cancels both")
	boolVar(fs, &f.verbose, "verbose",
		"print every UI call the script makes (wx.showToast, wx.showModal, …: there is no screen) on stderr")
	fs.StringVar(&f.loginCode, "login-code", "",
		"make every wx.login answer `CODE`, for a server that expects a known one (default: a new 32-character code per call)")
	must(cmd.MarkFlagDirname("data-dir"))
	must(cmd.RegisterFlagCompletionFunc("device", completeDevice))
	must(cmd.RegisterFlagCompletionFunc("modal", modal.complete))
}

func completeDevice(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, name := range wxapi.Devices() {
		if strings.HasPrefix(name, toComplete) {
			p, _ := wxapi.Device(name)
			out = append(out, cobra.CompletionWithDesc(name, p.Description))
		}
	}
	if len(out) == 0 {
		return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// deviceOptions selects the device profile. It comes before the individual flags' options,
// so that --close-while-connecting overrides the profile's behaviour.
func (f *surfaceFlags) deviceOptions() ([]wxapi.Option, error) {
	var p *wxapi.DeviceProfile
	var err error
	if strings.HasSuffix(f.device, ".json") || strings.ContainsRune(f.device, filepath.Separator) {
		p, err = wxapi.LoadDeviceProfile(f.device)
	} else {
		p, err = wxapi.Device(f.device)
	}
	if err != nil {
		return nil, usageErrorf("--device: %v", err)
	}
	return []wxapi.Option{wxapi.WithDevice(p)}, nil
}

// options turns the flags into wx API options.
func (f *surfaceFlags) options() ([]wxapi.Option, error) {
	dir := f.dataDir
	switch {
	case dir == "" && (f.cmd.Name() == "test" || f.inMemory):
		// 'wxrun test': each test file starts from empty storage, in memory, as a jest
		// environment starts fresh; --data-dir asks for a file.
	case dir == "":
		cache, err := os.UserCacheDir()
		if err != nil {
			return nil, usageErrorf("no user cache directory to keep storage in (%v); give --data-dir", err)
		}
		dir = filepath.Join(cache, "wxrun")
	}
	opts := []wxapi.Option{wxapi.WithFreshStorage(f.freshStorage), wxapi.WithModalAnswer(f.modal)}
	if dir != "" {
		opts = append(opts, wxapi.WithDataDir(dir))
	}
	if !f.modal {
		opts = append(opts, wxapi.WithActionSheetAnswer(-1))
	}
	if f.loginCode != "" {
		opts = append(opts, wxapi.WithLoginCode(f.loginCode))
	}
	if f.verbose {
		opts = append(opts, wxapi.WithVerbose(f.cmd.ErrOrStderr()))
	}
	return opts, nil
}
