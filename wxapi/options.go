package wxapi

import (
	"crypto/x509"
	"net"
	"time"
)

// CloseWhileConnecting selects what closing a socket during its handshake does
// (wx-socket spec §5). WeChat's documented behaviour is CloseIgnored.
type CloseWhileConnecting int

const (
	// CloseIgnored reports closeSocket:ok but lets the handshake finish: onOpen fires and
	// the socket stays open. This is what the WeChat docs describe and the default.
	CloseIgnored CloseWhileConnecting = iota
	// CloseAborts aborts the handshake: onError{errMsg:"abnormal closure"} then
	// onClose{code:1006, reason:"abnormal closure"} (the Android native behaviour).
	CloseAborts
)

// DefaultMaxSockets is the number of WebSocket connections a mini program may have at
// once since base library 1.7.0.
const DefaultMaxSockets = 5

// DefaultConnectTimeout bounds the opening handshake when neither the call's `timeout`
// nor app.json's networkTimeout.connectSocket sets it.
const DefaultConnectTimeout = 60 * time.Second

// DefaultMaxMessageSize is the largest incoming message accepted, as on Android.
const DefaultMaxMessageSize = 10 << 20

// Option configures the wx API installed by Install.
type Option func(*config)

type config struct {
	urlCheck             bool
	allowedDomains       []string
	maxSockets           int
	legacySingleSocket   bool
	closeWhileConnecting CloseWhileConnecting
	connectTimeout       time.Duration
	rootCAs              *x509.CertPool
	maxMessageSize       int64
	appID                string
	allowLAN             bool
	resolver             *net.Resolver // where socket hosts are looked up; nil: the system's (tests set it)

	requestDomains []string      // "request合法域名"
	requestTimeout time.Duration // app.json networkTimeout.request
	maxRequests    int
	network        Network

	transport Transport // nil: the network (WithTransport)

	transferOptions // wx.downloadFile, wx.uploadFile and the files (options_files.go)

	surfaceOptions // storage, device profile, UI and login (options_surface.go)
}

func defaultConfig() config {
	return config{
		maxSockets:     DefaultMaxSockets,
		connectTimeout: DefaultConnectTimeout,
		maxMessageSize: DefaultMaxMessageSize,
		appID:          "touristappid",
		allowLAN:       true,
		requestTimeout: DefaultRequestTimeout,
		maxRequests:    DefaultMaxRequests,
		network:        NetworkWiFi,
		transferOptions: transferOptions{
			downloadTimeout: DefaultRequestTimeout,
			uploadTimeout:   DefaultRequestTimeout,
			fileLimit:       DefaultFileStorageLimit,
		},
	}
}

// WithURLCheck turns WeChat's domain checking on or off (project.config.json
// setting.urlCheck). On: only wss:// URLs whose host is in the allow-list (or a LAN
// address of another machine) connect; others fail with onError "url not in domain list".
// Off (the default, like the DevTools' "do not check domains" for local runs): any
// ws:// or wss:// URL connects.
func WithURLCheck(on bool) Option { return func(c *config) { c.urlCheck = on } }

// WithAllowedDomains adds hosts to the socket domain allow-list used when URL checking is
// on ("socket合法域名"). Entries are host names, matched case-insensitively, any port.
func WithAllowedDomains(hosts ...string) Option {
	return func(c *config) { c.allowedDomains = append(c.allowedDomains, hosts...) }
}

// WithMaxSockets sets how many sockets may be CONNECTING or OPEN at once (5 by default,
// as in WeChat). n <= 0 lifts the limit, for load runs.
func WithMaxSockets(n int) Option { return func(c *config) { c.maxSockets = n } }

// WithLegacySingleSocket emulates WeChat before base library 1.7.0: one socket at most,
// and a new wx.connectSocket closes the existing connection (code 1000) first.
func WithLegacySingleSocket(on bool) Option { return func(c *config) { c.legacySingleSocket = on } }

// WithCloseWhileConnecting selects what closing a CONNECTING socket does.
func WithCloseWhileConnecting(mode CloseWhileConnecting) Option {
	return func(c *config) { c.closeWhileConnecting = mode }
}

// WithConnectTimeout sets the default handshake timeout (app.json
// networkTimeout.connectSocket). A call's own `timeout` option takes precedence.
func WithConnectTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.connectTimeout = d
		}
	}
}

// WithRootCAs sets the certificates wss:// servers are verified against (for self-signed
// test servers). Verification itself is never turned off.
func WithRootCAs(pool *x509.CertPool) Option { return func(c *config) { c.rootCAs = pool } }

// WithMaxMessageSize sets the largest incoming message (DefaultMaxMessageSize if n <= 0).
func WithMaxMessageSize(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxMessageSize = n
		}
	}
}

// WithAppID sets the appid used in the Referer the client sends
// (https://servicewechat.com/{appid}/devtools/page-frame.html).
func WithAppID(id string) Option {
	return func(c *config) {
		if id != "" {
			c.appID = id
		}
	}
}

// DefaultRequestTimeout bounds a wx.request when neither the call's `timeout` nor app.json's
// networkTimeout.request sets it.
const DefaultRequestTimeout = 60 * time.Second

// DefaultMaxRequests is how many wx.request calls run at once, as in WeChat; later ones
// wait in a queue.
const DefaultMaxRequests = 10

// WithRequestDomains adds hosts to the request domain list ("request合法域名") used when
// URL checking is on. An entry is a host name, matched case-insensitively, or host:port:
// as in WeChat, an entry with a port allows exactly that port, and one without allows no
// explicit port in the URL, not even :443.
func WithRequestDomains(hosts ...string) Option {
	return func(c *config) { c.requestDomains = append(c.requestDomains, hosts...) }
}

// WithRequestTimeout sets the default wx.request timeout (app.json
// networkTimeout.request). A call's own `timeout` option takes precedence.
func WithRequestTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.requestTimeout = d
		}
	}
}

// WithMaxRequests sets how many wx.request calls run at once (10 by default, as in
// WeChat); later calls wait their turn. n <= 0 lifts the limit.
func WithMaxRequests(n int) Option { return func(c *config) { c.maxRequests = n } }

// WithNetwork sets the network the run starts on (NetworkWiFi by default): what
// wx.getNetworkType reports, and for the cellular presets the latency and bandwidth every
// socket and request gets. (*API).SetNetwork changes it during the run.
func WithNetwork(n Network) Option { return func(c *config) { c.network = n } }
