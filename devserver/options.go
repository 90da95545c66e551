package devserver

import (
	"io"
	"log"
	"net/http"
	"time"
)

// Default values of the options.
const (
	DefaultReadLimit    = 10 << 20 // bytes; see WithReadLimit
	DefaultQueueSize    = 256      // messages; see WithQueueSize
	DefaultWriteTimeout = 10 * time.Second
)

// closeTimeout bounds how long a connection waits for the peer's half of a
// close handshake that the server started, and how long writing a close
// frame may take.
const closeTimeout = time.Second

// An Option configures a [Server] (see [New]) or a listening server (see
// [Start] and [ListenAndServe]).
type Option func(*config)

type config struct {
	logger           *log.Logger
	readLimit        int64
	queueSize        int
	writeTimeout     time.Duration
	pingInterval     time.Duration
	checkOrigin      func(*http.Request) bool
	allowNonLoopback bool
}

func newConfig(opts []Option) config {
	c := config{
		readLimit:    DefaultReadLimit,
		queueSize:    DefaultQueueSize,
		writeTimeout: DefaultWriteTimeout,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.logger == nil {
		c.logger = log.New(io.Discard, "", 0)
	}
	return c
}

// WithLogger makes the server log connection events and errors to l.
// A nil l (the default) keeps the server silent.
func WithLogger(l *log.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithReadLimit sets the maximum size in bytes of a message read from a
// client. A client exceeding it is closed with code 1009 (message too big).
// The default is [DefaultReadLimit] (10 MiB); n <= 0 means no limit.
func WithReadLimit(n int64) Option {
	return func(c *config) { c.readLimit = n }
}

// WithQueueSize sets the capacity, in messages, of each connection's
// outgoing queue. The default is [DefaultQueueSize]; n < 1 is treated as 1.
func WithQueueSize(n int) Option {
	return func(c *config) { c.queueSize = max(n, 1) }
}

// WithWriteTimeout bounds the time one outgoing message may take to write;
// a connection whose write times out is closed. The default is
// [DefaultWriteTimeout]; d <= 0 means no timeout.
func WithWriteTimeout(d time.Duration) Option {
	return func(c *config) { c.writeTimeout = d }
}

// WithPingInterval enables keepalive: every d the server sends a ping to
// each connection, and a connection from which nothing (not even a pong)
// was read for 2*d is closed. The default, d <= 0, disables keepalive.
func WithPingInterval(d time.Duration) Option {
	return func(c *config) { c.pingInterval = d }
}

// WithCheckOrigin sets the function deciding whether a handshake's Origin
// header is acceptable (see websocket.Upgrader.CheckOrigin). By default
// every origin is accepted, which suits a development server bound to a
// loopback address.
func WithCheckOrigin(f func(r *http.Request) bool) Option {
	return func(c *config) { c.checkOrigin = f }
}

// AllowNonLoopback permits [Start] and [ListenAndServe] to listen on
// addresses that are not loopback addresses, such as ":8080" or
// "0.0.0.0:8080". It has no effect on [New].
func AllowNonLoopback() Option {
	return func(c *config) { c.allowNonLoopback = true }
}
