// @wxrun connect-timeout=1s
//
// wx-socket spec §8, checklist 22: the opening handshake is bounded by the call's `timeout`
// (> 0), else app.json networkTimeout.connectSocket (here 1 s, via the directive), else
// 60 s. On expiry: onError{errMsg:"connect response time out"}, then (recommended)
// onClose{code:1006, reason:""}. The timer stops once the socket is open. /stall never
// answers the handshake; /stall?ms=M answers after M ms.

var track = require('../lib/events').track;

var TIMED_OUT = 'connect response time out';

test('22: a handshake exceeding the configured timeout gives onError "connect response time out", then onClose 1006', function () {
  var okMsg;
  var start = Date.now();
  var task = wx.connectSocket({ url: SERVER.ws + '/stall', success: function (r) { okMsg = r.errMsg; } });
  var events = track(task);
  var errAt, stateInError;
  task.onError(function () { errAt = Date.now(); stateInError = task.readyState; });
  assert.equal(okMsg, 'connectSocket:ok', 'connectSocket itself reports ok');
  return settled(4000).then(function () {
    assert.deepEqual(events, ['error:' + TIMED_OUT, 'close:1006:']);
    assert.equal(stateInError, 3);
    assert.equal(task.readyState, 3);
    var elapsed = errAt - start;
    assert.ok(elapsed >= 950, 'not before the 1 s timeout: ' + elapsed + ' ms');
    assert.ok(elapsed < 3000, 'long before the 60 s default: ' + elapsed + ' ms');
  });
});

test('22: the per-call timeout takes precedence when shorter', function () {
  var order = [];
  var short = wx.connectSocket({ url: SERVER.ws + '/stall', timeout: 60 });
  var long = wx.connectSocket({ url: SERVER.ws + '/stall' });
  var shortEvents = track(short);
  var longEvents = track(long);
  short.onError(function (r) { order.push('short:' + r.errMsg); });
  long.onError(function (r) { order.push('long:' + r.errMsg); });
  return settled(4000).then(function () {
    assert.deepEqual(order, ['short:' + TIMED_OUT, 'long:' + TIMED_OUT], 'the 60 ms task times out first');
    assert.deepEqual(shortEvents, ['error:' + TIMED_OUT, 'close:1006:']);
    assert.deepEqual(longEvents, ['error:' + TIMED_OUT, 'close:1006:']);
  });
});

test('22: the per-call timeout takes precedence when longer', function () {
  // The server answers after 1300 ms: past the 1 s default, within the call's 3000 ms.
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=1300', timeout: 3000 });
  var events = track(task);
  task.onOpen(function () { task.send({ data: 'late but open' }); });
  return waitFor(function () { return events.length >= 2; }, 'open', 4000).then(function () {
    assert.deepEqual(events, ['open', 'message:late but open']);
    assert.equal(task.readyState, 1);
  });
});

test('22: a non-number or non-positive timeout is treated as unset', function () {
  // The server answers after 300 ms; a 50 ms (or 0 ms) timeout would kill the handshake,
  // the 1 s default does not.
  var tasks = ['50', null, true, 0, -5].map(function (t) {
    var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=300', timeout: t });
    return { timeout: t, task: task, events: track(task) };
  });
  return waitFor(function () { return tasks.every(function (x) { return x.events.length >= 1; }); }, 'outcomes', 4000).then(function () {
    tasks.forEach(function (x) {
      assert.deepEqual(x.events, ['open'], 'timeout ' + JSON.stringify(x.timeout));
    });
  });
});

test('22: the timer does not run once the socket is open', function () {
  // Opens after ~50 ms; the 800 ms timeout must not fire later on the open socket.
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=50', timeout: 800 });
  var events = track(task);
  return waitFor(function () { return events.length >= 1; }, 'open', 4000).then(function () {
    assert.deepEqual(events, ['open']);
    // Wait past the moment the handshake timer would have fired, then prove the socket
    // works. The sleep is needed: no event marks the moment a timer did not fire.
    return sleep(900);
  }).then(function () {
    assert.equal(task.readyState, 1);
    task.send({ data: 'still here' });
    return waitFor(function () { return events.length >= 2; }, 'echo');
  }).then(function () {
    task.close({ code: 4000, reason: 'done' });
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['open', 'message:still here', 'close:4000:done']);
  });
});

test('22: the configured default does not cut an idle open socket either', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return waitFor(function () { return events.length >= 1; }, 'open').then(function () {
    // Idle for longer than the 1 s handshake timeout. The sleep is needed: no event marks
    // the moment a timer did not fire.
    return sleep(1100);
  }).then(function () {
    task.send({ data: 'idle ok' });
    return waitFor(function () { return events.length >= 2; }, 'echo');
  }).then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(events, ['open', 'message:idle ok', 'close:1000:']);
  });
});
