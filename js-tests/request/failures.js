// wx.request's failures on real connections, with the errMsg texts of WeChat on Android
// (Chromium's network errors, errno 600001), "timeout" (errno 5) and "abort".
var R = require('../lib/request');

function netFail(url, errMsg, opts) {
  var o = { url: url };
  for (var k in opts || {}) o[k] = opts[k];
  return R.call(o).then(function (r) {
    R.failed(r, errMsg, 600001);
    assert.ok(!r.sync, 'on a later turn');
    assert.equal(typeof r.task.abort, 'function', 'the RequestTask was returned');
  });
}

test('connection refused: -102:net::ERR_CONNECTION_REFUSED', function () {
  return netFail('http://127.0.0.1:1/', 'request:fail -102:net::ERR_CONNECTION_REFUSED');
});

test('a server that closes without answering: -324:net::ERR_EMPTY_RESPONSE', function () {
  return netFail(SERVER.http + '/http/drop', 'request:fail -324:net::ERR_EMPTY_RESPONSE');
});

test('a body cut short: -100:net::ERR_CONNECTION_CLOSED', function () {
  return netFail(SERVER.http + '/http/cut?n=10', 'request:fail -100:net::ERR_CONNECTION_CLOSED');
});

test('TLS to a server that does not speak it: -107:net::ERR_SSL_PROTOCOL_ERROR', function () {
  return netFail(SERVER.http.replace('http:', 'https:') + '/http/echo', 'request:fail -107:net::ERR_SSL_PROTOCOL_ERROR');
});

test('a certificate for another name: -200:net::ERR_CERT_COMMON_NAME_INVALID', function () {
  return netFail(SERVER.https.replace('127.0.0.1', 'localhost') + '/http/echo', 'request:fail -200:net::ERR_CERT_COMMON_NAME_INVALID');
});

test('more than 20 redirects: -310:net::ERR_TOO_MANY_REDIRECTS', function () {
  return netFail(SERVER.http + '/http/loop', 'request:fail -310:net::ERR_TOO_MANY_REDIRECTS');
});

test('the call\'s timeout: "request:fail timeout" (errno 5)', function () {
  var start = Date.now();
  return R.call({ url: SERVER.http + '/http/stall', timeout: 100 }).then(function (r) {
    R.failed(r, 'request:fail timeout', 5);
    assert.ok(Date.now() - start >= 100, 'not before the timeout');
  });
});

test('the timeout covers the whole body, not just the headers', function () {
  return R.call({ url: SERVER.http + '/http/headers-stall', timeout: 100 }).then(function (r) {
    R.failed(r, 'request:fail timeout', 5);
  });
});

test('a timeout that is not a positive number is the default (60 s)', function () {
  return Promise.all([0, -1, NaN, '50'].map(function (timeout) {
    return R.call({ url: SERVER.http + '/http/stall?ms=80', timeout: timeout });
  })).then(function (rs) {
    rs.forEach(function (r) { assert.equal(R.ok(r).data, 'ok'); });
  });
});

// start calls wx.request with recording callbacks and returns {task, log, done}, done
// resolving once complete has run.
function start(opts) {
  var log = [];
  var o = {};
  for (var k in opts) o[k] = opts[k];
  var done = new Promise(function (resolve) {
    o.success = function (res) { log.push(['success', res]); };
    o.fail = function (res) { log.push(['fail', res]); };
    o.complete = function (res) { log.push(['complete', res]); resolve(res); };
  });
  return { task: wx.request(o), log: log, done: done };
}

test('abort: "request:fail abort" on a later turn, without errno', function () {
  var s = start({ url: SERVER.http + '/http/stall' });
  return sleep(30).then(function () {
    s.task.abort();
    assert.deepEqual(s.log, [], 'not before abort returns');
    return s.done;
  }).then(function (res) {
    assert.deepEqual(s.log.map(function (e) { return e[0]; }), ['fail', 'complete']);
    assert.deepEqual(res, { errMsg: 'request:fail abort' });
    s.task.abort(); // again: nothing
    return sleep(20);
  }).then(function () { assert.equal(s.log.length, 2); });
});

test('abort right after the call: the request fails even if the server answers at once', function () {
  var s = start({ url: SERVER.http + '/http/echo' });
  s.task.abort();
  return s.done.then(function (res) {
    assert.equal(res.errMsg, 'request:fail abort');
    return sleep(50);
  }).then(function () { assert.equal(s.log.length, 2, 'no success after the abort'); });
});

test('abort after the response arrived but before it was delivered wins', function () {
  var s = start({ url: SERVER.http + '/http/echo' });
  var deadline = Date.now() + 200;
  while (Date.now() < deadline) {} // the response arrives while the loop is busy
  s.task.abort();
  return s.done.then(function (res) { assert.equal(res.errMsg, 'request:fail abort'); });
});

test('abort after success does nothing', function () {
  var s = start({ url: SERVER.http + '/http/echo' });
  return s.done.then(function (res) {
    assert.equal(res.errMsg, 'request:ok');
    s.task.abort();
    return sleep(30);
  }).then(function () {
    assert.deepEqual(s.log.map(function (e) { return e[0]; }), ['success', 'complete']);
  });
});

test('abort stops the headers and chunks that follow it', function () {
  var events = [];
  var s = start({ url: SERVER.http + '/http/chunks?n=5&ms=30', enableChunked: true });
  s.task.onHeadersReceived(function () { events.push('headers'); });
  s.task.onChunkReceived(function () {
    events.push('chunk');
    if (events.length === 2) s.task.abort();
  });
  return s.done.then(function (res) {
    assert.equal(res.errMsg, 'request:fail abort');
    return sleep(150);
  }).then(function () { assert.deepEqual(events, ['headers', 'chunk']); });
});
