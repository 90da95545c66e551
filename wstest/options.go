package wstest

import "time"

// Default values of the options.
const (
	DefaultCloseTimeout = time.Second
)

// writeTimeout bounds every write made by the server, so that a client that
// stops reading cannot block a scenario forever.
const writeTimeout = 5 * time.Second

// An Option configures a [Server]; pass options to [NewServer] or
// [NewTLSServer].
type Option func(*config)

type config struct {
	readLimit      int64
	handshakeDelay time.Duration
	closeTimeout   time.Duration
}

func newConfig(opts []Option) config {
	c := config{closeTimeout: DefaultCloseTimeout}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithReadLimit sets the maximum size in bytes of a message read from a
// client; a client exceeding it is closed with code 1009 (message too big).
// The default, n <= 0, means no limit.
func WithReadLimit(n int64) Option {
	return func(c *config) { c.readLimit = n }
}

// WithHandshakeDelay delays the answer to every WebSocket handshake by d,
// whatever the scenario. The delay ends early if the client goes away or the
// server is closed.
func WithHandshakeDelay(d time.Duration) Option {
	return func(c *config) { c.handshakeDelay = d }
}

// WithCloseTimeout sets how long the server waits for the client's reply
// after sending a close frame (see [Conn.Close]) before closing the TCP
// connection anyway. The default is [DefaultCloseTimeout].
func WithCloseTimeout(d time.Duration) Option {
	return func(c *config) { c.closeTimeout = d }
}
