// Package devserver implements the built-in WebSocket development server
// used by "wxrun serve" and by the README demo.
//
// # Endpoints
//
// A [Server] is an [net/http.Handler] that serves:
//
//	/echo                      echo every message back with the same frame type;
//	                           a close frame is answered with the same code and reason
//	/chat?room=NAME&name=NICK  chat room (default room "lobby", default name "guest-N",
//	       &token=TOKEN        or the name logged in with TOKEN; an unknown one gets 401)
//	POST /login                log in with a wx.login code: {"code":"…","name":"…"} (JSON
//	                           or a form) → {"token","openid","name","expiresIn"}; see
//	                           [LoginRequest] and [LoginResponse]
//	/                          plain-text help page
//
// # Chat protocol
//
// Every text message a member sends to /chat is broadcast, as a JSON text
// message, to every member of the room including the sender:
//
//	{"type":"message","room":"lobby","from":"alice","text":"hi","time":1700000000000}
//
// Joining and leaving are broadcast as
//
//	{"type":"join","room":"lobby","name":"alice","members":2}
//	{"type":"leave","room":"lobby","name":"alice","members":1}
//
// where members is the room size after the change. The time field is Unix
// milliseconds. Binary messages sent to /chat are ignored. A heartbeat — a
// text message that is exactly {"type":"ping"} — is not broadcast: the sender
// alone gets {"type":"pong","time":…} back. See [ChatMessage], [ChatPresence]
// and [ChatPong].
//
// With a logger ([WithLogger]; `wxrun serve --verbose`), each connection's end
// is logged with the close frame the client sent, such as
// `disconnected from /chat?room=demo&name=alice with close 1000 "bye"`.
//
// # Connections
//
// Each WebSocket connection is served by exactly one reading goroutine (the
// HTTP handler goroutine) and one writing goroutine, as required by
// gorilla/websocket. Outgoing messages pass through a bounded per-connection
// queue (see [WithQueueSize]). A chat member whose queue is full is dropped
// with close code 1008 (policy violation) so that a slow client never blocks
// the room; /echo applies back-pressure instead, by not reading the next
// message until the queue has room.
//
// [Server.Close] sends close code 1001 (going away) to every connection,
// waits briefly for the close handshake and then for all of the server's
// goroutines to exit.
//
// # Running a server
//
// Use the Server with any [net/http.Server], or use [Start] or
// [ListenAndServe], which listen on a loopback address only unless
// [AllowNonLoopback] is given:
//
//	r, err := devserver.Start("127.0.0.1:0")
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer r.Close()
//	fmt.Println(r.URL() + "/echo") // ws://127.0.0.1:PORT/echo
package devserver
