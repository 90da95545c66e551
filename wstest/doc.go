// Package wstest provides scripted WebSocket servers for tests, in the
// spirit of net/http/httptest: a [Server] listens on 127.0.0.1, serves many
// well-behaved and hostile scenarios at once (the scenario is chosen by the
// URL path and query), records what every client did, and is shut down,
// with all of its connections and goroutines, by the test's Cleanup.
//
// # Usage
//
//	func TestClient(t *testing.T) {
//		srv := wstest.NewServer(t)
//		ws, _, err := websocket.DefaultDialer.Dial(srv.URL+"/echo", nil)
//		if err != nil {
//			t.Fatal(err)
//		}
//		defer ws.Close()
//		// ... drive the client ...
//		c, err := srv.WaitConn(ctx) // the first handshake the server got
//		msgs, err := c.WaitReceived(ctx, 1)
//	}
//
// One Server can back a whole JavaScript test file: pass srv.URL to the
// script and let each test connect to the scenario it needs.
//
// # Scenarios
//
// Unless stated otherwise a scenario echoes (like /echo) once its script is
// done, and answers the client's close frame with the same code and reason.
//
//	/echo                   echo each message with the same frame type
//	/inspect                reply to each message with {"type","len","data"}
//	                        (see InspectReply; data is base64 for binary)
//	/headers                send the handshake headers as a JSON object
//	                        (canonical name → first value, plus "Host" and
//	                        "Sec-WebSocket-Protocol" as sent), then echo
//	/push?n=N&size=S&binary=1&close=CODE&reason=R&interval=MS
//	                        send N messages of S bytes (see PushMessage), then
//	                        close with CODE if given, else echo
//	/close?code=C&reason=R&after=MS
//	                        after MS ms send close C/R, await the reply, close TCP
//	/status/NNN             refuse the handshake with HTTP status NNN and a body
//	/stall?ms=M             accept TCP but never answer the handshake; with
//	                        ms, answer after M ms and echo
//	/drop?after=N           send "m0".."m(N-1)", close TCP without a close frame
//	                        (&partial=1: then the first fragment of a message)
//	/reset?after=N          send "m0".."m(N-1)", reset the TCP connection (RST)
//	/protocol?choose=P      select subprotocol P even if not offered (choose=
//	                        selects none), or else the first offered one;
//	                        send the selection as a text message, then echo
//	/silent                 never send anything: no pongs, no close reply
//	/redirect?to=URL&code=C answer the handshake with redirect C (302) to URL
//	/slowclose?ms=M         echo; answer a close frame after M ms (200)
//	/bad-utf8?n=N&close=1   send m0..m(N-1), a text frame with invalid UTF-8
//	                        (ff fe) and the text "after", then echo; with
//	                        close=1, a close frame 1000 whose reason is ff fe
//	                        instead of the bad text
//	/after-close            send close 1000, then a text frame anyway, await
//	                        the reply, close TCP
//	/big?size=N             send one binary message of N bytes (1 MiB),
//	                        byte i being i%256
//	/fragments?n=N&size=S   send one text message as N frames of S bytes
//	                        (3, 4); fragment i repeats the letter 'a'+i%26
//	/pingflood?n=N          send N pings (100), then the text "done"
//	/mqtt                   a minimal MQTT 3.1.1 broker over WebSocket
//	                        (selects subprotocol "mqtt"), routing PUBLISH
//	                        between all /mqtt connections of the server;
//	                        see mqtt.go for what it supports
//
// A non-WebSocket GET of "/" returns the list as plain text ([IndexText]).
// Plain HTTP requests under /http/ are served by HTTP scenarios (echo, status
// codes, redirects, stalls, chunked bodies, cookies, dropped connections, multipart
// uploads) for testing HTTP clients such as wx.request and wx.uploadFile; see [HTTPEcho],
// [HTTPUpload] and http.go.
// Bad query parameters are answered with 400 before the upgrade.
//
// # What a client sees
//
// With a gorilla/websocket client, /status/404 makes Dial fail with
// websocket.ErrBadHandshake and a response with StatusCode 404; /drop makes
// ReadMessage fail with a *websocket.CloseError of code 1006
// (CloseAbnormalClosure), which gorilla synthesizes on an unexpected EOF —
// no close frame was received; /reset makes it fail with a network error
// ("connection reset by peer"); /close?code=4000&reason=x with a
// *websocket.CloseError{Code: 4000, Text: "x"}.
//
// # Recording
//
// Every WebSocket handshake the server receives, upgraded or not, becomes a
// [Conn] with an ID (1, 2, ...). [Server.Conns] lists them and
// [Server.WaitConn] returns them one by one as they arrive. A Conn reports
// the handshake request ([Conn.Header], [Conn.Protocols]), the negotiated
// subprotocol, the data messages received ([Conn.Received],
// [Conn.WaitReceived]), the client's close frame ([Conn.CloseCode],
// [Conn.CloseReason]), and pings and pongs. Messages are recorded as the
// scenario reads them; built-in scenarios read continuously.
//
// # Custom scenarios
//
// [Server.Handle] adds a scenario as a function of the upgraded [Conn],
// scripted with [Conn.Read], [Conn.WriteText], [Conn.WriteBinary],
// [Conn.Ping], [Conn.WriteFrame] (raw frames), [Conn.Close],
// [Conn.Drop] and [Conn.Reset]:
//
//	srv.Handle("/greet", func(c *wstest.Conn) {
//		c.WriteText("hello")
//		if m, err := c.Read(); err == nil {
//			c.Close(4001, "got "+string(m.Data))
//		}
//	})
//
// # TLS
//
// [NewTLSServer] serves wss:// with the self-signed certificate of
// net/http/httptest (valid for 127.0.0.1). [Server.CAFile] names a PEM copy
// of it for clients configured by file; [Server.Certificate],
// [Server.ClientTLSConfig] and [Server.Dialer] serve Go clients.
//
// # Shutdown
//
// The server is closed by tb.Cleanup (or an earlier [Server.Close]): every
// connection, including hijacked and stalled ones, is closed without a
// close frame and every scenario goroutine has returned when Close does,
// so tests using go.uber.org/goleak stay clean. Clients should close their
// own connections in Cleanup functions registered after NewServer.
//
// # Concurrency
//
// Server and the recording methods of Conn are safe for concurrent use.
// Conn writes are serialized; reads must come from one goroutine at a time
// (see [Conn]).
package wstest
