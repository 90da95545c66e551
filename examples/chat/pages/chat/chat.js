// alice's page, written the classic way, with the global socket API (wx.connectSocket,
// wx.onSocket*, wx.sendSocketMessage, wx.closeSocket): the socket opens in onLoad, what
// alice says before it is open waits in a queue that wx.onSocketOpen flushes, every
// message received goes to the view with setData, a heartbeat keeps the connection
// alive, and onUnload stops the heartbeat and closes the socket.
const chat = require('../../utils/chat')

const HEARTBEAT_MS = 5000
const LAST_QUEUED = 'I will wait here for someone'

Page({
  data: {
    me: 'alice',
    status: 'connecting',
    lines: [],
    pongs: 0
  },

  // State the view does not show stays out of data.
  socketOpen: false,
  queue: [],
  heartbeat: null,

  onLoad(query) {
    const me = query.name || 'alice'
    this.setData({ me: me })
    wx.connectSocket({ url: chat.withName(getApp().globalData.url, me) })

    wx.onSocketOpen(() => {
      this.socketOpen = true
      this.setData({ status: 'open' })
      console.log('[' + me + '] connected, flushing ' + this.queue.length + ' queued messages')
      this.queue.splice(0).forEach((text) => this.send(text))
      wx.sendSocketMessage({ data: chat.HEARTBEAT })
      this.heartbeat = setInterval(() => wx.sendSocketMessage({ data: chat.HEARTBEAT }), HEARTBEAT_MS)
    })
    wx.onSocketMessage((res) => this.receive(chat.parse(res.data)))
    wx.onSocketError((res) => console.error('[' + me + '] error: ' + res.errMsg))
    wx.onSocketClose((res) => {
      this.socketOpen = false
      console.log('[' + me + '] closed (code ' + res.code + ')')
    })

    this.say('hello, is anyone here?')
    this.say(LAST_QUEUED)
  },

  // say sends a message, or queues it until the socket is open.
  say(text) {
    if (this.socketOpen) {
      this.send(text)
    } else {
      console.log('[' + this.data.me + '] queued "' + text + '" (socket not open yet)')
      this.queue.push(text)
    }
  },

  send(text) {
    console.log('[' + this.data.me + '] -> ' + text)
    wx.sendSocketMessage({ data: text })
  },

  receive(ev) {
    if (ev.type === 'pong') {
      this.setData({ pongs: this.data.pongs + 1 })
      return
    }
    const line = chat.describe(ev)
    console.log('[' + this.data.me + '] <- ' + line)
    // A data path: only the new line travels to the view.
    this.setData({ ['lines[' + this.data.lines.length + ']']: line })
    if (ev.type === 'message' && ev.from === this.data.me && ev.text === LAST_QUEUED) {
      // Her own words came back, so she is certainly in the room: open bob's page.
      wx.navigateTo({ url: '/pages/room/room?name=bob' })
    } else if (ev.type === 'message' && ev.from === 'bob' && ev.text.indexOf('hi') === 0) {
      this.say('welcome, bob!')
    } else if (ev.type === 'message' && ev.from === 'bob' && ev.text.indexOf('bye') === 0) {
      console.log('[' + this.data.me + '] the chat is over: closing the mini program')
      wx.exitMiniProgram()
    }
  },

  onShow() {
    console.log('[' + this.data.me + '] page shown')
  },

  onHide() {
    console.log('[' + this.data.me + '] page hidden')
  },

  onUnload() {
    console.log('[' + this.data.me + '] page unloaded: closing the socket')
    clearInterval(this.heartbeat)
    wx.closeSocket({ code: 1000, reason: 'page unloaded' })
  }
})
