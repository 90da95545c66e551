package wxapi

import (
	"github.com/dop251/goja"
)

// networkState is the loop side of the network status API: the listeners of
// wx.onNetworkStatusChange, in registration order. Loop goroutine only.
type networkState struct {
	listeners []goja.Value
}

// installNetwork defines wx.getNetworkType, wx.onNetworkStatusChange and
// wx.offNetworkStatusChange.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/device/network/wx.getNetworkType.html
func (a *API) installNetwork() {
	a.DefineAsync("getNetworkType", true, func(c *Call) goja.Value {
		c.Succeed(Field{"networkType", a.link.network().networkType()})
		return nil
	})
	// https://developers.weixin.qq.com/miniprogram/dev/api/device/network/wx.onNetworkStatusChange.html
	_ = a.wx.Set("onNetworkStatusChange", func(call goja.FunctionCall) goja.Value {
		// Each call adds a listener; a non-function is ignored, as the base library's
		// parameter check does silently.
		if f := call.Argument(0); kindOf(f) == kindFunction {
			a.network.listeners = append(a.network.listeners, f)
		}
		return goja.Undefined()
	})
	// https://developers.weixin.qq.com/miniprogram/dev/api/device/network/wx.offNetworkStatusChange.html
	_ = a.wx.Set("offNetworkStatusChange", func(call goja.FunctionCall) goja.Value {
		a.network.listeners = removeListener(a.network.listeners, call.Argument(0))
		return goja.Undefined()
	})
}

// removeListener removes every registration of f from ls, or all of them when f is
// undefined (the off* convention: "no argument removes every listener"). Anything else
// removes nothing.
func removeListener(ls []goja.Value, f goja.Value) []goja.Value {
	switch kindOf(f) {
	case kindUndefined:
		return nil
	case kindFunction:
		kept := ls[:0:0]
		for _, l := range ls {
			if !l.SameAs(f) {
				kept = append(kept, l)
			}
		}
		return kept
	}
	return ls
}

// SetNetwork switches the emulated network during a run, as a phone moving between Wi-Fi,
// cellular networks and no network does: wx.getNetworkType reports the new one at once,
// wx.onNetworkStatusChange listeners get {isConnected, networkType} on a later turn, and
// the new network's latency and bandwidth apply from the next byte on, to open sockets
// and requests in flight too. Going offline makes new requests fail with
// "request:fail -106:net::ERR_INTERNET_DISCONNECTED" and new sockets with onError
// "exception dial tcp …: connect: network is down", and cuts every open connection: a
// socket gets onError "abnormal closure" then onClose 1006, after the listeners have run.
// Setting the current network again does nothing.
//
// SetNetwork is safe to call from any goroutine: from the test driving a run, or from a
// job on the loop.
func (a *API) SetNetwork(n Network) error {
	if _, err := ParseNetwork(string(n)); err != nil {
		return err
	}
	// Serialized, so that concurrent changes report each change once, in order.
	a.networkMu.Lock()
	defer a.networkMu.Unlock()
	if a.link.network() == n {
		return nil
	}
	// The listeners' job is queued before the connections are cut, so the onError and
	// onClose that the connections' own goroutines submit come after it.
	a.host.Submit(func() { a.networkChanged(n) })
	a.link.set(n, linkProfiles[n])
	if n == NetworkOffline {
		// Kept-alive HTTP connections were cut with the others; forget them at once.
		a.requests.closeIdle()
		a.downloads.closeIdle()
		a.uploads.closeIdle()
	}
	return nil
}

// Network is the emulated network the runtime is on now. Safe from any goroutine.
func (a *API) Network() Network { return a.link.network() }

// networkChanged runs the wx.onNetworkStatusChange listeners for a change to n. Loop
// goroutine only.
func (a *API) networkChanged(n Network) {
	// Listeners added while dispatching do not see this change: iterate a fixed length.
	ls := a.network.listeners
	if len(ls) == 0 {
		return
	}
	res := a.plainObject([]field{{"isConnected", n != NetworkOffline}, {"networkType", n.networkType()}})
	for i, count := 0, len(ls); i < count; i++ {
		a.host.CallFunction(ls[i], goja.Undefined(), res)
	}
}
