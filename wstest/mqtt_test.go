package wstest

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// mqttPacket encodes one packet: fixed header byte, remaining length, body.
func mqttPacket(first byte, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	out := []byte{first}
	n := len(b)
	for {
		d := byte(n % 128)
		n /= 128
		if n > 0 {
			d |= 0x80
		}
		out = append(out, d)
		if n == 0 {
			break
		}
	}
	return append(out, b...)
}

func mqttStr(s string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, uint16(len(s))), s...)
}

func mqttU16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

func mqttConnectPacket(clientID string, keepalive uint16) []byte {
	return mqttPacket(0x10, mqttStr("MQTT"), []byte{4, 0x02}, mqttU16(keepalive), mqttStr(clientID))
}

// dialMQTT connects to /mqtt offering the "mqtt" subprotocol.
func dialMQTT(t *testing.T, srv *Server) *websocket.Conn {
	t.Helper()
	d := &websocket.Dialer{Subprotocols: []string{"mqtt"}, HandshakeTimeout: testTimeout}
	c := dial(t, srv.URL+"/mqtt", d, nil)
	if c.Subprotocol() != "mqtt" {
		t.Fatalf("subprotocol %q, want mqtt", c.Subprotocol())
	}
	return c
}

// readPacket reads one binary message and checks that it holds exactly want.
func readPacket(t *testing.T, c *websocket.Conn, want []byte) {
	t.Helper()
	typ, data := read(t, c)
	if typ != websocket.BinaryMessage || !bytes.Equal(data, want) {
		t.Fatalf("got %v, want binary % x", Message{Type: typ, Data: data}, want)
	}
}

func connectMQTT(t *testing.T, srv *Server, clientID string) *websocket.Conn {
	t.Helper()
	c := dialMQTT(t, srv)
	write(t, c, websocket.BinaryMessage, mqttConnectPacket(clientID, 60))
	readPacket(t, c, []byte{0x20, 2, 0, 0})
	return c
}

func TestMQTTConnectSubscribePublish(t *testing.T) {
	srv := NewServer(t)
	c := dialMQTT(t, srv)
	// One packet split over two messages, then a PINGREQ sharing a message with
	// SUBSCRIBE: packets are not aligned on WebSocket messages.
	conn := mqttConnectPacket("a", 60)
	write(t, c, websocket.BinaryMessage, conn[:5])
	write(t, c, websocket.BinaryMessage, conn[5:])
	readPacket(t, c, []byte{0x20, 2, 0, 0})

	sub := mqttPacket(0x82, mqttU16(7), mqttStr("t/+"), []byte{1}, mqttStr("x/#"), []byte{2}, mqttStr("bad#"), []byte{0})
	write(t, c, websocket.BinaryMessage, append(sub, 0xc0, 0))
	readPacket(t, c, []byte{0x90, 5, 0, 7, 1, 1, 0x80})
	readPacket(t, c, []byte{0xd0, 0})

	// QoS 1 to itself: PUBACK, then the message at QoS 1.
	write(t, c, websocket.BinaryMessage, mqttPacket(0x32, mqttStr("t/1"), mqttU16(42), []byte("hello")))
	readPacket(t, c, []byte{0x40, 2, 0, 42})
	typ, data := read(t, c)
	if typ != websocket.BinaryMessage || data[0] != 0x32 || !bytes.HasSuffix(data, []byte("hello")) ||
		!bytes.Equal(data[2:7], mqttStr("t/1")) {
		t.Fatalf("got publish % x", data)
	}
	id := binary.BigEndian.Uint16(data[7:9])
	write(t, c, websocket.BinaryMessage, mqttPacket(0x40, mqttU16(id)))

	// QoS 0 from a second client reaches the first, not the second (not subscribed).
	c2 := connectMQTT(t, srv, "b")
	write(t, c2, websocket.BinaryMessage, mqttPacket(0x30, mqttStr("t/2"), []byte("hi")))
	readPacket(t, c, mqttPacket(0x30, mqttStr("t/2"), []byte("hi")))
	// QoS 2 in, QoS 1 granted: PUBREC, PUBREL → PUBCOMP, delivered at QoS 1.
	write(t, c2, websocket.BinaryMessage, mqttPacket(0x34, mqttStr("x/y/z"), mqttU16(9), []byte("q2")))
	readPacket(t, c2, []byte{0x50, 2, 0, 9})
	write(t, c2, websocket.BinaryMessage, mqttPacket(0x62, mqttU16(9)))
	readPacket(t, c2, []byte{0x70, 2, 0, 9})
	typ, data = read(t, c)
	if typ != websocket.BinaryMessage || data[0] != 0x32 || !bytes.HasSuffix(data, []byte("q2")) {
		t.Fatalf("got publish % x", data)
	}

	// Unsubscribe: a later publish is not delivered.
	write(t, c, websocket.BinaryMessage, mqttPacket(0xa2, mqttU16(8), mqttStr("t/+")))
	readPacket(t, c, []byte{0xb0, 2, 0, 8})
	write(t, c2, websocket.BinaryMessage, mqttPacket(0x30, mqttStr("t/3"), []byte("lost")))
	write(t, c2, websocket.BinaryMessage, mqttPacket(0x30, mqttStr("x/1"), []byte("kept")))
	readPacket(t, c, mqttPacket(0x30, mqttStr("x/1"), []byte("kept")))

	// DISCONNECT, then the client's close frame is answered.
	write(t, c, websocket.BinaryMessage, []byte{0xe0, 0})
	writeClose(t, c, websocket.CloseNormalClosure, "")
	wantCloseError(t, readErr(t, c), websocket.CloseNormalClosure, "")
	sc := waitConn(t, srv)
	waitDone(t, sc)
	if sc.Subprotocol() != "mqtt" || sc.CloseCode() != websocket.CloseNormalClosure {
		t.Errorf("recorded subprotocol %q, close %d", sc.Subprotocol(), sc.CloseCode())
	}
}

func TestMQTTViolations(t *testing.T) {
	srv := NewServer(t)
	tests := []struct {
		name   string
		send   Message
		code   int
		reason string
	}{
		{"text", Text("hello"), websocket.CloseUnsupportedData, "mqtt: packets must be sent in binary messages"},
		{"no connect", Binary([]byte{0xc0, 0}), websocket.CloseProtocolError, "mqtt: first packet is type 12, not CONNECT"},
		{"length", Binary([]byte{0x10, 0xff, 0xff, 0xff, 0xff, 0x7f}), websocket.CloseProtocolError, "mqtt: malformed remaining length"},
		{"short", Binary(mqttPacket(0x10, []byte{0, 4, 'M'})), websocket.CloseProtocolError, "mqtt: packet too short"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := dialMQTT(t, srv)
			write(t, c, tc.send.Type, tc.send.Data)
			wantCloseError(t, readErr(t, c), tc.code, tc.reason)
		})
	}
	t.Run("protocol level", func(t *testing.T) {
		c := dialMQTT(t, srv)
		write(t, c, websocket.BinaryMessage, mqttPacket(0x10, mqttStr("MQTT"), []byte{5, 2}, mqttU16(0), mqttStr("v5")))
		readPacket(t, c, []byte{0x20, 2, 0, 1})
		wantCloseError(t, readErr(t, c), websocket.CloseNormalClosure, `mqtt: unacceptable protocol "MQTT" level 5`)
	})
	t.Run("second connect", func(t *testing.T) {
		c := connectMQTT(t, srv, "twice")
		write(t, c, websocket.BinaryMessage, mqttConnectPacket("twice", 0))
		wantCloseError(t, readErr(t, c), websocket.CloseProtocolError, "mqtt: second CONNECT")
	})
}

func TestMQTTKeepAlive(t *testing.T) {
	srv := NewServer(t)
	c := dialMQTT(t, srv)
	write(t, c, websocket.BinaryMessage, mqttConnectPacket("idle", 1))
	readPacket(t, c, []byte{0x20, 2, 0, 0})
	start := time.Now()
	wantAbnormal(t, readErr(t, c)) // no packet for 1.5 s: the broker drops the connection
	if d := time.Since(start); d < time.Second {
		t.Errorf("dropped after %v, want about 1.5s", d)
	}
}

func TestMQTTSubprotocolOptional(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/mqtt", nil, http.Header{})
	if c.Subprotocol() != "" {
		t.Fatalf("subprotocol %q selected though none was offered", c.Subprotocol())
	}
	write(t, c, websocket.BinaryMessage, mqttConnectPacket("plain", 0))
	readPacket(t, c, []byte{0x20, 2, 0, 0})
}

func TestMQTTMatch(t *testing.T) {
	for _, tc := range []struct {
		filter, topic string
		want          bool
	}{
		{"a/b", "a/b", true},
		{"a/+", "a/b", true},
		{"a/+", "a/b/c", false},
		{"a/+", "a", false},
		{"a/#", "a", true},
		{"a/#", "a/b/c", true},
		{"#", "a/b", true},
		{"#", "$SYS/x", false},
		{"+/x", "$SYS/x", false},
		{"$SYS/#", "$SYS/x", true},
		{"+/+", "/x", true},
	} {
		if got := mqttMatch(tc.filter, tc.topic); got != tc.want {
			t.Errorf("mqttMatch(%q, %q) = %v", tc.filter, tc.topic, got)
		}
	}
}
