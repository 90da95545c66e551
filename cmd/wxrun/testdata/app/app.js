// The CLI's project fixture: every lifecycle logs one line, so a golden file pins the
// order wxrun drives them in.
App({
  onLaunch(o) { console.log('App.onLaunch ' + o.path + ' ' + JSON.stringify(o.query)) },
  onShow(o) { console.log('App.onShow ' + o.path) },
  onHide() { console.log('App.onHide') }
})
