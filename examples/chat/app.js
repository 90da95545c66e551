// wxrun sample mini program: a chat between two users of the development server's /chat
// room, one per page. Run it with `wxrun demo` (which starts a server for it), or start
// `wxrun serve` and run `wxrun examples/chat`.
//
//   pages/chat/chat  alice, a page written with Page() the classic way: log in and
//                    connect in onLoad, queue what is said until wx.onSocketOpen, setData
//                    on every message, a heartbeat, reconnection with a back-off, and
//                    wx.closeSocket() in onUnload.
//   pages/room/room  bob, a page written with Component() around a SocketTask, which it
//                    closes in onUnload.
//
// Both log in as a real app does before connecting (utils/session.js): the token kept in
// storage, else wx.login and wx.request to the server's POST /login. __tests__ holds the
// tests of this behaviour (`wxrun test` in this folder).
//
// The conversation is driven by what the server broadcasts, so it runs the same way every
// time: alice says hello; once she hears her own words back she opens bob's page; bob
// greets her; she welcomes him; he says goodbye; when alice hears it she closes the mini
// program (wx.exitMiniProgram), which unloads both pages — and their onUnload closes both
// sockets with code 1000.
const config = require('./config')

App({
  globalData: {
    url: config.url
  },

  onLaunch(options) {
    console.log('chat demo: launched on ' + options.path + ', server ' + config.url)
  },

  onHide() {
    console.log('chat demo: the mini program is closing')
  }
})
