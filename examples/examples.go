// Package examples embeds the sample mini programs shipped with wxrun, so that the
// binary can run them without the source tree (`wxrun demo`).
//
// Each example is a directory that wxrun can also run straight from a checkout:
//
//	chat/  a mini program project with two pages whose users talk in a room of the
//	       built-in development server (devserver /chat): pages/chat is a Page() with the
//	       classic wx.onSocketOpen message queue on the global socket API, setData on every
//	       message and a heartbeat; pages/room is a Component() page holding a SocketTask.
//	       Both close their sockets in onUnload, when the program closes itself
//	       (wx.exitMiniProgram). Its config.js names the server; the default,
//	       ws://127.0.0.1:8080/chat?room=demo, matches `wxrun serve`.
package examples

import "embed"

// Chat holds the chat example; its files are under "chat/" (chat/app.json, chat/app.js,
// chat/pages/…).
//
//go:embed chat
var Chat embed.FS
