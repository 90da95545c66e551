const log = require('./utils/log')
App({ onHide() { log('App.onHide') } })
wx.onAppHide(function () { log('wx.onAppHide') })
