// Fan-out: cfg.sockets sockets to /echo (100 by default), each ping-ponging cfg.n round
// trips at the same time. The clock starts once every socket is open. Measures total
// round trips per second across all sockets.
'use strict';
const cfg = require('./config.js');

const sockets = cfg.sockets || 100;
const n = cfg.n;
const payload = 'ping-'.repeat(6) + 'xx';
const tasks = [];
let opened = 0;
let finished = 0;
let t0 = 0;

function start() {
  t0 = Date.now();
  for (let i = 0; i < tasks.length; i++) tasks[i].send({ data: payload });
}

for (let i = 0; i < sockets; i++) {
  const task = wx.connectSocket({ url: cfg.url + '/echo' });
  let rounds = 0;
  task.onOpen(function () {
    if (++opened === sockets) start();
  });
  task.onMessage(function (res) {
    if (res.data !== payload) throw new Error('unexpected echo');
    if (++rounds < n) {
      task.send({ data: payload });
      return;
    }
    task.close({ code: 1000 });
    if (++finished === sockets) {
      const ms = Date.now() - t0;
      console.log('RESULT fanout ' + (sockets * n / (ms / 1000)).toFixed(0) + ' roundtrips/s');
    }
  });
  task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
  tasks.push(task);
}
