// The trace fixture: a session whose every step waits for the one before it, so that the
// trace's order is the same on every run and a golden file can pin it.
App({
  onLaunch(o) { console.log('launch', o.query.greeting || 'hello') },
  onHide() { console.log('app hidden') }
})
