package wxapi

import (
	"context"
	"net"
	"net/http"
)

// Transport carries an API's sockets and requests instead of the network: the seam that
// record and replay (package replay) plug into, with WithTransport. Everything above it is
// unchanged — the WebSocket handshake and framing, the HTTP exchange, the emulated
// network's offline state and throttling, the errMsg texts — so what the script sees is
// made the way it is made over the network.
//
// Its methods are called on the socket's and the request's own goroutines, concurrently.
type Transport interface {
	// DialSocket opens the connection of a socket to url (ws:// or wss://), over which the
	// client then speaks HTTP and the WebSocket protocol in the clear: TLS, for wss://, is
	// the transport's business. An error fails the socket with onError
	// "exception " + err.Error(). ctx ends with the handshake timeout or a shutdown.
	DialSocket(ctx context.Context, url string) (net.Conn, error)
	// RoundTrip makes one wx.request exchange, as an http.RoundTripper: the client still
	// follows redirects (and checks them against the domain list), and a *RequestFailure
	// error fails the request with its reason and errno; other errors are named as
	// Chromium names network errors.
	RoundTrip(req *http.Request) (*http.Response, error)
}

// WithTransport carries sockets and requests over t instead of the network (see
// Transport). A nil t means the network.
func WithTransport(t Transport) Option { return func(c *config) { c.transport = t } }

// RequestFailure is an error a Transport returns to fail a wx.request with the errMsg
// "request:fail " + Reason (and Errno, when not 0), as a recording says it failed.
type RequestFailure struct {
	Reason string // "-102:net::ERR_CONNECTION_REFUSED"
	Errno  int    // 600001
}

func (e *RequestFailure) Error() string { return e.Reason }

// transportRoundTripper runs a Transport's RoundTrip behind the emulated network: offline,
// a request fails as a dial would, before the transport is asked.
type transportRoundTripper struct {
	t    Transport
	link *link
}

func (rt transportRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt.link.network() == NetworkOffline {
		return nil, networkDown("dial", "tcp", nil, unresolvedAddr{"tcp", req.URL.Host}, "connect")
	}
	return rt.t.RoundTrip(req)
}
