package trace

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendEvent appends e as one JSON object (no newline). Payloads longer than limit
// bytes (limit > 0) are cut to limit and marked "truncated". The layout is the README's
// schema: "t" (microseconds), "i", "type", then the type's fields in a fixed order.
func appendEvent(b []byte, e *Event, limit int) []byte {
	b = append(b, `{"t":`...)
	b = strconv.AppendInt(b, int64(e.Time/time.Microsecond), 10)
	b = append(b, `,"i":`...)
	b = strconv.AppendInt(b, int64(e.Instance), 10)
	b = appendKeyString(b, "type", e.Type.String())
	switch e.Type {
	case InstanceStart:
		b = appendKeyString(b, "name", e.Name)
	case Console:
		b = appendKeyString(b, "level", e.Name)
		b = appendKeyString(b, "stream", e.Stream)
		b = appendKeyString(b, "text", e.Text)
	case Error:
		b = appendKeyString(b, "kind", e.Name)
		b = appendKeyString(b, "message", e.Text)
		b = appendKeyString(b, "stack", e.Stack)
		if e.Origin != "" {
			b = appendKeyString(b, "origin", e.Origin)
		}
		if e.Warning {
			b = append(b, `,"warning":true`...)
		}
	case Timeout:
		b = appendKeyString(b, "cause", e.Name)
		b = appendKeyStrings(b, "pending", e.Pending)
	case Exit:
		b = appendKeyInt(b, "code", int64(e.Code))
	case Fail:
		b = appendKeyString(b, "api", e.Name)
		b = appendKeyString(b, "errMsg", e.ErrMsg)
		if e.Errno != 0 {
			b = appendKeyInt(b, "errno", int64(e.Errno))
		}
	case SocketConnect:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyString(b, "url", e.URL)
		b = appendKeyHeader(b, "header", e.Header)
		b = appendKeyStrings(b, "protocols", e.Protocols)
		b = appendKeyInt(b, "timeout", e.ConnectTimeout.Milliseconds())
		b = appendKeyBool(b, "tcpNoDelay", e.NoDelay)
		b = appendKeyBool(b, "perMessageDeflate", e.Deflate)
	case SocketOpen:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyHeader(b, "header", e.Header)
		b = appendKeyString(b, "protocol", e.Protocol)
	case SocketSend, SocketMessage:
		b = appendKeyInt(b, "id", e.ID)
		if e.Payload.Kind == KindClose {
			b = appendKeyString(b, "kind", KindClose)
			b = appendKeyInt(b, "code", int64(e.Code))
			b = appendKeyString(b, "reason", e.Reason)
		} else {
			b = appendPayload(b, &e.Payload, limit)
		}
	case SocketError:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyString(b, "errMsg", e.ErrMsg)
		if e.Code != 0 {
			b = appendKeyInt(b, "status", int64(e.Code))
		}
	case SocketClose:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyInt(b, "code", int64(e.Code))
		b = appendKeyString(b, "reason", e.Reason)
		b = appendKeyString(b, "by", e.Name)
	case Request:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyString(b, "method", e.Method)
		b = appendKeyString(b, "url", e.URL)
		b = appendKeyHeader(b, "header", e.Header)
		b = appendPayload(b, &e.Payload, limit)
	case Response:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyInt(b, "status", int64(e.Code))
		b = appendKeyHeader(b, "header", e.Header)
		b = appendPayload(b, &e.Payload, limit)
	case RequestFail:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyString(b, "errMsg", e.ErrMsg)
		if e.Errno != 0 {
			b = appendKeyInt(b, "errno", int64(e.Errno))
		}
	case App:
		b = appendKeyString(b, "name", e.Name)
		if e.Query != nil { // onLaunch and onShow: the options' path and query
			b = appendKeyString(b, "path", e.URL)
			b = appendKeyQuery(b, "query", e.Query)
		}
	case Page:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyString(b, "route", e.URL)
		b = appendKeyString(b, "name", e.Name)
		if e.Query != nil {
			b = appendKeyQuery(b, "query", e.Query)
		}
	case SetData:
		b = appendKeyInt(b, "id", e.ID)
		b = appendKeyString(b, "route", e.URL)
		b = append(b, `,"data":`...)
		if json.Valid([]byte(e.Text)) {
			b = append(b, e.Text...)
		} else {
			b = appendString(b, e.Text) // not expected: the framework makes JSON
		}
	}
	return append(b, '}')
}

// appendPayload appends "kind", "size", then "text" or "base64", cut to limit bytes.
func appendPayload(b []byte, p *Payload, limit int) []byte {
	kind := p.Kind
	if kind == "" {
		kind = KindText
		if p.Data != nil {
			kind = KindBinary
		}
	}
	b = appendKeyString(b, "kind", kind)
	b = appendKeyInt(b, "size", int64(p.Size))
	truncated := false
	if p.Data == nil {
		s := p.Text
		if limit > 0 && len(s) > limit {
			s = cutUTF8(s, limit)
			truncated = true
		}
		b = appendKeyString(b, "text", s)
	} else {
		data := p.Data
		if limit > 0 && len(data) > limit {
			data = data[:limit]
			truncated = true
		}
		b = append(b, `,"base64":"`...)
		b = base64.StdEncoding.AppendEncode(b, data)
		b = append(b, '"')
	}
	if truncated {
		b = append(b, `,"truncated":true`...)
	}
	return b
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func appendKey(b []byte, key string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

func appendKeyString(b []byte, key, s string) []byte { return appendString(appendKey(b, key), s) }

func appendKeyInt(b []byte, key string, n int64) []byte {
	return strconv.AppendInt(appendKey(b, key), n, 10)
}

func appendKeyBool(b []byte, key string, v bool) []byte {
	return strconv.AppendBool(appendKey(b, key), v)
}

func appendKeyStrings(b []byte, key string, ss []string) []byte {
	return appendStrings(appendKey(b, key), ss)
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendKeyHeader appends a header as an object of arrays of strings, names sorted.
func appendKeyHeader(b []byte, key string, h http.Header) []byte {
	return appendKeyObject(b, key, h, appendStrings)
}

// appendKeyQuery appends a query as an object of strings, keys sorted.
func appendKeyQuery(b []byte, key string, q map[string]string) []byte {
	return appendKeyObject(b, key, q, appendString)
}

// appendKeyObject appends m as an object, keys sorted, each value appended by value.
func appendKeyObject[M ~map[string]V, V any](b []byte, key string, m M, value func([]byte, V) []byte) []byte {
	b = append(appendKey(b, key), '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = value(b, m[k])
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, as encoding/json does (without its HTML
// escaping): control characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028
// and U+2029 escaped so that a line is a line for every reader.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
