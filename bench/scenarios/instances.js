// One mini program instance holding one open socket: it connects to /hold and waits
// until the server sends "release", then closes. The driver (or bench/cmd/instances)
// measures memory while every instance is open.
'use strict';
const cfg = require('./config.js');

const task = wx.connectSocket({ url: cfg.url + '/hold?group=' + cfg.group });
task.onMessage(function (res) {
  if (res.data === 'release') task.close({ code: 1000 });
});
task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
