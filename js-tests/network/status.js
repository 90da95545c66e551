// wx.getNetworkType, wx.onNetworkStatusChange / offNetworkStatusChange, and going offline
// and back through the Go API (__setNetwork here, (*wxapi.API).SetNetwork in Go).
var R = require('../lib/request');
var events = require('../lib/events');

function networkType() {
  return new Promise(function (resolve) { wx.getNetworkType({ success: resolve }); });
}

test('getNetworkType: wifi by default, with callbacks and as a Promise', function () {
  var log = [];
  var ret = wx.getNetworkType({
    success: function (res) { log.push(['success', res]); },
    complete: function (res) { log.push(['complete', res]); },
  });
  assert.equal(ret, undefined);
  assert.equal(log.length, 2, 'before the call returns');
  assert.deepEqual(log[0][1], { errMsg: 'getNetworkType:ok', networkType: 'wifi' });
  var p = wx.getNetworkType();
  assert.ok(p instanceof Promise);
  return p.then(function (res) { assert.deepEqual(res, { errMsg: 'getNetworkType:ok', networkType: 'wifi' }); });
});

test('onNetworkStatusChange: {isConnected, networkType} on each change, on a later turn', function () {
  var got = [];
  var f = function (res) { got.push(res); };
  wx.onNetworkStatusChange(f);
  __setNetwork('4g');
  assert.deepEqual(got, [], 'not during the call');
  return networkType().then(function (res) {
    assert.equal(res.networkType, '4g', 'getNetworkType reports the new network at once');
    return sleep(10);
  }).then(function () {
    __setNetwork('4g'); // no change, no event
    __setNetwork('offline');
    __setNetwork('wifi');
    return sleep(10);
  }).then(function () {
    assert.deepEqual(got, [
      { isConnected: true, networkType: '4g' },
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: 'wifi' },
    ]);
    wx.offNetworkStatusChange(f);
  });
});

test('offNetworkStatusChange removes a listener; without an argument, all of them', function () {
  var calls = [];
  var a = function () { calls.push('a'); };
  var b = function () { calls.push('b'); };
  wx.onNetworkStatusChange(a);
  wx.onNetworkStatusChange(b);
  wx.onNetworkStatusChange('not a function');
  wx.offNetworkStatusChange(a);
  __setNetwork('3g');
  return sleep(10).then(function () {
    assert.deepEqual(calls, ['b']);
    wx.offNetworkStatusChange();
    __setNetwork('wifi');
    return sleep(10);
  }).then(function () { assert.deepEqual(calls, ['b']); });
});

test('offline: getNetworkType says none; requests fail with -106:net::ERR_INTERNET_DISCONNECTED', function () {
  __setNetwork('offline');
  return networkType().then(function (res) {
    assert.equal(res.networkType, 'none');
    return R.call({ url: SERVER.http + '/http/echo' });
  }).then(function (r) {
    R.failed(r, 'request:fail -106:net::ERR_INTERNET_DISCONNECTED', 600001);
    __setNetwork('wifi');
    return R.call({ url: SERVER.http + '/http/echo' });
  }).then(function (r) {
    assert.equal(R.ok(r).statusCode, 200, 'back online, requests work again');
  });
});

test('offline: a request in flight fails', function () {
  var r = R.call({ url: SERVER.http + '/http/stall' });
  return sleep(50).then(function () {
    __setNetwork('offline');
    return r;
  }).then(function (r) {
    R.failed(r, 'request:fail -106:net::ERR_INTERNET_DISCONNECTED', 600001);
    __setNetwork('wifi');
  });
});

test('offline: new sockets fail to connect (onError, no onClose)', function () {
  __setNetwork('offline');
  var log = [];
  var task = events.connect('/echo', '', log);
  return sleep(100).then(function () {
    assert.equal(log.length, 1, log.join());
    assert.match(log[0], /^error:exception dial tcp 127\.0\.0\.1:\d+: connect: network is down$/);
    assert.equal(task.readyState, 3);
    __setNetwork('wifi');
  });
});

test('going offline closes open sockets as a lost network does; the listeners hear of it first', function () {
  var log = [];
  var task;
  return sleep(10).then(function () { // the previous test's change has been reported
    wx.onNetworkStatusChange(function (res) { log.push('status:' + res.networkType); });
    task = events.connect('/echo', '', log);
    return waitFor(function () { return log.indexOf('open') >= 0; }, 'open');
  }).then(function () {
    __setNetwork('offline');
    return waitFor(function () { return task.readyState === 3 && log.length >= 4; }, 'closed');
  }).then(function () {
    assert.deepEqual(log, ['open', 'status:none', 'error:abnormal closure', 'close:1006:abnormal closure']);
    wx.offNetworkStatusChange();
    __setNetwork('wifi');
    var again = [];
    events.connect('/echo', '', again);
    return waitFor(function () { return again.indexOf('open') >= 0; }, 'reconnected');
  }).then(function () {
    __resetSockets();
  });
});
