// The cellular presets throttle sockets and requests (latency and bandwidth), and a
// change during the run applies at once. Only ratios are asserted, never absolute times.
var R = require('../lib/request');

function timeRequest(url) {
  var start = Date.now();
  return R.call({ url: url, responseType: 'arraybuffer' }).then(function (r) {
    assert.equal(R.ok(r).data.byteLength, 8192);
    return Math.max(Date.now() - start, 1);
  });
}

// echoTime opens /echo, then resolves with how long sending 4 KiB and getting it back took.
function echoTime() {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  return new Promise(function (resolve, reject) {
    var start;
    task.onOpen(function () {
      start = Date.now();
      task.send({ data: new ArrayBuffer(4096) });
    });
    task.onMessage(function () {
      var took = Math.max(Date.now() - start, 1);
      task.close();
      resolve(took);
    });
    task.onError(function (res) { reject(new Error(res.errMsg)); });
  });
}

test('2g makes a request many times slower than wifi', function () {
  var url = SERVER.http + '/http/bytes?n=8192';
  var wifi;
  return timeRequest(url).then(function (ms) {
    wifi = ms;
    __setNetwork('2g');
    return timeRequest(url + '&again');
  }).then(function (slow) {
    __setNetwork('wifi');
    assert.ok(slow > 5 * wifi, 'wifi ' + wifi + ' ms, 2g ' + slow + ' ms');
  });
});

test('3g makes a socket round trip many times slower than wifi', function () {
  var wifi;
  return echoTime().then(function (ms) {
    wifi = ms;
    __setNetwork('3g');
    return echoTime();
  }).then(function (slow) {
    __setNetwork('wifi');
    assert.ok(slow > 5 * wifi, 'wifi ' + wifi + ' ms, 3g ' + slow + ' ms');
  });
});
