const config = require("../../config.js")

Page({
  data: { status: "connecting", sent: 0, received: 0 },

  onLoad() {
    const user = getApp().user
    const task = wx.connectSocket({ url: config.url + "?user=" + encodeURIComponent(user) })
    this.task = task
    const send = () => {
      const n = this.data.sent + 1
      task.send({ data: JSON.stringify({ user, n, at: Date.now() }) })
      this.setData({ sent: n })
    }
    task.onOpen(() => {
      this.setData({ status: "open" })
      send()
    })
    task.onMessage(() => {
      this.setData({ received: this.data.received + 1 })
      if (this.data.sent < config.messages) send()
      else task.close({ code: 1000, reason: "done" })
    })
    task.onError((res) => this.setData({ status: "error: " + res.errMsg }))
    task.onClose(() => this.setData({ status: "closed" }))
  },

  onUnload() {
    if (this.task && this.data.status === "open") this.task.close({ code: 1000, reason: "unload" })
  }
})
