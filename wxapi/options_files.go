package wxapi

import "time"

// Options of wx.downloadFile, wx.uploadFile and the file system API, embedded in config
// as transferOptions so that this file holds them all. Where the files are kept follows
// the storage options: WithDataDir (FilesDir), WithFreshStorage.

type transferOptions struct {
	downloadDomains []string      // "downloadFile合法域名"
	uploadDomains   []string      // "uploadFile合法域名"
	downloadTimeout time.Duration // app.json networkTimeout.downloadFile
	uploadTimeout   time.Duration // app.json networkTimeout.uploadFile
	fileLimit       int64         // the user's files, DefaultFileStorageLimit
}

// WithDownloadDomains adds hosts to the downloadFile domain list ("downloadFile合法域名")
// used when URL checking is on; entries as for WithRequestDomains (https only, host or
// host:port).
func WithDownloadDomains(hosts ...string) Option {
	return func(c *config) { c.downloadDomains = append(c.downloadDomains, hosts...) }
}

// WithUploadDomains adds hosts to the uploadFile domain list ("uploadFile合法域名") used
// when URL checking is on; entries as for WithRequestDomains.
func WithUploadDomains(hosts ...string) Option {
	return func(c *config) { c.uploadDomains = append(c.uploadDomains, hosts...) }
}

// WithDownloadTimeout sets the default wx.downloadFile timeout (app.json
// networkTimeout.downloadFile; 60 s without it). A call's own `timeout` takes precedence.
func WithDownloadTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.downloadTimeout = d
		}
	}
}

// WithUploadTimeout sets the default wx.uploadFile timeout (app.json
// networkTimeout.uploadFile; 60 s without it). A call's own `timeout` takes precedence.
func WithUploadTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.uploadTimeout = d
		}
	}
}

// WithFileStorageLimit sets how many bytes the user's files (wxfile://usr and saved
// files) may take: DefaultFileStorageLimit, WeChat's 200 MB, unless n > 0 says otherwise.
func WithFileStorageLimit(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.fileLimit = n
		}
	}
}
