const config = require('/config')
const log = require('/utils/log')

Page({
  data: { status: 'connecting', items: [], selected: '', draft: '', reconnects: 0 },

  onLoad(query) {
    log.add('feed onLoad ' + JSON.stringify(query))
    if (query.boom) throw new Error('boom in onLoad')
    this.topic = query.topic || 'all'
    this.onNetwork = (res) => {
      if (res.isConnected && this.data.status === 'offline') this.connect()
      if (!res.isConnected) this.setData({ status: 'offline' })
    }
    wx.onNetworkStatusChange(this.onNetwork)
    this.connect()
  },

  connect() {
    const task = wx.connectSocket({ url: config.feedURL + '?topic=' + this.topic })
    this.task = task
    task.onOpen(() => this.setData({ status: 'open' }))
    task.onMessage((res) => this.setData({ items: this.data.items.concat(JSON.parse(res.data)) }))
    task.onClose((res) => {
      if (this.unloading || this.task !== task) return
      if (this.data.status === 'offline') return
      this.setData({ status: 'closed ' + res.code })
      wx.showToast({ title: 'Feed lost', icon: 'none' })
      this.retry = setTimeout(() => {
        this.setData({ reconnects: this.data.reconnects + 1 })
        this.connect()
      }, 2000)
    })
  },

  select(e) {
    this.setData({ selected: e.currentTarget.dataset.id })
    return 'selected ' + e.currentTarget.dataset.id
  },

  type(e) { this.setData({ draft: e.detail.value }) },

  async later() {
    await new Promise((resolve) => setTimeout(resolve, 10))
    this.setData({ draft: 'later' }, () => log.add('setData callback'))
    return 'done'
  },

  open(e) {
    wx.navigateTo({ url: '../detail/detail?id=' + e.currentTarget.dataset.id })
  },

  onReady() { log.add('feed onReady') },
  onShow() { log.add('feed onShow') },
  onHide() { log.add('feed onHide') },

  onUnload() {
    log.add('feed onUnload')
    this.unloading = true
    clearTimeout(this.retry)
    wx.offNetworkStatusChange(this.onNetwork)
    this.task.close({ code: 1000, reason: 'bye' })
  }
})
