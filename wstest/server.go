package wstest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Server is a WebSocket test server listening on 127.0.0.1 that serves
// every scripted scenario (see the package documentation) at once, and
// records every handshake it receives as a [Conn].
//
// The exported fields are set by [NewServer] and [NewTLSServer] and must
// not be modified. The methods are safe for concurrent use.
type Server struct {
	// URL is the WebSocket base URL, "ws://127.0.0.1:PORT" or
	// "wss://127.0.0.1:PORT", without a trailing slash. Append a
	// scenario path: s.URL + "/echo".
	URL string
	// HTTPURL is the same base URL with scheme http or https.
	HTTPURL string
	// Addr is the listening address, "127.0.0.1:PORT".
	Addr string
	// CAFile is, for a TLS server, the path of a PEM file holding the
	// server's self-signed certificate, to be trusted by clients; it lives
	// in the test's temporary directory. It is "" for a plain server.
	CAFile string

	ts     *httptest.Server
	cfg    config
	ctx    context.Context // canceled by Close
	cancel context.CancelFunc

	closeOnce sync.Once
	wg        sync.WaitGroup // one count per recorded handshake being served

	mu       sync.Mutex
	closed   bool
	changed  chan struct{} // closed and replaced when conns grows or closed is set
	conns    []*Conn
	nextWait int // index in conns of the next Conn WaitConn returns
	handlers map[string]func(*Conn)
	raws     map[net.Conn]struct{} // hijacked connections still open

	stalls stallCounts // /http/stall's concurrency per key
}

// NewServer starts a plain (ws://) Server on 127.0.0.1 and arranges, with
// tb.Cleanup, for it to be closed when the test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	return newServer(tb, false, opts)
}

// NewTLSServer is like [NewServer] but serves wss:// with the self-signed
// certificate of [net/http/httptest], valid for 127.0.0.1, ::1 and
// example.com. Clients must trust [Server.CAFile] or [Server.Certificate];
// [Server.Dialer] does.
func NewTLSServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	return newServer(tb, true, opts)
}

func newServer(tb testing.TB, useTLS bool, opts []Option) *Server {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:      newConfig(opts),
		ctx:      ctx,
		cancel:   cancel,
		changed:  make(chan struct{}),
		handlers: make(map[string]func(*Conn)),
		raws:     make(map[net.Conn]struct{}),
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	// Clients that give up mid-handshake are part of the tests; keep the
	// http.Server from logging about them.
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	if useTLS {
		// HTTP/2 for the HTTP scenarios' clients that ask for it (ALPN); WebSocket
		// clients ask for HTTP/1.1 and get it.
		s.ts.EnableHTTP2 = true
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	tb.Cleanup(s.Close)
	s.HTTPURL = s.ts.URL
	s.Addr = s.ts.Listener.Addr().String()
	s.URL = "ws" + strings.TrimPrefix(s.ts.URL, "http")
	if useTLS {
		s.CAFile = filepath.Join(tb.TempDir(), "wstest-ca.pem")
		pemData := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ts.Certificate().Raw})
		if err := os.WriteFile(s.CAFile, pemData, 0o644); err != nil {
			tb.Fatalf("wstest: writing CA file: %v", err)
		}
	}
	return s
}

// Certificate returns the TLS server's certificate, or nil for a plain
// server.
func (s *Server) Certificate() *x509.Certificate { return s.ts.Certificate() }

// ClientTLSConfig returns a TLS configuration trusting the server's
// certificate, or nil for a plain server.
func (s *Server) ClientTLSConfig() *tls.Config {
	cert := s.ts.Certificate()
	if cert == nil {
		return nil
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{RootCAs: pool}
}

// Dialer returns a gorilla/websocket Dialer suited to the server: it
// trusts the server's certificate and gives up on handshakes after 5s.
func (s *Server) Dialer() *websocket.Dialer {
	return &websocket.Dialer{
		TLSClientConfig:  s.ClientTLSConfig(),
		HandshakeTimeout: 5 * time.Second,
	}
}

// Handle adds a custom scenario: a WebSocket handshake whose path is
// exactly path is upgraded (no subprotocol is selected) and h is called
// with the connection in the handshake's goroutine. When h returns, the
// TCP connection is closed; h should return when [Conn.Context] is done.
// A custom path takes precedence over a built-in scenario of the same path.
func (s *Server) Handle(path string, h func(*Conn)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

// Conns returns every handshake received so far, in order of arrival,
// including ones whose handshake is still being answered.
func (s *Server) Conns() []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Conn(nil), s.conns...)
}

// WaitConn returns the next handshake that no earlier WaitConn call
// returned, in order of arrival, waiting for it to arrive and to be
// answered (upgraded, refused, or stalled), so that [Conn.Upgraded] and
// [Conn.Subprotocol] are final. It returns ctx.Err() if ctx is done first,
// and [ErrServerClosed] once the server is closed and no such handshake
// remains.
func (s *Server) WaitConn(ctx context.Context) (*Conn, error) {
	for {
		s.mu.Lock()
		if i := s.nextWait; i < len(s.conns) {
			c := s.conns[i]
			s.mu.Unlock()
			select {
			case <-c.decided:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			s.mu.Lock()
			claimed := s.nextWait == i
			if claimed {
				s.nextWait++
			}
			s.mu.Unlock()
			if claimed {
				return c, nil
			}
			continue // another WaitConn call took it
		}
		closed, changed := s.closed, s.changed
		s.mu.Unlock()
		if closed {
			return nil, ErrServerClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Close shuts the server down: it stops accepting, closes every connection
// (hijacked and upgraded ones included, without close frames), and waits
// for every scenario to return. It is called automatically by the test's
// Cleanup; calling it earlier, to simulate a server going away, is fine.
// Close is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.changed)
		s.changed = make(chan struct{})
		raws := make([]net.Conn, 0, len(s.raws))
		for raw := range s.raws {
			raws = append(raws, raw)
		}
		s.mu.Unlock()
		s.cancel()
		for _, raw := range raws {
			raw.Close()
		}
		s.wg.Wait()
		s.ts.Close()
	})
}

// record registers a new handshake; it reports false once the server is
// closed.
func (s *Server) record(r *http.Request) (*Conn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	c := newConn(s, len(s.conns)+1, r)
	s.conns = append(s.conns, c)
	s.wg.Add(1)
	close(s.changed)
	s.changed = make(chan struct{})
	return c, true
}

// track registers a hijacked connection so that Close can close it; it
// reports false once the server is closed.
func (s *Server) track(raw net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.raws[raw] = struct{}{}
	return true
}

func (s *Server) untrack(raw net.Conn) {
	s.mu.Lock()
	delete(s.raws, raw)
	s.mu.Unlock()
}

// serveHTTP records WebSocket handshakes and runs their scenario; other
// requests get the index page or a plain HTTP answer.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		s.servePlain(w, r)
		return
	}
	c, ok := s.record(r)
	if !ok {
		http.Error(w, "wstest: server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	defer c.finish()
	if d := s.cfg.handshakeDelay; d > 0 && !s.wait(r.Context(), d) {
		return
	}
	s.mu.Lock()
	h := s.handlers[r.URL.Path]
	s.mu.Unlock()
	if h != nil {
		if c.upgrade(w, r, nil, nil) {
			h(c)
		}
		return
	}
	s.serveScenario(c, w, r)
}

// wait sleeps for d unless the client (ctx) or the server goes away
// first; it reports whether d elapsed.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.ctx.Done():
		return false
	}
}
