package devserver

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Server is the development WebSocket server. It implements
// [net/http.Handler]; see the package documentation for the endpoints.
//
// A Server is safe for concurrent use by multiple goroutines. The zero value
// is not usable; create Servers with [New].
type Server struct {
	cfg      config
	upgrader websocket.Upgrader
	chat     *chatHub
	guests   atomic.Int64
	sessions sessions // the tokens /login issued

	mu     sync.Mutex
	closed bool
	peers  map[*peer]struct{}
	wg     sync.WaitGroup // one count per running handler and writer goroutine
}

// New returns a Server configured by opts. The options that only concern
// listening, such as [AllowNonLoopback], are ignored.
func New(opts ...Option) *Server {
	cfg := newConfig(opts)
	s := &Server{
		cfg:   cfg,
		peers: make(map[*peer]struct{}),
	}
	s.chat = newChatHub(s)
	s.upgrader = websocket.Upgrader{
		CheckOrigin: cfg.checkOrigin,
	}
	if s.upgrader.CheckOrigin == nil {
		s.upgrader.CheckOrigin = func(*http.Request) bool { return true }
	}
	return s
}

// ServeHTTP dispatches r to the endpoint named by its path. Handshakes
// arriving after [Server.Close] are refused with 503 Service Unavailable.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		s.serveHelp(w, r)
	case "/echo":
		s.serveWebSocket(w, r, s.echo)
	case "/chat":
		if token := r.URL.Query().Get("token"); token != "" {
			if _, ok := s.sessions.name(token); !ok {
				writeJSON(w, http.StatusUnauthorized, LoginError{"devserver: unknown token; log in with POST /login first"})
				return
			}
		}
		s.serveWebSocket(w, r, s.chat.serve)
	case "/login":
		s.serveLogin(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveWebSocket upgrades r and runs h on the resulting connection in the
// calling goroutine, which becomes the connection's only reader.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, h func(*peer, *http.Request)) {
	if !websocket.IsWebSocketUpgrade(r) {
		w.Header().Set("Upgrade", "websocket")
		http.Error(w, "devserver: this endpoint expects a WebSocket handshake; see / for help", http.StatusUpgradeRequired)
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "devserver: server is shutting down", http.StatusServiceUnavailable)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.cfg.logger.Printf("devserver: %s %s: upgrade: %v", r.RemoteAddr, r.URL.Path, err)
		return
	}
	p := newPeer(s, ws)
	if !s.register(p) {
		// Closed between the check above and the upgrade.
		p.requestClose(websocket.CloseGoingAway, goingAway, false)
	}
	s.cfg.logger.Printf("devserver: %s connected to %s", r.RemoteAddr, r.URL.RequestURI())
	h(p, r)
	p.finish()
	s.unregister(p)
	how := "without a close frame"
	if p.clientClose != "" {
		how = "with close " + p.clientClose
	}
	s.cfg.logger.Printf("devserver: %s disconnected from %s %s", r.RemoteAddr, r.URL.RequestURI(), how)
}

// register starts p's writer and records p so that Close reaches it. It
// reports false if the server is already closed (the writer is started
// anyway so that p can be closed normally).
func (s *Server) register(p *peer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		p.writeLoop()
	}()
	if s.closed {
		return false
	}
	s.peers[p] = struct{}{}
	return true
}

func (s *Server) unregister(p *peer) {
	s.mu.Lock()
	delete(s.peers, p)
	s.mu.Unlock()
}

// goingAway is the close reason sent by Close.
const goingAway = "going away"

// Close sends a close frame with code 1001 (going away) to every
// connection, refuses further handshakes, and waits until every goroutine
// started by the server has exited. Connections that do not complete the
// close handshake within a second are closed anyway, so Close returns
// within about two seconds. Close does not close listeners; it is safe to
// call more than once and concurrently.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	peers := make([]*peer, 0, len(s.peers))
	for p := range s.peers {
		peers = append(peers, p)
	}
	s.mu.Unlock()
	for _, p := range peers {
		p.shutdown()
	}
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * closeTimeout):
		// A connection is still stuck (say, a write to a client that
		// stopped reading): cut it.
		for _, p := range peers {
			p.kill()
		}
		<-done
	}
	return nil
}
