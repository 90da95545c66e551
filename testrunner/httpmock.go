package testrunner

// The Go side of the built-in module "wxrun/http-mock" (js/httpmock.js): real HTTP
// servers on loopback that a test programs from JavaScript — routes, recorded requests,
// status, headers, delays, dropped connections — while the code under test reaches them
// with the real wx.request.
//
// Concurrency: each server has an HTTP server (its own goroutines). A request's handler
// goroutine reads the body, submits the request to the loop, where the test's route
// answers it (at once, or later from a promise), and waits for that answer, the server's
// shutdown or the client going away; then it waits out the answer's delay and writes it.
// No goja value leaves the loop goroutine: bodies cross as copied bytes.

import (
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

//go:embed js/httpmock.js
var httpmockSource string

// HTTPMockModule is the name of the built-in module with the HTTP counterpart of
// jest-websocket-mock, for wx.request: `import HttpMock from 'wxrun/http-mock'`.
const HTTPMockModule = "wxrun/http-mock"

// maxMockBody bounds the request body a mock server reads (wx.request's data is far
// smaller in practice); a larger one is answered 413 and recorded truncated.
const maxMockBody = 10 << 20

// mockHTTP is one server of the module.
type mockHTTP struct {
	f    *fileRun
	srv  *http.Server // serves the listener, which its Close closes
	url  string
	done chan struct{}
	once sync.Once

	mu       sync.Mutex // guards closed and the Add of handlers, against shutdown's Wait
	closed   bool
	handlers sync.WaitGroup

	onRequest goja.Callable // JavaScript: (req, reply) for each request; loop goroutine
}

// mockAnswer is what a route answered, read on the loop and written by the handler.
type mockAnswer struct {
	status int
	header http.Header
	body   []byte
	delay  time.Duration
	drop   bool // close the connection without an answer
}

// httpmockHost returns the object the module's JavaScript calls: listen(url, onRequest).
func (f *fileRun) httpmockHost() goja.Value {
	vm := f.vm
	h := vm.NewObject()
	_ = h.Set("listen", func(rawURL string, onRequest goja.Callable) *goja.Object {
		ln, u, err := listenLoopback(HTTPMockModule, "http", rawURL)
		if err != nil {
			panic(f.jsError("%v", err))
		}
		u.Path, u.RawQuery = strings.TrimSuffix(u.Path, "/"), ""
		m := &mockHTTP{f: f, url: u.String(), done: make(chan struct{}), onRequest: onRequest}
		m.srv = serveMock(ln, m.serve, &m.handlers)
		f.servers = append(f.servers, m.shutdown)
		o := vm.NewObject()
		_ = o.Set("url", m.url)
		_ = o.Set("close", m.shutdown)
		return o
	})
	return h
}

// serve answers one request on its handler goroutine.
func (m *mockHTTP) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		http.Error(w, "wxrun/http-mock: the server is closed", http.StatusServiceUnavailable)
		return
	}
	m.handlers.Add(1)
	m.mu.Unlock()
	defer m.handlers.Done()

	body, err := io.ReadAll(io.LimitReader(r.Body, maxMockBody+1))
	tooLarge := len(body) > maxMockBody
	if tooLarge {
		body = body[:maxMockBody]
	}
	headers := map[string]string{}
	for k, v := range r.Header {
		headers[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	headers["host"] = r.Host
	method, uri := r.Method, r.URL.RequestURI()
	readErr := ""
	if err != nil {
		readErr = err.Error()
	}

	answer := make(chan mockAnswer, 1)
	if !m.f.rt.Submit(func() { m.dispatch(method, uri, headers, body, readErr, answer) }) {
		http.Error(w, "wxrun/http-mock: the test has finished", http.StatusServiceUnavailable)
		return
	}
	var a mockAnswer
	select {
	case a = <-answer:
	case <-m.done:
		return
	case <-r.Context().Done():
		return
	}
	if tooLarge {
		a = mockAnswer{status: http.StatusRequestEntityTooLarge, body: []byte("wxrun/http-mock: the body is larger than 10 MiB\n")}
	}
	if a.delay > 0 {
		t := time.NewTimer(a.delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-m.done:
			return
		case <-r.Context().Done():
			return
		}
	}
	if a.drop {
		// No answer at all: the client sees the connection close (an empty response).
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	for k, vs := range a.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// dispatch hands a request to the test's routes and arranges for their answer to reach
// the handler. Loop goroutine.
func (m *mockHTTP) dispatch(method, uri string, headers map[string]string, body []byte, readErr string, answer chan<- mockAnswer) {
	vm := m.f.vm
	req := vm.NewObject()
	_ = req.Set("method", method)
	_ = req.Set("url", uri)
	_ = req.Set("headers", headers)
	_ = req.Set("body", string(body))
	if readErr != "" {
		_ = req.Set("error", readErr)
	}
	answered := false
	reply := func(v goja.Value) {
		if answered {
			return
		}
		answered = true
		a, err := m.readAnswer(v)
		if err != nil {
			answer <- mockAnswer{status: http.StatusInternalServerError, body: []byte(err.Error() + "\n")}
			panic(m.f.jsError("%v", err))
		}
		answer <- a
	}
	if _, err := m.onRequest(goja.Undefined(), req, vm.ToValue(reply)); err != nil {
		if !answered {
			answered = true
			answer <- mockAnswer{status: http.StatusInternalServerError, body: []byte("wxrun/http-mock: the route threw\n")}
		}
		m.f.rt.ReportError(err)
	}
}

// readAnswer reads what js/httpmock.js made of a route's answer: {status, headers (an
// object of strings), body (a string or an ArrayBuffer), delay (ms), drop}. Loop
// goroutine.
func (m *mockHTTP) readAnswer(v goja.Value) (mockAnswer, error) {
	o, ok := v.(*goja.Object)
	if !ok {
		return mockAnswer{}, fmt.Errorf("%s: an answer must be an object", HTTPMockModule)
	}
	a := mockAnswer{status: int(o.Get("status").ToInteger()), header: http.Header{}}
	if a.status < 100 || a.status > 999 {
		return mockAnswer{}, fmt.Errorf("%s: status %d is not an HTTP status", HTTPMockModule, a.status)
	}
	if h, ok := o.Get("headers").(*goja.Object); ok {
		for _, k := range h.Keys() {
			a.header.Add(k, h.Get(k).String())
		}
	}
	switch b := o.Get("body").Export().(type) {
	case string:
		a.body = []byte(b)
	case goja.ArrayBuffer:
		a.body = append([]byte(nil), b.Bytes()...) // the handler goroutine writes it
	}
	a.delay = time.Duration(o.Get("delay").ToFloat() * float64(time.Millisecond))
	a.drop = o.Get("drop").ToBoolean()
	return a, nil
}

// shutdown closes the server and its connections and waits for its goroutines; requests
// still waiting for an answer get none. Idempotent; loop goroutine.
func (m *mockHTTP) shutdown() {
	m.once.Do(func() {
		m.mu.Lock()
		m.closed = true
		close(m.done)
		m.mu.Unlock()
		_ = m.srv.Close()
		m.handlers.Wait()
	})
}
