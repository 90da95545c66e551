// Package examples embeds the sample mini programs shipped with wxrun, so that the
// binary can run them without the source tree (`wxrun demo`).
//
// Each example is a directory that wxrun can also run straight from a checkout:
//
//	chat/  a mini program project with two pages whose users talk in a room of the
//	       built-in development server (devserver /chat). Each page logs in first
//	       (wx.login, wx.request to POST /login, the token kept in storage) and connects
//	       with its token. pages/chat is a Page() with the classic wx.onSocketOpen message
//	       queue on the global socket API, setData on every message, a heartbeat, and
//	       reconnection with a back-off; pages/room is a Component() page holding a
//	       SocketTask. Both close their sockets in onUnload, when the program closes
//	       itself (wx.exitMiniProgram). Its config.js names the server; the defaults,
//	       ws://127.0.0.1:8080/chat?room=demo and http://127.0.0.1:8080, match
//	       `wxrun serve`. Its jest tests, chat/__tests__ (run by `wxrun test` and by
//	       this package's tests), are not embedded: go:embed leaves out names that
//	       start with an underscore.
package examples

import "embed"

// Chat holds the chat example; its files are under "chat/" (chat/app.json, chat/app.js,
// chat/pages/…).
//
//go:embed chat
var Chat embed.FS
