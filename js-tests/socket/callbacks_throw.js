// @wxrun expect-uncaught: Uncaught Error: boom-connect
// @wxrun expect-uncaught: Uncaught Error: boom-fail
// @wxrun expect-uncaught: Uncaught Error: boom-complete
// @wxrun expect-uncaught: Uncaught Error: boom-send
// @wxrun expect-uncaught: Uncaught Error: boom-global
// wx-socket spec §7 and decision 4, checklist 34: a callback that throws is caught and
// reported — console, wx.onError listeners and App.onError, each receiving a string with
// the message and the stack — while complete still runs and nothing propagates to the
// caller. (Reported errors make the run's result an error, hence expect-uncaught.)

var appErrors = [];
var wxErrors = [];
App({ onError: function (msg) { appErrors.push(msg); } });
wx.onError(function (msg) { wxErrors.push(msg); });

function reset() {
  appErrors.length = 0;
  wxErrors.length = 0;
}

// checkReported waits for exactly the given messages to reach both App.onError and
// wx.onError, as strings carrying the message and a stack in this file. It checks once no
// socket can deliver anything more (settled): close the test's sockets first.
function checkReported(messages) {
  return waitFor(function () {
    return appErrors.length >= messages.length && wxErrors.length >= messages.length;
  }, 'the reports').then(settled).then(function () {
    [['App.onError', appErrors], ['wx.onError', wxErrors]].forEach(function (pair) {
      var got = pair[1];
      assert.equal(got.length, messages.length, pair[0] + ' call count');
      got.forEach(function (text, i) {
        assert.equal(typeof text, 'string', pair[0] + ' receives a string');
        assert.ok(text.indexOf('Error: ' + messages[i]) >= 0, pair[0] + ' message: ' + text);
        assert.match(text, /\n\s+at .*callbacks_throw\.js:\d+/, pair[0] + ' stack');
      });
    });
  });
}

test('34: a throwing connectSocket success: complete runs, the throw does not escape, it is reported', function () {
  reset();
  var calls = [];
  var task;
  var threw = false;
  try {
    task = wx.connectSocket({
      url: SERVER.ws + '/echo',
      success: function (res) { calls.push('success:' + res.errMsg); throw new Error('boom-connect'); },
      fail: function () { calls.push('fail'); },
      complete: function (res) { calls.push('complete:' + res.errMsg); },
    });
  } catch (e) {
    threw = true;
  }
  assert.equal(threw, false, 'the throw does not propagate to the caller');
  assert.deepEqual(calls, ['success:connectSocket:ok', 'complete:connectSocket:ok'], 'fail is not called instead');
  assert.equal(typeof task.send, 'function', 'connectSocket still returned the task');
  var opened = new Promise(function (resolve) { task.onOpen(resolve); }); // the task works
  return opened.then(function () {
    task.close();
    return checkReported(['boom-connect']);
  });
});

test('34: a throwing fail (wx.sendSocketMessage) and a throwing complete (wx.closeSocket) are reported too', function () {
  reset();
  var calls = [];
  var r1 = wx.sendSocketMessage({
    data: 'x',
    fail: function (res) { calls.push('fail:' + res.errMsg); throw new Error('boom-fail'); },
    complete: function (res) { calls.push('complete:' + res.errMsg); },
  });
  var r2 = wx.closeSocket({
    complete: function (res) { calls.push('complete2:' + res.errMsg); throw new Error('boom-complete'); },
  });
  calls.push('after');
  assert.equal(r1, undefined);
  assert.equal(r2, undefined);
  assert.deepEqual(calls, [
    'fail:sendSocketMessage:fail WebSocket is not connected',
    'complete:sendSocketMessage:fail WebSocket is not connected',
    'complete2:closeSocket:fail WebSocket is not connected',
    'after',
  ]);
  return checkReported(['boom-fail', 'boom-complete']);
});

test('34: a throwing asynchronous success (SocketTask.send) still lets complete run', function () {
  reset();
  var calls = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () {
    task.send({
      data: 'x',
      success: function (res) { calls.push('success:' + res.errMsg); throw new Error('boom-send'); },
      complete: function (res) { calls.push('complete:' + res.errMsg); },
    });
    calls.push('returned');
  });
  task.onMessage(function (res) { calls.push('message:' + res.data); });
  return waitFor(function () { return calls.length === 4; }, 'send callbacks and echo').then(function () {
    // The echo may come before or after the send callbacks; their own order is fixed.
    assert.deepEqual(calls.filter(function (c) { return !/^message:/.test(c); }),
      ['returned', 'success:sendSocketMessage:ok', 'complete:sendSocketMessage:ok']);
    assert.ok(calls.indexOf('message:x') >= 0);
    task.close();
    return checkReported(['boom-send']);
  });
});

test('34: a throwing wx.onSocketOpen callback is reported; the task listeners before it ran', function () {
  reset();
  var calls = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () { calls.push('task'); });
  wx.onSocketOpen(function () { calls.push('global'); throw new Error('boom-global'); });
  return waitFor(function () { return calls.length >= 2; }, 'the open callbacks').then(function () {
    assert.deepEqual(calls, ['task', 'global']);
    assert.equal(task.readyState, 1);
    task.close();
    return checkReported(['boom-global']);
  });
});
