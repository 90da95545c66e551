package wstest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/gorilla/websocket"
)

func TestPushText(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/push?n=12&size=6", nil, nil)
	for i := 0; i < 12; i++ {
		want := fmt.Sprintf("%d:", i)
		for len(want) < 6 {
			want += "x"
		}
		if got := readText(t, c); got != want {
			t.Fatalf("message %d: got %q, want %q", i, got, want)
		}
	}
	// Then it echoes.
	write(t, c, websocket.BinaryMessage, []byte{9})
	if typ, data := read(t, c); typ != websocket.BinaryMessage || !bytes.Equal(data, []byte{9}) {
		t.Fatalf("echo: got %d % x", typ, data)
	}
}

func TestPushBinaryThenClose(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/push?n=3&size=10&binary=1&close=4001&reason=enough", nil, nil)
	for i := 0; i < 3; i++ {
		typ, data := read(t, c)
		if typ != websocket.BinaryMessage || len(data) != 10 || binary.BigEndian.Uint32(data) != uint32(i) {
			t.Fatalf("message %d: got type %d % x", i, typ, data)
		}
	}
	wantCloseError(t, readErr(t, c), 4001, "enough")
	// gorilla's client answers the close frame with the same code.
	sc := waitConn(t, srv)
	waitDone(t, sc)
	if sc.CloseCode() != 4001 {
		t.Errorf("client close reply recorded as %d", sc.CloseCode())
	}
}

func TestPushMessageShort(t *testing.T) {
	if m := PushMessage(123, 2, false); string(m.Data) != "123:" {
		t.Errorf("got %v", m)
	}
	if m := PushMessage(7, 0, true); !bytes.Equal(m.Data, []byte{0, 0, 0, 7}) {
		t.Errorf("got %v", m)
	}
}

func TestBig(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/big?size=300000", nil, nil)
	typ, data := read(t, c)
	if typ != websocket.BinaryMessage || len(data) != 300000 {
		t.Fatalf("got type %d, %d bytes", typ, len(data))
	}
	for i, b := range data {
		if b != byte(i) {
			t.Fatalf("byte %d = %d", i, b)
		}
	}
}

func TestFragments(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/fragments?n=4&size=3", nil, nil)
	if got := readText(t, c); got != "aaabbbcccddd" {
		t.Fatalf("got %q", got)
	}

	// The frames as sent.
	_, br := rawDial(t, srv, "/fragments?n=3&size=2")
	want := []frame{
		{false, websocket.TextMessage, []byte("aa")},
		{false, ContinuationFrame, []byte("bb")},
		{true, ContinuationFrame, []byte("cc")},
	}
	for i, w := range want {
		f := readFrame(t, br)
		if f.fin != w.fin || f.opcode != w.opcode || !bytes.Equal(f.payload, w.payload) {
			t.Errorf("frame %d: got %+v, want %+v", i, f, w)
		}
	}
}

func TestPingFlood(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/pingflood?n=50", nil, nil)
	var payloads []string
	pong := c.PingHandler()
	c.SetPingHandler(func(s string) error {
		payloads = append(payloads, s)
		return pong(s)
	})
	if got := readText(t, c); got != "done" {
		t.Fatalf("got %q", got)
	}
	if len(payloads) != 50 || payloads[0] != "0" || payloads[49] != "49" {
		t.Fatalf("got %d pings: %q", len(payloads), payloads)
	}
	// Once the echo is back the server has read every pong before it.
	write(t, c, websocket.TextMessage, []byte("x"))
	readText(t, c)
	if n := waitConn(t, srv).Pongs(); n != 50 {
		t.Errorf("server got %d pongs, want 50", n)
	}
}
