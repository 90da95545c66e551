// wx-socket spec §7, checklist 33: every fail res has an errMsg starting with
// "<api>:fail"; success and fail are mutually exclusive; complete always runs last with the
// very same res object — for every socket API, on success and on failure.

// call runs fn(opts) where opts carries success/fail/complete (plus extra fields) and
// resolves with the recorded calls once complete has run.
function call(fn, extra) {
  return new Promise(function (resolve) {
    var calls = [];
    var opts = {
      success: function (res) { calls.push(['success', res]); },
      fail: function (res) { calls.push(['fail', res]); },
      complete: function (res) { calls.push(['complete', res]); resolve(calls); },
    };
    for (var k in extra) opts[k] = extra[k];
    fn(opts);
  });
}

// check asserts [first, complete] with one shared res object whose errMsg is errMsg (a
// string, or a RegExp) and that starts with "<api>:ok" / "<api>:fail".
function check(calls, first, api, errMsg, what) {
  return function () {
    assert.deepEqual(calls.map(function (c) { return c[0]; }), [first, 'complete'], what);
    var res = calls[0][1];
    assert.ok(res === calls[1][1], what + ': complete gets the same object');
    assert.equal(typeof res, 'object', what);
    var prefix = api + (first === 'success' ? ':ok' : ':fail');
    assert.equal(res.errMsg.slice(0, prefix.length), prefix, what + ': errMsg prefix');
    if (errMsg instanceof RegExp) assert.match(res.errMsg, errMsg, what);
    else assert.equal(res.errMsg, errMsg, what);
  };
}

function run(fn, extra, first, api, errMsg, what) {
  return call(fn, extra).then(function (calls) { check(calls, first, api, errMsg, what)(); });
}

function openTask(path) {
  return new Promise(function (resolve) {
    var t = wx.connectSocket({ url: SERVER.ws + (path || '/echo') });
    t.onOpen(function () { resolve(t); });
  });
}

test('33: connectSocket: ok, parameter error, invalid url and the cap', function () {
  function connect(o) { wx.connectSocket(o); }
  return run(connect, { url: SERVER.ws + '/echo' }, 'success', 'connectSocket', 'connectSocket:ok', 'ok')
    .then(function () {
      return run(connect, { url: 7 }, 'fail', 'connectSocket', 'connectSocket:fail parameter error: parameter.url should be String instead of Number;', 'url 7');
    }).then(function () {
      return run(connect, { url: 'http://x' }, 'fail', 'connectSocket', 'connectSocket:fail invalid url "http://x"', 'http url');
    }).then(function () {
      for (var i = 0; i < 4; i++) wx.connectSocket({ url: SERVER.ws + '/stall' });
      return run(connect, { url: SERVER.ws + '/echo' }, 'fail', 'connectSocket', 'connectSocket:fail fail reach max websocket connect count 5', 'cap');
    });
});

test('33: SocketTask.send: not OPEN, unknown data, null data and ok', function () {
  var connecting = wx.connectSocket({ url: SERVER.ws + '/stall' });
  return run(function (o) { connecting.send(o); }, { data: 'x' }, 'fail', 'SocketTask.send', 'SocketTask.send:fail SocketTask.readyState is not OPEN', 'CONNECTING')
    .then(function () { return openTask(); })
    .then(function (t) {
      function send(o) { t.send(o); }
      return run(send, { data: 'hello' }, 'success', 'sendSocketMessage', 'sendSocketMessage:ok', 'string')
        .then(function () { return run(send, { data: new ArrayBuffer(3) }, 'success', 'sendSocketMessage', 'sendSocketMessage:ok', 'ArrayBuffer'); })
        .then(function () { return run(send, { data: new Uint8Array(3) }, 'fail', 'sendSocketMessage', 'sendSocketMessage:fail unknown data', 'Uint8Array'); })
        .then(function () { return run(send, { data: null }, 'fail', 'sendSocketMessage', 'sendSocketMessage:fail message is null or nil', 'null'); })
        .then(function () {
          t.close();
          return new Promise(function (resolve) { t.onClose(resolve); });
        })
        .then(function () { return run(send, { data: 'late' }, 'fail', 'SocketTask.send', 'SocketTask.send:fail SocketTask.readyState is not OPEN', 'after close'); });
    });
});

test('33: SocketTask.close: ok and bad codes', function () {
  return openTask().then(function (t) {
    function close(o) { t.close(o); }
    return run(close, { code: 1001 }, 'fail', 'closeSocket', /^closeSocket:fail .*The code must be either 1000, or between 3000 and 4999/, 'code 1001')
      .then(function () { return run(close, { code: 5000 }, 'fail', 'closeSocket', /^closeSocket:fail .*The code must be either 1000, or between 3000 and 4999/, 'code 5000'); })
      .then(function () { return run(close, { code: 4000, reason: new Array(125).join('r') }, 'fail', 'closeSocket', /^closeSocket:fail ./, 'reason over 123 bytes'); })
      .then(function () { return run(close, { code: 4000, reason: 'ok' }, 'success', 'closeSocket', 'closeSocket:ok', 'ok'); })
      .then(function () { assert.equal(t.readyState, 1, 'still OPEN until the close event'); });
  });
});

test('33: wx.sendSocketMessage and wx.closeSocket: fail, then ok', function () {
  function send(o) { wx.sendSocketMessage(o); }
  function close(o) { wx.closeSocket(o); }
  return run(send, { data: 'x' }, 'fail', 'sendSocketMessage', 'sendSocketMessage:fail WebSocket is not connected', 'send, no socket')
    .then(function () { return run(close, {}, 'fail', 'closeSocket', 'closeSocket:fail WebSocket is not connected', 'close, no socket'); })
    .then(function () { return openTask(); })
    .then(function () { return run(send, { data: 'x' }, 'success', 'sendSocketMessage', 'sendSocketMessage:ok', 'send'); })
    .then(function () { return run(send, { data: 5 }, 'fail', 'sendSocketMessage', 'sendSocketMessage:fail unknown data', 'send a number'); })
    .then(function () { return run(close, { code: 4000 }, 'success', 'closeSocket', 'closeSocket:ok', 'close'); });
});

test('33: complete alone still runs (and disables the Promise form)', function () {
  var got = [];
  var r1 = wx.sendSocketMessage({ data: 'x', complete: function (res) { got.push(res.errMsg); } });
  var r2 = wx.closeSocket({ complete: function (res) { got.push(res.errMsg); } });
  var r3 = wx.connectSocket({ url: 1, complete: function (res) { got.push(res.errMsg); } });
  assert.equal(r1, undefined);
  assert.equal(r2, undefined);
  assert.equal(r3, undefined);
  assert.deepEqual(got, [
    'sendSocketMessage:fail WebSocket is not connected',
    'closeSocket:fail WebSocket is not connected',
    'connectSocket:fail parameter error: parameter.url should be String instead of Number;',
  ]);
});

test('33: non-function callbacks are ignored; a lone fail still gets the res', function () {
  var got;
  var ret = wx.sendSocketMessage({ data: 'x', success: 'nope', complete: 42, fail: function (res) { got = res; } });
  assert.equal(ret, undefined);
  assert.deepEqual(got, { errMsg: 'sendSocketMessage:fail WebSocket is not connected' });
});
