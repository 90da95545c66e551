// bob's page, written with Component(), as most modern pages are: the page's query
// (?name=bob) arrives in its properties, its page methods (onLoad, onUnload) are in
// methods, and it holds its connection as a SocketTask, the object wx.connectSocket
// returns — the way to have a second socket beside the one the wx.*Socket* functions
// address. It logs in first, as alice's page does (utils/session). Own messages are
// shown when sent, not when the server echoes them back.
const chat = require('../../utils/chat')
const session = require('../../utils/session')

Component({
  properties: {
    name: { type: String, value: 'guest' }
  },

  data: {
    status: 'connecting',
    lines: []
  },

  methods: {
    onLoad() {
      this.connect()
    },

    // connect logs in (or takes the kept token) and opens the SocketTask.
    connect() {
      const me = this.data.name
      session.login(me).then((s) => {
        if (this.unloaded) return
        console.log('[' + me + ']   logged in as ' + s.name + (s.fromStorage ? ' (token kept in storage)' : ' (new token from /login)'))
        this.open(s)
      }, (err) => console.error('[' + me + ']   cannot log in: ' + err.message))
    },

    open(s) {
      const me = this.data.name
      const task = wx.connectSocket({ url: chat.withToken(getApp().globalData.url, s.token) })
      let opened = false
      this.task = task
      task.onOpen(() => {
        opened = true
        if (this.unloaded) {
          // Closed while it was connecting, which WeChat ignores: close it now.
          task.close({ code: 1000, reason: 'page unloaded' })
          return
        }
        console.log('[' + me + ']   connected (readyState ' + task.readyState + ')')
        this.setData({ status: 'open' })
      })
      task.onMessage((res) => this.receive(chat.parse(res.data)))
      task.onError((res) => {
        console.error('[' + me + ']   error: ' + res.errMsg)
        if (!opened && s.fromStorage && !this.unloaded) {
          // The server does not know the kept token: log in again.
          session.forget(me)
          this.connect()
        }
      })
      task.onClose((res) => console.log('[' + me + ']   closed (code ' + res.code + ')'))
    },

    receive(ev) {
      const me = this.data.name
      if (ev.type === 'message' && ev.from === me) return // shown when sent
      const line = chat.describe(ev)
      console.log('[' + me + ']   <- ' + line)
      this.show(line)
      if (ev.type === 'join' && ev.name === me) {
        this.send('hi alice, ' + me + ' here')
      } else if (ev.type === 'message' && ev.text === 'welcome, ' + me + '!') {
        this.send('bye, alice')
      }
    },

    send(text) {
      console.log('[' + this.data.name + ']   -> ' + text)
      this.task.send({
        data: text,
        fail: (res) => console.error('[' + this.data.name + ']   send failed: ' + res.errMsg)
      })
      this.show('me: ' + text)
    },

    show(line) {
      this.setData({ lines: this.data.lines.concat(line) })
    },

    onUnload() {
      console.log('[' + this.data.name + ']   page unloaded: closing the SocketTask')
      this.unloaded = true
      if (this.task) this.task.close({ code: 1000, reason: 'page unloaded' })
    }
  }
})
