// @wxrun legacy-single-socket
// wx-socket spec decision 6 (pre-1.7.0 behaviour, behind an option): one socket at most; a
// new wx.connectSocket closes the previous connection with code 1000 before opening the
// new one, so the cap of five is never reached.

var track = require('../lib/events').track;

function of(log, id) {
  return log.filter(function (e) { return e.indexOf(id + ':') === 0; });
}

test('legacy: a new wx.connectSocket closes the OPEN previous connection with code 1000', function () {
  var log = [];
  var a = wx.connectSocket({ url: SERVER.ws + '/echo' });
  track(a, 'a', log);
  var b;
  return waitFor(function () { return log.indexOf('a:open') >= 0; }, 'A open').then(function () {
    var res;
    b = wx.connectSocket({ url: SERVER.ws + '/echo', success: function (r) { res = r.errMsg; } });
    track(b, 'b', log);
    assert.equal(res, 'connectSocket:ok');
    assert.equal(a.readyState, 3, 'the previous task is CLOSED at once');
    assert.equal(b.readyState, 0);
    // /echo echoes the close frame, so A's onClose shows the code the client sent.
    return waitFor(function () { return log.indexOf('a:close:1000:') >= 0 && log.indexOf('b:open') >= 0; }, 'A closed and B open');
  }).then(function () {
    // The globals address the new connection.
    return wx.sendSocketMessage({ data: 'to-b' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'sendSocketMessage:ok' });
    return waitFor(function () { return log.indexOf('b:message:to-b') >= 0; }, 'echo on B');
  }).then(function () {
    assert.equal(b.readyState, 1);
    b.close();
    return settled();
  }).then(function () {
    assert.deepEqual(of(log, 'a'), ['a:open', 'a:close:1000:']);
    assert.deepEqual(of(log, 'b'), ['b:open', 'b:message:to-b', 'b:close:1000:']);
  });
});

test('legacy: one socket at most — seven connects in a row all succeed, only the last one opens', function () {
  var log = [];
  var tasks = [];
  for (var i = 0; i < 7; i++) {
    var res;
    var t = wx.connectSocket({ url: SERVER.ws + '/echo', success: function (r) { res = r.errMsg; }, fail: function (r) { res = r.errMsg; } });
    assert.equal(res, 'connectSocket:ok', 'connect ' + i + ' (the cap of five never applies)');
    track(t, 't' + i, log);
    tasks.push(t);
  }
  assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [3, 3, 3, 3, 3, 3, 0]);
  return waitFor(function () {
    return log.indexOf('t6:open') >= 0 && tasks.slice(0, 6).every(function (t, i) {
      var l = of(log, 't' + i);
      return l.length > 0 && /:close:/.test(l[l.length - 1]);
    });
  }, 'the replaced tasks to end and the last to open').then(function () {
    assert.equal(tasks[6].readyState, 1);
    tasks[6].close();
    return settled();
  }).then(function () {
    for (var i = 0; i < 6; i++) {
      var l = of(log, 't' + i);
      // Replaced while CONNECTING: the handshake never surfaces; the task ends with onClose.
      assert.equal(l.indexOf('t' + i + ':open'), -1, 't' + i + ' never opens: ' + l);
      assert.ok(/:close:/.test(l[l.length - 1]) && l.filter(function (e) { return /:close:/.test(e); }).length === 1, 't' + i + ' ends with one onClose: ' + l);
    }
    assert.deepEqual(of(log, 't6'), ['t6:open', 't6:close:1000:']);
    assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [3, 3, 3, 3, 3, 3, 3]);
  });
});

test('legacy: SocketTask objects created one after another leave only one connection open', function () {
  var log = [];
  var a = wx.connectSocket({ url: SERVER.ws + '/echo' });
  track(a, 'a', log);
  return waitFor(function () { return log.indexOf('a:open') >= 0; }, 'A open').then(function () {
    var b = wx.connectSocket({ url: SERVER.ws + '/echo' });
    track(b, 'b', log);
    return waitFor(function () { return log.indexOf('b:open') >= 0; }, 'B open').then(function () {
      var c = wx.connectSocket({ url: SERVER.ws + '/echo' });
      track(c, 'c', log);
      return waitFor(function () { return log.indexOf('c:open') >= 0 && log.indexOf('b:close:1000:') >= 0; }, 'C open');
    }).then(function () {
      // A send on a replaced task fails: it is CLOSED.
      var msg;
      a.send({ data: 'x', fail: function (r) { msg = r.errMsg; } });
      assert.equal(msg, 'SocketTask.send:fail SocketTask.readyState is not OPEN');
      assert.deepEqual(of(log, 'a'), ['a:open', 'a:close:1000:']);
      assert.deepEqual(of(log, 'b'), ['b:open', 'b:close:1000:']);
    });
  });
});
