// Package replay runs a mini program's sockets and requests from a recorded trace
// (package trace), with no network: what `wxrun run --replay FILE` does, so that a session
// recorded once against the real backend runs in CI without it.
//
// # Matching
//
// Load reads the recording; NewSession serves one run from it as the run's
// wxapi.Transport (wxapi.WithTransport). Sockets are matched by URL, in order — the k-th
// socket the run dials to a URL is the k-th recorded connection to that URL — and so are
// requests, by method and URL. A recorded connection replays as it went: a failed dial
// fails with the same error, a refused handshake is refused with the same status, a
// handshake that never got an answer gets none (the client's own timeout ends it), and an
// open connection plays its steps in order: the server's frames are sent as soon as the
// step before them is done (or, with Options.Timing, as long after it as recorded), each
// frame the client sent in the recording is waited for and compared, and the connection
// ends as it ended — the server's close frame, a drop without one, or the answer to the
// client's close. A request is answered with its recorded response or failure; one that
// timed out or was aborted waits until the request's context ends.
//
// # Divergences
//
// Where the run does not do what the recording did — a different frame or body, a
// connection or request the recording does not have, a recorded one the run never
// reaches, a connection that ends early — the session records a Divergence with both
// sides and the trace line; a connection that diverged is closed with 1011. Close returns
// them all; the command line prints them and exits 1.
//
// # Limits
//
// Frames the client could not read — text that is not UTF-8, a message over the size
// limit — are not in the trace, so a replay cannot send them again. Headers are not
// compared (tokens and dates change from run to run); the recorded response headers are
// sent back as they were. Payloads must be in the trace whole (--trace-max-payload).
//
// # Goroutines
//
// A Session is safe for concurrent use: sockets and requests call it from their own
// goroutines. Each replayed connection has two goroutines of its own (one plays its
// steps, one reads the client's frames), all ended by Close.
package replay
