// wx-socket spec §1, checklist 1–6: wx.connectSocket's return value, callbacks and
// synchronous validation.

test('1: returns a SocketTask in CONNECTING with the methods and constants', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  ['send', 'close', 'onOpen', 'onMessage', 'onError', 'onClose'].forEach(function (m) {
    assert.equal(typeof task[m], 'function', m);
  });
  assert.equal(task.CONNECTING, 0);
  assert.equal(task.OPEN, 1);
  assert.equal(task.CLOSING, 2);
  assert.equal(task.CLOSED, 3);
  assert.equal(task.readyState, 0);
  assert.ok(Object.keys(task).indexOf('readyState') >= 0, 'readyState is an enumerable own property');
  assert.ok(!task.hasOwnProperty('send'), 'methods live on the prototype');
});

test('2: success then complete with the same object, synchronously, before onOpen', function () {
  var calls = [];
  var successRes, completeRes;
  var task = wx.connectSocket({
    url: SERVER.ws + '/echo',
    success: function (res) { calls.push('success'); successRes = res; },
    fail: function () { calls.push('fail'); },
    complete: function (res) { calls.push('complete'); completeRes = res; },
  });
  assert.deepEqual(calls, ['success', 'complete'], 'callbacks ran before connectSocket returned');
  assert.ok(successRes === completeRes, 'same res object');
  assert.equal(successRes.errMsg, 'connectSocket:ok');
  return new Promise(function (resolve) {
    task.onOpen(function () { calls.push('open'); resolve(); });
  }).then(function () {
    assert.deepEqual(calls, ['success', 'complete', 'open']);
  });
});

test('2b: success runs inside connectSocket, so the returned task is not yet assigned', function () {
  var seen = 'unset';
  var task;
  task = wx.connectSocket({
    url: SERVER.ws + '/echo',
    success: function () { seen = typeof task; },
  });
  assert.equal(seen, 'undefined');
});

test('3: a 404 handshake still reports connectSocket:ok, then onError, readyState 3, no onOpen', function () {
  var events = [];
  var okMsg;
  var task = wx.connectSocket({
    url: SERVER.ws + '/status/404',
    success: function (res) { okMsg = res.errMsg; },
  });
  task.onOpen(function () { events.push('open'); });
  task.onClose(function () { events.push('close'); });
  return new Promise(function (resolve) {
    task.onError(function (res) { events.push('error'); resolve(res); });
  }).then(function (res) {
    assert.equal(okMsg, 'connectSocket:ok');
    assert.equal(typeof res.errMsg, 'string');
    assert.equal(res.errMsg, 'Invalid HTTP status');
    assert.equal(task.readyState, 3);
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['error'], 'no onOpen, no onClose after a refused handshake');
  });
});

test('4: a non-string url fails with errno 1001 and returns undefined', function () {
  [[123, 'Number'], [null, 'Null'], [undefined, 'Undefined'], [{}, 'Object'], [['ws://x'], 'Array'], [true, 'Boolean']].forEach(function (c) {
    var res, done;
    var ret = wx.connectSocket({
      url: c[0],
      success: function () { assert.fail('success must not run'); },
      fail: function (r) { res = r; },
      complete: function (r) { done = r; },
    });
    assert.equal(ret, undefined, 'return value for ' + c[1]);
    assert.equal(res.errMsg, 'connectSocket:fail parameter error: parameter.url should be String instead of ' + c[1] + ';');
    assert.equal(res.errno, 1001);
    assert.ok(done === res, 'complete gets the same object');
  });
});

test('5: a non-ws scheme or an empty url fails with invalid url and returns undefined', function () {
  ['https://x', '', 'wsx://host', 'http://127.0.0.1/'].forEach(function (u) {
    var res;
    var ret = wx.connectSocket({ url: u, fail: function (r) { res = r; } });
    assert.equal(ret, undefined);
    assert.equal(res.errMsg, 'connectSocket:fail invalid url "' + u + '"');
    assert.equal(res.errno, undefined, 'no errno for an invalid url');
  });
  var res;
  var task = wx.connectSocket({ url: SERVER.ws.toUpperCase().replace('WS://', 'WS://') + '/echo', fail: function (r) { res = r; } });
  assert.equal(res, undefined, 'scheme check is case-insensitive');
  assert.equal(task.readyState, 0);
});

test('6: without callbacks connectSocket returns a SocketTask, never a Promise', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  assert.ok(!(task instanceof Promise));
  assert.equal(typeof task.then, 'undefined');
  assert.equal(typeof task.send, 'function');
});

test('connectSocket() without an argument throws a TypeError, as the base library does', function () {
  assert.throws(function () { wx.connectSocket(); }, function (e) {
    assert.ok(e instanceof TypeError);
  });
});
