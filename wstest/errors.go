package wstest

import "errors"

var (
	// ErrServerClosed is returned by [Server.WaitConn] once the server is
	// closed and every recorded connection has been returned.
	ErrServerClosed = errors.New("wstest: server closed")

	// ErrNotUpgraded is returned by the I/O methods of a [Conn] whose
	// handshake was not (or not yet) upgraded to a WebSocket connection,
	// such as one refused by /status/NNN.
	ErrNotUpgraded = errors.New("wstest: connection not upgraded")

	// ErrConnDone is returned (wrapped) by [Conn.WaitReceived] when the
	// connection ended before enough messages arrived.
	ErrConnDone = errors.New("wstest: connection finished")
)
