package trace

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// Header is the first line of a trace file.
type Header struct {
	Schema       string    `json:"schema"`
	Version      int       `json:"version"`
	Start        time.Time `json:"start"`
	Wxrun        string    `json:"wxrun"`
	PayloadLimit int       `json:"payloadLimit"`
}

// Record is an event as read from a trace file: the Event and the line it was on.
type Record struct {
	Event
	Line int
}

// Reader reads a trace file: its header, then its events in order.
type Reader struct {
	name    string
	r       *bufio.Reader
	line    int
	header  Header
	partial bool
}

// FormatError is a trace file that cannot be read: not a trace, a schema version newer
// than this program reads, or a line that is not an event.
type FormatError struct {
	Name string // the file's name
	Line int    // 0: the file as a whole
	Msg  string
}

func (e *FormatError) Error() string {
	if e.Line == 0 {
		return e.Name + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
}

// NewReader reads the header from r, whose name (a file name) is used in errors. It
// fails with a *FormatError for anything but a wxrun trace of a version it reads.
func NewReader(r io.Reader, name string) (*Reader, error) {
	tr := &Reader{name: name, r: bufio.NewReaderSize(r, 64<<10)}
	line, err := tr.readLine()
	if err == io.EOF {
		return nil, &FormatError{Name: name, Msg: "empty file: not a wxrun trace"}
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(line, &tr.header); err != nil || tr.header.Schema != Schema {
		return nil, &FormatError{Name: name, Line: 1, Msg: `not a wxrun trace: the first line does not name the schema "` + Schema + `"`}
	}
	if tr.header.Version > SchemaVersion || tr.header.Version < 1 {
		return nil, &FormatError{Name: name, Line: 1, Msg: fmt.Sprintf("trace schema version %d: this wxrun reads version %d", tr.header.Version, SchemaVersion)}
	}
	return tr, nil
}

// Header returns the file's first line.
func (r *Reader) Header() Header { return r.header }

// Partial reports whether the file ended in a line cut short (a run that crashed or was
// killed), which Next skipped.
func (r *Reader) Partial() bool { return r.partial }

// readLine returns the next line without its newline, io.EOF at the end. A last line
// without a newline that is not valid JSON is a line cut short by a crash: it is dropped
// and the reader is marked partial.
func (r *Reader) readLine() ([]byte, error) {
	for {
		line, err := r.r.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, err
		}
		if len(line) == 0 && err == io.EOF {
			return nil, io.EOF
		}
		r.line++
		complete := err == nil
		line = bytes.TrimRight(line, "\r\n")
		if !complete && !json.Valid(line) {
			r.partial = true
			return nil, io.EOF
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		return line, nil
	}
}

// record is the JSON of every event type, merged: each type uses some of the fields.
type record struct {
	T    int64  `json:"t"`
	I    int    `json:"i"`
	Type string `json:"type"`
	ID   int64  `json:"id"`

	Name, Level, Stream, Text, Kind, Message, Stack, Origin, Cause, API string
	ErrMsg                                                              string `json:"errMsg"`
	URL                                                                 string `json:"url"`
	Method, Protocol, Reason, By, Route, Path, Base64                   string
	Code, Status, Errno, Size                                           int
	Truncated, Warning                                                  bool
	Header                                                              map[string][]string
	Protocols, Pending                                                  []string
	Timeout                                                             int64
	TCPNoDelay                                                          bool `json:"tcpNoDelay"`
	PerMessageDeflate                                                   bool `json:"perMessageDeflate"`
	Query                                                               map[string]string
	Data                                                                json.RawMessage
}

// Next returns the next event, io.EOF after the last. An event of a type this program
// does not know is returned with Type 0 (its line is still counted), so that newer files
// stay readable.
func (r *Reader) Next() (Record, error) {
	line, err := r.readLine()
	if err != nil {
		return Record{}, err
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return Record{}, &FormatError{Name: r.name, Line: r.line, Msg: "not an event: " + err.Error()}
	}
	e, err := rec.event()
	if err != nil {
		return Record{}, &FormatError{Name: r.name, Line: r.line, Msg: err.Error()}
	}
	return Record{Event: e, Line: r.line}, nil
}

// event converts the JSON form back to an Event, inverting appendEvent.
func (rec *record) event() (Event, error) {
	t, _ := ParseType(rec.Type)
	e := Event{Time: time.Duration(rec.T) * time.Microsecond, Instance: rec.I, Type: t, ID: rec.ID}
	var err error
	if rec.Header != nil {
		e.Header = http.Header(rec.Header)
	}
	switch t {
	case InstanceStart:
		e.Name = rec.Name
	case Console:
		e.Name, e.Stream, e.Text = rec.Level, rec.Stream, rec.Text
	case Error:
		e.Name, e.Text, e.Stack, e.Origin, e.Warning = rec.Kind, rec.Message, rec.Stack, rec.Origin, rec.Warning
	case Timeout:
		e.Name, e.Pending = rec.Cause, rec.Pending
	case Exit:
		e.Code = rec.Code
	case Fail:
		e.Name, e.ErrMsg, e.Errno = rec.API, rec.ErrMsg, rec.Errno
	case SocketConnect:
		e.URL, e.Protocols = rec.URL, rec.Protocols
		e.ConnectTimeout = time.Duration(rec.Timeout) * time.Millisecond
		e.NoDelay, e.Deflate = rec.TCPNoDelay, rec.PerMessageDeflate
	case SocketOpen:
		e.Protocol = rec.Protocol
	case SocketSend, SocketMessage:
		if rec.Kind == KindClose {
			e.Payload.Kind, e.Code, e.Reason = KindClose, rec.Code, rec.Reason
			break
		}
		e.Payload, err = rec.payload()
	case SocketError:
		e.ErrMsg, e.Code = rec.ErrMsg, rec.Status
	case SocketClose:
		e.Code, e.Reason, e.Name = rec.Code, rec.Reason, rec.By
	case Request, Response:
		e.Method, e.URL = rec.Method, rec.URL
		if t == Response {
			e.Code = rec.Status
		}
		e.Payload, err = rec.payload()
	case RequestFail:
		e.ErrMsg, e.Errno = rec.ErrMsg, rec.Errno
	case App:
		e.Name, e.URL, e.Query = rec.Name, rec.Path, rec.Query
	case Page:
		e.Name, e.URL, e.Query = rec.Name, rec.Route, rec.Query
	case SetData:
		e.URL, e.Text = rec.Route, string(rec.Data)
	}
	return e, err
}

func (rec *record) payload() (Payload, error) {
	p := Payload{Kind: rec.Kind, Size: rec.Size, Truncated: rec.Truncated}
	switch rec.Kind {
	case KindBinary:
		data, err := base64.StdEncoding.DecodeString(rec.Base64)
		if err != nil {
			return p, errors.New("bad base64 payload: " + err.Error())
		}
		p.Data = data
	default:
		p.Kind, p.Text = KindText, rec.Text
	}
	return p, nil
}

// ReadFile reads the whole trace file at path: its header and its events. Partial
// reports a last line cut short by a crash, which is left out.
func ReadFile(path string) (h Header, events []Record, partial bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return h, nil, false, err
	}
	defer f.Close()
	r, err := NewReader(f, path)
	if err != nil {
		return h, nil, false, err
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return r.Header(), events, r.Partial(), nil
		}
		if err != nil {
			return r.Header(), events, r.Partial(), err
		}
		events = append(events, rec)
	}
}
