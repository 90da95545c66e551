// bob's page, written with Component(), as most modern pages are: the page's query
// (?name=bob) arrives in its properties, its page methods (onLoad, onUnload) are in
// methods, and it holds its connection as a SocketTask, the object wx.connectSocket
// returns — the way to have a second socket beside the one the wx.*Socket* functions
// address. Own messages are shown when sent, not when the server echoes them back.
const chat = require('../../utils/chat')

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
      const me = this.data.name
      const task = wx.connectSocket({ url: chat.withName(getApp().globalData.url, me) })
      this.task = task
      task.onOpen(() => {
        console.log('[' + me + ']   connected (readyState ' + task.readyState + ')')
        this.setData({ status: 'open' })
      })
      task.onMessage((res) => this.receive(chat.parse(res.data)))
      task.onError((res) => console.error('[' + me + ']   error: ' + res.errMsg))
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
      this.task.close({ code: 1000, reason: 'page unloaded' })
    }
  }
})
