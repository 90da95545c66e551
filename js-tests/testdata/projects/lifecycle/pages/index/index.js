const log = require('../../utils/log')
log('index.js evaluated')
Page({
  data: { a: 1 },
  custom: { shared: false },
  onLoad(q) {
    log('index.onLoad ' + JSON.stringify(q) + ' pages=' + getCurrentPages().length + ' route=' + this.route +
      ' options=' + JSON.stringify(this.options))
  },
  onShow() { log('index.onShow') },
  onReady() { log('index.onReady') },
  onHide() { log('index.onHide') },
  onUnload() { log('index.onUnload') },
  hello() { return 'hello from ' + this.route }
})
