package wstest

import (
	"encoding/binary"
	"fmt"
	"time"
)

// WriteFrame writes one raw, unmasked WebSocket frame with the given FIN
// bit, opcode and payload directly to the network connection, bypassing
// every check gorilla/websocket makes. It is meant for hostile scenarios:
// fragmented messages, data after a close frame, invalid opcodes, oversized
// control frames.
//
// WriteFrame is serialized with the other writes, but not with the pong and
// close replies that [Conn.Read] sends; call it from the goroutine that
// reads, or while nobody reads.
func (c *Conn) WriteFrame(fin bool, opcode int, payload []byte) error {
	ws, err := c.conn()
	if err != nil {
		return err
	}
	if opcode < 0 || opcode > 0xf {
		return fmt.Errorf("wstest: opcode %d out of range", opcode)
	}
	frame := appendFrameHeader(make([]byte, 0, 10+len(payload)), fin, byte(opcode), len(payload))
	frame = append(frame, payload...)
	c.wmu.Lock()
	defer c.wmu.Unlock()
	raw := ws.UnderlyingConn()
	raw.SetWriteDeadline(time.Now().Add(writeTimeout))
	_, err = raw.Write(frame)
	return err
}

// appendFrameHeader appends an unmasked frame header (RFC 6455 section 5.2).
func appendFrameHeader(b []byte, fin bool, opcode byte, n int) []byte {
	b0 := opcode
	if fin {
		b0 |= 0x80
	}
	switch {
	case n < 126:
		return append(b, b0, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, b0, 126), uint16(n))
	default:
		return binary.BigEndian.AppendUint64(append(b, b0, 127), uint64(n))
	}
}
