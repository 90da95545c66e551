// Opened with --page 'pages/socket/socket?url=…': keeps a socket open and a heartbeat
// running until the page is unloaded, whose clean-up closes the socket with 4000.
Page({
  onLoad(q) {
    this.task = wx.connectSocket({ url: decodeURIComponent(q.url) })
    this.task.onOpen(() => console.log('ready'))
    this.task.onClose((res) => {
      console.log('socket closed ' + res.code + ' ' + res.reason)
      clearInterval(this.timer) // nothing left to do: the run can end
    })
    this.timer = setInterval(() => {}, 1000)
  },
  onUnload() {
    console.log('socket.onUnload')
    clearInterval(this.timer)
    this.task.close({ code: 4000, reason: 'unloaded' })
  }
})
