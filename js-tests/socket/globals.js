// wx-socket spec §3, §5, §6 and decision 3, checklist 24–31: the legacy wx.* socket
// globals, the "current global task" slot they address, and their Promise forms.

var lib = require('../lib/events');
var connect = lib.connect;
var globals = lib.trackGlobals;

var NOT_CONNECTED_SEND = 'sendSocketMessage:fail WebSocket is not connected';
var NOT_CONNECTED_CLOSE = 'closeSocket:fail WebSocket is not connected';

// recorder returns callbacks that append [name, res] to calls.
function recorder(calls, extra) {
  var o = {
    success: function (res) { calls.push(['success', res]); },
    fail: function (res) { calls.push(['fail', res]); },
    complete: function (res) { calls.push(['complete', res]); },
  };
  for (var k in extra) o[k] = extra[k];
  return o;
}

function assertCalls(calls, first, errMsg, what) {
  assert.deepEqual(calls.map(function (c) { return c[0]; }), [first, 'complete'], what);
  assert.ok(calls[0][1] === calls[1][1], (what || '') + ': complete gets the same object');
  assert.deepEqual(calls[0][1], { errMsg: errMsg }, what);
}

function has(log, entry) {
  return function () { return log.indexOf(entry) >= 0; };
}

function rejectsWith(p, errMsg) {
  assert.ok(p instanceof Promise, 'a Promise is returned');
  return p.then(function (v) {
    assert.fail('expected a rejection, resolved with ' + JSON.stringify(v));
  }, function (res) {
    assert.ok(!(res instanceof Error), 'the rejection value is the res object, not an Error');
    assert.deepEqual(res, { errMsg: errMsg });
  });
}

test('24: wx.sendSocketMessage with no socket → fail WebSocket is not connected, then complete', function () {
  var calls = [];
  var ret = wx.sendSocketMessage(recorder(calls, { data: 'x' }));
  assert.equal(ret, undefined, 'with callbacks nothing is returned');
  assertCalls(calls, 'fail', NOT_CONNECTED_SEND);
});

test('24: without callbacks wx.sendSocketMessage returns a Promise rejecting with the res object', function () {
  return rejectsWith(wx.sendSocketMessage({ data: 'x' }), NOT_CONNECTED_SEND);
});

test('24: wx.sendSocketMessage() with no argument returns a rejecting Promise too', function () {
  return rejectsWith(wx.sendSocketMessage(), NOT_CONNECTED_SEND);
});

test('25: before the first task opens sendSocketMessage fails; after onSocketOpen it sends', function () {
  var log = [];
  connect('/echo', 'a', log);
  var opened = new Promise(function (resolve) { wx.onSocketOpen(resolve); });
  var calls = [];
  wx.sendSocketMessage(recorder(calls, { data: 'early' }));
  assertCalls(calls, 'fail', NOT_CONNECTED_SEND, 'while CONNECTING');
  var early = wx.sendSocketMessage({ data: 'early2' });
  return rejectsWith(early, NOT_CONNECTED_SEND).then(function () {
    return opened;
  }).then(function () {
    var calls2 = [];
    var ret = wx.sendSocketMessage(recorder(calls2, { data: 'one' }));
    assert.equal(ret, undefined);
    var p = wx.sendSocketMessage({ data: 'two' });
    assert.ok(p instanceof Promise);
    return p.then(function (res) {
      assert.deepEqual(res, { errMsg: 'sendSocketMessage:ok' });
      return waitFor(function () { return calls2.length === 2; }, 'the callbacks of the first send');
    }).then(function () {
      assertCalls(calls2, 'success', 'sendSocketMessage:ok', 'after open');
      return waitFor(has(log, 'a:message:two'), 'the echoes');
    });
  }).then(function () {
    assert.deepEqual(log, ['a:open', 'a:message:one', 'a:message:two'], 'nothing sent before open reached the peer');
  });
});

test('26: wx.closeSocket() with nothing open → fail WebSocket is not connected', function () {
  var calls = [];
  var ret = wx.closeSocket(recorder(calls));
  assert.equal(ret, undefined);
  assertCalls(calls, 'fail', NOT_CONNECTED_CLOSE);
});

test('26: the Promise forms of wx.closeSocket reject with the res object', function () {
  return rejectsWith(wx.closeSocket(), NOT_CONNECTED_CLOSE).then(function () {
    return rejectsWith(wx.closeSocket({ code: 1000 }), NOT_CONNECTED_CLOSE);
  });
});

test('26: once the global task is CLOSED, wx.closeSocket fails again', function () {
  var log = [];
  connect('/echo', 'a', log);
  return waitFor(has(log, 'a:open'), 'open').then(function () {
    var first = [];
    wx.closeSocket(recorder(first));
    assertCalls(first, 'success', 'closeSocket:ok', 'first close');
    // Marked CLOSED at once: a second call fails before any close event.
    var second = [];
    wx.closeSocket(recorder(second));
    assertCalls(second, 'fail', NOT_CONNECTED_CLOSE, 'second close, before onClose');
    return waitFor(has(log, 'a:close:1000:'), 'close');
  }).then(function () {
    return rejectsWith(wx.closeSocket(), NOT_CONNECTED_CLOSE);
  });
});

test('27: B connected while A is CONNECTING: the globals follow A only', function () {
  var log = [];
  globals(log);
  var a = connect('/echo', 'a', log);
  var b = connect('/echo', 'b', log);
  return waitFor(function () { return log.indexOf('a:open') >= 0 && log.indexOf('b:open') >= 0; }, 'both open').then(function () {
    assert.equal(log.filter(function (e) { return e === 'g:open'; }).length, 1, 'onSocketOpen fired once');
    assert.equal(log[log.indexOf('a:open') + 1], 'g:open', 'onSocketOpen fired for A, right after its own listener');
    return wx.sendSocketMessage({ data: 'via-global' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'sendSocketMessage:ok' });
    b.send({ data: 'via-b' });
    return waitFor(function () { return log.indexOf('a:message:via-global') >= 0 && log.indexOf('b:message:via-b') >= 0; }, 'the echoes');
  }).then(function () {
    assert.equal(a.readyState, 1);
    assert.equal(b.readyState, 1);
    a.close();
    b.close();
    return settled();
  }).then(function () {
    var rest = log.filter(function (e) { return !/:open$/.test(e); });
    assert.deepEqual(rest.filter(function (e) { return /^a:|^g:/.test(e); }), ['a:message:via-global', 'g:message:via-global', 'a:close:1000:', 'g:close:1000:']);
    assert.deepEqual(rest.filter(function (e) { return /^b:/.test(e); }), ['b:message:via-b', 'b:close:1000:'], 'B got only its own message; onSocketMessage never saw it');
  });
});

test('27: B connected while A is OPEN: wx.sendSocketMessage sends on A, onSocket* ignore B', function () {
  var log = [];
  globals(log);
  var a = connect('/echo', 'a', log);
  var b;
  return waitFor(has(log, 'g:open'), 'A open').then(function () {
    b = connect('/echo', 'b', log);
    return waitFor(has(log, 'b:open'), 'B open');
  }).then(function () {
    wx.sendSocketMessage({ data: 'g1', fail: function (r) { log.push('send-fail:' + r.errMsg); } });
    b.send({ data: 'b1' });
    return waitFor(function () { return log.indexOf('a:message:g1') >= 0 && log.indexOf('b:message:b1') >= 0; }, 'echoes');
  }).then(function () {
    b.close({ code: 4000, reason: 'bclose' });
    return waitFor(has(log, 'b:close:4000:bclose'), 'B closed');
  }).then(function () {
    // Messages of A and B may interleave; each side's order is fixed.
    assert.deepEqual(log.filter(function (e) { return /^[ag]:/.test(e); }), ['a:open', 'g:open', 'a:message:g1', 'g:message:g1']);
    assert.deepEqual(log.filter(function (e) { return !/^[ag]:/.test(e); }), ['b:open', 'b:message:b1', 'b:close:4000:bclose'], 'no onSocketClose for B');
    assert.equal(a.readyState, 1);
  });
});

test('28: after A is CLOSED (close event), B stays unbound and the next connect (C) becomes the target', function () {
  var log = [];
  globals(log);
  var a = connect('/echo', 'a', log);
  var b, c;
  return waitFor(has(log, 'g:open'), 'A open').then(function () {
    b = connect('/echo', 'b', log);
    return waitFor(has(log, 'b:open'), 'B open');
  }).then(function () {
    a.close();
    return waitFor(has(log, 'g:close:1000:'), 'A closed');
  }).then(function () {
    // The slot still holds the CLOSED A: the globals do not move to B by themselves.
    return rejectsWith(wx.sendSocketMessage({ data: 'lost' }), NOT_CONNECTED_SEND);
  }).then(function () {
    c = connect('/echo', 'c', log);
    return waitFor(function () { return log.filter(function (e) { return e === 'g:open'; }).length === 2; }, 'onSocketOpen for C');
  }).then(function () {
    return wx.sendSocketMessage({ data: 'to-c' });
  }).then(function () {
    return waitFor(has(log, 'g:message:to-c'), 'the echo from C');
  }).then(function () {
    assert.deepEqual(log.filter(function (e) { return /^[acg]:/.test(e); }), [
      'a:open', 'g:open', 'a:close:1000:', 'g:close:1000:',
      'c:open', 'g:open', 'c:message:to-c', 'g:message:to-c',
    ]);
    assert.deepEqual(log.filter(function (e) { return /^b:/.test(e); }), ['b:open'], 'nothing reached B');
    assert.equal(b.readyState, 1);
    assert.equal(c.readyState, 1);
  });
});

test('28: after wx.closeSocket marked A CLOSED, a connect in the same turn becomes the target', function () {
  var log = [];
  globals(log);
  connect('/echo', 'a', log);
  return waitFor(has(log, 'g:open'), 'A open').then(function () {
    wx.closeSocket({ code: 4001, reason: 'a' });
    connect('/echo', 'c', log);
    return waitFor(function () { return log.indexOf('c:open') >= 0 && log.indexOf('a:close:4001:a') >= 0; }, 'C open and A closed');
  }).then(function () {
    return wx.sendSocketMessage({ data: 'to-c' });
  }).then(function () {
    return waitFor(has(log, 'c:message:to-c'), 'echo');
  }).then(function () {
    // A's close event arrives after C took the slot: onSocketClose follows C, not A.
    assert.deepEqual(log.filter(function (e) { return /^[cg]:/.test(e); }), ['g:open', 'c:open', 'g:open', 'c:message:to-c', 'g:message:to-c']);
    assert.deepEqual(log.filter(function (e) { return /^a:/.test(e); }), ['a:open', 'a:close:4001:a']);
  });
});

test('29: wx.onSocketOpen(f1); wx.onSocketOpen(f2) → only f2, after the task listeners, with an equal res', function () {
  var log = [];
  var taskRes, globalRes;
  wx.onSocketOpen(function () { log.push('f1'); });
  wx.onSocketOpen(function (res) { log.push('f2'); globalRes = res; });
  wx.onSocketOpen('not a function'); // ignored: f2 stays
  wx.onSocketOpen(null);
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function (res) { log.push('t1'); taskRes = res; });
  task.onOpen(function () { log.push('t2'); });
  return waitFor(function () { return log.indexOf('f2') >= 0; }, 'f2').then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['t1', 't2', 'f2']);
    assert.equal(typeof globalRes.header, 'object');
    assert.deepEqual(globalRes, taskRes);
  });
});

test('29: the other wx.onSocket* callbacks are last-wins too', function () {
  var log = [];
  wx.onSocketMessage(function () { log.push('m1'); });
  wx.onSocketMessage(function (res) { log.push('m2:' + res.data); });
  wx.onSocketClose(function () { log.push('c1'); });
  wx.onSocketClose(function (res) { log.push('c2:' + res.code); });
  wx.onSocketMessage(undefined);
  wx.onSocketClose({});
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onMessage(function (res) { log.push('t:' + res.data); });
  task.onClose(function (res) { log.push('t:' + res.code); });
  task.onOpen(function () { task.send({ data: 'x' }); });
  return waitFor(function () { return log.indexOf('m2:x') >= 0; }, 'message').then(function () {
    task.close({ code: 4005 });
    return waitFor(function () { return log.indexOf('c2:4005') >= 0; }, 'close');
  }).then(function () {
    assert.deepEqual(log, ['t:x', 'm2:x', 't:4005', 'c2:4005']);
  });
});

test('29: wx.onSocketError is last-wins', function () {
  var log = [];
  wx.onSocketError(function () { log.push('e1'); });
  wx.onSocketError(function (res) { log.push('e2:' + res.errMsg); });
  wx.connectSocket({ url: SERVER.ws + '/status/404' });
  return settled().then(function () {
    assert.deepEqual(log, ['e2:Invalid HTTP status']);
  });
});

test('30: wx.onSocket* registered once keep firing across reconnects', function () {
  var log = [];
  globals(log); // before any socket exists
  connect('/close?code=4000&reason=first', 'a', log);
  return waitFor(has(log, 'g:close:4000:first'), 'first close').then(function () {
    connect('/drop?after=1', 'b', log);
    return waitFor(has(log, 'g:close:1006:abnormal closure'), 'second close');
  }).then(function () {
    var c = connect('/echo', 'c', log);
    c.onOpen(function () { c.close({ code: 4002, reason: 'third' }); });
    return waitFor(has(log, 'g:close:4002:third'), 'third close');
  }).then(function () {
    assert.deepEqual(log.filter(function (e) { return /^g:/.test(e); }), [
      'g:open', 'g:close:4000:first',
      'g:open', 'g:message:m0', 'g:error:abnormal closure', 'g:close:1006:abnormal closure',
      'g:open', 'g:close:4002:third',
    ]);
  });
});

test('31: wx.closeSocket() with A (global) and B OPEN closes both; only A gets code, reason and callbacks', function () {
  var log = [];
  globals(log);
  var a = connect('/echo', 'a', log);
  var b = connect('/echo', 'b', log);
  var calls = [];
  return waitFor(function () { return log.indexOf('a:open') >= 0 && log.indexOf('b:open') >= 0; }, 'both open').then(function () {
    var ret = wx.closeSocket(recorder(calls, { code: 4001, reason: 'bye' }));
    assert.equal(ret, undefined);
    assertCalls(calls, 'success', 'closeSocket:ok');
    assert.equal(a.readyState, 3, 'A marked CLOSED at once');
    assert.equal(b.readyState, 3, 'B marked CLOSED at once');
    return settled();
  }).then(function () {
    assert.equal(calls.length, 2, 'the callbacks ran once, for A only');
    assert.deepEqual(log.filter(function (e) { return /^[ag]:/.test(e); }), ['a:open', 'g:open', 'a:close:4001:bye', 'g:close:4001:bye']);
    assert.deepEqual(log.filter(function (e) { return /^b:/.test(e); }), ['b:open', 'b:close:1000:']);
  });
});

test('31: the Promise form of wx.closeSocket resolves with closeSocket:ok and closes every task', function () {
  var log = [];
  var tasks = [connect('/echo', 'a', log), connect('/echo', 'b', log), connect('/echo', 'c', log)];
  return waitFor(function () { return log.length === 3; }, 'all open').then(function () {
    var p = wx.closeSocket({ code: 4002 });
    assert.ok(p instanceof Promise);
    return p;
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'closeSocket:ok' });
    return waitFor(function () { return log.length === 6; }, 'all closed');
  }).then(function () {
    assert.deepEqual(log.slice(3).sort(), ['a:close:4002:', 'b:close:1000:', 'c:close:1000:']);
    assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [3, 3, 3]);
  });
});

test('31: with the global task already CLOSED, wx.closeSocket fails but still closes the others', function () {
  var log = [];
  var a = connect('/echo', 'a', log);
  var b;
  return waitFor(has(log, 'a:open'), 'A open').then(function () {
    b = connect('/echo', 'b', log);
    return waitFor(has(log, 'b:open'), 'B open');
  }).then(function () {
    a.close();
    return waitFor(has(log, 'a:close:1000:'), 'A closed');
  }).then(function () {
    var calls = [];
    wx.closeSocket(recorder(calls, { code: 4003 }));
    assertCalls(calls, 'fail', NOT_CONNECTED_CLOSE);
    assert.equal(b.readyState, 3);
    return waitFor(function () { return log.indexOf('b:close:1000:') >= 0; }, 'B closed with 1000');
  });
});
