// b talks to the page that opened it through its EventChannel.
var page = require('../../utils/page')
var log = page.log
Page(page('b', {
  onLoad: function (q) {
    log('b.onLoad ' + JSON.stringify(q))
    var channel = this.getOpenerEventChannel()
    channel.on('toB', function (data) { log('b got toB ' + JSON.stringify(data)) })
    channel.emit('fromB', { hello: 'opener' })
  }
}))
