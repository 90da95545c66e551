// @wxrun expect-uncaught: Uncaught Error: listener boom
// @wxrun expect-uncaught: Uncaught Error: message boom
//
// wx-socket spec §4, §7, checklist 11: a throwing listener is caught and reported to
// App.onError (and wx.onError) while the remaining listeners still run.

var appErrors = [];
var wxErrors = [];
App({ onError: function (msg) { appErrors.push(msg); } });
wx.onError(function (msg) { wxErrors.push(msg); });

test('11: a throwing onOpen listener does not stop the next one and reaches App.onError', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () { log.push('a'); throw new Error('listener boom'); });
  task.onOpen(function () { log.push('b'); });
  task.onOpen(function () { log.push('c'); });
  return waitFor(function () { return log.length >= 3 && appErrors.length >= 1; }, 'listeners and App.onError').then(function () {
    // A later event on the same socket: the echo of a message sent now.
    var echoed = new Promise(function (resolve) { task.onMessage(resolve); });
    task.send({ data: 'later' });
    return echoed;
  }).then(function () {
    assert.deepEqual(log, ['a', 'b', 'c']);
    assert.equal(appErrors.length, 1, 'App.onError called once');
    assert.equal(typeof appErrors[0], 'string', 'App.onError receives a string');
    assert.match(appErrors[0], /listener boom/);
    assert.equal(wxErrors.length, 1, 'wx.onError called once');
    assert.match(String(wxErrors[0] && (wxErrors[0].message || wxErrors[0])), /listener boom/);
    assert.equal(task.readyState, 1, 'the socket stays open');
    task.close();
    return settled();
  }).then(function () {
    assert.equal(appErrors.length, 1, 'App.onError called once, to the end');
    assert.deepEqual(log, ['a', 'b', 'c']);
  });
});

test('11: a throwing onMessage listener does not stop later messages or listeners', function () {
  appErrors.length = 0;
  wxErrors.length = 0;
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/push?n=3' });
  task.onMessage(function (r) { if (r.data === '1:') throw new Error('message boom'); });
  task.onMessage(function (r) { log.push(r.data); });
  return waitFor(function () { return log.length >= 3; }, 'messages').then(function () {
    assert.deepEqual(log, ['0:', '1:', '2:']);
    assert.equal(appErrors.length, 1);
    assert.match(appErrors[0], /message boom/);
  });
});
