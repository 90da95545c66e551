// A feed: pages/feed/feed shows what a WebSocket server pushes, and opens
// pages/detail/detail for an item. The tests in ../tests drive it with wxrun/testing.
const log = require('/utils/log')

App({
  globalData: { launches: 0 },
  onLaunch(options) {
    this.globalData.launches++
    log.add('App.onLaunch ' + options.path + ' ' + JSON.stringify(options.query))
  },
  onShow() { log.add('App.onShow') },
  onHide() { log.add('App.onHide') }
})
