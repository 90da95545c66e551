package wxapi

import (
	"context"
	"fmt"
	"maps"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// Network is an emulated network: what wx.getNetworkType reports and, for the cellular
// presets, the latency and bandwidth every socket and request of the runtime gets, as the
// DevTools' network throttling does. NetworkOffline has no connectivity at all.
type Network string

// The networks wxrun emulates. NetworkWiFi is the machine's own network, unthrottled (the
// DevTools' default, "No throttling"); the cellular presets are the DevTools' throttling
// presets of the same names (README, decision 21).
const (
	NetworkWiFi    Network = "wifi"
	Network4G      Network = "4g"
	Network3G      Network = "3g"
	Network2G      Network = "2g"
	NetworkOffline Network = "offline"
)

// Networks lists every Network, in the order the command line shows them.
var Networks = []Network{NetworkWiFi, Network4G, Network3G, Network2G, NetworkOffline}

// ParseNetwork returns the Network named s ("wifi", "4g", "3g", "2g", "offline").
func ParseNetwork(s string) (Network, error) {
	for _, n := range Networks {
		if strings.EqualFold(s, string(n)) {
			return n, nil
		}
	}
	return "", fmt.Errorf("unknown network %q (want wifi, 4g, 3g, 2g or offline)", s)
}

// networkType is what wx.getNetworkType and onNetworkStatusChange report for n.
func (n Network) networkType() string {
	if n == NetworkOffline {
		return "none"
	}
	return string(n)
}

// linkProfile is one network's emulated link. Zero rates are unlimited.
type linkProfile struct {
	latency  time.Duration // added to the connection set-up and to each request/response turn
	down, up float64       // bytes per second
}

// kbit is the DevTools' kilobit: 1024 bits.
const kbit = 1024.0 / 8

// linkProfiles are the DevTools' throttling presets ("Regular 4G", "Regular 3G",
// "Regular 2G"): latency, download and upload. Wi-Fi is not throttled.
var linkProfiles = map[Network]linkProfile{
	Network4G: {latency: 20 * time.Millisecond, down: 4096 * kbit, up: 3072 * kbit},
	Network3G: {latency: 100 * time.Millisecond, down: 750 * kbit, up: 250 * kbit},
	Network2G: {latency: 300 * time.Millisecond, down: 250 * kbit, up: 50 * kbit},
}

// linkState is the link as it is now: the network, its profile, and one token bucket per
// direction, shared by every connection, as a phone's radio link is. It is replaced as a
// whole when the network changes, never modified.
type linkState struct {
	network  Network
	profile  linkProfile
	down, up *rate.Limiter // nil: unlimited
}

func newLinkState(n Network, p linkProfile) *linkState {
	return &linkState{network: n, profile: p, down: bucket(p.down), up: bucket(p.up)}
}

// bucket returns a token bucket of bytesPerSecond whose burst is a fiftieth of a second
// of traffic (at least 256 bytes, at most 16 KiB), so a transfer is smooth rather than
// bursty; nil for an unlimited direction.
func bucket(bytesPerSecond float64) *rate.Limiter {
	if bytesPerSecond <= 0 {
		return nil
	}
	burst := min(max(int(bytesPerSecond/50), 256), 16<<10)
	return rate.NewLimiter(rate.Limit(bytesPerSecond), burst)
}

// link emulates the network every connection of one API goes through. Requests and
// sockets dial through it (dial), so going offline, and the throttling of the current
// network, reach both in one place. Its methods are safe from any goroutine.
type link struct {
	state atomic.Pointer[linkState]

	mu    sync.Mutex
	conns map[*shapedConn]struct{}
}

func newLink(n Network) *link {
	l := &link{conns: make(map[*shapedConn]struct{})}
	l.state.Store(newLinkState(n, linkProfiles[n]))
	return l
}

// network is the current network.
func (l *link) network() Network { return l.state.Load().network }

// set switches to network n with profile p and reports the network it replaced. Going
// offline cuts every open connection, as a phone losing its network does: their reads and
// writes fail with "network is down".
func (l *link) set(n Network, p linkProfile) (old Network) {
	old = l.state.Swap(newLinkState(n, p)).network
	if n == NetworkOffline {
		l.mu.Lock()
		conns := slices.Collect(maps.Keys(l.conns))
		l.mu.Unlock()
		for _, c := range conns {
			c.cut()
		}
	}
	return old
}

// dialFunc opens a connection, as net.Dialer.DialContext does.
type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// dial opens a connection through the link: it fails as a phone without a network fails
// while offline, waits one latency for the connection's set-up on a throttled network,
// and returns a connection whose traffic is shaped. addr is not resolved yet: offline,
// not even DNS is asked.
func (l *link) dial(ctx context.Context, network, addr string, dial dialFunc) (net.Conn, error) {
	if l.network() == NetworkOffline {
		return nil, networkDown("dial", network, nil, unresolvedAddr{network, addr}, "connect")
	}
	conn, err := dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	c := &shapedConn{Conn: conn, link: l}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	l.mu.Lock()
	l.conns[c] = struct{}{}
	l.mu.Unlock()
	if l.network() == NetworkOffline {
		// The network went away while dialling.
		c.cut()
	}
	if err := c.wait(ctx, l.state.Load().profile.latency); err != nil {
		_ = c.Close()
		return nil, err
	}
	if c.isCut.Load() {
		_ = c.Close()
		return nil, networkDown("dial", network, nil, unresolvedAddr{network, addr}, "connect")
	}
	return c, nil
}

// shapedConn is a connection through the link. Reads and writes take their bytes from the
// link's token buckets, and the first read after a write waits until one latency after
// that write, so every request/response turn costs a round trip. Read and Write may be
// called from different goroutines, as net.Conn allows.
type shapedConn struct {
	net.Conn
	link *link

	ctx    context.Context // cancelled by Close and by cut: waits end
	cancel context.CancelFunc

	isCut     atomic.Bool
	lastWrite atomic.Int64 // UnixNano of the first write the peer has not answered yet; 0: none
}

func (c *shapedConn) Read(p []byte) (int, error) {
	if c.isCut.Load() {
		return 0, c.downErr("read")
	}
	st := c.link.state.Load()
	if st.down != nil && len(p) > st.down.Burst() {
		p = p[:st.down.Burst()]
	}
	n, err := c.Conn.Read(p)
	if c.isCut.Load() {
		return 0, c.downErr("read")
	}
	if n > 0 {
		// The network may have changed while the read waited: what arrives now pays the
		// current network's prices.
		st = c.link.state.Load()
		if w := c.lastWrite.Swap(0); w != 0 && st.profile.latency > 0 {
			if werr := c.wait(c.ctx, time.Until(time.Unix(0, w).Add(st.profile.latency))); werr != nil {
				return 0, c.downOrClosed("read", werr)
			}
		}
		if st.down != nil {
			if werr := st.down.WaitN(c.ctx, min(n, st.down.Burst())); werr != nil {
				return 0, c.downOrClosed("read", werr)
			}
		}
	}
	return n, err
}

func (c *shapedConn) Write(p []byte) (int, error) {
	c.lastWrite.CompareAndSwap(0, time.Now().UnixNano())
	written := 0
	for len(p) > 0 {
		if c.isCut.Load() {
			return written, c.downErr("write")
		}
		chunk := p
		if st := c.link.state.Load(); st.up != nil {
			chunk = p[:min(len(p), st.up.Burst())]
			if err := st.up.WaitN(c.ctx, len(chunk)); err != nil {
				return written, c.downOrClosed("write", err)
			}
		}
		n, err := c.Conn.Write(chunk)
		written += n
		if err != nil {
			if c.isCut.Load() {
				return written, c.downErr("write")
			}
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

func (c *shapedConn) Close() error {
	c.cancel()
	c.link.mu.Lock()
	delete(c.link.conns, c)
	c.link.mu.Unlock()
	return c.Conn.Close()
}

// cut drops the connection because the network went away: blocked reads and writes
// return, and every later one fails with "network is down".
func (c *shapedConn) cut() {
	c.isCut.Store(true)
	c.cancel()
	_ = c.Conn.Close()
}

// wait sleeps for d, or until ctx or the connection ends.
func (c *shapedConn) wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.ctx.Done():
		return net.ErrClosed
	}
}

func (c *shapedConn) downErr(op string) error {
	return networkDown(op, "tcp", c.LocalAddr(), c.RemoteAddr(), op)
}

// downOrClosed is the error of a wait that ended early: the network went down, or the
// connection was closed.
func (c *shapedConn) downOrClosed(op string, err error) error {
	if c.isCut.Load() {
		return c.downErr(op)
	}
	return &net.OpError{Op: op, Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: net.ErrClosed}
}

// networkDown is the error of a socket operation on a machine whose network is gone
// (ENETDOWN), as the kernel reports it: "dial tcp example.com:443: connect: network is
// down".
func networkDown(op, network string, source, addr net.Addr, syscallName string) error {
	return &net.OpError{Op: op, Net: network, Source: source, Addr: addr, Err: os.NewSyscallError(syscallName, syscall.ENETDOWN)}
}

// unresolvedAddr is a dial address before its host is looked up.
type unresolvedAddr struct{ net, addr string }

func (a unresolvedAddr) Network() string { return a.net }
func (a unresolvedAddr) String() string  { return a.addr }
