// Where the chat server lives: its WebSocket chat room and its HTTP API (POST /login).
// `wxrun demo` replaces this file with the addresses of the server it starts; the
// defaults match `wxrun serve`.
module.exports = {
  url: "ws://127.0.0.1:8080/chat?room=demo",
  api: "http://127.0.0.1:8080"
}
