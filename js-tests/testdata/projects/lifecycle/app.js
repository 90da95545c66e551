const log = require('./utils/log')
log('app.js evaluated')
App({
  onLaunch(o) {
    log('App.onLaunch ' + JSON.stringify(o))
    log('getLaunchOptionsSync ' + JSON.stringify(wx.getLaunchOptionsSync()))
    log('getApp is this ' + (getApp() === this))
  },
  onShow(o) { log('App.onShow ' + o.path) },
  onHide() { log('App.onHide') },
  onError(msg) { log('App.onError ' + msg.split('\n')[0]) }
})
