package wxapi

import "io"

// Options of the APIs next to the sockets: storage, device profile, UI calls, login.
// They live in surfaceOptions, embedded in config, so that this file holds them all.

// surfaceOptions is the part of config these options set.
type surfaceOptions struct {
	dataDir      string // WithDataDir: storage at StorageFile(dataDir, appid)
	storageFile  string // WithStorageFile: overrides dataDir
	freshStorage bool
	device       *DeviceProfile // WithDevice; nil: DefaultDevice

	modalCancel      bool      // WithModalAnswer(false)
	actionSheetIndex int       // WithActionSheetAnswer; < 0: cancel
	verbose          io.Writer // WithVerbose
	loginCode        string    // WithLoginCode; "": a new code per call
}

// WithDataDir keeps the storage API's data in a file under dir, one per project:
// StorageFile(dir, appid), created if needed. Without it (and without WithStorageFile)
// storage lives in memory and is gone when the runtime is; the wxrun command passes the
// user's cache directory (--data-dir).
func WithDataDir(dir string) Option { return func(c *config) { c.dataDir = dir } }

// WithStorageFile keeps the storage API's data in the bbolt file at path, created if
// needed; it overrides WithDataDir. Several runtimes, in one process or in several, may
// use the same file: its lock makes their operations take turns.
func WithStorageFile(path string) Option { return func(c *config) { c.storageFile = path } }

// WithFreshStorage empties the project's storage when the API is installed, like the
// DevTools' "clear data cache", so a run starts from no stored data (--fresh-storage).
func WithFreshStorage(on bool) Option { return func(c *config) { c.freshStorage = on } }

// WithDevice selects the device profile the info APIs describe (wx.getSystemInfoSync …)
// and, with it, the platform's behaviours: what closing a CONNECTING socket does (as
// WithCloseWhileConnecting; give that option after this one to override it) and the
// errMsg of a socket refused by the domain list. The default is Device(DefaultDevice).
func WithDevice(p *DeviceProfile) Option {
	return func(c *config) {
		if p != nil {
			c.device = p
			c.closeWhileConnecting = p.closeWhileConnecting
		}
	}
}

// WithModalAnswer sets what the simulated user taps in every wx.showModal: confirm (the
// default) gives {confirm: true, cancel: false}, cancel the opposite. A modal without a
// cancel button (showCancel: false) is always confirmed.
func WithModalAnswer(confirm bool) Option { return func(c *config) { c.modalCancel = !confirm } }

// WithActionSheetAnswer sets the item the simulated user taps in every
// wx.showActionSheet: tapIndex i (0, the first item, by default; an index past the end
// taps the last item), or, for i < 0, no item: the call fails with "showActionSheet:fail
// cancel".
func WithActionSheetAnswer(i int) Option { return func(c *config) { c.actionSheetIndex = i } }

// WithVerbose writes a line to w for every recorded UI call ("wxrun: wx.showToast({…}) →
// showToast:ok"). The writes happen on the loop goroutine.
func WithVerbose(w io.Writer) Option { return func(c *config) { c.verbose = w } }

// WithLoginCode makes every wx.login answer code, for a test server that expects a known
// one. By default each call gets a new 32-character code, as each real code may be used
// once.
func WithLoginCode(code string) Option { return func(c *config) { c.loginCode = code } }
