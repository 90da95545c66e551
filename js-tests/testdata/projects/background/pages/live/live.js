// Keeps a socket to the test server open while the page lives, with the usual pattern for
// interruptions: connect in onLoad, and again in onShow if the socket was closed meanwhile.
const log = require('../../utils/log')
Page({
  onLoad() { this.connect() },
  connect() {
    const task = wx.connectSocket({ url: SERVER.ws + '/echo' })
    this.task = task
    task.onOpen(() => log('open'))
    task.onError((res) => log('error ' + res.errMsg))
    task.onClose((res) => {
      log('close ' + res.code + ' ' + res.reason)
      if (this.task === task) this.task = null
    })
  },
  onShow() {
    log('live.onShow')
    if (!this.task) this.connect()
  },
  onHide() { log('live.onHide') },
  onUnload() {
    log('live.onUnload')
    if (this.task) this.task.close({ code: 1000 })
  }
})
