// Opened with --page 'pages/chat/chat?base=://HOST:PORT[&greeting=TEXT][&boom=1]': logs in
// with wx.request, then chats over one socket, each message answering the last, and
// closes it. boom=1 ends with an uncaught error.
Page({
  data: { status: 'new' },
  onLoad(q) {
    this.base = q.base
    this.greeting = q.greeting || 'hello'
    this.boom = q.boom === '1'
  },
  onReady() {
    wx.request({
      url: 'http' + this.base + '/login', method: 'POST', data: { code: 'c1' },
      success: (res) => {
        this.setData({ status: 'logged in', token: res.data.token })
        this.chat('ws' + this.base + '/chat?token=' + res.data.token)
      }
    })
  },
  chat(url) {
    const task = wx.connectSocket({ url, protocols: ['chat'] })
    task.onOpen(() => {
      console.log('open')
      task.send({ data: this.greeting })
    })
    task.onMessage((res) => {
      if (typeof res.data !== 'string') {
        console.log('binary', new Uint8Array(res.data).join(','))
        task.send({ data: 'done?' })
        return
      }
      console.log('message', res.data)
      this.setData({ last: res.data })
      if (res.data === 'welcome') task.send({ data: new Uint8Array([9, 8]).buffer })
      if (res.data === 'bye') task.close({ code: 1000, reason: 'done' })
    })
    task.onClose((res) => {
      console.log('closed', res.code, res.reason)
      this.setData({ status: 'closed' })
      if (this.boom) setTimeout(function explode() { throw new Error('boom') })
    })
  },
  onUnload() { console.warn('unloading') }
})
