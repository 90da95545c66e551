// alice's page, written the classic way, with the global socket API (wx.connectSocket,
// wx.onSocket*, wx.sendSocketMessage, wx.closeSocket): the page logs in (utils/session:
// wx.login, then POST /login, the token kept in storage) and connects in onLoad; what
// alice says before the socket is open waits in a queue that wx.onSocketOpen flushes,
// every message received goes to the view with setData, and a heartbeat keeps the
// connection alive. When the connection drops it reconnects with an exponential back-off
// (1 s, 2 s, 4 s … at most MAX_RETRIES times) and a toast, waits while the network is
// gone (wx.onNetworkStatusChange) and reconnects as soon as it is back; a kept token the
// server no longer knows is dropped and the page logs in again. onUnload stops it all and
// closes the socket. __tests__/chat.test.js checks each of these.
const chat = require('../../utils/chat')
const session = require('../../utils/session')

const HEARTBEAT_MS = 5000
const BACKOFF_MS = 1000
const MAX_RETRIES = 5
const LAST_QUEUED = 'I will wait here for someone'

Page({
  data: {
    me: 'alice',
    status: 'connecting',
    notice: '',
    lines: [],
    pongs: 0
  },

  // State the view does not show stays out of data.
  state: 'idle', // 'login' while logging in, 'socket' from wx.connectSocket to its end
  opened: false, // the current socket has opened
  queue: [],
  heartbeat: null,
  timer: null, // the next reconnection
  retries: 0,
  relogged: false, // logged in again since the last open: a refusal now is not the token
  offline: false,
  unloaded: false,

  onLoad(query) {
    const me = query.name || 'alice'
    this.setData({ me: me })

    wx.onSocketOpen(() => this.socketOpened())
    wx.onSocketMessage((res) => this.receive(chat.parse(res.data)))
    wx.onSocketError((res) => {
      console.error('[' + me + '] error: ' + res.errMsg)
      // A refused handshake ends with onError alone; an open socket's onClose follows.
      if (!this.opened) this.ended()
    })
    wx.onSocketClose((res) => {
      console.log('[' + me + '] closed (code ' + res.code + ')')
      this.ended()
    })
    this.onNetwork = (res) => this.networkChanged(res)
    wx.onNetworkStatusChange(this.onNetwork)

    this.connect()
    this.say('hello, is anyone here?')
    this.say(LAST_QUEUED)
  },

  // connect logs in (or takes the kept token) and opens the socket.
  connect() {
    if (this.state !== 'idle' || this.unloaded) return
    const me = this.data.me
    this.state = 'login'
    session.login(me).then((s) => {
      if (this.unloaded) return
      console.log('[' + me + '] logged in as ' + s.name + (s.fromStorage ? ' (token kept in storage)' : ' (new token from /login)'))
      this.session = s
      this.state = 'socket'
      this.opened = false
      if (this.data.status !== 'connecting') this.setData({ status: 'connecting' })
      wx.connectSocket({ url: chat.withToken(getApp().globalData.url, s.token) })
    }, (err) => {
      this.state = 'idle'
      if (this.unloaded) return
      console.error('[' + me + '] cannot log in: ' + err.message)
      this.retry()
    })
  },

  socketOpened() {
    const me = this.data.me
    if (this.unloaded) {
      // Closed while it was connecting, which WeChat ignores: close it now.
      wx.closeSocket({ code: 1000, reason: 'page unloaded' })
      return
    }
    this.opened = true
    this.retries = 0
    this.relogged = false
    this.setData({ status: 'open', notice: '' })
    console.log('[' + me + '] connected, flushing ' + this.queue.length + ' queued messages')
    this.queue.splice(0).forEach((text) => this.send(text))
    this.ping()
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS)
  },

  // ended runs once when the current socket is over: refused, dropped or closed.
  ended() {
    if (this.state !== 'socket') return
    this.state = 'idle'
    clearInterval(this.heartbeat)
    this.heartbeat = null
    if (this.unloaded) return
    if (!this.opened && this.session && this.session.fromStorage && !this.relogged) {
      // Refused with the kept token: the server may no longer know it (it restarted, or
      // the token expired). Log in again, at once, once; then back off as for any failure.
      this.relogged = true
      session.forget(this.data.me)
      this.session = null
      this.connect()
      return
    }
    this.retry()
  },

  // retry reconnects after a back-off that doubles each time, or gives up.
  retry() {
    if (this.offline) {
      this.setData({ status: 'offline', notice: 'No network: waiting for it to come back' })
      return
    }
    if (this.retries >= MAX_RETRIES) {
      this.setData({ status: 'offline', notice: 'Could not reconnect' })
      return
    }
    const delay = BACKOFF_MS * Math.pow(2, this.retries)
    this.retries++
    this.setData({ status: 'reconnecting', notice: 'Connection lost: reconnecting in ' + delay / 1000 + ' s' })
    wx.showToast({ title: 'Connection lost', icon: 'none' })
    this.timer = setTimeout(() => {
      this.timer = null
      this.connect()
    }, delay)
  },

  networkChanged(res) {
    this.offline = !res.isConnected
    if (this.offline) {
      clearTimeout(this.timer)
      this.timer = null
      return // the socket, if any, is cut and ends; ended() then waits for the network
    }
    if (this.state === 'idle') {
      // Back online: reconnect now, not at the end of a back-off.
      clearTimeout(this.timer)
      this.timer = null
      this.retries = 0
      this.connect()
    }
  },

  // say sends a message, or queues it until the socket is open.
  say(text) {
    if (this.opened && this.state === 'socket') {
      this.send(text)
    } else {
      console.log('[' + this.data.me + '] queued "' + text + '" (socket not open yet)')
      this.queue.push(text)
    }
  },

  // send sends text on the open socket. Without a fail callback wx.sendSocketMessage
  // returns a Promise, which would reject unhandled when the connection has just dropped:
  // what could not be sent waits in the queue for the next connection instead.
  send(text) {
    console.log('[' + this.data.me + '] -> ' + text)
    wx.sendSocketMessage({
      data: text,
      fail: () => {
        console.log('[' + this.data.me + '] queued "' + text + '" again (the connection dropped)')
        this.queue.push(text)
      }
    })
  },

  // ping is the heartbeat; one lost with a dropping connection does not matter.
  ping() {
    wx.sendSocketMessage({ data: chat.HEARTBEAT, fail: () => {} })
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
    this.unloaded = true
    clearTimeout(this.timer)
    clearInterval(this.heartbeat)
    wx.offNetworkStatusChange(this.onNetwork)
    if (this.state === 'socket') wx.closeSocket({ code: 1000, reason: 'page unloaded' })
  }
})
