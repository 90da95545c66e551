// wx-socket spec §4, §9, checklist 18–21: closing from either side, and a dropped
// connection. /echo answers a client close frame with the same code and reason, so the
// client's onClose shows what the peer received.

var track = require('../lib/events').track;

function opened(task) {
  return new Promise(function (resolve, reject) {
    task.onOpen(resolve);
    task.onError(function (r) { reject(new Error('onError ' + r.errMsg)); });
  });
}

function closeLog(task, opts, log) {
  var o = {
    success: function (res) { log.push(['success', res]); },
    fail: function (res) { log.push(['fail', res]); },
    complete: function (res) { log.push(['complete', res]); },
  };
  for (var k in opts) o[k] = opts[k];
  return task.close(o);
}

var BAD_CODE = /^closeSocket:fail .*The code must be either 1000, or between 3000 and 4999/;

test('18: close() reports closeSocket:ok, readyState stays 1 until onClose{1000,""}, then 3', function () {
  // /slowclose answers the close frame after 400 ms, leaving time to observe readyState.
  var task = wx.connectSocket({ url: SERVER.ws + '/slowclose?ms=400' });
  var events = track(task);
  var stateInClose;
  task.onClose(function () { stateInClose = task.readyState; });
  return opened(task).then(function () {
    var log = [];
    var ret = closeLog(task, {}, log);
    assert.equal(ret, undefined, 'close returns undefined');
    assert.deepEqual(log.map(function (e) { return e[0]; }), ['success', 'complete']);
    assert.deepEqual(log[0][1], { errMsg: 'closeSocket:ok' });
    assert.ok(log[0][1] === log[1][1], 'same object');
    assert.equal(task.readyState, 1, 'right after close()');
    // Sample readyState on every turn until onClose: it must stay 1 (no CLOSING state)
    // for the whole 400 ms the peer takes to answer.
    var states = [];
    return waitFor(function () {
      if (events.length < 2) states.push(task.readyState);
      return events.length >= 2;
    }, 'onClose').then(function () {
      assert.ok(states.length >= 10, 'sampled ' + states.length + ' times');
      assert.deepEqual(states.filter(function (s) { return s !== 1; }), [], 'readyState before onClose');
    });
  }).then(settled).then(function () {
    assert.deepEqual(events, ['open', 'close:1000:']);
    assert.equal(stateInClose, 3, 'readyState inside onClose');
    assert.equal(task.readyState, 3);
  });
});

test('18: close() without any argument closes with 1000 and ""', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return opened(task).then(function () {
    assert.equal(task.close(), undefined);
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['open', 'close:1000:']);
  });
});

test('19: close({code:4001, reason:"bye"}) reaches the peer, which echoes 4001/"bye"', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return opened(task).then(function () {
    var log = [];
    closeLog(task, { code: 4001, reason: 'bye' }, log);
    assert.deepEqual(log.map(function (e) { return e[0] + ':' + e[1].errMsg; }), ['success:closeSocket:ok', 'complete:closeSocket:ok']);
    return waitFor(function () { return events.length >= 2; }, 'onClose');
  }).then(function () {
    assert.deepEqual(events, ['open', 'close:4001:bye']);
  });
});

test('19: close codes 3000 and 4999 are accepted', function () {
  return [3000, 4999].reduce(function (p, code) {
    return p.then(function () {
      var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
      var events = track(task);
      return opened(task).then(function () {
        var log = [];
        closeLog(task, { code: code, reason: 'r' + code }, log);
        assert.equal(log[0][1].errMsg, 'closeSocket:ok', 'code ' + code);
        return waitFor(function () { return events.length >= 2; }, 'onClose');
      }).then(function () {
        assert.deepEqual(events, ['open', 'close:' + code + ':r' + code]);
      });
    });
  }, Promise.resolve());
});

test('19: close({code:1001}) fails mentioning 1000 or 3000–4999, and the socket stays open', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return opened(task).then(function () {
    [1001, 999, 1005, 1006, 2999, 5000, 0, -1, 3000.5].forEach(function (code) {
      var log = [];
      closeLog(task, { code: code }, log);
      assert.deepEqual(log.map(function (e) { return e[0]; }), ['fail', 'complete'], 'code ' + code);
      assert.match(log[0][1].errMsg, BAD_CODE, 'code ' + code);
      assert.ok(log[0][1] === log[1][1], 'same object');
    });
    assert.equal(task.readyState, 1);
    // /echo answers in order: had a refused close gone out, its echo would come first.
    task.send({ data: 'still open' });
    return waitFor(function () { return events.length >= 2; }, 'echo');
  }).then(function () {
    assert.deepEqual(events, ['open', 'message:still open']);
    task.close({ code: 4010 }); // a code of its own: a refused close must not surface instead
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['open', 'message:still open', 'close:4010:']);
  });
});

test('19: a non-number code is treated as 1000', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return opened(task).then(function () {
    var log = [];
    closeLog(task, { code: '4001', reason: 'str' }, log);
    assert.equal(log[0][1].errMsg, 'closeSocket:ok');
    return waitFor(function () { return events.length >= 2; }, 'onClose');
  }).then(function () {
    assert.deepEqual(events, ['open', 'close:1000:str']);
  });
});

test('19: a reason of more than 123 UTF-8 bytes fails (recommended), 123 bytes is fine', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  var reason123 = new Array(42).join('你'); // 41 × 3 = 123 bytes
  return opened(task).then(function () {
    var log = [];
    closeLog(task, { code: 4000, reason: reason123 + 'x' }, log);
    assert.deepEqual(log.map(function (e) { return e[0]; }), ['fail', 'complete']);
    assert.match(log[0][1].errMsg, /^closeSocket:fail /);
    assert.equal(task.readyState, 1);
    log = [];
    closeLog(task, { code: 4000, reason: reason123 }, log);
    assert.equal(log[0][1].errMsg, 'closeSocket:ok');
    return waitFor(function () { return events.length >= 2; }, 'onClose');
  }).then(function () {
    assert.deepEqual(events, ['open', 'close:4000:' + reason123]);
  });
});

test('close on a task that has already closed fails', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return opened(task).then(function () {
    task.close();
    return waitFor(function () { return events.length >= 2; }, 'onClose');
  }).then(function () {
    var log = [];
    closeLog(task, {}, log);
    assert.deepEqual(log.map(function (e) { return e[0]; }), ['fail', 'complete']);
    assert.equal(log[0][1].errMsg, 'closeSocket:fail wcwss taskID not exist');
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['open', 'close:1000:']);
  });
});

test('20: peer-initiated close 4000/"x" gives onClose{code:4000, reason:"x"} and no onError', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/close?code=4000&reason=x' });
  var events = track(task);
  var res;
  task.onClose(function (r) { res = r; });
  return settled().then(function () {
    assert.deepEqual(events, ['open', 'close:4000:x']);
    assert.equal(res.code, 4000);
    assert.equal(typeof res.code, 'number');
    assert.equal(res.reason, 'x');
    assert.equal(task.readyState, 3);
  });
});

test('20: peer-initiated close 1000 with no reason gives reason ""', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/close?code=1000&after=20' });
  var events = track(task);
  return settled().then(function () {
    assert.deepEqual(events, ['open', 'close:1000:']);
  });
});

test('20: a data frame the peer sends after its close frame is not delivered', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/after-close' });
  var events = track(task);
  return settled().then(function () {
    assert.deepEqual(events, ['open', 'close:1000:']);
  });
});

test('21: a TCP drop without a close frame gives onError "abnormal closure" then onClose 1006, then nothing', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/drop?after=2' });
  var events = track(task);
  var stateInError;
  task.onError(function () { stateInError = task.readyState; });
  return waitFor(function () { return events.length >= 5; }, 'error and close').then(function () {
    task.send({ data: 'after close' });
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['open', 'message:m0', 'message:m1', 'error:abnormal closure', 'close:1006:abnormal closure'],
      'recommended texts, and nothing after onClose');
    assert.equal(stateInError, 3);
    assert.equal(task.readyState, 3);
  });
});

test('21: a drop right after the handshake still gives open, then error, then close', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/drop?after=0' });
  var events = track(task);
  return settled().then(function () {
    assert.deepEqual(events, ['open', 'error:abnormal closure', 'close:1006:abnormal closure']);
  });
});

test('21: several onError and onClose listeners all run, in order, error listeners first', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/drop?after=0' });
  var log = [];
  task.onClose(function () { log.push('close1'); });
  task.onError(function () { log.push('error1'); });
  task.onClose(function () { log.push('close2'); });
  task.onError(function () { log.push('error2'); });
  return settled().then(function () {
    assert.deepEqual(log, ['error1', 'error2', 'close1', 'close2']);
  });
});

test('21: a TCP reset gives onError then onClose 1006', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/reset?after=1' });
  var events = track(task);
  return settled().then(function () {
    assert.equal(events.length, 4, JSON.stringify(events));
    assert.deepEqual(events.slice(0, 2), ['open', 'message:m0']);
    assert.match(events[2], /^error:/);
    assert.match(events[3], /^close:1006:/);
  });
});
