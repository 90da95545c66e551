package devserver

import "net/http"

// echo serves /echo: each message is sent back with the same frame type.
// A close frame from the client is answered (by the close handler installed
// in newPeer) with the same code and reason once the queued echoes are out.
// A client that sends faster than it reads is slowed down rather than
// dropped: the next message is not read until the queue has room.
func (s *Server) echo(p *peer, _ *http.Request) {
	for {
		typ, data, err := p.read()
		if err != nil {
			return
		}
		// Once the server is closing the connection the message is
		// discarded; reading goes on until the client's close reply.
		p.sendWait(outgoing{typ: typ, data: data})
	}
}
