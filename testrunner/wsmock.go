package testrunner

// The Go side of the built-in module "jest-websocket-mock": real WebSocket servers on
// loopback that a test drives from JavaScript while the code under test connects to them
// with the real wx.connectSocket.
//
// Concurrency: each server has an HTTP server (its own goroutines) and, per connection,
// one reader goroutine. They reach JavaScript only through Runtime.Submit; no goja value
// leaves the loop goroutine. Writes (send, close frames) are made on the loop goroutine,
// one at a time, with a write deadline, as gorilla/websocket allows one writer.

import (
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/gorilla/websocket"
)

//go:embed js/wsmock.js
var wsmockSource string

// writeWait bounds a write to a mock connection whose client does not read.
const writeWait = 5 * time.Second

// mockWS is one server of the module.
type mockWS struct {
	f     *fileRun
	srv   *http.Server // serves the listener, which its Close closes
	url   string
	path  string // the URL's path, "" or "/" = any
	wg    sync.WaitGroup
	done  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	conns map[*mockConn]struct{}

	// handshake settings, changed from the loop goroutine, read by handshakes
	status   int           // refuse handshakes with this HTTP status (0 = accept)
	delay    time.Duration // answer handshakes after this long
	protocol *string       // subprotocol to select (nil = the first offered; "" = none)

	onConn goja.Callable // JavaScript: (conn object) on a new connection
}

type mockConn struct {
	ws     *websocket.Conn
	closed bool // loop goroutine: a close frame was sent or the connection dropped
}

// wsmockHost returns the object the module's JavaScript calls: listen(url, options).
func (f *fileRun) wsmockHost() goja.Value {
	vm := f.vm
	h := vm.NewObject()
	_ = h.Set("realSetTimeout", f.realSetTimeout)
	_ = h.Set("realClearTimeout", f.realClearTimeout)
	_ = h.Set("listen", func(rawURL string, status int, delayMs float64, protocol goja.Value, onConn goja.Callable) *goja.Object {
		m, err := f.listenWS(rawURL)
		if err != nil {
			panic(vm.NewGoError(err))
		}
		m.mu.Lock()
		m.status, m.delay = status, time.Duration(delayMs*float64(time.Millisecond))
		m.setProtocol(protocol)
		m.mu.Unlock()
		m.onConn = onConn
		return m.object()
	})
	return h
}

// listenWS starts a server for rawURL: a ws:// URL on a loopback host; without a port (or
// with port 0) it listens on a free one.
func (f *fileRun) listenWS(rawURL string) (*mockWS, error) {
	ln, u, err := listenLoopback("jest-websocket-mock", "ws", rawURL)
	if err != nil {
		return nil, err
	}
	m := &mockWS{f: f, done: make(chan struct{}), conns: map[*mockConn]struct{}{}, path: u.Path, url: u.String()}
	m.srv = serveMock(ln, m.handshake, &m.wg)
	f.servers = append(f.servers, m.shutdown)
	return m, nil
}

// serveMock serves handler on ln, on a goroutine counted in wg: a mock server's shutdown
// closes the server and waits for wg.
func serveMock(ln net.Listener, handler http.HandlerFunc, wg *sync.WaitGroup) *http.Server {
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = srv.Serve(ln)
	}()
	return srv
}

// listenLoopback listens for a mock server of module at rawURL (scheme://127.0.0.1 when
// empty): a URL of scheme on a loopback host (127.0.0.1, localhost, [::1]), on its port,
// or on a free one when it has none or 0. It returns the URL with the port filled in,
// localhost kept as the test wrote it.
func listenLoopback(module, scheme, rawURL string) (net.Listener, *url.URL, error) {
	if rawURL == "" {
		rawURL = scheme + "://127.0.0.1"
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != scheme && u.Scheme != scheme+"s") || u.Host == "" {
		return nil, nil, fmt.Errorf("%s: %q is not a %s:// URL", module, rawURL, scheme)
	}
	if u.Scheme != scheme {
		return nil, nil, fmt.Errorf("%s: %q: the mock server speaks %s:// only", module, rawURL, scheme)
	}
	host, port := u.Hostname(), u.Port()
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, nil, fmt.Errorf("%s: %q: the mock server listens on loopback only (127.0.0.1, localhost, [::1])", module, rawURL)
	}
	if port == "" {
		port = "0"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", module, err)
	}
	u.Host = ln.Addr().String()
	if u.Hostname() == "127.0.0.1" && strings.Contains(rawURL, "localhost") {
		u.Host = net.JoinHostPort("localhost", fmt.Sprint(ln.Addr().(*net.TCPAddr).Port))
	}
	return ln, u, nil
}

func (m *mockWS) setProtocol(v goja.Value) {
	if v == nil || goja.IsUndefined(v) {
		m.protocol = nil
		return
	}
	s := ""
	if !goja.IsNull(v) {
		s = v.String()
	}
	m.protocol = &s
}

// handshake answers an opening handshake on an HTTP goroutine.
func (m *mockWS) handshake(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	status, delay, protocol := m.status, m.delay, m.protocol
	m.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-m.done:
			return
		}
	}
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	offered := websocket.Subprotocols(r)
	var header http.Header
	switch {
	case protocol == nil && len(offered) > 0:
		header = http.Header{"Sec-Websocket-Protocol": {offered[0]}}
	case protocol != nil && *protocol != "":
		header = http.Header{"Sec-Websocket-Protocol": {*protocol}}
	}
	ws, err := up.Upgrade(w, r, header)
	if err != nil {
		return
	}
	c := &mockConn{ws: ws}
	m.mu.Lock()
	select {
	case <-m.done:
		m.mu.Unlock()
		_ = ws.Close()
		return
	default:
	}
	m.conns[c] = struct{}{}
	m.wg.Add(1)
	m.mu.Unlock()
	headers := map[string]string{}
	for k, v := range r.Header {
		headers[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	headers["host"] = r.Host
	reqURL := r.URL.RequestURI()
	selected := ws.Subprotocol()
	// The connection is announced before any of its messages: both go through Submit, in order.
	var obj *goja.Object
	m.f.rt.Submit(func() {
		obj = m.connObject(c, reqURL, headers, offered, selected)
		if m.onConn != nil {
			if _, err := m.onConn(goja.Undefined(), obj); err != nil {
				m.f.rt.ReportError(err)
			}
		}
	})
	go m.read(c, func() *goja.Object { return obj })
}

// read delivers the connection's messages to JavaScript until it ends.
func (m *mockWS) read(c *mockConn, obj func() *goja.Object) {
	defer m.wg.Done()
	deliver := func(name string, args ...any) {
		m.f.rt.Submit(func() {
			o := obj()
			if o == nil {
				return
			}
			fn, ok := goja.AssertFunction(o.Get(name))
			if !ok {
				return
			}
			vals := make([]goja.Value, len(args))
			for i, a := range args {
				if b, ok := a.([]byte); ok {
					vals[i] = m.f.vm.ToValue(m.f.vm.NewArrayBuffer(b))
				} else {
					vals[i] = m.f.vm.ToValue(a)
				}
			}
			if _, err := fn(o, vals...); err != nil {
				m.f.rt.ReportError(err)
			}
		})
	}
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			code, reason := 1006, ""
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				code, reason = ce.Code, ce.Text
			}
			m.mu.Lock()
			delete(m.conns, c)
			m.mu.Unlock()
			_ = c.ws.Close()
			deliver("_closed", code, reason)
			return
		}
		if typ == websocket.BinaryMessage {
			deliver("_message", data, true)
		} else {
			deliver("_message", string(data), false)
		}
	}
}

// connObject is the JavaScript object of one connection. Loop goroutine.
func (m *mockWS) connObject(c *mockConn, reqURL string, headers map[string]string, offered []string, selected string) *goja.Object {
	vm := m.f.vm
	o := vm.NewObject()
	_ = o.Set("url", reqURL)
	_ = o.Set("headers", headers)
	if offered == nil {
		offered = []string{}
	}
	_ = o.Set("protocols", offered)
	_ = o.Set("protocol", selected)
	write := func(typ int, data []byte) {
		if c.closed {
			panic(vm.NewTypeError("jest-websocket-mock: the connection is closed"))
		}
		_ = c.ws.SetWriteDeadline(time.Now().Add(writeWait))
		if err := c.ws.WriteMessage(typ, data); err != nil {
			panic(vm.NewGoError(fmt.Errorf("jest-websocket-mock: send: %w", err)))
		}
	}
	_ = o.Set("_sendText", func(s string) { write(websocket.TextMessage, []byte(s)) })
	_ = o.Set("_sendBinary", func(v goja.Value) {
		var b []byte
		switch x := v.Export().(type) {
		case goja.ArrayBuffer:
			b = append([]byte(nil), x.Bytes()...)
		case []byte:
			b = append([]byte(nil), x...)
		default:
			panic(vm.NewTypeError("jest-websocket-mock: sendBinary wants an ArrayBuffer or a typed array"))
		}
		write(websocket.BinaryMessage, b)
	})
	_ = o.Set("_close", func(code int, reason string) {
		if c.closed {
			return
		}
		c.closed = true
		msg := websocket.FormatCloseMessage(code, reason)
		if code == 1005 {
			msg = []byte{}
		}
		_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(writeWait))
		// The reader sees the client's answer (or a timeout) and ends the connection.
		go func() {
			select {
			case <-time.After(writeWait):
				_ = c.ws.Close()
			case <-m.done:
			}
		}()
	})
	_ = o.Set("_drop", func() {
		c.closed = true
		_ = c.ws.UnderlyingConn().Close() // no close frame: the client sees an abnormal closure
	})
	return o
}

// object is the JavaScript handle of the server. Loop goroutine.
func (m *mockWS) object() *goja.Object {
	vm := m.f.vm
	o := vm.NewObject()
	_ = o.Set("url", m.url)
	_ = o.Set("setHandshake", func(status int, delayMs float64, protocol goja.Value) {
		m.mu.Lock()
		m.status, m.delay = status, time.Duration(delayMs*float64(time.Millisecond))
		m.setProtocol(protocol)
		m.mu.Unlock()
	})
	_ = o.Set("close", m.shutdown)
	return o
}

// shutdown closes the server and every connection without close frames and waits for its
// goroutines. Idempotent; loop goroutine.
func (m *mockWS) shutdown() {
	m.once.Do(func() {
		m.mu.Lock()
		close(m.done)
		conns := make([]*mockConn, 0, len(m.conns))
		for c := range m.conns {
			conns = append(conns, c)
		}
		m.mu.Unlock()
		_ = m.srv.Close()
		for _, c := range conns {
			_ = c.ws.Close()
		}
		m.wg.Wait()
	})
}
