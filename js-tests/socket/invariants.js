// wx-socket spec §9 "Invariants", checklist 35: onError precedes onClose, at most one
// onError, onOpen at most once (and first), onClose at most once and last; nothing fires
// after onClose, not even listeners registered after it. The wx.onSocket* callbacks see
// exactly the same sequence for the global task.

function describe(kind, res) {
  switch (kind) {
    case 'open': return 'open';
    case 'message': return 'message:' + (typeof res.data === 'string' ? res.data : 'binary');
    case 'error': return 'error:' + res.errMsg;
    case 'close': return 'close:' + res.code + ':' + res.reason;
  }
}

// observe records every event of a fresh task against path, plus the wx.onSocket*
// callbacks, plus listeners registered inside onClose and after settling. It resolves once
// the task has settled (close, or an error with no close) and a quiet period has passed.
function observe(path, onOpen, settle, extra) {
  var log = [];
  var global = [];
  var late = [];
  var opts = { url: SERVER.ws + path };
  for (var k in extra) opts[k] = extra[k];
  var task = wx.connectSocket(opts);
  ['open', 'message', 'error', 'close'].forEach(function (kind) {
    var on = 'on' + kind[0].toUpperCase() + kind.slice(1);
    task[on](function (res) { log.push(describe(kind, res)); });
    wx['onSocket' + kind[0].toUpperCase() + kind.slice(1)](function (res) { global.push(describe(kind, res)); });
  });
  task.onOpen(function () { if (onOpen) onOpen(task); });
  task.onClose(function () {
    // Registered during dispatch of the close event: must never fire.
    ['onOpen', 'onMessage', 'onError', 'onClose'].forEach(function (m) {
      task[m](function () { late.push('in-close:' + m); });
    });
  });
  return waitFor(function () { return settle(log); }, 'the task to settle').then(function () {
    ['onOpen', 'onMessage', 'onError', 'onClose'].forEach(function (m) {
      task[m](function () { late.push('after-close:' + m); });
    });
    // The task is done; try to provoke more events, then wait until no socket can
    // deliver anything more.
    task.send({ data: 'after' });
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(late, [], 'listeners registered after the end never fire');
    assert.deepEqual(global, log, 'onSocket* saw the same sequence');
    assert.equal(task.readyState, 3);
    checkInvariants(log);
    return log;
  });
}

function kinds(log) { return log.map(function (e) { return e.split(':')[0]; }); }

function checkInvariants(log) {
  var k = kinds(log);
  function count(x) { return k.filter(function (y) { return y === x; }).length; }
  assert.ok(count('open') <= 1, 'onOpen at most once: ' + log);
  assert.ok(count('error') <= 1, 'onError at most once: ' + log);
  assert.ok(count('close') <= 1, 'onClose at most once: ' + log);
  if (count('open')) assert.equal(k[0], 'open', 'onOpen comes first');
  if (count('close')) assert.equal(k[k.length - 1], 'close', 'onClose is the last event');
  if (count('error') && count('close')) assert.ok(k.indexOf('error') < k.indexOf('close'), 'onError precedes onClose');
}

function closed(log) { return kinds(log).indexOf('close') >= 0; }

test('35: /drop (TCP closed without a close frame): messages, then onError, then onClose 1006', function () {
  return observe('/drop?after=2', null, closed).then(function (log) {
    assert.deepEqual(log, ['open', 'message:m0', 'message:m1', 'error:abnormal closure', 'close:1006:abnormal closure']);
  });
});

test('35: /reset (TCP reset): onError then onClose 1006, once each', function () {
  return observe('/reset?after=1', null, closed).then(function (log) {
    assert.deepEqual(kinds(log), ['open', 'message', 'error', 'close']);
    assert.equal(log[3].split(':')[1], '1006');
  });
});

test('35: /close (server close frame): onClose with its code and reason, no onError', function () {
  return observe('/close?code=4000&reason=x', null, closed).then(function (log) {
    assert.deepEqual(log, ['open', 'close:4000:x']);
  });
});

test('35: /status/404: onError only — no onOpen, no onClose', function () {
  return observe('/status/404', null, function (log) { return log.length > 0; }).then(function (log) {
    assert.deepEqual(log, ['error:Invalid HTTP status']);
  });
});

test('35: /echo + close: open, the echo, then onClose 1000, no onError', function () {
  return observe('/echo', function (task) {
    task.send({ data: 'a' });
    task.onMessage(function () { task.close(); });
  }, closed).then(function (log) {
    assert.deepEqual(log, ['open', 'message:a', 'close:1000:']);
  });
});

test('35: /echo + close twice: still one onClose', function () {
  return observe('/echo', function (task) {
    task.close({ code: 4001, reason: 'one' });
    task.close({ code: 4002, reason: 'two' });
  }, closed).then(function (log) {
    assert.deepEqual(log, ['open', 'close:4001:one']);
  });
});

test('35: /after-close: a frame the server sends after its close frame never surfaces', function () {
  return observe('/after-close', null, closed).then(function (log) {
    assert.deepEqual(log, ['open', 'close:1000:']);
  });
});

test('35: handshake timeout: onError then onClose 1006, and nothing when the server answers later', function () {
  // observe ends with settled(): a dial still running after the timeout would deliver the
  // server's late answer (250 ms) before it.
  return observe('/stall?ms=250', null, closed, { timeout: 100 }).then(function (log) {
    assert.deepEqual(log, ['error:connect response time out', 'close:1006:']);
  });
});
