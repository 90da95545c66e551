// Package examples embeds the sample mini programs shipped with wxrun, so that the
// binary can run them without the source tree (`wxrun demo`).
//
// Each example is a directory that wxrun can also run straight from a checkout:
//
//	chat/  two users talking in a room of the built-in development server (devserver
//	       /chat): the classic wx.onSocketOpen message queue on the global socket API, a
//	       second connection through a SocketTask, and a clean shutdown with
//	       wx.closeSocket() and SocketTask.close(). Its config.js names the server; the
//	       default, ws://127.0.0.1:8080/chat?room=demo, matches `wxrun serve`.
package examples

import "embed"

// Chat holds the chat example; its files are under "chat/" (chat/app.js, chat/config.js, …).
//
//go:embed chat
var Chat embed.FS
