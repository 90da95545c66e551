Page({
  data: { title: 'index', items: [] },
  onLoad(q) {
    console.log('index.onLoad ' + JSON.stringify(q))
    this.setData({ 'items[1]': { name: 'second' }, count: 1 })
    this.data.local = 'not in the view'
  },
  onShow() { console.log('index.onShow') },
  onReady() {
    console.log('index.onReady')
    wx.navigateTo({ url: '../detail/detail?id=42', success: (res) => console.log('navigateTo ' + res.errMsg) })
  },
  onHide() { console.log('index.onHide') },
  onUnload() { console.log('index.onUnload') }
})
