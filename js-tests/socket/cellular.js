// wx-socket spec §1 (forceCellularNetwork), checklist 38: a non-boolean value prints a
// console warning (checked by a Go test in wxapi, since JS cannot read stderr) and is
// otherwise ignored: the callbacks run synchronously and the connection proceeds normally.
// With true, the callbacks come later (from the native bridge), still before onOpen.

function connectLogged(value, log) {
  var task = wx.connectSocket({
    url: SERVER.ws + '/echo',
    forceCellularNetwork: value,
    success: function (res) { log.push('success:' + res.errMsg); },
    fail: function (res) { log.push('fail:' + res.errMsg); },
    complete: function (res) { log.push('complete:' + res.errMsg); },
  });
  task.onOpen(function () { log.push('open'); task.send({ data: 'ping' }); });
  task.onMessage(function (res) { log.push('message:' + res.data); task.close(); });
  task.onError(function (res) { log.push('error:' + res.errMsg); });
  task.onClose(function (res) { log.push('close:' + res.code); });
  return task;
}

var NORMAL = ['success:connectSocket:ok', 'complete:connectSocket:ok', 'open', 'message:ping', 'close:1000'];

[['"yes"', 'yes'], ['1', 1], ['{}', {}], ['false', false]].forEach(function (c) {
  test('38: forceCellularNetwork: ' + c[0] + ' → callbacks synchronous, the connection proceeds normally', function () {
    var log = [];
    var task = connectLogged(c[1], log);
    assert.deepEqual(log, ['success:connectSocket:ok', 'complete:connectSocket:ok'], 'callbacks ran inside connectSocket');
    assert.equal(task.readyState, 0);
    return waitFor(function () { return log.length === NORMAL.length; }, 'the exchange').then(function () {
      assert.deepEqual(log, NORMAL);
    });
  });
});

test('38: forceCellularNetwork: true → callbacks on a later turn, still before onOpen', function () {
  var log = [];
  connectLogged(true, log);
  assert.deepEqual(log, [], 'not yet');
  return waitFor(function () { return log.length === NORMAL.length; }, 'the exchange').then(function () {
    assert.deepEqual(log, NORMAL);
  });
});
