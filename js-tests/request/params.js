// wx.request's parameter checks: they fail before the call returns, with WeChat's texts,
// and the call returns undefined.
var R = require('../lib/request');

function syncFail(opts, errMsg, errno) {
  return R.call(opts).then(function (r) {
    R.failed(r, errMsg, errno);
    assert.ok(r.sync, 'before the call returns');
    assert.equal(r.task, undefined);
  });
}

test('url that is not a string', function () {
  return Promise.all([
    syncFail({ url: 5 }, 'request:fail parameter error: parameter.url should be String instead of Number;', 1001),
    syncFail({}, 'request:fail parameter error: parameter.url should be String instead of Undefined;', 1001),
    syncFail({ url: new String('http://x') }, 'request:fail parameter error: parameter.url should be String instead of String;', 1001),
    syncFail({ url: null }, 'request:fail parameter error: parameter.url should be String instead of Null;', 1001),
  ]);
});

test('a URL that is not http(s): request:fail invalid url "<url>" (errno 600009)', function () {
  return Promise.all([
    syncFail({ url: 'ftp://example.com/' }, 'request:fail invalid url "ftp://example.com/"', 600009),
    syncFail({ url: '/api/login' }, 'request:fail invalid url "/api/login"', 600009),
    syncFail({ url: 'ws://127.0.0.1/' }, 'request:fail invalid url "ws://127.0.0.1/"', 600009),
  ]);
});

test('a URL that passes the pattern but has no host fails on a later turn, the same way', function () {
  return R.call({ url: 'http://' }).then(function (r) {
    R.failed(r, 'request:fail invalid url "http://"', 600009);
    assert.ok(!r.sync);
  });
});

test('options that are not an Object', function () {
  var got = [];
  ['x', 5, null, [1]].forEach(function (arg) {
    assert.equal(wx.request(arg), undefined);
  });
  // Without callbacks there is nothing to report to; with a function argument neither.
  assert.equal(wx.request(function () {}), undefined);
  return sleep(10).then(function () { assert.deepEqual(got, []); });
});

test('wx.request() without arguments: the url is missing', function () {
  assert.equal(wx.request(), undefined);
});

test('a throwing url getter throws out of the call, before any callback', function () {
  var called = false;
  var opts = { get url() { throw new Error('getter'); }, complete: function () { called = true; } };
  var e = assert.throws(function () { wx.request(opts); });
  assert.equal(e.message, 'getter');
  return sleep(10).then(function () { assert.equal(called, false); });
});

test('each option is read once', function () {
  var reads = {};
  var values = { url: SERVER.http + '/http/echo', method: 'POST', data: { a: 1 }, header: {}, dataType: 'json', responseType: 'text', timeout: 5000, enableChunked: false, enableHttp2: false, enableProfile: true };
  var opts = {};
  Object.keys(values).forEach(function (k) {
    Object.defineProperty(opts, k, { enumerable: true, get: function () { reads[k] = (reads[k] || 0) + 1; return values[k]; } });
  });
  return new Promise(function (resolve) {
    opts.complete = resolve;
    wx.request(opts);
  }).then(function (res) {
    assert.equal(res.errMsg, 'request:ok');
    Object.keys(values).forEach(function (k) { assert.equal(reads[k], 1, k); });
  });
});
