package wxapi

import (
	"github.com/dop251/goja"
)

// installSocketGlobals defines the legacy single-socket API (spec §3, §5):
// wx.sendSocketMessage, wx.closeSocket and wx.onSocketOpen/Message/Error/Close, which all
// address the "current global task" slot.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.sendSocketMessage.html
func (a *API) installSocketGlobals() {
	reg := &a.sockets
	// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.onSocketOpen.html (and wx.onSocketMessage,
	// wx.onSocketError, wx.onSocketClose)
	for kind, name := range []string{"onSocketOpen", "onSocketMessage", "onSocketError", "onSocketClose"} {
		kind := eventKind(kind)
		_ = a.wx.Set(name, func(call goja.FunctionCall) goja.Value {
			// One callback per event kind, the last one wins; it survives reconnects.
			// A non-function fails the parameter check silently.
			if f, ok := goja.AssertFunction(call.Argument(0)); ok {
				reg.globalCbs[kind] = f
			}
			return goja.Undefined()
		})
	}
	_ = a.wx.Set("sendSocketMessage", a.sendSocketMessage)
	_ = a.wx.Set("closeSocket", a.closeSocket)
}

// sendSocketMessage sends on the slot task when it is OPEN. Promisified.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.sendSocketMessage.html
func (a *API) sendSocketMessage(call goja.FunctionCall) goja.Value {
	opts := optionsObject(call.Argument(0))
	// Read before the Promise exists: a throwing getter throws out of the call instead.
	data := option(opts, "data")
	cb, promise := a.parseCallbacks(opts, "sendSocketMessage")
	t := a.sockets.slot
	if t == nil || t.readyState != stateOpen {
		a.finish(cb, failResult("sendSocketMessage", errNotConnected.Error()))
		return promise
	}
	a.sendData(t, data, cb)
	return promise
}

// closeSocket closes the slot task with the given options (marking it CLOSED at once),
// then closes every other live task created through wx.connectSocket with code 1000 and
// no callbacks. Promisified.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.closeSocket.html
func (a *API) closeSocket(call goja.FunctionCall) goja.Value {
	opts := optionsObject(call.Argument(0))
	// Read before the Promise exists: a throwing getter throws out of the call instead.
	code, reason, problem := closeParams(opts)
	cb, promise := a.parseCallbacks(opts, "closeSocket")
	reg := &a.sockets
	slot := reg.slot
	if slot != nil && slot.readyState != stateClosed && !slot.finished {
		slot.readyState = stateClosed
		a.closeTask(slot, code, reason, problem, cb)
	} else {
		a.finish(cb, failResult("closeSocket", errNotConnected.Error()))
	}
	abort := a.cfg.closeWhileConnecting == CloseAborts
	for _, t := range append([]*socketTask(nil), reg.order...) {
		if t == slot || t.finished {
			continue
		}
		t.readyState = stateClosed
		t.requestClose(1000, "", abort)
	}
	return promise
}
