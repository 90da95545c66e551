package trace

import (
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ShowOptions select and format what Show prints.
type ShowOptions struct {
	Instances []int    // only these instances; nil: all
	Types     []string // only these types: a name ("socket.message") or its family ("socket"); nil: all
	Color     bool     // ANSI colours, for a terminal
	Full      bool     // payloads and setData in full instead of cut to one short line
}

// CheckTypes returns an error naming the first of types that is neither an event type nor
// a family of them ("socket", "request").
func CheckTypes(types []string) error {
	for _, t := range types {
		if !typeMatches(t) {
			names := make([]string, 0, numTypes)
			for _, x := range Types() {
				names = append(names, x.String())
			}
			return fmt.Errorf("unknown event type %q (types: %s; or a family: socket, request)", t, strings.Join(names, ", "))
		}
	}
	return nil
}

func typeMatches(filter string) bool {
	for _, t := range Types() {
		if matchType(filter, t.String()) {
			return true
		}
	}
	return false
}

// matchType reports whether the type name matches filter: equal, or filter is its family
// ("socket" for "socket.open"; "request" for "request", "request.fail" and "response").
func matchType(filter, name string) bool {
	if filter == name || strings.HasPrefix(name, filter+".") {
		return true
	}
	return filter == "request" && name == "response"
}

func (o *ShowOptions) keep(e *Event) bool {
	if o.Instances != nil && !slices.Contains(o.Instances, e.Instance) {
		return false
	}
	if o.Types == nil {
		return true
	}
	for _, f := range o.Types {
		if matchType(f, e.Type.String()) {
			return true
		}
	}
	return false
}

// ANSI styles of the timeline.
const (
	styleReset   = "\x1b[0m"
	styleDim     = "\x1b[2m"
	styleRed     = "\x1b[31m"
	styleGreen   = "\x1b[32m"
	styleYellow  = "\x1b[33m"
	styleBlue    = "\x1b[34m"
	styleMagenta = "\x1b[35m"
	styleCyan    = "\x1b[36m"
	styleBold    = "\x1b[1m"
)

// previewLen is how much of a payload a timeline line shows without ShowOptions.Full.
const previewLen = 120

// Show reads the trace from r (named name in errors) and prints it to w as a timeline,
// one event a line (an error's stack, and console output of several lines, continue on
// indented lines):
//
//	0.012345  #0  socket 1   ← text 17 B  {"type":"pong"}
//
// time in seconds since the trace started, the instance, then what happened. A file cut
// short by a crash is printed up to its last complete line, followed by a note.
func Show(w io.Writer, r io.Reader, name string, o ShowOptions) error {
	tr, err := NewReader(r, name)
	if err != nil {
		return err
	}
	p := printer{w: w, o: o}
	h := tr.Header()
	p.note(fmt.Sprintf("trace of %s, started %s", orUnknown(h.Wxrun), h.Start.Local().Format(time.DateTime+".000")))
	for {
		rec, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if rec.Type == 0 || !o.keep(&rec.Event) {
			continue
		}
		p.event(&rec.Event)
	}
	if tr.Partial() {
		p.note("the file ends in a line cut short (the run crashed or was killed); it was skipped")
	}
	return p.err
}

func orUnknown(v string) string {
	switch {
	case v == "":
		return "wxrun"
	case strings.HasPrefix(v, "wxrun"):
		return v
	}
	return "wxrun " + v
}

type printer struct {
	w   io.Writer
	o   ShowOptions
	b   []byte
	err error
}

func (p *printer) style(s string) string {
	if p.o.Color {
		return s
	}
	return ""
}

func (p *printer) reset() string { return p.style(styleReset) }

func (p *printer) note(s string) {
	p.write(p.style(styleDim) + "# " + s + p.reset() + "\n")
}

func (p *printer) write(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

// event prints one event: the time, the instance, a label in the type's colour, the
// details, and continuation lines.
func (p *printer) event(e *Event) {
	label, detail, more, color := describe(e, p.o.Full)
	secs := strconv.FormatFloat(e.Time.Seconds(), 'f', 6, 64)
	var b strings.Builder
	b.WriteString(p.style(styleDim))
	fmt.Fprintf(&b, "%11s  #%-3d", secs, e.Instance)
	b.WriteString(p.reset())
	b.WriteString(" ")
	b.WriteString(p.style(color))
	if detail == "" {
		b.WriteString(label)
	} else {
		fmt.Fprintf(&b, "%-18s", label)
	}
	b.WriteString(p.reset())
	if detail != "" {
		b.WriteString(" ")
		b.WriteString(detail)
	}
	b.WriteString("\n")
	for _, line := range more {
		b.WriteString(strings.Repeat(" ", 37))
		b.WriteString(p.style(styleDim))
		b.WriteString(line)
		b.WriteString(p.reset())
		b.WriteString("\n")
	}
	p.write(b.String())
}

// describe returns the label, the one-line detail, continuation lines and the colour of
// an event.
func describe(e *Event, full bool) (label, detail string, more []string, color string) {
	id := strconv.FormatInt(e.ID, 10)
	switch e.Type {
	case InstanceStart:
		return "instance", e.Name, nil, styleBold
	case Console:
		lines := strings.Split(e.Text, "\n")
		color = ""
		if e.Stream == "stderr" {
			color = styleYellow
		}
		return "console." + e.Name, lines[0], lines[1:], color
	case Error:
		prefix := "Uncaught "
		if e.Name == "rejection" {
			prefix = "Uncaught (in promise) "
		}
		if e.Warning {
			prefix = "Warning: " + prefix
		}
		lines := strings.Split(e.Text, "\n")
		more = lines[1:]
		if e.Stack != "" {
			more = append(more, strings.Split(e.Stack, "\n")...)
		}
		if e.Origin != "" {
			more = append(more, "    from "+e.Origin)
		}
		return "error", prefix + lines[0], more, styleRed
	case Timeout:
		d := e.Name
		if len(e.Pending) > 0 {
			d += "; pending: " + strings.Join(e.Pending, ", ")
		}
		return "timeout", d, nil, styleYellow
	case Exit:
		return "exit", "status " + strconv.Itoa(e.Code), nil, styleBold
	case Fail:
		d := e.ErrMsg
		if e.Errno != 0 {
			d += " (errno " + strconv.Itoa(e.Errno) + ")"
		}
		return "fail", d, nil, styleRed
	case SocketConnect:
		d := e.URL
		if len(e.Protocols) > 0 {
			d += "  protocols " + strings.Join(e.Protocols, ", ")
		}
		return "socket " + id + " connect", d, nil, styleCyan
	case SocketOpen:
		d := ""
		if e.Protocol != "" {
			d = "protocol " + e.Protocol
		}
		return "socket " + id + " open", d, nil, styleCyan
	case SocketSend:
		return "socket " + id + " →", frame(e, full), nil, styleCyan
	case SocketMessage:
		return "socket " + id + " ←", frame(e, full), nil, styleCyan
	case SocketError:
		d := e.ErrMsg
		if e.Code != 0 {
			d += " (HTTP " + strconv.Itoa(e.Code) + ")"
		}
		return "socket " + id + " error", d, nil, styleRed
	case SocketClose:
		return "socket " + id + " close", closeText(e.Code, e.Reason) + " (by " + e.Name + ")", nil, styleCyan
	case Request:
		return "request " + id + " →", e.Method + " " + e.URL + body(&e.Payload, full), nil, styleGreen
	case Response:
		return "request " + id + " ←", strconv.Itoa(e.Code) + body(&e.Payload, full), nil, styleGreen
	case RequestFail:
		return "request " + id + " fail", e.ErrMsg, nil, styleRed
	case App:
		return "app " + e.Name, e.URL + query(e.Query), nil, styleBlue
	case Page:
		return "page " + id + " " + e.Name, e.URL + query(e.Query), nil, styleBlue
	case SetData:
		return "setData page " + id, e.URL + " " + preview(e.Text, full), nil, styleMagenta
	}
	return e.Type.String(), "", nil, ""
}

func closeText(code int, reason string) string {
	if reason == "" {
		return strconv.Itoa(code)
	}
	return strconv.Itoa(code) + " " + strconv.Quote(reason)
}

// frame describes a frame: "text 5 B  hello", "binary 3 B  010203", "close 1000 \"bye\"".
func frame(e *Event, full bool) string {
	if e.Payload.Kind == KindClose {
		return "close " + closeText(e.Code, e.Reason)
	}
	if e.Payload.Size == 0 {
		return e.Payload.Kind + " 0 B"
	}
	return e.Payload.Kind + " " + strconv.Itoa(e.Payload.Size) + " B  " + payloadPreview(&e.Payload, full)
}

func body(p *Payload, full bool) string {
	if p.Size == 0 {
		return ""
	}
	return "  " + strconv.Itoa(p.Size) + " B  " + payloadPreview(p, full)
}

func payloadPreview(p *Payload, full bool) string {
	var s string
	if p.Data != nil || p.Kind == KindBinary {
		s = hex.EncodeToString(p.Data)
		if !full && len(s) > previewLen {
			return s[:previewLen] + "…"
		}
	} else {
		s = preview(p.Text, full)
	}
	if p.Truncated {
		s += " (cut in the trace)"
	}
	return s
}

// preview makes text fit one line: newlines shown as ⏎, cut to previewLen characters
// unless full.
func preview(s string, full bool) string {
	s = strings.ReplaceAll(s, "\n", "⏎")
	if !full && len([]rune(s)) > previewLen {
		return string([]rune(s)[:previewLen]) + "…"
	}
	return s
}

func query(q map[string]string) string {
	if len(q) == 0 {
		return ""
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i == 0 {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		b.WriteString(k + "=" + q[k])
	}
	return b.String()
}
