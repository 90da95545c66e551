package wstest

import (
	"encoding/binary"
	"net/http"
	"strconv"

	"github.com/gorilla/websocket"
)

// PushMessage returns message number seq of /push for the given size: a
// text message "SEQ:xxx…" or a binary message starting with SEQ as a
// 4-byte big-endian integer followed by 'x' bytes. The message has size
// bytes unless the sequence prefix alone is longer.
func PushMessage(seq, size int, binaryType bool) Message {
	if binaryType {
		b := make([]byte, max(size, 4))
		binary.BigEndian.PutUint32(b, uint32(seq))
		for i := 4; i < len(b); i++ {
			b[i] = 'x'
		}
		return Binary(b)
	}
	b := strconv.AppendInt(nil, int64(seq), 10)
	b = append(b, ':')
	for len(b) < size {
		b = append(b, 'x')
	}
	return Text(string(b))
}

// servePush: /push?n=N&size=S&binary=1&close=CODE&reason=R&interval=MS.
func servePush(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	n := p.int("n", 1, 0, maxCount)
	size := p.int("size", 0, 0, maxSize)
	interval := p.ms("interval", 0)
	closeCode := p.int("close", 0, 0, 4999)
	isBinary := p.bool("binary")
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	for i := 0; i < n; i++ {
		if i > 0 && interval > 0 && !sleep(s.ctx, interval) {
			return
		}
		if c.Write(PushMessage(i, size, isBinary)) != nil {
			return
		}
	}
	if closeCode != 0 {
		c.Close(closeCode, r.URL.Query().Get("reason"))
		return
	}
	c.echo()
}

// serveBig: /big?size=N (default 1 MiB).
func serveBig(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	size := p.int("size", 1<<20, 0, maxSize)
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i)
	}
	if c.WriteBinary(b) == nil {
		c.echo()
	}
}

// serveFragments: /fragments?n=N&size=S (defaults 3 and 4). Fragment i is
// S copies of the letter 'a'+i%26, so the message for n=3&size=2 is
// "aabbcc".
func serveFragments(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	n := p.int("n", 3, 1, maxCount)
	size := p.int("size", 4, 0, maxSize)
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	frag := make([]byte, size)
	for i := 0; i < n; i++ {
		for j := range frag {
			frag[j] = byte('a' + i%26)
		}
		opcode := ContinuationFrame
		if i == 0 {
			opcode = websocket.TextMessage
		}
		if c.WriteFrame(i == n-1, opcode, frag) != nil {
			return
		}
	}
	c.echo()
}

// servePingFlood: /pingflood?n=N (default 100). Ping i carries the payload
// strconv.Itoa(i).
func servePingFlood(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	n := p.int("n", 100, 0, maxCount)
	if !p.ok(w) || !c.upgrade(w, r, nil, nil) {
		return
	}
	for i := 0; i < n; i++ {
		if c.Ping([]byte(strconv.Itoa(i))) != nil {
			return
		}
	}
	if c.WriteText("done") == nil {
		c.echo()
	}
}
