// wxrun sample mini program: a chat between two users of the development server's /chat
// room. Run it with `wxrun demo` (which starts a server for it), or start `wxrun serve`
// and run `wxrun examples/chat/app.js`.
const config = require('./config')
const chat = require('./utils/chat')

App({
  globalData: {
    received: 0 // chat events received, counted by utils/chat.js through getApp()
  },

  onLaunch() {
    console.log('chat demo: connecting to ' + config.url)
    chat.start(config.url, function () {
      console.log('chat demo: done, ' + this.globalData.received + ' chat events received')
    }.bind(this))
  }
})
