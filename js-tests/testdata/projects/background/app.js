const log = require('./utils/log')
App({
  onShow(o) { log('App.onShow ' + o.path + ' ' + JSON.stringify(o.query)) },
  onHide() { log('App.onHide') }
})
wx.onAppShow(function (o) { log('wx.onAppShow ' + o.path) })
wx.onAppHide(function () { log('wx.onAppHide') })
