// @wxrun expect-uncaught: Uncaught Error: listener boom
// RequestTask.onHeadersReceived / offHeadersReceived, enableChunked with onChunkReceived /
// offChunkReceived.
var R = require('../lib/request');

function text(buf) {
  return String.fromCharCode.apply(null, new Uint8Array(buf));
}

test('onHeadersReceived: {header}, before success', function () {
  var order = [];
  var task = wx.request({
    url: SERVER.http + '/http/body?text=hi',
    success: function (res) { order.push(['success', res.data]); },
  });
  task.onHeadersReceived(function (res) { order.push(['headers', Object.keys(res), res.header['Content-Type']]); });
  return sleep(100).then(function () {
    assert.deepEqual(order, [['headers', ['header'], 'text/plain'], ['success', 'hi']]);
  });
});

test('onHeadersReceived fires as soon as the headers arrive, before the body', function () {
  var got;
  var task = wx.request({ url: SERVER.http + '/http/headers-stall', timeout: 3000 });
  return new Promise(function (resolve) {
    task.onHeadersReceived(function (res) { got = res; resolve(); });
  }).then(function () {
    assert.equal(got.header['X-Stage'], 'headers');
    task.abort();
  });
});

test('offHeadersReceived removes a listener; without an argument, all of them', function () {
  var calls = [];
  var a = function () { calls.push('a'); };
  var b = function () { calls.push('b'); };
  var t1 = wx.request({ url: SERVER.http + '/http/echo' });
  t1.onHeadersReceived(a);
  t1.onHeadersReceived(b);
  t1.onHeadersReceived(a);
  t1.offHeadersReceived(a);
  var t2 = wx.request({ url: SERVER.http + '/http/echo' });
  t2.onHeadersReceived(a);
  t2.onHeadersReceived(b);
  t2.offHeadersReceived();
  t2.onHeadersReceived(5); // ignored
  return sleep(150).then(function () { assert.deepEqual(calls, ['b']); });
});

test('enableChunked: every piece to onChunkReceived as an ArrayBuffer, then success with empty data', function () {
  var chunks = [];
  return new Promise(function (resolve) {
    var task = wx.request({
      url: SERVER.http + '/http/chunks?n=3&ms=40',
      enableChunked: true,
      success: resolve,
    });
    task.onChunkReceived(function (res) {
      assert.ok(res.data instanceof ArrayBuffer);
      assert.deepEqual(Object.keys(res), ['data']);
      chunks.push(text(res.data));
    });
  }).then(function (res) {
    assert.equal(chunks.join(''), 'chunk 0\nchunk 1\nchunk 2\n');
    assert.ok(chunks.length >= 3, 'pieces arrive as the server flushes them: ' + chunks.length);
    assert.equal(res.errMsg, 'request:ok');
    assert.equal(res.data, '');
    assert.equal(res.statusCode, 200);
  });
});

test('enableChunked with responseType arraybuffer: success data is an empty ArrayBuffer', function () {
  return R.call({ url: SERVER.http + '/http/chunks?n=2', enableChunked: true, responseType: 'arraybuffer' }).then(function (r) {
    var res = R.ok(r);
    assert.ok(res.data instanceof ArrayBuffer);
    assert.equal(res.data.byteLength, 0);
  });
});

test('offChunkReceived stops the chunks; without enableChunked there are none', function () {
  var calls = 0;
  var f = function () { calls++; };
  var t1 = wx.request({ url: SERVER.http + '/http/chunks?n=2', enableChunked: true });
  t1.onChunkReceived(f);
  t1.offChunkReceived(f);
  var t2 = wx.request({ url: SERVER.http + '/http/chunks?n=2' });
  t2.onChunkReceived(f);
  return sleep(150).then(function () { assert.equal(calls, 0); });
});

test('a throwing listener is reported and the others still run', function () {
  var calls = [];
  var task = wx.request({ url: SERVER.http + '/http/echo' });
  task.onHeadersReceived(function () { calls.push(1); throw new Error('listener boom'); });
  task.onHeadersReceived(function () { calls.push(2); });
  return sleep(100).then(function () { assert.deepEqual(calls, [1, 2]); });
});
