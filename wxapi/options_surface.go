package wxapi

// Options of the APIs next to the sockets: storage, device profile, UI calls, login.
// They live in surfaceOptions, embedded in config, so that this file holds them all.

// surfaceOptions is the part of config these options set.
type surfaceOptions struct {
	dataDir      string // WithDataDir: storage at StorageFile(dataDir, appid)
	storageFile  string // WithStorageFile: overrides dataDir
	freshStorage bool
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
