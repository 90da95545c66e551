package devserver

import (
	"io"
	"net/http"

	"github.com/gorilla/websocket"
)

// HelpText is the plain-text page served at "/".
const HelpText = `wxrun development WebSocket server

Endpoints (connect with ws://HOST:PORT/PATH):

  /echo
      Echoes every message back with the same frame type (text or binary).
      A close frame is answered with the same close code and reason.

  /chat?room=NAME&name=NICK&token=TOKEN
      Chat room (default room "lobby"; default name: the one logged in with
      TOKEN, else "guest-N"; an unknown TOKEN is refused with 401).
      Every text message is broadcast to all members, the sender included:
        {"type":"message","room":ROOM,"from":NICK,"text":TEXT,"time":UNIX_MS}
      Joins and leaves are broadcast as:
        {"type":"join"|"leave","room":ROOM,"name":NICK,"members":N}
      A heartbeat, the text {"type":"ping"}, is answered to the sender only:
        {"type":"pong","time":UNIX_MS}

  POST /login   (plain HTTP: http://HOST:PORT/login)
      Log in with the code from wx.login: {"code":"…","name":"…"} as JSON or
      a form. Answers {"token":…,"openid":…,"name":…,"expiresIn":7200}; the
      same code always gives the same openid. 400 without a code.

  /
      This page.
`

func (s *Server) serveHelp(w http.ResponseWriter, r *http.Request) {
	if websocket.IsWebSocketUpgrade(r) {
		http.Error(w, "devserver: no WebSocket endpoint at /; try /echo or /chat", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "devserver: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, HelpText)
}
