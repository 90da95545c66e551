// Opened with --page pages/busy/busy: spins, so that only --timeout or a signal ends the run.
Page({
  onLoad() {
    console.log('busy.onLoad')
    setTimeout(() => { while (true) {} }, 0)
  },
  onUnload() { console.log('busy.onUnload') }
})
