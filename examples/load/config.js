// The server under load and what each user does. The default matches 'wxrun serve'
// (and 'wxrun run --serve 127.0.0.1:8080'), whose /echo answers every message; point
// url at your own server.
module.exports = {
  url: "ws://127.0.0.1:8080/echo",
  messages: 20 // each user sends this many, each after the answer to the one before
}
