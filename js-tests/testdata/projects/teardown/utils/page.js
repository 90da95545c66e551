// A page that keeps a socket and a heartbeat until it is unloaded, and cleans both up
// then — what the teardown must give it the chance to do.
const log = require('./log')
module.exports = function (name) {
  return {
    onLoad() {
      this.task = wx.connectSocket({ url: SERVER.ws + '/echo?page=' + name })
      this.task.onOpen(() => log(name + ' open'))
      this.task.onClose((res) => log(name + ' close ' + res.code + ' ' + res.reason))
      this.beats = 0
      this.heartbeat = setInterval(() => { this.beats++ }, 5)
    },
    onHide() { log(name + '.onHide') },
    onUnload() {
      log(name + '.onUnload')
      clearInterval(this.heartbeat)
      this.task.close({ code: 1000, reason: name + ' unloaded' })
    }
  }
}
