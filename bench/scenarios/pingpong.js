// Ping-pong: one socket to /echo, cfg.n round trips, each message sent from the previous
// reply's onMessage. Measures latency-bound throughput: round trips per second.
'use strict';
const cfg = require('./config.js');

const n = cfg.n;
const payload = 'ping-'.repeat(6) + 'xx'; // 32 bytes
const task = wx.connectSocket({ url: cfg.url + '/echo' });
let rounds = 0;
let t0 = 0;

task.onOpen(function () {
  t0 = Date.now();
  task.send({ data: payload });
});
task.onMessage(function (res) {
  if (res.data !== payload) throw new Error('unexpected echo: ' + res.data);
  if (++rounds < n) {
    task.send({ data: payload });
    return;
  }
  const ms = Date.now() - t0;
  console.log('RESULT pingpong ' + (rounds / (ms / 1000)).toFixed(0) + ' roundtrips/s');
  task.close({ code: 1000 });
});
task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
