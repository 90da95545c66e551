package devserver

import (
	"bytes"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestEchoSameFrameType(t *testing.T) {
	_, url := newTestServer(t)
	c := dial(t, url+"/echo")
	tests := []struct {
		typ  int
		data []byte
	}{
		{websocket.TextMessage, []byte("hello")},
		{websocket.BinaryMessage, []byte{0, 1, 2, 0xff}},
		{websocket.TextMessage, []byte("")},
		{websocket.BinaryMessage, bytes.Repeat([]byte{7}, 100_000)},
	}
	for _, tt := range tests {
		write(t, c, tt.typ, tt.data)
	}
	for i, tt := range tests {
		typ, data := read(t, c)
		if typ != tt.typ || !bytes.Equal(data, tt.data) {
			t.Errorf("message %d: got type %d len %d, want type %d len %d", i, typ, len(data), tt.typ, len(tt.data))
		}
	}
}

func TestEchoCloseCodeAndReason(t *testing.T) {
	tests := []struct {
		name     string
		payload  []byte
		wantCode int
		wantText string
	}{
		{"normal", websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"), 1000, "bye"},
		{"application code", websocket.FormatCloseMessage(4001, "custom reason"), 4001, "custom reason"},
		{"no status", nil, websocket.CloseNoStatusReceived, ""},
	}
	_, url := newTestServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, url+"/echo")
			// A message sent just before the close frame is echoed before
			// the close reply.
			write(t, c, websocket.TextMessage, []byte("last"))
			if err := c.WriteControl(websocket.CloseMessage, tt.payload, time.Now().Add(testTimeout)); err != nil {
				t.Fatal(err)
			}
			if _, data := read(t, c); string(data) != "last" {
				t.Fatalf("got %q, want %q", data, "last")
			}
			wantCloseError(t, readErr(t, c), tt.wantCode, tt.wantText)
		})
	}
}

func TestEchoReadLimit(t *testing.T) {
	_, url := newTestServer(t, WithReadLimit(16))
	c := dial(t, url+"/echo")
	write(t, c, websocket.BinaryMessage, make([]byte, 16))
	read(t, c)
	write(t, c, websocket.BinaryMessage, make([]byte, 17))
	wantCloseError(t, readErr(t, c), websocket.CloseMessageTooBig, "")
}
