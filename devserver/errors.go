package devserver

import "errors"

// ErrNonLoopback is returned by [Start] and [ListenAndServe] when asked to
// listen on an address that is not a loopback address and the
// [AllowNonLoopback] option was not given.
var ErrNonLoopback = errors.New("devserver: refusing to listen on a non-loopback address (use AllowNonLoopback)")
