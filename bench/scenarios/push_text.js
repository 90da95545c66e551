// Text push: the server sends cfg.n 64-byte text messages as fast as it can; the
// onMessage listener counts them. Measures messages received per second, from onOpen
// to the last message: the clock leaves out the handshake and, under Node, the shim's
// loading of `ws`, which happens at the first connectSocket.
'use strict';
const cfg = require('./config.js');

const n = cfg.n;
let t0 = 0;
const task = wx.connectSocket({ url: cfg.url + '/push?size=64&n=' + n });
let got = 0;
let bytes = 0;

task.onOpen(function () { t0 = Date.now(); });

task.onMessage(function (res) {
  bytes += res.data.length;
  if (++got < n) return;
  const ms = Date.now() - t0;
  if (bytes !== n * 64) throw new Error('received ' + bytes + ' characters, want ' + n * 64);
  console.log('RESULT push_text ' + (got / (ms / 1000)).toFixed(0) + ' msgs/s');
  task.close({ code: 1000 });
});
task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
