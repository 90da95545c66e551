App({
  onLaunch(o) { (global.log = global.log || []).push('App.onLaunch ' + o.path + ' ' + JSON.stringify(o.query)) },
  onPageNotFound(res) {
    global.log.push('App.onPageNotFound ' + JSON.stringify(res))
    wx.redirectTo({ url: 'pages/index/index?from=' + res.path })
  }
})
wx.onPageNotFound(function (res) { global.log.push('wx.onPageNotFound ' + res.path) })
