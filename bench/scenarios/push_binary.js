// Binary push: the server sends cfg.n 4 KiB binary messages as fast as it can; the
// onMessage listener receives each as an ArrayBuffer and reads one byte of it. Measures
// messages and megabytes (10^6 bytes) received per second, from onOpen to the last
// message.
'use strict';
const cfg = require('./config.js');

const n = cfg.n;
const size = 4096;
let t0 = 0;
const task = wx.connectSocket({ url: cfg.url + '/push?binary=1&size=' + size + '&n=' + n });
let got = 0;
let bytes = 0;
let check = 0;

task.onOpen(function () { t0 = Date.now(); });

task.onMessage(function (res) {
  const buf = res.data;
  if (!(buf instanceof ArrayBuffer)) throw new Error('binary message is not an ArrayBuffer');
  bytes += buf.byteLength;
  check += new Uint8Array(buf)[size - 1];
  if (++got < n) return;
  const ms = Date.now() - t0;
  if (bytes !== n * size || check !== n * 120) throw new Error('received ' + bytes + ' bytes, want ' + n * size);
  console.log('RESULT push_binary ' + (got / (ms / 1000)).toFixed(0) + ' msgs/s');
  console.log('RESULT push_binary_mb ' + (bytes / 1e6 / (ms / 1000)).toFixed(1) + ' MB/s');
  task.close({ code: 1000 });
});
task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
