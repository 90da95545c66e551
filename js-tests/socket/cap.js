// wx-socket spec §3 and decision 1, checklist 23: at most five sockets may be CONNECTING or
// OPEN at once; the sixth connectSocket fails synchronously, returns a CLOSED task and
// fires no events. Tasks that are CLOSED as far as JS can see no longer count.

var connect = require('../lib/events').connect;

var CAP_MSG = 'connectSocket:fail fail reach max websocket connect count 5';

// connectRecorded calls connectSocket with all three callbacks and returns the task and
// the callback calls made before connectSocket returned.
function connectRecorded(path) {
  var calls = [];
  var task = wx.connectSocket({
    url: SERVER.ws + path,
    success: function (res) { calls.push(['success', res]); },
    fail: function (res) { calls.push(['fail', res]); },
    complete: function (res) { calls.push(['complete', res]); },
  });
  return { task: task, calls: calls.slice() };
}

function assertRefused(r, what) {
  assert.equal(r.calls.length, 2, what + ': fail and complete ran synchronously');
  assert.equal(r.calls[0][0], 'fail', what);
  assert.equal(r.calls[1][0], 'complete', what);
  assert.ok(r.calls[0][1] === r.calls[1][1], what + ': complete gets the same res object');
  assert.equal(r.calls[0][1].errMsg, CAP_MSG, what);
  assert.ok(r.task && typeof r.task.send === 'function', what + ': a SocketTask is still returned');
  assert.equal(r.task.readyState, 3, what + ': the returned task is CLOSED');
}

function assertAccepted(r, what) {
  assert.equal(r.calls.length, 2, what);
  assert.equal(r.calls[0][0], 'success', what);
  assert.equal(r.calls[0][1].errMsg, 'connectSocket:ok', what);
  assert.equal(r.task.readyState, 0, what);
}

function watchRefused(task, log) {
  ['onOpen', 'onMessage', 'onError', 'onClose'].forEach(function (m) {
    task[m](function () { log.push('refused:' + m); });
  });
}

function openAll(tasks, log, n) {
  return waitFor(function () {
    return log.filter(function (e) { return /:open$/.test(e); }).length === n;
  }, n + ' sockets open');
}

test('23: five CONNECTING tasks + a sixth connectSocket → fail, CLOSED task, no events', function () {
  var log = [];
  var tasks = [];
  // The handshakes are answered after 100 ms: the five are CONNECTING when the sixth comes.
  for (var i = 0; i < 5; i++) tasks.push(connect('/stall?ms=100', 's' + i, log));
  var r = connectRecorded('/echo');
  assertRefused(r, 'sixth');
  watchRefused(r.task, log);
  var sendRes;
  r.task.send({ data: 'x', fail: function (res) { sendRes = res.errMsg; } });
  assert.equal(sendRes, 'SocketTask.send:fail SocketTask.readyState is not OPEN');
  assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [0, 0, 0, 0, 0]);
  return openAll(tasks, log, 5).then(function () {
    tasks.forEach(function (t) { t.close(); });
    return settled();
  }).then(function () {
    assert.deepEqual(log.filter(function (e) { return /^refused:/.test(e); }), [], 'the refused task fires nothing, to the end');
    assert.equal(log.length, 10, 'open and close of each of the five: ' + log);
    assert.equal(r.task.readyState, 3);
  });
});

test('23: five OPEN tasks + a sixth → fail; it never connects', function () {
  var log = [];
  var tasks = [];
  for (var i = 0; i < 5; i++) tasks.push(connect('/echo', 'o' + i, log));
  return openAll(tasks, log, 5).then(function () {
    var r = connectRecorded('/echo');
    assertRefused(r, 'sixth while five are open');
    watchRefused(r.task, log);
    // A seventh is refused as well: the refused task does not count, nothing else changed.
    assertRefused(connectRecorded('/echo'), 'seventh');
    assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [1, 1, 1, 1, 1]);
    // Had the refused task connected after all, it would keep settled() from resolving.
    tasks.forEach(function (t) { t.close(); });
    return settled();
  }).then(function () {
    assert.equal(log.filter(function (e) { return /^refused:/.test(e); }).length, 0, 'no events on the refused task');
  });
});

test('23: a mix of OPEN and CONNECTING tasks counts together', function () {
  var log = [];
  var tasks = [connect('/echo', 'a', log), connect('/echo', 'b', log), connect('/echo', 'c', log)];
  return openAll(tasks, log, 3).then(function () {
    connect('/stall', 'd', log);
    connect('/stall', 'e', log);
    assertRefused(connectRecorded('/echo'), 'sixth with 3 open + 2 connecting');
  });
});

test('23: after one task closes (onClose), a new connect succeeds and opens', function () {
  var log = [];
  var tasks = [];
  for (var i = 0; i < 5; i++) tasks.push(connect('/echo', 'o' + i, log));
  return openAll(tasks, log, 5).then(function () {
    tasks[0].close();
    // close() does not change readyState: the task is still OPEN and still counts.
    assert.equal(tasks[0].readyState, 1);
    assertRefused(connectRecorded('/echo'), 'while the close is pending');
    return waitFor(function () { return log.indexOf('o0:close:1000:') >= 0; }, 'o0 closed');
  }).then(function () {
    assert.equal(tasks[0].readyState, 3);
    var r = connectRecorded('/echo');
    assertAccepted(r, 'after a close event');
    r.task.onOpen(function () { log.push('new:open'); });
    // The pool is full again.
    assertRefused(connectRecorded('/echo'), 'next one');
    return waitFor(function () { return log.indexOf('new:open') >= 0; }, 'the new task to open');
  });
});

test('23: a task whose handshake failed (onError) no longer counts', function () {
  var log = [];
  var tasks = [];
  for (var i = 0; i < 4; i++) tasks.push(connect('/echo', 'o' + i, log));
  connect('/status/404', 'bad', log);
  // Until its error arrives the refused handshake is CONNECTING and counts.
  assertRefused(connectRecorded('/echo'), 'while the 404 task is CONNECTING');
  return waitFor(function () { return log.indexOf('bad:error:Invalid HTTP status') >= 0; }, 'the 404 error').then(function () {
    assertAccepted(connectRecorded('/echo'), 'after the error');
  });
});

test('23: tasks marked CLOSED by wx.closeSocket no longer count, before any close event', function () {
  var log = [];
  var tasks = [];
  for (var i = 0; i < 5; i++) tasks.push(connect('/echo', 'o' + i, log));
  return openAll(tasks, log, 5).then(function () {
    wx.closeSocket({});
    assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [3, 3, 3, 3, 3], 'all marked CLOSED at once');
    assert.equal(log.filter(function (e) { return /:close:/.test(e); }).length, 0, 'no close event yet');
    var fresh = [];
    for (var j = 0; j < 5; j++) {
      var r = connectRecorded('/echo');
      assertAccepted(r, 'replacement ' + j);
      fresh.push(r.task);
    }
    assertRefused(connectRecorded('/echo'), 'sixth replacement');
    return waitFor(function () {
      return log.filter(function (e) { return /:close:1000:$/.test(e); }).length === 5;
    }, 'the old tasks to close');
  });
});

test('23: wx.closeSocket frees places at once: refused right before it, accepted right after', function () {
  var log = [];
  var tasks = [];
  for (var i = 0; i < 5; i++) tasks.push(connect('/echo', 'o' + i, log));
  return openAll(tasks, log, 5).then(function () {
    assertRefused(connectRecorded('/echo'), 'before wx.closeSocket');
    var res;
    wx.closeSocket({ success: function (r) { res = r.errMsg; } });
    assert.equal(res, 'closeSocket:ok');
    assertAccepted(connectRecorded('/echo'), 'right after wx.closeSocket');
  });
});
