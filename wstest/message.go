package wstest

import (
	"fmt"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// ContinuationFrame is the opcode of a continuation frame, for use with
// [Conn.WriteFrame]. The other opcodes are the message type constants of
// gorilla/websocket (websocket.TextMessage, websocket.CloseMessage, ...).
const ContinuationFrame = 0

// Message is a data message received from or sent to a client.
type Message struct {
	Type int    // websocket.TextMessage or websocket.BinaryMessage
	Data []byte // the payload
}

// Text returns a text Message holding s.
func Text(s string) Message { return Message{Type: websocket.TextMessage, Data: []byte(s)} }

// Binary returns a binary Message holding b.
func Binary(b []byte) Message { return Message{Type: websocket.BinaryMessage, Data: b} }

// IsText reports whether m is a text message.
func (m Message) IsText() bool { return m.Type == websocket.TextMessage }

// String describes m for test failure messages, as text "…" or binary [N]byte{…}.
func (m Message) String() string {
	const max = 64
	switch m.Type {
	case websocket.TextMessage:
		if len(m.Data) > max || !utf8.Valid(m.Data) {
			return fmt.Sprintf("text(%d bytes) %q…", len(m.Data), m.Data[:min(len(m.Data), max)])
		}
		return fmt.Sprintf("text %q", m.Data)
	case websocket.BinaryMessage:
		if len(m.Data) > max {
			return fmt.Sprintf("binary [%d]byte{% x …}", len(m.Data), m.Data[:max])
		}
		return fmt.Sprintf("binary [%d]byte{% x}", len(m.Data), m.Data)
	}
	return fmt.Sprintf("type %d [%d]byte", m.Type, len(m.Data))
}
