// The cellular presets throttle sockets and requests (latency and bandwidth), and a
// change during the run applies at once. Only lower bounds that follow from the presets
// are asserted — a throttled transfer cannot be faster than its link allows — never how
// fast wifi is: on a loaded machine an unthrottled loopback round trip can take 100 ms.
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

// On 2g every request/response turn costs at least its 300 ms latency (the 8 KiB body at
// 250 kbit/s adds more).
test('2g makes a request as slow as its link', function () {
  var url = SERVER.http + '/http/bytes?n=8192';
  return timeRequest(url).then(function () {
    __setNetwork('2g');
    return timeRequest(url + '&again');
  }).then(function (slow) {
    __setNetwork('wifi');
    assert.ok(slow >= 300, '2g took ' + slow + ' ms, want at least 300');
  });
});

// On 3g the echo's turn costs at least its 100 ms latency, and 4 KiB up at 250 kbit/s
// (32,000 B/s, a 640-byte burst) alone takes 108 ms.
test('3g makes a socket round trip as slow as its link', function () {
  return echoTime().then(function () {
    __setNetwork('3g');
    return echoTime();
  }).then(function (slow) {
    __setNetwork('wifi');
    assert.ok(slow >= 105, '3g took ' + slow + ' ms, want at least 105');
  });
});
