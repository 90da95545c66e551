package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a [Server] listening on a TCP address, as returned by [Start].
// Its methods are safe for concurrent use.
type Running struct {
	srv     *Server
	httpSrv *http.Server
	ln      net.Listener

	serveDone chan struct{}
	serveErr  error // set before serveDone is closed

	closeOnce sync.Once
	closeErr  error
}

// Start listens on addr ("host:port"; "127.0.0.1:0" picks a free port) and
// serves a new [Server] configured by opts in a background goroutine until
// [Running.Close] is called.
//
// Unless [AllowNonLoopback] is among opts, addr must name a loopback
// address: an IP address such as 127.0.0.1 or ::1, or "localhost".
// Otherwise Start returns an error wrapping [ErrNonLoopback] without
// listening.
func Start(addr string, opts ...Option) (*Running, error) {
	cfg := newConfig(opts)
	if !cfg.allowNonLoopback {
		if err := checkLoopback(addr); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if !cfg.allowNonLoopback {
		if ta, ok := ln.Addr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
			ln.Close()
			return nil, fmt.Errorf("%w: %s resolved to %s", ErrNonLoopback, addr, ln.Addr())
		}
	}
	srv := New(opts...)
	r := &Running{
		srv: srv,
		httpSrv: &http.Server{
			Handler:           srv,
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          cfg.logger,
		},
		ln:        ln,
		serveDone: make(chan struct{}),
	}
	go func() {
		defer close(r.serveDone)
		r.serveErr = r.httpSrv.Serve(ln)
	}()
	cfg.logger.Printf("devserver: listening on %s", r.URL())
	return r, nil
}

// checkLoopback reports an error wrapping ErrNonLoopback unless the host
// part of addr is "localhost" or a loopback IP address.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	if host == "" {
		host = "all interfaces"
	}
	return fmt.Errorf("%w: %q (%s)", ErrNonLoopback, addr, host)
}

// Server returns the Server being served.
func (r *Running) Server() *Server { return r.srv }

// Addr returns the listening address, such as "127.0.0.1:41234".
func (r *Running) Addr() string { return r.ln.Addr().String() }

// URL returns the WebSocket base URL, such as "ws://127.0.0.1:41234".
// Append an endpoint path such as "/echo" to connect.
func (r *Running) URL() string { return "ws://" + r.Addr() }

// HTTPURL returns the HTTP base URL, such as "http://127.0.0.1:41234".
func (r *Running) HTTPURL() string { return "http://" + r.Addr() }

// Close closes every WebSocket connection with code 1001 (see
// [Server.Close]), stops listening and waits for the serving goroutines to
// exit. It returns the error that stopped serving, if any besides being
// closed. Close is idempotent.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		r.srv.Close()
		err := r.httpSrv.Close()
		<-r.serveDone
		if r.serveErr != nil && !errors.Is(r.serveErr, http.ErrServerClosed) {
			err = r.serveErr
		}
		r.closeErr = err
	})
	return r.closeErr
}

// done is closed when serving stopped.
func (r *Running) done() <-chan struct{} { return r.serveDone }

// ListenAndServe starts a server like [Start] and serves until ctx is done
// or serving fails, then closes it like [Running.Close]. It returns nil
// after ctx is done, otherwise the error that prevented or stopped serving.
func ListenAndServe(ctx context.Context, addr string, opts ...Option) error {
	r, err := Start(addr, opts...)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return r.Close()
	case <-r.done():
		return r.Close()
	}
}
