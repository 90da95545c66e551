package server

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func start(t *testing.T) *Server {
	t.Helper()
	s, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	return ws
}

func read(t *testing.T, ws *websocket.Conn) (int, []byte) {
	t.Helper()
	kind, data, err := ws.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	return kind, data
}

func TestStartRefusesNonLoopback(t *testing.T) {
	if _, err := Start("0.0.0.0:0"); err != ErrNonLoopback {
		t.Fatalf("got %v", err)
	}
}

func TestFrameLengths(t *testing.T) {
	for _, n := range []int{0, 125, 126, 65535, 65536} {
		f := Frame(websocket.BinaryMessage, make([]byte, n))
		header := map[bool]int{true: 2, false: 0}[n <= 125]
		if n > 125 && n <= 65535 {
			header = 4
		} else if n > 65535 {
			header = 10
		}
		if len(f) != header+n {
			t.Errorf("payload %d: frame of %d bytes, want %d", n, len(f), header+n)
		}
	}
}

func TestPushTextAndBinary(t *testing.T) {
	s := start(t)
	ws := dial(t, s.URL()+"/push?n=3000&size=64")
	for i := 0; i < 3000; i++ {
		kind, data := read(t, ws)
		if kind != websocket.TextMessage || len(data) != 64 {
			t.Fatalf("message %d: type %d, %d bytes", i, kind, len(data))
		}
	}
	ws = dial(t, s.URL()+"/push?n=100&size=4096&binary=1")
	for i := 0; i < 100; i++ {
		kind, data := read(t, ws)
		if kind != websocket.BinaryMessage || len(data) != 4096 {
			t.Fatalf("message %d: type %d, %d bytes", i, kind, len(data))
		}
	}
}

func TestEcho(t *testing.T) {
	s := start(t)
	ws := dial(t, s.URL()+"/echo")
	if err := ws.WriteMessage(websocket.BinaryMessage, []byte{1, 2}); err != nil {
		t.Fatal(err)
	}
	if kind, data := read(t, ws); kind != websocket.BinaryMessage || string(data) != "\x01\x02" {
		t.Fatalf("echo %d %q", kind, data)
	}
}

func TestSinkCounts(t *testing.T) {
	s := start(t)
	ws := dial(t, s.URL()+"/sink")
	for i := 0; i < 500; i++ {
		if err := ws.WriteMessage(websocket.TextMessage, []byte("hello")); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.WriteMessage(websocket.TextMessage, []byte("count?")); err != nil {
		t.Fatal(err)
	}
	if _, data := read(t, ws); string(data) != "500" {
		t.Fatalf("count %q", data)
	}
}

func TestJSONPushAndCount(t *testing.T) {
	doc := JSONDoc()
	if len(doc) < 900 || len(doc) > 1300 {
		t.Fatalf("JSON document is %d bytes, want about 1 KiB", len(doc))
	}
	s := start(t)
	ws := dial(t, s.URL()+"/json?n=50")
	for i := 0; i < 50; i++ {
		_, data := read(t, ws)
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		if err := ws.WriteMessage(websocket.TextMessage, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.WriteMessage(websocket.TextMessage, []byte("count?")); err != nil {
		t.Fatal(err)
	}
	if _, data := read(t, ws); string(data) != "50" {
		t.Fatalf("count %q", data)
	}
}

func TestHoldStatsRelease(t *testing.T) {
	s := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var conns []*websocket.Conn
	for i := 0; i < 3; i++ {
		conns = append(conns, dial(t, s.URL()+"/hold?group=g1"))
	}
	if err := WaitStats(ctx, s.HTTPURL(), "g1", 3); err != nil {
		t.Fatal(err)
	}
	if n, err := Stats(ctx, s.HTTPURL(), "other"); err != nil || n != 0 {
		t.Fatalf("other group: %d %v", n, err)
	}
	n, err := Release(ctx, s.HTTPURL(), "g1")
	if err != nil || n != 3 {
		t.Fatalf("released %d %v", n, err)
	}
	for _, ws := range conns {
		if _, data := read(t, ws); string(data) != "release" {
			t.Fatalf("got %q", data)
		}
	}
	// A clean close is answered, and the group empties.
	for _, ws := range conns {
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""))
		if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, 1000) {
			t.Fatalf("close reply: %v", err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, _ := Stats(ctx, s.HTTPURL(), "g1")
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d still held", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
