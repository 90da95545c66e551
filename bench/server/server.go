// Package server is the WebSocket server the side-by-side benchmarks (bench/cmd/compare)
// run their scenarios against. It serves, on a loopback address:
//
//	/echo                      echo every message with the same frame type
//	/push?n=N&size=S&binary=1  send N messages of S bytes (text "xxx…" or binary), then
//	                           read (and discard) until the client closes
//	/sink                      count the data messages received; answer the text
//	                           "count?" with the count so far, as a decimal text message
//	/json?n=N                  send N copies of a ~1 KiB JSON document (JSONDoc) while
//	                           counting the messages received; answer "count?" like /sink
//	/hold?group=G              keep the connection open, send nothing, until a release
//
// and, over plain HTTP:
//
//	/stats?group=G             the number of /hold connections of group G that are open
//	/release?group=G           send the text "release" to every /hold connection of G;
//	                           the response is the number released
//
// The server is built to never be the bottleneck: /push and /json write pre-framed
// messages in 64 KiB batches straight to the TCP connection (one system call per batch,
// not per message), so the measurement is of the client.
package server

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Limits on query parameters, so a typo cannot exhaust memory.
const (
	maxCount = 100_000_000
	maxSize  = 16 << 20
)

// writeTimeout bounds a write to a client that stopped reading.
const writeTimeout = 2 * time.Minute

// Server is the benchmark server. Create it with Start.
type Server struct {
	ln  net.Listener
	hs  *http.Server
	upg websocket.Upgrader

	mu     sync.Mutex
	conns  map[*conn]struct{}
	groups map[string]map[*conn]struct{}
	closed bool
	wg     sync.WaitGroup // handler goroutines of upgraded connections
	serve  chan struct{}
}

// conn is one upgraded connection. Writes are serialized by wmu: both gorilla writes and
// raw batched frame writes go through it.
type conn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (c *conn) writeText(s string) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, []byte(s))
}

// writeRaw writes pre-framed bytes to the TCP connection.
func (c *conn) writeRaw(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	raw := c.ws.NetConn()
	_ = raw.SetWriteDeadline(time.Now().Add(writeTimeout))
	_, err := raw.Write(b)
	return err
}

// ErrNonLoopback is returned by Start for an address that is not a loopback address.
var ErrNonLoopback = errors.New("benchmark server: refusing to listen on a non-loopback address")

// Start listens on addr (a loopback address such as "127.0.0.1:0") and serves in the
// background until Close.
func Start(addr string) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, ErrNonLoopback
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		ln:     ln,
		conns:  map[*conn]struct{}{},
		groups: map[string]map[*conn]struct{}{},
		serve:  make(chan struct{}),
		upg: websocket.Upgrader{
			CheckOrigin:     func(*http.Request) bool { return true },
			ReadBufferSize:  64 << 10,
			WriteBufferSize: 64 << 10,
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", s.ws(s.echo))
	mux.HandleFunc("/push", s.ws(s.push))
	mux.HandleFunc("/sink", s.ws(s.sink))
	mux.HandleFunc("/json", s.ws(s.json))
	mux.HandleFunc("/hold", s.ws(s.hold))
	mux.HandleFunc("/stats", s.stats)
	mux.HandleFunc("/release", s.release)
	s.hs = &http.Server{Handler: mux, ReadHeaderTimeout: 30 * time.Second}
	go func() {
		defer close(s.serve)
		_ = s.hs.Serve(ln)
	}()
	return s, nil
}

// Addr is the listening address, host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL is the ws:// base URL, without a trailing slash.
func (s *Server) URL() string { return "ws://" + s.Addr() }

// HTTPURL is the http:// base URL, for /stats and /release.
func (s *Server) HTTPURL() string { return "http://" + s.Addr() }

// Close stops listening, drops every connection and waits for the handlers.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for c := range s.conns {
		_ = c.ws.NetConn().Close()
	}
	s.mu.Unlock()
	err := s.hs.Close()
	<-s.serve
	s.wg.Wait()
	return err
}

// ws wraps a scenario: upgrade, register, run, unregister.
func (s *Server) ws(scenario func(c *conn, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := checkQuery(r); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ws, err := s.upg.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &conn{ws: ws}
		ws.SetCloseHandler(func(code int, text string) error {
			// Answer the client's close frame, serialized with the other writes.
			c.wmu.Lock()
			defer c.wmu.Unlock()
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), time.Now().Add(time.Second))
			return nil
		})
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = ws.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			_ = ws.Close()
			s.wg.Done()
		}()
		scenario(c, r)
	}
}

// checkQuery validates the numeric parameters before the upgrade.
func checkQuery(r *http.Request) error {
	q := r.URL.Query()
	for name, limit := range map[string]int{"n": maxCount, "size": maxSize} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > limit {
				return fmt.Errorf("query parameter %s=%q: want an integer in [0, %d]", name, v, limit)
			}
		}
	}
	return nil
}

func intParam(r *http.Request, name string, def int) int {
	if n, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil {
		return n
	}
	return def
}

func (s *Server) echo(c *conn, _ *http.Request) {
	for {
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		c.wmu.Lock()
		_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
		err = c.ws.WriteMessage(kind, data)
		c.wmu.Unlock()
		if err != nil {
			return
		}
	}
}

// PushPayload is the payload of every /push message: size bytes of 'x', except that a
// binary message starts with 4 bytes of sequence number 0 (so it is never valid text).
func PushPayload(size int, binaryType bool) []byte {
	b := bytes.Repeat([]byte{'x'}, size)
	if binaryType && size >= 4 {
		binary.BigEndian.PutUint32(b, 0)
	}
	return b
}

func (s *Server) push(c *conn, r *http.Request) {
	n := intParam(r, "n", 1)
	size := intParam(r, "size", 64)
	opcode := byte(websocket.TextMessage)
	if r.URL.Query().Get("binary") == "1" {
		opcode = websocket.BinaryMessage
	}
	if pushFrames(c, Frame(opcode, PushPayload(size, opcode == websocket.BinaryMessage)), n) != nil {
		return
	}
	discard(c)
}

// pushFrames writes frame n times, batched.
func pushFrames(c *conn, frame []byte, n int) error {
	per := max(1, (64<<10)/len(frame))
	batch := bytes.Repeat(frame, min(per, max(n, 1)))
	for n > 0 {
		k := min(n, per)
		if err := c.writeRaw(batch[:k*len(frame)]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// Frame returns an unmasked, final WebSocket frame (server to client) with opcode and
// payload.
func Frame(opcode byte, payload []byte) []byte {
	n := len(payload)
	b := []byte{0x80 | opcode}
	switch {
	case n <= 125:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126, byte(n>>8), byte(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, payload...)
}

// discard reads until the connection fails or the client closes.
func discard(c *conn) {
	for {
		_, r, err := c.ws.NextReader()
		if err != nil {
			return
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			return
		}
	}
}

// countLoop counts data messages and answers "count?" with the count.
func countLoop(c *conn) {
	var buf bytes.Buffer
	count := 0
	for {
		kind, r, err := c.ws.NextReader()
		if err != nil {
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return
		}
		if kind == websocket.TextMessage && buf.Len() == 6 && buf.String() == "count?" {
			if c.writeText(strconv.Itoa(count)) != nil {
				return
			}
			continue
		}
		count++
	}
}

func (s *Server) sink(c *conn, _ *http.Request) { countLoop(c) }

// JSONDoc is the ~1 KiB JSON document /json sends: an order with a user, items and
// metadata, the shape of an ordinary API message.
func JSONDoc() []byte {
	type item struct {
		SKU   string  `json:"sku"`
		Title string  `json:"title"`
		Qty   int     `json:"qty"`
		Price float64 `json:"price"`
	}
	items := make([]item, 8)
	for i := range items {
		items[i] = item{SKU: fmt.Sprintf("SKU-%05d", 1000+i*37), Title: fmt.Sprintf("Item number %d, blue", i), Qty: 1 + i%3, Price: float64(999+i*350) / 100}
	}
	doc := map[string]any{
		"type":    "order.updated",
		"id":      123456,
		"version": 3,
		"user": map[string]any{
			"id": 42, "name": "Zhang Wei", "email": "zhang.wei@example.com",
			"roles": []string{"customer", "beta"}, "vip": true,
		},
		"items":   items,
		"address": map[string]any{"city": "Shenzhen", "district": "Nanshan", "street": "Keyuan Road 1", "zip": "518057"},
		"tags":    []string{"express", "gift", "weekend"},
		"note":    "Please leave the parcel at the front desk.",
		"meta":    map[string]any{"source": "miniprogram", "ts": 1700000000000, "trace": "3f2a9c1e-77b4-4d2e-9a51-0c6d2b8e1f00"},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

func (s *Server) json(c *conn, r *http.Request) {
	n := intParam(r, "n", 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = pushFrames(c, Frame(websocket.TextMessage, JSONDoc()), n)
	}()
	countLoop(c)
	<-done
}

func (s *Server) hold(c *conn, r *http.Request) {
	group := r.URL.Query().Get("group")
	s.mu.Lock()
	if s.groups[group] == nil {
		s.groups[group] = map[*conn]struct{}{}
	}
	s.groups[group][c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.groups[group], c)
		if len(s.groups[group]) == 0 {
			delete(s.groups, group)
		}
		s.mu.Unlock()
	}()
	discard(c)
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.groups[r.URL.Query().Get("group")])
	s.mu.Unlock()
	fmt.Fprintln(w, n)
}

func (s *Server) release(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var cs []*conn
	for c := range s.groups[r.URL.Query().Get("group")] {
		cs = append(cs, c)
	}
	s.mu.Unlock()
	n := 0
	for _, c := range cs {
		if c.writeText("release") == nil {
			n++
		}
	}
	fmt.Fprintln(w, n)
}

// Stats asks a server at base (http://host:port) how many /hold connections of group are
// open.
func Stats(ctx context.Context, base, group string) (int, error) {
	return get(ctx, base+"/stats?group="+group)
}

// Release asks a server at base to release group's /hold connections, returning how many
// were released.
func Release(ctx context.Context, base, group string) (int, error) {
	return get(ctx, base+"/release?group="+group)
}

func get(ctx context.Context, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", u, resp.Status)
	}
	return strconv.Atoi(string(bytes.TrimSpace(b)))
}

// WaitStats polls Stats until group has want open connections or ctx ends.
func WaitStats(ctx context.Context, base, group string, want int) error {
	for {
		n, err := Stats(ctx, base, group)
		if err == nil && n >= want {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d of %d connections of group %q open: %w", n, want, group, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
