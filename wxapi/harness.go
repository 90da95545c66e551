package wxapi

// What a test harness needs that a run does not: starting a mini program again in the
// same runtime (package testrunner's wxrun/testing loads a project once per test), and
// knowing when the sockets a teardown closed have finished closing.

// Reset returns the wx API to the state Install left it in, for a harness that starts a
// mini program again in the same runtime, as a phone starts it again after closing it:
// every socket is torn down (ResetSockets: close code 1001 to the server, no event to the
// script) and the listeners of wx.onNetworkStatusChange, wx.onError and
// wx.onUnhandledRejection are forgotten, so that the code of the program that went away
// is not called again, and the temporary files ("wxfile://tmp_…") are deleted. Storage
// and the user's and saved files (they survive a restart on a phone), the network, the
// recorded UI calls and requests in flight are kept. Loop goroutine only.
func (a *API) Reset() {
	a.ResetSockets()
	a.files.clearTemporary()
	a.network.listeners = nil
	a.app.errorListeners = nil
	a.app.rejectionListeners = nil
}

// SocketsInProgress returns how many sockets are connecting or closing (from close() or
// an interruption, or from onError, until onClose): work under way that ends by itself,
// unlike an open socket, which waits for the program. (readyState cannot tell: WeChat
// keeps it OPEN while a socket closes.) A harness that
// tore a program down waits for it to reach zero, as runtime.Settle waits for the holds
// that are not idle. Loop goroutine only.
func (a *API) SocketsInProgress() int {
	n := 0
	for t := range a.sockets.live {
		if !t.finished && (t.readyState != stateOpen || t.closing) {
			n++
		}
	}
	return n
}
