package wstest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HTTP scenarios: plain HTTP requests (not WebSocket handshakes) under /http/ are
// answered by these handlers (and /status/NNN answers any status code), for testing HTTP clients such as wx.request against the
// same server (and the same certificate) as the WebSocket scenarios:
//
//	/http/echo              answer 200 with the request as JSON (see HTTPEcho)
//	/http/body?text=T&type=CT&status=N
//	                        answer with body T and content type CT (text/plain)
//	/http/bytes?n=N         answer N bytes, byte i being i%256
//	/http/redirect?to=URL&code=C
//	                        redirect (302) to URL
//	/http/loop              redirect to itself, forever
//	/http/stall?ms=M&key=K  wait M ms (forever without ms) or until the client or
//	                        the server goes away, then answer "ok"; with key, count
//	                        the requests of that key waiting at once (/http/max)
//	/http/max?key=K         answer the most requests of key K that ever waited at
//	                        once in /http/stall, as a number
//	/http/chunks?n=N&ms=M   send N chunks "chunk I\n", flushed one by one, M ms
//	                        apart (N=3)
//	/http/headers-stall     send the headers (X-Stage: headers), then stall as
//	                        /http/stall does
//	/http/cookies           set two cookies: a=1 and b=2; Path=/; HttpOnly
//	/http/drop              close the connection without answering
//	/http/cut?n=N           announce 1000 bytes, send N of them, close
//	/http/upload            parse a multipart/form-data request and answer with what
//	                        arrived as JSON (see HTTPUpload)
//
// HTTPEcho is the JSON the echo scenario answers with.
type HTTPEcho struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  string            `json:"query"`  // the raw query, as sent
	Header map[string]string `json:"header"` // canonical name → the values joined with ", "
	Body   string            `json:"body"`   // as text
	Base64 string            `json:"base64"` // the body's bytes, in base64
	Host   string            `json:"host"`
	Proto  string            `json:"proto"`
}

// HTTPUpload is the JSON the upload scenario answers with: what a multipart/form-data
// request carried, as the server parsed it.
type HTTPUpload struct {
	Method      string            `json:"method"`
	ContentType string            `json:"contentType"` // the request's, without its boundary
	Header      map[string]string `json:"header"`
	Fields      map[string]string `json:"fields"` // the parts without a file name
	Files       []HTTPUploadFile  `json:"files"`  // the parts with one, in order
	Error       string            `json:"error,omitempty"`
}

// HTTPUploadFile is one file part of an upload.
type HTTPUploadFile struct {
	Field       string `json:"field"`
	FileName    string `json:"fileName"`
	ContentType string `json:"contentType"`
	Size        int    `json:"size"`
	Base64      string `json:"base64"`
}

// stallCounts tracks /http/stall's concurrency per key.
type stallCounts struct {
	mu        sync.Mutex
	now, most map[string]int
}

func (c *stallCounts) enter(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now == nil {
		c.now, c.most = map[string]int{}, map[string]int{}
	}
	c.now[key]++
	c.most[key] = max(c.most[key], c.now[key])
}

func (c *stallCounts) leave(key string) {
	c.mu.Lock()
	c.now[key]--
	c.mu.Unlock()
}

func (c *stallCounts) max(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.most[key]
}

// serveHTTPScenario answers a plain HTTP request under /http/.
func (s *Server) serveHTTPScenario(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	path := strings.TrimPrefix(r.URL.Path, "/http")
	switch {
	case path == "/echo":
		body, _ := io.ReadAll(r.Body)
		e := HTTPEcho{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: map[string]string{},
			Body: string(body), Base64: base64.StdEncoding.EncodeToString(body), Host: r.Host, Proto: r.Proto}
		for k, v := range r.Header {
			e.Header[k] = strings.Join(v, ", ")
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(e)
	case path == "/body":
		status := http.StatusOK
		if v := q.Get("status"); v != "" {
			status, _ = strconv.Atoi(v)
		}
		ct := q.Get("type")
		if ct == "" {
			ct = "text/plain"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		io.WriteString(w, q.Get("text"))
	case path == "/bytes":
		n, _ := strconv.Atoi(q.Get("n"))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(n))
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(i)
		}
		_, _ = w.Write(buf)
	case path == "/redirect":
		code := http.StatusFound
		if v := q.Get("code"); v != "" {
			code, _ = strconv.Atoi(v)
		}
		http.Redirect(w, r, q.Get("to"), code)
	case path == "/loop":
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	case path == "/stall":
		s.stall(w, r, q)
		io.WriteString(w, "ok")
	case path == "/max":
		fmt.Fprint(w, s.stalls.max(q.Get("key")))
	case path == "/chunks":
		n, ms := 3, 0
		if v := q.Get("n"); v != "" {
			n, _ = strconv.Atoi(v)
		}
		ms, _ = strconv.Atoi(q.Get("ms"))
		w.Header().Set("Content-Type", "text/plain")
		for i := range n {
			if i > 0 && !s.wait(r.Context(), time.Duration(ms)*time.Millisecond) {
				return
			}
			fmt.Fprintf(w, "chunk %d\n", i)
			w.(http.Flusher).Flush()
		}
	case path == "/headers-stall":
		w.Header().Set("X-Stage", "headers")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		s.stall(w, r, q)
	case path == "/cookies":
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2; Path=/; HttpOnly")
		io.WriteString(w, "cookies")
	case path == "/drop":
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
	case path == "/cut":
		n, _ := strconv.Atoi(q.Get("n"))
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n%s", strings.Repeat("x", n))
		buf.Flush()
		conn.Close()
	case path == "/upload":
		u := HTTPUpload{Method: r.Method, Header: map[string]string{}, Fields: map[string]string{}, Files: []HTTPUploadFile{}}
		for k, v := range r.Header {
			u.Header[k] = strings.Join(v, ", ")
		}
		u.ContentType, _, _ = mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mr, err := r.MultipartReader(); err != nil {
			u.Error = err.Error()
		} else {
			for {
				part, err := mr.NextPart()
				if err != nil {
					if err != io.EOF {
						u.Error = err.Error()
					}
					break
				}
				data, _ := io.ReadAll(part)
				if part.FileName() == "" {
					u.Fields[part.FormName()] = string(data)
					continue
				}
				u.Files = append(u.Files, HTTPUploadFile{Field: part.FormName(), FileName: part.FileName(),
					ContentType: part.Header.Get("Content-Type"), Size: len(data), Base64: base64.StdEncoding.EncodeToString(data)})
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(u)
	default:
		http.Error(w, "wstest: no HTTP scenario at "+r.URL.Path, http.StatusNotFound)
	}
}

// stall waits as /http/stall does.
func (s *Server) stall(w http.ResponseWriter, r *http.Request, q map[string][]string) {
	key := ""
	if v := q["key"]; len(v) > 0 {
		key = v[0]
		s.stalls.enter(key)
		defer s.stalls.leave(key)
	}
	d := 24 * time.Hour
	if v := q["ms"]; len(v) > 0 {
		ms, _ := strconv.Atoi(v[0])
		d = time.Duration(ms) * time.Millisecond
	}
	s.wait(r.Context(), d)
}
