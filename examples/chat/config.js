// Where the chat server lives. `wxrun demo` replaces this file with the address of the
// server it starts; the default matches `wxrun serve`.
module.exports = {
  url: "ws://127.0.0.1:8080/chat?room=demo"
}
