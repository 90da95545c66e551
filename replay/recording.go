package replay

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/trace"
)

// Recording is the network side of one instance of a recorded run: for each socket it
// dialled, in order, what the server did and what the client sent; for each request it
// made, the response or failure. It is immutable: each Session replays it afresh.
type Recording struct {
	name     string                   // the trace file's name, for reports
	sockets  map[string][]*sockScript // by URL, in the order they were dialled
	requests map[string][]*exchange   // by method and URL (requestKey), in the order they were made
	order    []any                    // every socket and exchange, in the trace's order
}

// sockScript is one recorded socket: how its handshake went and, once open, its steps.
type sockScript struct {
	url     string
	id      int64 // in the trace
	line    int   // of its connect event
	connect time.Duration

	outcome   outcome
	status    int           // refused: the HTTP status
	dialError string        // failed: the dial's error text, without "exception "
	header    http.Header   // open: the response headers
	protocol  string        // open: the subprotocol the server selected
	answered  time.Duration // when the handshake was answered (opened, refused) or the dial failed

	steps []step

	undialled bool // refused by the domain list before any dial
}

type outcome int

const (
	stalled outcome = iota // no answer: the handshake timed out, was cancelled, or the run ended first
	opened
	refused // an HTTP status instead of 101
	failed  // the dial itself failed
)

// step is one thing on an open connection, in recorded order.
type step struct {
	kind   stepKind
	frame  trace.Payload // clientFrame, serverFrame: the frame (a close frame: Kind close)
	code   int           // close frames: code; answer: the final close
	reason string
	at     time.Duration // recorded time, for --replay-timing
	line   int
}

type stepKind int

const (
	serverFrame stepKind = iota // the server sends frame
	clientFrame                 // the client sends frame (data or close): expected
	serverClose                 // the server sends a close frame code/reason, then waits for the answer
	serverDrop                  // the connection breaks without a close frame
	answerClose                 // the server answers the client's close frame with code/reason
	noAnswer                    // the server never answers the client's close frame
)

// exchange is one recorded wx.request.
type exchange struct {
	method, url string
	id          int64
	line        int
	body        trace.Payload
	at          time.Duration

	answered bool // a response or a failure was recorded
	status   int
	header   http.Header
	respBody trace.Payload
	failure  string // the errMsg without its "<api>:fail " prefix; "" when answered with a response
	errno    int
	answerAt time.Duration
}

// failReason is a recorded failure's errMsg without the "<api>:fail " the replayed call
// adds again — "request:fail ", "downloadFile:fail ", "uploadFile:fail " — and never "",
// which would read as answered with a response.
func failReason(errMsg string) string {
	if api, reason, ok := strings.Cut(errMsg, ":fail "); ok && api != "" && !strings.ContainsAny(api, " :") && reason != "" {
		return reason
	}
	return errMsg
}

// requestKey is how requests are matched: the method and the URL as net/http writes it.
func requestKey(method, rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		rawURL = u.String()
	}
	return strings.ToUpper(method) + " " + rawURL
}

// domainRejected reports an onError text that the client decides before it dials (the
// domain list, a malformed URL): such a socket never reaches the network, in the
// recording as in the replay.
func domainRejected(errMsg string) bool {
	return strings.HasSuffix(errMsg, "url not in domain list") || errMsg == "url not well format"
}

// New builds the recording of instance of the events (a trace file's, in order); name
// names the file in reports. It fails when a payload — a frame, a request's or a
// response's body — was cut short in the trace (its payload limit was too small).
func New(name string, events []trace.Record, instance int) (*Recording, error) {
	r := &Recording{name: name, sockets: map[string][]*sockScript{}, requests: map[string][]*exchange{}}
	socks := map[int64]*sockScript{}
	reqs := map[int64]*exchange{}
	for _, rec := range events {
		e := &rec.Event
		if e.Instance != instance {
			continue
		}
		// Frames and bodies are sent again or compared: each must be whole.
		if e.Payload.Truncated {
			return nil, fmt.Errorf("%s:%d: the trace kept only the start of this payload, which a replay needs whole: record again with a larger --trace-max-payload", name, rec.Line)
		}
		switch e.Type {
		case trace.SocketConnect:
			s := &sockScript{url: e.URL, id: e.ID, line: rec.Line, connect: e.Time}
			socks[e.ID] = s
			r.sockets[e.URL] = append(r.sockets[e.URL], s)
			r.order = append(r.order, s)
		case trace.Request:
			x := &exchange{method: e.Method, url: e.URL, id: e.ID, line: rec.Line, body: e.Payload, at: e.Time}
			reqs[e.ID] = x
			k := requestKey(e.Method, e.URL)
			r.requests[k] = append(r.requests[k], x)
			r.order = append(r.order, x)
		case trace.Response, trace.RequestFail:
			x := reqs[e.ID]
			if x == nil {
				continue
			}
			x.answered, x.answerAt = true, e.Time
			if e.Type == trace.Response {
				x.status, x.header, x.respBody = e.Code, e.Header, e.Payload
			} else {
				x.failure, x.errno = failReason(e.ErrMsg), e.Errno
			}
		default:
			s := socks[e.ID]
			if s == nil {
				continue
			}
			s.add(rec)
		}
	}
	// Sockets the domain list refused were never dialled: they are no part of the replay.
	for u, list := range r.sockets {
		r.sockets[u] = slices.DeleteFunc(list, func(s *sockScript) bool { return s.undialled })
	}
	r.order = slices.DeleteFunc(r.order, func(x any) bool {
		s, ok := x.(*sockScript)
		return ok && s.undialled
	})
	return r, nil
}

// add folds one event of the socket into its script.
func (s *sockScript) add(rec trace.Record) {
	e := &rec.Event
	switch e.Type {
	case trace.SocketOpen:
		s.outcome, s.header, s.protocol, s.answered = opened, e.Header, e.Protocol, e.Time
	case trace.SocketMessage, trace.SocketSend:
		kind := serverFrame
		if e.Type == trace.SocketSend {
			kind = clientFrame
		}
		s.steps = append(s.steps, step{kind: kind, frame: e.Payload, code: e.Code, reason: e.Reason, at: e.Time, line: rec.Line})
	case trace.SocketError:
		if s.outcome == opened {
			return // the close that follows says how it ended
		}
		switch {
		case domainRejected(e.ErrMsg):
			s.undialled = true
		case e.ErrMsg == "Invalid HTTP status":
			s.outcome, s.status, s.answered = refused, e.Code, e.Time
		case strings.HasPrefix(e.ErrMsg, "exception "):
			s.outcome, s.dialError, s.answered = failed, strings.TrimPrefix(e.ErrMsg, "exception "), e.Time
		}
		// Anything else before the open (a timeout, an abort) is a handshake that never
		// completed: stalled.
	case trace.SocketClose:
		if s.outcome != opened {
			return
		}
		st := step{code: e.Code, reason: e.Reason, at: e.Time, line: rec.Line}
		switch e.Name {
		case trace.ByServer:
			st.kind = serverClose
		case trace.ByNetwork:
			st.kind = serverDrop
		case trace.ByClient:
			st.kind = answerClose
			if e.Code == websocket.CloseAbnormalClosure {
				st.kind = noAnswer // the server never answered the client's close frame
			}
		default: // wxrun: the client's 1001 is the last frame; the server need not answer
			return
		}
		s.steps = append(s.steps, st)
	}
}

// describe says what a step is, for reports: "the client sends text \"ping\"".
func (st *step) describe() string {
	switch st.kind {
	case serverFrame:
		return "the server sends " + framePhrase(st.frame, st.code, st.reason)
	case clientFrame:
		return "the client sends " + framePhrase(st.frame, st.code, st.reason)
	case serverClose:
		return "the server closes with " + closePhrase(st.code, st.reason)
	case serverDrop:
		return "the connection breaks"
	case answerClose:
		return "the server answers the close with " + closePhrase(st.code, st.reason)
	}
	return "the server does not answer the close"
}

// framePhrase describes a frame: text "ping", binary 3 bytes 0102ff, close 1000 "bye".
func framePhrase(p trace.Payload, code int, reason string) string {
	switch p.Kind {
	case trace.KindClose:
		return "close " + closePhrase(code, reason)
	case trace.KindBinary:
		const show = 32
		data := p.Data
		more := ""
		if len(data) > show {
			data, more = data[:show], "…"
		}
		return fmt.Sprintf("binary %d bytes %x%s", p.Size, data, more)
	}
	text := p.Text
	if len([]rune(text)) > 200 {
		text = string([]rune(text)[:200]) + "…"
	}
	return "text " + strconv.Quote(text)
}

func closePhrase(code int, reason string) string {
	if reason == "" {
		return strconv.Itoa(code)
	}
	return strconv.Itoa(code) + " " + strconv.Quote(reason)
}

// sameFrame reports whether a frame the client sent is the recorded one.
func sameFrame(want trace.Payload, wantCode int, wantReason string, got trace.Payload, gotCode int, gotReason string) bool {
	if want.Kind != got.Kind {
		return false
	}
	switch want.Kind {
	case trace.KindClose:
		return wantCode == gotCode && wantReason == gotReason
	case trace.KindBinary:
		return bytes.Equal(want.Data, got.Data)
	}
	return want.Text == got.Text
}
