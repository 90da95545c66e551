// wx-socket spec §4 (send) and the errMsg catalogue, checklist 37: only strings (text
// frames) and ArrayBuffers (binary frames) can be sent. Typed arrays, DataView, numbers,
// booleans and objects fail with "unknown data"; null/undefined/missing data with
// "message is null or nil". Nothing is sent for a failed call. /inspect answers every
// message it receives with {"type","len","data"}.

var UNKNOWN = 'sendSocketMessage:fail unknown data';
var NULL = 'sendSocketMessage:fail message is null or nil';

var BAD = [
  ['Uint8Array', function () { return new Uint8Array(2); }, UNKNOWN],
  ['Int32Array', function () { return new Int32Array([1, 2]); }, UNKNOWN],
  ['Float64Array', function () { return new Float64Array(1); }, UNKNOWN],
  ['DataView', function () { return new DataView(new ArrayBuffer(2)); }, UNKNOWN],
  ['number', function () { return 42; }, UNKNOWN],
  ['zero', function () { return 0; }, UNKNOWN],
  ['boolean', function () { return true; }, UNKNOWN],
  ['object', function () { return { a: 1 }; }, UNKNOWN],
  ['array', function () { return ['a']; }, UNKNOWN],
  ['function', function () { return function () {}; }, UNKNOWN],
  ['null', function () { return null; }, NULL],
  ['undefined', function () { return undefined; }, NULL],
];

function openInspect(replies) {
  return new Promise(function (resolve) {
    var t = wx.connectSocket({ url: SERVER.ws + '/inspect' });
    t.onMessage(function (res) { replies.push(JSON.parse(res.data)); });
    t.onOpen(function () { resolve(t); });
  });
}

// sendWith calls send(opts) and resolves with the callback calls once complete ran.
function sendWith(send, opts) {
  return new Promise(function (resolve) {
    var calls = [];
    opts.success = function (res) { calls.push(['success', res]); };
    opts.fail = function (res) { calls.push(['fail', res]); };
    opts.complete = function (res) { calls.push(['complete', res]); resolve(calls); };
    send(opts);
  });
}

function expectFail(calls, errMsg, what) {
  assert.deepEqual(calls.map(function (c) { return c[0]; }), ['fail', 'complete'], what);
  assert.ok(calls[0][1] === calls[1][1], what + ': same res');
  assert.deepEqual(calls[0][1], { errMsg: errMsg }, what);
}

// finish sends a string marker and checks that the peer received only the expected
// messages before it.
function finish(task, replies, expected) {
  task.send({ data: 'end' });
  return waitFor(function () { return replies.length > 0 && replies[replies.length - 1].data === 'end'; }, 'the marker').then(function () {
    assert.deepEqual(replies, expected.concat([{ type: 'text', len: 3, data: 'end' }]));
  });
}

test('37: SocketTask.send with typed arrays, DataView, numbers, objects, null/undefined → fail; nothing is sent', function () {
  var replies = [];
  return openInspect(replies).then(function (task) {
    var chain = Promise.resolve();
    BAD.forEach(function (c) {
      chain = chain.then(function () {
        return sendWith(function (o) { return task.send(o); }, { data: c[1]() });
      }).then(function (calls) { expectFail(calls, c[2], c[0]); });
    });
    return chain.then(function () {
      return sendWith(function (o) { return task.send(o); }, {});
    }).then(function (calls) {
      expectFail(calls, NULL, 'no data property');
      assert.equal(task.readyState, 1, 'a failed send leaves the socket open');
      return finish(task, replies, []);
    });
  });
});

test('37: the same data fails through wx.sendSocketMessage, and its Promise rejects with the res', function () {
  var replies = [];
  return openInspect(replies).then(function (task) {
    var chain = Promise.resolve();
    BAD.forEach(function (c) {
      chain = chain.then(function () {
        return sendWith(wx.sendSocketMessage, { data: c[1]() });
      }).then(function (calls) { expectFail(calls, c[2], 'wx.sendSocketMessage ' + c[0]); });
    });
    return chain.then(function () {
      return wx.sendSocketMessage({ data: new Uint8Array([1, 2]) }).then(function () {
        assert.fail('resolved');
      }, function (res) {
        assert.deepEqual(res, { errMsg: UNKNOWN });
      });
    }).then(function () {
      return wx.sendSocketMessage({ data: null }).then(function () {
        assert.fail('resolved');
      }, function (res) {
        assert.deepEqual(res, { errMsg: NULL });
      });
    }).then(function () {
      return finish(task, replies, []);
    });
  });
});

test('37: a failed send without callbacks returns undefined and throws nothing', function () {
  var replies = [];
  return openInspect(replies).then(function (task) {
    assert.equal(task.send({ data: new Uint8Array(2) }), undefined);
    assert.equal(task.send({ data: null }), undefined);
    assert.equal(task.send({}), undefined);
    assert.equal(task.send(), undefined);
    return finish(task, replies, []);
  });
});

test('37: strings and ArrayBuffers (including a typed array\'s .buffer) are sent as text and binary frames', function () {
  var replies = [];
  return openInspect(replies).then(function (task) {
    return sendWith(function (o) { return task.send(o); }, { data: 'héllo' }).then(function (calls) {
      assert.deepEqual(calls.map(function (c) { return c[0] + ':' + c[1].errMsg; }), ['success:sendSocketMessage:ok', 'complete:sendSocketMessage:ok']);
      return sendWith(function (o) { return task.send(o); }, { data: new Uint8Array([1, 2, 3]).buffer });
    }).then(function (calls) {
      assert.equal(calls[0][1].errMsg, 'sendSocketMessage:ok');
      return sendWith(wx.sendSocketMessage, { data: new ArrayBuffer(0) });
    }).then(function (calls) {
      assert.equal(calls[0][1].errMsg, 'sendSocketMessage:ok');
      return finish(task, replies, [
        { type: 'text', len: 6, data: 'héllo' },
        { type: 'binary', len: 3, data: 'AQID' },
        { type: 'binary', len: 0, data: '' },
      ]);
    });
  });
});

// goja has no ArrayBuffer.prototype.transfer (nor structuredClone), so JS cannot detach a
// buffer; the detached case is covered by a Go test in wxapi instead.
if (typeof ArrayBuffer.prototype.transfer === 'function') {
  test('37: a detached ArrayBuffer fails with unknown data', function () {
    var replies = [];
    return openInspect(replies).then(function (task) {
      var buf = new ArrayBuffer(4);
      buf.transfer();
      return sendWith(function (o) { return task.send(o); }, { data: buf }).then(function (calls) {
        expectFail(calls, UNKNOWN, 'detached');
        return finish(task, replies, []);
      });
    });
  });
}
