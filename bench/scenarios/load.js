// Many clients: one instance of a load, as 'wxrun run --instances N' runs N of them and
// the driver runs N node processes. It opens a socket to /echo, then one to /hold, and
// waits there until the driver releases every instance at once (so that no host's
// figure includes starting its instances); then it ping-pongs cfg.n round trips on /echo
// and prints RESULT load_span T0 T1 ROUNDS (Date.now(), ms). The driver takes the
// aggregate rate of all instances: the sum of ROUNDS over (the last T1 − the first T0).
'use strict';
const cfg = require('./config.js');

const payload = 'ping-'.repeat(6) + 'xx';
const echo = wx.connectSocket({ url: cfg.url + '/echo' });
let t0 = 0;
let rounds = 0;

echo.onOpen(function () {
  const hold = wx.connectSocket({ url: cfg.url + '/hold?group=' + cfg.group });
  hold.onMessage(function (res) {
    if (res.data !== 'release') return;
    hold.close({ code: 1000 });
    t0 = Date.now();
    echo.send({ data: payload });
  });
  hold.onError(function (res) { console.log('ERROR ' + res.errMsg); });
});
echo.onMessage(function (res) {
  if (res.data !== payload) throw new Error('unexpected echo');
  if (++rounds < cfg.n) {
    echo.send({ data: payload });
    return;
  }
  const t1 = Date.now();
  echo.close({ code: 1000 });
  console.log('RESULT load_span ' + t0 + ' ' + t1 + ' ' + rounds);
});
echo.onError(function (res) { console.log('ERROR ' + res.errMsg); });
