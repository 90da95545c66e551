// wx-socket spec §4, checklist 14–17: SocketTask.send. /inspect answers every message with
// {"type","len","data"} (data base64 for binary), showing what the server received.

var NOT_OPEN = 'SocketTask.send:fail SocketTask.readyState is not OPEN';

// inspector opens /inspect and resolves with the task and the parsed replies so far.
function inspector() {
  var task = wx.connectSocket({ url: SERVER.ws + '/inspect' });
  var replies = [];
  task.onMessage(function (r) { replies.push(JSON.parse(r.data)); });
  return new Promise(function (resolve, reject) {
    task.onOpen(function () { resolve({ task: task, replies: replies }); });
    task.onError(function (r) { reject(new Error('onError ' + r.errMsg)); });
  });
}

// base64OfByte is the standard base64 encoding of the single byte b.
function base64OfByte(b) {
  var abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return abc[b >> 2] + abc[(b & 3) << 4] + '==';
}

// sendLog calls task.send with all callbacks recording into log; returns send's value.
function sendLog(task, data, log) {
  return task.send({
    data: data,
    success: function (res) { log.push(['success', res]); },
    fail: function (res) { log.push(['fail', res]); },
    complete: function (res) { log.push(['complete', res]); },
  });
}

test('14: send while CONNECTING fails synchronously with the not-OPEN text, then complete', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/inspect' });
  assert.equal(task.readyState, 0);
  var log = [];
  var ret = sendLog(task, 'x', log);
  assert.equal(ret, undefined);
  assert.deepEqual(log.map(function (e) { return e[0]; }), ['fail', 'complete'], 'fail then complete, before send returned');
  assert.equal(log[0][1].errMsg, NOT_OPEN);
  assert.ok(log[0][1] === log[1][1], 'complete gets the same object');
  var replies = [];
  task.onMessage(function (r) { replies.push(JSON.parse(r.data)); });
  return new Promise(function (resolve) { task.onOpen(resolve); }).then(function () {
    task.send({ data: 'after open' });
    task.close(); // the server answers every message it got before the close frame
    return settled();
  }).then(function () {
    assert.deepEqual(replies, [{ type: 'text', len: 10, data: 'after open' }], 'the CONNECTING send never reached the server');
  });
});

test('14: send while CONNECTING with an ArrayBuffer fails the same way', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/inspect' });
  var log = [];
  sendLog(task, new ArrayBuffer(3), log);
  assert.deepEqual(log.map(function (e) { return e[0] + ':' + e[1].errMsg; }), ['fail:' + NOT_OPEN, 'complete:' + NOT_OPEN]);
});

test('15: send of a string on OPEN: success sendSocketMessage:ok, then complete; the peer gets a text frame', function () {
  return inspector().then(function (s) {
    var log = [];
    assert.equal(sendLog(s.task, 'x', log), undefined);
    return waitFor(function () { return log.length >= 2 && s.replies.length >= 1; }, 'callbacks and reply').then(function () {
      s.task.close();
      return settled();
    }).then(function () {
      assert.deepEqual(log.map(function (e) { return e[0]; }), ['success', 'complete']);
      assert.deepEqual(log[0][1], { errMsg: 'sendSocketMessage:ok' });
      assert.ok(log[0][1] === log[1][1], 'complete gets the same object');
      assert.deepEqual(s.replies, [{ type: 'text', len: 1, data: 'x' }]);
    });
  });
});

test('15: send of an ArrayBuffer on OPEN: the peer gets a binary frame with the same bytes', function () {
  return inspector().then(function (s) {
    var buf = new ArrayBuffer(4);
    var view = new Uint8Array(buf);
    view.set([0, 1, 254, 255]);
    var log = [];
    sendLog(s.task, buf, log);
    return waitFor(function () { return log.length >= 2 && s.replies.length >= 1; }, 'callbacks and reply').then(function () {
      assert.deepEqual(log.map(function (e) { return e[0] + ':' + e[1].errMsg; }), ['success:sendSocketMessage:ok', 'complete:sendSocketMessage:ok']);
      assert.deepEqual(s.replies, [{ type: 'binary', len: 4, data: 'AAH+/w==' }]);
    });
  });
});

test('15: a UTF-8 string is sent as a text frame of its UTF-8 bytes', function () {
  return inspector().then(function (s) {
    s.task.send({ data: '你好' });
    return waitFor(function () { return s.replies.length; }, 'reply').then(function () {
      assert.deepEqual(s.replies, [{ type: 'text', len: 6, data: '你好' }]);
    });
  });
});

test('15: several sends reach the peer in call order, mixing text and binary', function () {
  return inspector().then(function (s) {
    var expected = [];
    for (var i = 0; i < 20; i++) {
      if (i % 2) {
        var b = new Uint8Array([i]);
        s.task.send({ data: b.buffer });
        expected.push({ type: 'binary', len: 1, data: base64OfByte(i) });
      } else {
        s.task.send({ data: 't' + i });
        expected.push({ type: 'text', len: String(i).length + 1, data: 't' + i });
      }
    }
    return waitFor(function () { return s.replies.length >= 20; }, 'replies').then(function () {
      assert.deepEqual(s.replies, expected);
    });
  });
});

test('15: success and fail are exclusive: only success runs for a good send', function () {
  return inspector().then(function (s) {
    var log = [];
    s.task.send({ data: 'a', success: function (r) { log.push('success:' + r.errMsg); } });
    s.task.send({ data: 'b', complete: function (r) { log.push('complete:' + r.errMsg); } });
    s.task.send({ data: 'c', fail: function (r) { log.push('fail:' + r.errMsg); } });
    return waitFor(function () { return s.replies.length >= 3; }, 'replies').then(function () {
      s.task.close();
      return settled();
    }).then(function () {
      assert.deepEqual(log, ['success:sendSocketMessage:ok', 'complete:sendSocketMessage:ok']);
    });
  });
});

test('16: send after onClose fails with the not-OPEN text', function () {
  return inspector().then(function (s) {
    var closed = new Promise(function (resolve) { s.task.onClose(resolve); });
    s.task.close();
    return closed.then(function () {
      assert.equal(s.task.readyState, 3);
      var log = [];
      var ret = sendLog(s.task, 'late', log);
      assert.equal(ret, undefined);
      assert.deepEqual(log.map(function (e) { return e[0] + ':' + e[1].errMsg; }), ['fail:' + NOT_OPEN, 'complete:' + NOT_OPEN]);
    });
  });
});

test('16: send after a server close fails with the not-OPEN text', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/close?code=4000&reason=x' });
  return new Promise(function (resolve) { task.onClose(resolve); }).then(function () {
    var res;
    task.send({ data: 'late', fail: function (r) { res = r; } });
    assert.equal(res.errMsg, NOT_OPEN);
  });
});

test('16: send after a refused handshake (onError) fails with the not-OPEN text', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/status/404' });
  return new Promise(function (resolve) { task.onError(resolve); }).then(function () {
    var res;
    task.send({ data: 'late', fail: function (r) { res = r; } });
    assert.equal(res.errMsg, NOT_OPEN);
  });
});

test('17: send returns undefined without callbacks, never a Promise, in every state', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/inspect' });
  var replies = [];
  task.onMessage(function (r) { replies.push(r.data); });
  assert.equal(task.send({ data: 'connecting' }), undefined, 'CONNECTING');
  return new Promise(function (resolve) { task.onOpen(resolve); }).then(function () {
    var ret = task.send({ data: 'open' });
    assert.equal(ret, undefined, 'OPEN');
    return waitFor(function () { return replies.length; }, 'reply');
  }).then(function () {
    var closed = new Promise(function (resolve) { task.onClose(resolve); });
    task.close();
    return closed;
  }).then(function () {
    assert.equal(task.send({ data: 'closed' }), undefined, 'CLOSED');
    assert.equal(replies.length, 1);
    assert.equal(JSON.parse(replies[0]).data, 'open');
  });
});
