// @wxrun expect-uncaught=42: Uncaught \(in promise\) \{ errMsg: '(sendSocketMessage|closeSocket):fail WebSocket is not connected' \}
// (the promisified wx.sendSocketMessage and wx.closeSocket, 21 bad arguments each)
// Reliability issue: wrong argument types to every wx socket function give WeChat's
// errMsg through fail, or a TypeError where WeChat throws — never an internal error.

var internal = [];
wx.onError(function (msg) { if (/internal error/.test(msg)) internal.push(msg); });
wx.onUnhandledRejection(function () {}); // promisified calls reject with a res object

var huge = new Array(1 << 20).join('x'); // a 1 MiB string
var detached = new ArrayBuffer(8);
var bad = [undefined, null, 0, -1, NaN, 'ws://x', '', true, {}, [], function () {}, new Uint8Array(2),
  new DataView(new ArrayBuffer(4)), detached, huge, Symbol('s'), { url: {} }, { data: {} },
  { code: 'x', reason: {} }, { success: 1, fail: 'x', complete: null }, new Proxy({}, {})];

function describe(v) {
  try { return typeof v === 'symbol' ? 'symbol' : (v && v.length > 100 ? 'huge string' : String(v)); } catch (e) { return typeof v; }
}

// call runs fn with the argument; only TypeError may escape.
function call(name, fn, arg) {
  try {
    fn(arg);
  } catch (e) {
    if (!(e instanceof TypeError)) throw new Error(name + '(' + describe(arg) + ') threw ' + e);
  }
}

test('every wx socket function survives every bad argument', function () {
  ['connectSocket', 'sendSocketMessage', 'closeSocket', 'onSocketOpen', 'onSocketMessage',
   'onSocketError', 'onSocketClose'].forEach(function (name) {
    bad.forEach(function (arg) { call('wx.' + name, wx[name], arg); });
  });
  wx.closeSocket({ fail: function () {} }); // in case a call connected after all
  return settled().then(function () {
    assert.deepEqual(internal, []);
  });
});

test('every SocketTask method survives every bad argument, open or not', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  function hammer() {
    ['send', 'close', 'onOpen', 'onMessage', 'onError', 'onClose'].forEach(function (name) {
      bad.forEach(function (arg) { call('task.' + name, function (a) { return task[name](a); }, arg); });
    });
  }
  hammer(); // CONNECTING
  return new Promise(function (resolve) {
    task.onOpen(function () { hammer(); resolve(); }); // OPEN
  }).then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(internal, []);
  });
});

test('detached method calls throw a TypeError, not an internal error', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var send = task.send;
  assert.throws(function () { send({ data: 'x' }); }, function (e) { assert.ok(e instanceof TypeError); });
  assert.throws(function () { task.close.call({}, {}); }, function (e) { assert.ok(e instanceof TypeError); });
});

test('send with wrong data types fails through fail with the native texts', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  return new Promise(function (resolve) { task.onOpen(resolve); }).then(function () {
    var got = [];
    [undefined, null, 1, {}, new Uint8Array(1)].forEach(function (d) {
      task.send({ data: d, fail: function (res) { got.push(res.errMsg); } });
    });
    assert.deepEqual(got, [
      'sendSocketMessage:fail message is null or nil',
      'sendSocketMessage:fail message is null or nil',
      'sendSocketMessage:fail unknown data',
      'sendSocketMessage:fail unknown data',
      'sendSocketMessage:fail unknown data',
    ]);
  });
});

test('a huge text message goes through', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  return new Promise(function (resolve) {
    task.onOpen(function () { task.send({ data: huge }); });
    task.onMessage(function (res) { resolve(res.data.length); });
  }).then(function (n) { assert.equal(n, huge.length); });
});
