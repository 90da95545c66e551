package wstest

// A minimal MQTT 3.1.1 broker over WebSocket, served at /mqtt, for testing real MQTT clients
// (mqtt.js in a mini program, for example) against a peer that speaks the protocol.
//
// It implements what a client needs to connect, subscribe, publish and leave cleanly:
// CONNECT/CONNACK, SUBSCRIBE/SUBACK (topic filters with + and #; granted QoS at most 1),
// UNSUBSCRIBE/UNSUBACK, PUBLISH with QoS 0 and 1 (PUBACK), QoS 2 from the client
// (PUBREC/PUBREL/PUBCOMP; delivered onwards with QoS 1 at most), PINGREQ/PINGRESP and
// DISCONNECT. Messages are routed to every matching subscription of every connection of
// the same Server, including the publisher's own (there is no "no local" in 3.1.1).
// There are no sessions beyond the connection, no retained messages and no wills.
//
// Framing follows the MQTT-over-WebSocket rules (MQTT 3.1.1 section 6): packets travel in
// binary messages, a packet may span several messages and a message may hold several
// packets. A text message, a malformed packet or a protocol violation ends the connection
// with a close frame: 1003 for a text message, 1002 otherwise, the reason telling why.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// MQTT control packet types (MQTT 3.1.1 section 2.2.1).
const (
	mqttConnect     = 1
	mqttConnack     = 2
	mqttPublish     = 3
	mqttPuback      = 4
	mqttPubrec      = 5
	mqttPubrel      = 6
	mqttPubcomp     = 7
	mqttSubscribe   = 8
	mqttSuback      = 9
	mqttUnsubscribe = 10
	mqttUnsuback    = 11
	mqttPingreq     = 12
	mqttPingresp    = 13
	mqttDisconnect  = 14
)

// mqttMaxPacket bounds the remaining length the broker accepts, so that a bogus length
// cannot make it buffer without end.
const mqttMaxPacket = 16 << 20

// mqttBroker is the routing state shared by the /mqtt connections of one Server.
type mqttBroker struct {
	mu       sync.Mutex
	sessions map[*mqttSession]struct{}
}

// brokers maps each Server to its broker; an entry is removed when the server closes.
var brokers sync.Map // *Server → *mqttBroker

func (s *Server) mqttBroker() *mqttBroker {
	if b, ok := brokers.Load(s); ok {
		return b.(*mqttBroker)
	}
	b, loaded := brokers.LoadOrStore(s, &mqttBroker{sessions: make(map[*mqttSession]struct{})})
	if !loaded {
		context.AfterFunc(s.ctx, func() { brokers.Delete(s) })
	}
	return b.(*mqttBroker)
}

// mqttSession is one connected client. Its subscriptions are guarded by the broker's mutex;
// writes go through Conn.Write, which is safe from any goroutine.
type mqttSession struct {
	c    *Conn
	subs map[string]byte // topic filter → granted QoS

	idMu   sync.Mutex
	nextID uint16
}

func (ss *mqttSession) packetID() uint16 {
	ss.idMu.Lock()
	defer ss.idMu.Unlock()
	ss.nextID++
	if ss.nextID == 0 {
		ss.nextID = 1
	}
	return ss.nextID
}

// mqttError ends a connection with a close code and reason.
type mqttError struct {
	code   int
	reason string
}

func (e *mqttError) Error() string { return e.reason }

func mqttViolation(format string, args ...any) error {
	return &mqttError{code: websocket.CloseProtocolError, reason: "mqtt: " + fmt.Sprintf(format, args...)}
}

// serveMQTT: /mqtt. The subprotocol "mqtt" (or "mqttv3.1") is selected when the client
// offers it, as brokers do.
func serveMQTT(s *Server, c *Conn, w http.ResponseWriter, r *http.Request) {
	var u websocket.Upgrader
	for _, p := range websocket.Subprotocols(r) {
		if p == "mqtt" || p == "mqttv3.1" {
			u.Subprotocols = []string{p}
			break
		}
	}
	if !c.upgrade(w, r, &u, nil) {
		return
	}
	b := s.mqttBroker()
	ss := &mqttSession{c: c, subs: make(map[string]byte)}
	defer b.leave(ss)
	err := b.serve(ss)
	var me *mqttError
	if errors.As(err, &me) {
		c.Close(me.code, me.reason)
	}
}

// serve reads packets until the connection ends or the client breaks the protocol.
func (b *mqttBroker) serve(ss *mqttSession) error {
	var (
		buf          []byte
		connected    bool
		disconnected bool
		keepalive    time.Duration
	)
	ws := ss.c.WebSocket()
	for {
		if keepalive > 0 {
			// 3.1.1 section 3.1.2.10: one and a half keep-alive periods without a packet.
			ws.SetReadDeadline(time.Now().Add(keepalive * 3 / 2))
		}
		m, err := ss.c.Read()
		if err != nil {
			return nil // the client closed, went away or timed out
		}
		if m.IsText() {
			return &mqttError{code: websocket.CloseUnsupportedData, reason: "mqtt: packets must be sent in binary messages"}
		}
		buf = append(buf, m.Data...)
		for {
			typ, flags, body, n, err := mqttSplit(buf)
			if err != nil {
				return err
			}
			if n == 0 {
				break // need more data
			}
			buf = buf[n:]
			if disconnected {
				return mqttViolation("packet type %d after DISCONNECT", typ)
			}
			if !connected && typ != mqttConnect {
				return mqttViolation("first packet is type %d, not CONNECT", typ)
			}
			switch typ {
			case mqttConnect:
				if connected {
					return mqttViolation("second CONNECT")
				}
				ka, err := b.connect(ss, flags, body)
				if err != nil {
					return err
				}
				connected, keepalive = true, ka
			case mqttPublish:
				err = b.publish(ss, flags, body)
			case mqttPuback, mqttPubcomp:
				err = mqttCheckAck(typ, flags, 0, body)
			case mqttPubrec:
				// A client never receives QoS 2 from this broker.
				err = mqttViolation("unexpected PUBREC")
			case mqttPubrel:
				if err = mqttCheckAck(typ, flags, 2, body); err == nil {
					err = ss.write(mqttPubcomp, 0, body[:2])
				}
			case mqttSubscribe:
				err = b.subscribe(ss, flags, body)
			case mqttUnsubscribe:
				err = b.unsubscribe(ss, flags, body)
			case mqttPingreq:
				if flags != 0 || len(body) != 0 {
					return mqttViolation("malformed PINGREQ")
				}
				err = ss.write(mqttPingresp, 0, nil)
			case mqttDisconnect:
				if flags != 0 || len(body) != 0 {
					return mqttViolation("malformed DISCONNECT")
				}
				// The client closes the network connection next; keep reading until it does.
				disconnected = true
				b.leave(ss)
			default:
				return mqttViolation("unexpected packet type %d from a client", typ)
			}
			if err != nil {
				return err
			}
		}
	}
}

// mqttSplit parses the fixed header at the start of buf. It returns n == 0 when buf does not
// hold a whole packet yet.
func mqttSplit(buf []byte) (typ, flags byte, body []byte, n int, err error) {
	if len(buf) < 2 {
		return 0, 0, nil, 0, nil
	}
	length, mult := 0, 1
	i := 1
	for {
		if i >= len(buf) {
			return 0, 0, nil, 0, nil
		}
		if i > 4 {
			return 0, 0, nil, 0, mqttViolation("malformed remaining length")
		}
		d := buf[i]
		length += int(d&0x7f) * mult
		mult *= 128
		i++
		if d&0x80 == 0 {
			break
		}
	}
	if length > mqttMaxPacket {
		return 0, 0, nil, 0, mqttViolation("packet of %d bytes is too big", length)
	}
	if len(buf) < i+length {
		return 0, 0, nil, 0, nil
	}
	return buf[0] >> 4, buf[0] & 0x0f, buf[i : i+length], i + length, nil
}

// mqttReader reads the fields of a packet body.
type mqttReader struct {
	b   []byte
	err error
}

func (r *mqttReader) byte() byte {
	if r.err != nil || len(r.b) < 1 {
		r.fail()
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *mqttReader) uint16() uint16 {
	if r.err != nil || len(r.b) < 2 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint16(r.b)
	r.b = r.b[2:]
	return v
}

func (r *mqttReader) bytes() []byte {
	n := int(r.uint16())
	if r.err != nil || len(r.b) < n {
		r.fail()
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *mqttReader) fail() {
	if r.err == nil {
		r.err = mqttViolation("packet too short")
	}
}

// connect handles CONNECT and answers CONNACK; it returns the keep-alive period.
func (b *mqttBroker) connect(ss *mqttSession, flags byte, body []byte) (time.Duration, error) {
	r := &mqttReader{b: body}
	name := string(r.bytes())
	level := r.byte()
	cflags := r.byte()
	keepalive := time.Duration(r.uint16()) * time.Second
	r.bytes() // client identifier: any, even empty
	if r.err != nil {
		return 0, r.err
	}
	if flags != 0 || cflags&1 != 0 {
		return 0, mqttViolation("malformed CONNECT")
	}
	if !(name == "MQTT" && level == 4 || name == "MQIsdp" && level == 3) {
		// 3.1.1 section 3.1.2.2: return code 1, then close.
		ss.write(mqttConnack, 0, []byte{0, 1})
		return 0, &mqttError{code: websocket.CloseNormalClosure, reason: fmt.Sprintf("mqtt: unacceptable protocol %q level %d", name, level)}
	}
	b.mu.Lock()
	b.sessions[ss] = struct{}{}
	b.mu.Unlock()
	return keepalive, ss.write(mqttConnack, 0, []byte{0, 0})
}

// publish handles PUBLISH: acknowledges it as its QoS requires and routes it.
func (b *mqttBroker) publish(ss *mqttSession, flags byte, body []byte) error {
	qos := flags >> 1 & 3
	if qos == 3 {
		return mqttViolation("PUBLISH with QoS 3")
	}
	r := &mqttReader{b: body}
	topic := string(r.bytes())
	var id uint16
	if qos > 0 {
		id = r.uint16()
	}
	if r.err != nil {
		return r.err
	}
	if topic == "" || strings.ContainsAny(topic, "+#") {
		return mqttViolation("PUBLISH to invalid topic %q", topic)
	}
	payload := append([]byte(nil), r.b...)
	switch qos {
	case 1:
		if err := ss.write(mqttPuback, 0, binary.BigEndian.AppendUint16(nil, id)); err != nil {
			return err
		}
	case 2:
		if err := ss.write(mqttPubrec, 0, binary.BigEndian.AppendUint16(nil, id)); err != nil {
			return err
		}
	}
	b.route(topic, qos, payload)
	return nil
}

// route delivers a message to every matching subscription, at the lower of the message's
// QoS and the granted one. A subscriber that cannot be written to is skipped: its own
// connection will end.
func (b *mqttBroker) route(topic string, qos byte, payload []byte) {
	type delivery struct {
		ss  *mqttSession
		qos byte
	}
	var out []delivery
	b.mu.Lock()
	for ss := range b.sessions {
		best, found := byte(0), false
		for filter, granted := range ss.subs {
			if mqttMatch(filter, topic) && (!found || granted > best) {
				best, found = granted, true
			}
		}
		if found {
			out = append(out, delivery{ss, min(qos, best)})
		}
	}
	b.mu.Unlock()
	for _, d := range out {
		vh := binary.BigEndian.AppendUint16(nil, uint16(len(topic)))
		vh = append(vh, topic...)
		if d.qos > 0 {
			vh = binary.BigEndian.AppendUint16(vh, d.ss.packetID())
		}
		d.ss.write(mqttPublish, d.qos<<1, append(vh, payload...))
	}
}

// subscribe handles SUBSCRIBE and answers SUBACK.
func (b *mqttBroker) subscribe(ss *mqttSession, flags byte, body []byte) error {
	if flags != 2 {
		return mqttViolation("malformed SUBSCRIBE header flags %#x", flags)
	}
	r := &mqttReader{b: body}
	id := r.uint16()
	granted := binary.BigEndian.AppendUint16(nil, id)
	b.mu.Lock()
	defer b.mu.Unlock()
	for r.err == nil && len(r.b) > 0 {
		filter := string(r.bytes())
		qos := r.byte()
		if r.err != nil {
			break
		}
		if qos > 2 || !mqttValidFilter(filter) {
			granted = append(granted, 0x80) // failure
			continue
		}
		g := min(qos, 1)
		ss.subs[filter] = g
		granted = append(granted, g)
	}
	if r.err != nil {
		return r.err
	}
	if len(granted) == 2 {
		return mqttViolation("SUBSCRIBE without topic filters")
	}
	return ss.write(mqttSuback, 0, granted)
}

// unsubscribe handles UNSUBSCRIBE and answers UNSUBACK.
func (b *mqttBroker) unsubscribe(ss *mqttSession, flags byte, body []byte) error {
	if flags != 2 {
		return mqttViolation("malformed UNSUBSCRIBE header flags %#x", flags)
	}
	r := &mqttReader{b: body}
	id := r.uint16()
	b.mu.Lock()
	for r.err == nil && len(r.b) > 0 {
		delete(ss.subs, string(r.bytes()))
	}
	b.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	return ss.write(mqttUnsuback, 0, binary.BigEndian.AppendUint16(nil, id))
}

// leave removes a session from routing; it is idempotent.
func (b *mqttBroker) leave(ss *mqttSession) {
	b.mu.Lock()
	delete(b.sessions, ss)
	b.mu.Unlock()
}

// mqttCheckAck validates PUBACK, PUBREL and PUBCOMP: fixed flags and a packet identifier.
func mqttCheckAck(typ, flags, want byte, body []byte) error {
	if flags != want || len(body) != 2 {
		return mqttViolation("malformed acknowledgement of type %d", typ)
	}
	return nil
}

// write sends one packet in one binary message.
func (ss *mqttSession) write(typ, flags byte, body []byte) error {
	pkt := []byte{typ<<4 | flags}
	n := len(body)
	for {
		d := byte(n % 128)
		n /= 128
		if n > 0 {
			d |= 0x80
		}
		pkt = append(pkt, d)
		if n == 0 {
			break
		}
	}
	return ss.c.WriteBinary(append(pkt, body...))
}

// mqttValidFilter reports whether a topic filter is well formed: '#' only as the last
// level, '+' and '#' only as whole levels.
func mqttValidFilter(filter string) bool {
	if filter == "" {
		return false
	}
	levels := strings.Split(filter, "/")
	for i, l := range levels {
		if strings.ContainsAny(l, "+#") && len(l) != 1 {
			return false
		}
		if l == "#" && i != len(levels)-1 {
			return false
		}
	}
	return true
}

// mqttMatch reports whether a topic name matches a topic filter. As 3.1.1 section 4.7.2
// requires, wildcards at the first level do not match topics starting with '$'.
func mqttMatch(filter, topic string) bool {
	if strings.HasPrefix(topic, "$") && (strings.HasPrefix(filter, "+") || strings.HasPrefix(filter, "#")) {
		return false
	}
	f, t := strings.Split(filter, "/"), strings.Split(topic, "/")
	for i, l := range f {
		if l == "#" {
			return true
		}
		if i >= len(t) || l != "+" && l != t[i] {
			return false
		}
	}
	return len(f) == len(t)
}
