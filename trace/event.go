package trace

import (
	"net/http"
	"time"
)

// Type is what an event is about. Its String is the "type" of the event's JSON line.
type Type uint8

// The event types. The README's "Traces" section lists the fields of each.
const (
	_ Type = iota

	InstanceStart // an instance starts: Name (a test file's path; "" for a run)
	Console       // console output: Name = level (log, info, warn, error, debug, trace, …), Stream, Text
	Error         // an uncaught exception or unhandled rejection: Name = "exception"/"rejection", Text = message, Stack, Origin, Warning
	Timeout       // the run's context ended it: Name = "deadline"/"canceled", Pending
	Exit          // the command ends: Code = its exit status
	Fail          // a wx API call failed: Name = the API, ErrMsg, Errno

	SocketConnect // wx.connectSocket dials: ID, URL, Header, Protocols, ConnectTimeout, NoDelay, Deflate
	SocketOpen    // the handshake succeeded: ID, Header (the response's), Protocol
	SocketSend    // a frame was written: ID, Payload (Kind text, binary or close; Code, Reason for close)
	SocketMessage // a message was received: ID, Payload
	SocketError   // onError: ID, ErrMsg, Code = the HTTP status of a refused handshake
	SocketClose   // the socket ended: ID, Code, Reason (what onClose shows), Name = who closed

	Request     // a wx.request goes out: ID, Method, URL, Header, Payload (the body)
	Response    // its response arrived: ID, Code = status, Header, Payload (the body)
	RequestFail // it failed without a response: ID, ErrMsg, Errno

	App     // an App lifecycle method is called: Name (onLaunch, onShow, onHide), URL = path, Query
	Page    // a page lifecycle method is called: ID, URL = route, Name (onLoad, onShow, onReady, onHide, onUnload), Query
	SetData // a setData call reached the view: ID, URL = route, Text = the changes as JSON

	numTypes
)

var typeNames = [numTypes]string{
	InstanceStart: "instance",
	Console:       "console",
	Error:         "error",
	Timeout:       "timeout",
	Exit:          "exit",
	Fail:          "fail",
	SocketConnect: "socket.connect",
	SocketOpen:    "socket.open",
	SocketSend:    "socket.send",
	SocketMessage: "socket.message",
	SocketError:   "socket.error",
	SocketClose:   "socket.close",
	Request:       "request",
	Response:      "response",
	RequestFail:   "request.fail",
	App:           "app",
	Page:          "page",
	SetData:       "setData",
}

// String returns the type's name in the JSON lines ("socket.message").
func (t Type) String() string {
	if t < numTypes && typeNames[t] != "" {
		return typeNames[t]
	}
	return "unknown"
}

// ParseType returns the Type named s, as String gives it.
func ParseType(s string) (Type, bool) {
	for t, name := range typeNames {
		if name != "" && name == s {
			return Type(t), true
		}
	}
	return 0, false
}

// Types returns every type, in the order of the constants.
func Types() []Type {
	out := make([]Type, 0, numTypes-1)
	for t := Type(1); t < numTypes; t++ {
		out = append(out, t)
	}
	return out
}

// Who closed a socket, in SocketClose's Name.
const (
	ByClient  = "client"  // the script closed it (its close frame went first), or the client failed the connection
	ByServer  = "server"  // the server's close frame came first
	ByNetwork = "network" // the connection broke without a close frame (1006)
	ByWxrun   = "wxrun"   // wxrun ended it: the runtime shut down (1001 to the server), or the app stayed in the background too long
)

// Kinds of Payload.
const (
	KindText   = "text"
	KindBinary = "binary"
	KindClose  = "close"
)

// Payload is a frame or an HTTP body. Text frames and bodies that are valid UTF-8 are in
// Text; others in Data. Size is the length in bytes.
type Payload struct {
	Kind string // KindText, KindBinary or KindClose (a close frame: Code and Reason of the Event)
	Text string
	Data []byte
	Size int
	// Truncated is set on a payload read from a trace file that kept only its first
	// bytes (WriterOptions.PayloadLimit): Size is the whole payload's.
	Truncated bool
}

// TextPayload returns the payload of a text frame.
func TextPayload(s string) Payload { return Payload{Kind: KindText, Text: s, Size: len(s)} }

// BinaryPayload returns the payload of a binary frame. b is referenced, not copied.
func BinaryPayload(b []byte) Payload { return Payload{Kind: KindBinary, Data: b, Size: len(b)} }

// Event is one thing that happened in an instance. Which fields are set depends on Type
// (see the constants). Events are passed by value, so that emitting one allocates nothing
// when the sinks keep nothing.
type Event struct {
	Time     time.Duration // since the tracer's start, on the monotonic clock; set by Emit
	Instance int           // the instance's number (0 for a single run); set by Emit
	Type     Type

	ID     int64  // the socket's, request's or page's number within the instance, from 1
	Name   string // see the types
	URL    string // a socket's or request's URL, a page's route, the app's path
	Method string // a request's method

	Header    http.Header
	Protocols []string // the subprotocols a socket offered
	Protocol  string   // the subprotocol the server selected

	ConnectTimeout time.Duration // SocketConnect: the handshake timeout
	NoDelay        bool          // SocketConnect: tcpNoDelay
	Deflate        bool          // SocketConnect: perMessageDeflate

	Payload Payload

	Stream string // Console: "stdout" or "stderr"
	Text   string // Console: the line(s) printed; Error: the message; SetData: the changes as JSON

	Code   int    // close code, HTTP status, exit status
	Reason string // close reason
	ErrMsg string // what the script sees: onError's errMsg, a fail's errMsg
	Errno  int

	Stack   string // Error: "    at fn (file:line:col)" lines
	Origin  string // Error: the host API call that made a rejected promise
	Warning bool   // Error: reported as a warning (--unhandled-rejections=warn)

	Pending []string          // Timeout: what was still pending
	Query   map[string]string // App, Page: the query
}

// Sink receives events. Event is called synchronously from the goroutine where the event
// happened — the loop goroutine, a socket's reader or writer, a request's goroutine — so
// it must be safe for concurrent use and return quickly. The event, and the slices and
// maps it references, are valid only during the call: a sink that keeps something copies
// it. A sink never sees goja values.
type Sink interface {
	Event(e Event)
}

// Tracer stamps events with the time and the instance and hands them to its sinks. A nil
// *Tracer is valid and drops everything: an instrumentation point checks Enabled (a nil
// comparison) before building an event, so tracing costs nothing when nobody listens.
// Tracers are immutable and safe for concurrent use.
type Tracer struct {
	start    time.Time
	instance int
	sinks    []Sink
}

// New returns a tracer for instance 0 whose event times count from start (which should
// carry a monotonic reading, as time.Now's does), handing events to sinks in order.
func New(start time.Time, sinks ...Sink) *Tracer {
	return &Tracer{start: start, sinks: append([]Sink(nil), sinks...)}
}

// ForInstance returns a tracer for instance i with the same start and sinks. On a nil
// tracer it returns nil.
func (t *Tracer) ForInstance(i int) *Tracer {
	if t == nil {
		return nil
	}
	c := *t
	c.instance = i
	return &c
}

// With returns a tracer with the same start and instance that hands events to t's sinks
// and then to sinks. On a nil tracer it returns a tracer for instance 0 starting now.
func (t *Tracer) With(sinks ...Sink) *Tracer {
	if t == nil {
		return New(time.Now(), sinks...)
	}
	c := *t
	c.sinks = append(append([]Sink(nil), t.sinks...), sinks...)
	return &c
}

// Enabled reports whether events go anywhere.
func (t *Tracer) Enabled() bool { return t != nil }

// Start returns the moment event times count from.
func (t *Tracer) Start() time.Time { return t.start }

// Instance returns the instance number events are stamped with.
func (t *Tracer) Instance() int {
	if t == nil {
		return 0
	}
	return t.instance
}

// Emit stamps e with the time and the instance and hands it to every sink. It does
// nothing on a nil tracer. Safe from any goroutine.
func (t *Tracer) Emit(e Event) {
	if t == nil {
		return
	}
	e.Time = time.Since(t.start)
	e.Instance = t.instance
	for _, s := range t.sinks {
		s.Event(e)
	}
}
