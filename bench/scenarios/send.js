// Send: once open, the client sends cfg.n 64-byte text messages to /sink as fast as it
// can (one loop, no waiting), then "count?"; the server answers with the number of
// messages it received. Measures messages per second from the first send until the
// server's count arrives, i.e. until every message was on the wire and counted.
'use strict';
const cfg = require('./config.js');

const n = cfg.n;
const msg = 'x'.repeat(64);
const task = wx.connectSocket({ url: cfg.url + '/sink' });
let t0 = 0;

task.onOpen(function () {
  t0 = Date.now();
  for (let i = 0; i < n; i++) task.send({ data: msg });
  task.send({ data: 'count?' });
});
task.onMessage(function (res) {
  const ms = Date.now() - t0;
  const count = Number(res.data);
  if (count !== n) throw new Error('server counted ' + res.data + ' messages, want ' + n);
  console.log('RESULT send ' + (count / (ms / 1000)).toFixed(0) + ' msgs/s');
  task.close({ code: 1000 });
});
task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
