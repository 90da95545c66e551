package wstest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestEcho(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/echo", nil, nil)
	write(t, c, websocket.TextMessage, []byte("hello"))
	write(t, c, websocket.BinaryMessage, []byte{0, 1, 0xff})
	if typ, data := read(t, c); typ != websocket.TextMessage || string(data) != "hello" {
		t.Fatalf("got %d %q", typ, data)
	}
	if typ, data := read(t, c); typ != websocket.BinaryMessage || !bytes.Equal(data, []byte{0, 1, 0xff}) {
		t.Fatalf("got %d %q", typ, data)
	}
	writeClose(t, c, 4000, "bye now")
	wantCloseError(t, readErr(t, c), 4000, "bye now")

	sc := waitConn(t, srv)
	waitDone(t, sc)
	want := []Message{Text("hello"), Binary([]byte{0, 1, 0xff})}
	if got := sc.Received(); !equalMessages(got, want) {
		t.Errorf("Received() = %v, want %v", got, want)
	}
	if sc.CloseCode() != 4000 || sc.CloseReason() != "bye now" {
		t.Errorf("close recorded as %d %q", sc.CloseCode(), sc.CloseReason())
	}
	wantCloseError(t, sc.ReadErr(), 4000, "bye now")
}

func TestEchoCloseWithoutStatus(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/echo", nil, nil)
	if err := c.WriteControl(websocket.CloseMessage, nil, time.Now().Add(testTimeout)); err != nil {
		t.Fatal(err)
	}
	wantCloseError(t, readErr(t, c), websocket.CloseNoStatusReceived, "")
	if code := waitConn(t, srv).CloseCode(); code != websocket.CloseNoStatusReceived {
		t.Errorf("CloseCode() = %d", code)
	}
}

func equalMessages(a, b []Message) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type || !bytes.Equal(a[i].Data, b[i].Data) {
			return false
		}
	}
	return true
}

func TestInspect(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/inspect", nil, nil)
	write(t, c, websocket.TextMessage, []byte("héllo"))
	write(t, c, websocket.BinaryMessage, []byte{0xde, 0xad, 0xbe, 0xef, 0})
	var got InspectReply
	if err := json.Unmarshal([]byte(readText(t, c)), &got); err != nil {
		t.Fatal(err)
	}
	if want := (InspectReply{Type: "text", Len: 6, Data: "héllo"}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if err := json.Unmarshal([]byte(readText(t, c)), &got); err != nil {
		t.Fatal(err)
	}
	want := InspectReply{Type: "binary", Len: 5, Data: base64.StdEncoding.EncodeToString([]byte{0xde, 0xad, 0xbe, 0xef, 0})}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	writeClose(t, c, 1000, "done")
	wantCloseError(t, readErr(t, c), 1000, "done")
}

func TestHeaders(t *testing.T) {
	srv := NewServer(t)
	h := http.Header{"X-Wx-Test": {"yes"}, "Sec-WebSocket-Protocol": {"chat.v1, chat.v2"}}
	c := dial(t, srv.URL+"/headers?x=1", nil, h)
	var got map[string]string
	if err := json.Unmarshal([]byte(readText(t, c)), &got); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"X-Wx-Test":              "yes",
		"Sec-WebSocket-Protocol": "chat.v1, chat.v2",
		"Upgrade":                "websocket",
		"Sec-Websocket-Version":  "13",
		"Host":                   srv.Addr,
	} {
		if got[k] != v {
			t.Errorf("headers[%q] = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	write(t, c, websocket.TextMessage, []byte("echo?"))
	if s := readText(t, c); s != "echo?" {
		t.Errorf("got %q", s)
	}

	sc := waitConn(t, srv)
	if sc.Path() != "/headers" || sc.Query().Get("x") != "1" || sc.Header().Get("X-Wx-Test") != "yes" {
		t.Errorf("recorded %s %v %v", sc.Path(), sc.Query(), sc.Header())
	}
	if p := sc.Protocols(); len(p) != 2 || p[0] != "chat.v1" || p[1] != "chat.v2" {
		t.Errorf("Protocols() = %q", p)
	}
	if sc.Subprotocol() != "" {
		t.Errorf("Subprotocol() = %q, want none", sc.Subprotocol())
	}
}

func TestSlowClose(t *testing.T) {
	srv := NewServer(t)
	for _, tt := range []struct {
		query string
		delay time.Duration
	}{{"", 200 * time.Millisecond}, {"?ms=50", 50 * time.Millisecond}} {
		c := dial(t, srv.URL+"/slowclose"+tt.query, nil, nil)
		write(t, c, websocket.TextMessage, []byte("x"))
		read(t, c)
		start := time.Now()
		writeClose(t, c, 4100, "slow")
		wantCloseError(t, readErr(t, c), 4100, "slow")
		if d := time.Since(start); d < tt.delay-10*time.Millisecond {
			t.Errorf("%s: close reply after %v, want >= %v", tt.query, d, tt.delay)
		}
	}
}

func TestSilent(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/silent", nil, nil)
	write(t, c, websocket.TextMessage, []byte("anyone?"))
	if err := c.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(testTimeout)); err != nil {
		t.Fatal(err)
	}
	writeClose(t, c, 1000, "")
	pongs := 0
	c.SetPongHandler(func(string) error { pongs++; return nil })
	c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	_, _, err := c.ReadMessage()
	if !isTimeout(err) {
		t.Fatalf("got %v, want a read timeout: /silent must not answer", err)
	}
	if pongs != 0 {
		t.Fatalf("got %d pongs", pongs)
	}
	sc := waitConn(t, srv)
	if _, err := sc.WaitReceived(testContext(t), 1); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sc.Done():
		t.Fatal("/silent ended while the client is still connected")
	default:
	}
	c.Close()
	waitDone(t, sc)
	if sc.Pings() != 1 || sc.CloseCode() != 1000 {
		t.Errorf("recorded %d pings, close %d", sc.Pings(), sc.CloseCode())
	}
}

func TestBadUTF8(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/bad-utf8?n=2", nil, nil)
	for _, want := range []string{"m0", "m1"} {
		if s := readText(t, c); s != want {
			t.Fatalf("got %q, want %q", s, want)
		}
	}
	typ, data := read(t, c)
	if typ != websocket.TextMessage || !bytes.Equal(data, []byte{0xff, 0xfe}) {
		t.Fatalf("got type %d % x", typ, data)
	}
	if s := readText(t, c); s != "after" {
		t.Fatalf("got %q, want the text after the bad one", s)
	}
	write(t, c, websocket.TextMessage, []byte("ok"))
	if s := readText(t, c); s != "ok" {
		t.Fatalf("echo: got %q", s)
	}
	// What a failing client sends is recorded.
	writeClose(t, c, websocket.CloseInvalidFramePayloadData, "bad text")
	sc := waitConn(t, srv)
	waitDone(t, sc)
	if sc.CloseCode() != websocket.CloseInvalidFramePayloadData || sc.CloseReason() != "bad text" {
		t.Fatalf("recorded close %d %q", sc.CloseCode(), sc.CloseReason())
	}
}

func TestBadUTF8InACloseFrame(t *testing.T) {
	srv := NewServer(t)
	conn, br := rawDial(t, srv, "/bad-utf8?n=1&close=1")
	if f := readFrame(t, br); f.opcode != websocket.TextMessage || string(f.payload) != "m0" {
		t.Fatalf("got frame %d %q, want text m0", f.opcode, f.payload)
	}
	if f := readFrame(t, br); f.opcode != websocket.CloseMessage || !bytes.Equal(f.payload, []byte{0x03, 0xe8, 0xff, 0xfe}) {
		t.Fatalf("got frame %d % x, want close 03 e8 ff fe", f.opcode, f.payload)
	}
	conn.Close()
	// gorilla's client answers such a frame with 1002; the scenario records it and sends
	// no second close frame.
	c := dial(t, srv.URL+"/bad-utf8?close=1", nil, nil)
	if err := readErr(t, c); err == nil || err.Error() != "websocket: invalid utf8 payload in close frame" {
		t.Fatalf("gorilla client: got %v", err)
	}
	waitConn(t, srv) // the raw connection
	sc := waitConn(t, srv)
	waitDone(t, sc)
	if sc.CloseCode() != websocket.CloseProtocolError {
		t.Fatalf("recorded close %d %q, want 1002", sc.CloseCode(), sc.CloseReason())
	}
}
