// @wxrun close-while-connecting=abort
// wx-socket spec §5 and decision 5, checklist 32 (abort mode): closing a CONNECTING socket
// aborts the handshake: onError{errMsg:"abnormal closure"} then
// onClose{code:1006, reason:"abnormal closure"}, and never onOpen.

var lib = require('../lib/events');
var track = lib.track;
var globals = lib.trackGlobals;

var ABORTED = ['t:error:abnormal closure', 'g:error:abnormal closure', 't:close:1006:abnormal closure', 'g:close:1006:abnormal closure'];

test('32 (abort): wx.closeSocket() while CONNECTING → ok, then onError then onClose 1006, no onOpen', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=200' });
  track(task, 't', log);
  globals(log);
  var calls = [];
  wx.closeSocket({
    success: function (res) { calls.push(['success', res.errMsg]); },
    fail: function (res) { calls.push(['fail', res.errMsg]); },
    complete: function (res) { calls.push(['complete', res.errMsg]); },
  });
  assert.deepEqual(calls, [['success', 'closeSocket:ok'], ['complete', 'closeSocket:ok']]);
  assert.equal(task.readyState, 3);
  // settled: the connection has ended, so a handshake completing after the abort would
  // have been delivered by then.
  return settled().then(function () {
    assert.deepEqual(log, ABORTED);
    assert.equal(task.readyState, 3);
  });
});

test('32 (abort): a handshake that never completes (/stall) is aborted the same way', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/stall' });
  track(task, 't', log);
  globals(log);
  return wx.closeSocket().then(function (res) {
    assert.deepEqual(res, { errMsg: 'closeSocket:ok' });
    return settled();
  }).then(function () {
    assert.deepEqual(log, ABORTED);
  });
});

test('32 (abort): SocketTask.close() while CONNECTING aborts too', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=200' });
  track(task, 't', log);
  globals(log);
  var msg;
  task.close({ success: function (res) { msg = res.errMsg; } });
  assert.equal(msg, 'closeSocket:ok');
  return settled().then(function () {
    assert.deepEqual(log, ABORTED);
    assert.equal(task.readyState, 3);
  });
});

test('32 (abort): closing an OPEN socket is unaffected by the mode', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  track(task, 't', log);
  task.onOpen(function () { wx.closeSocket({ code: 4000, reason: 'done' }); });
  return settled().then(function () {
    assert.deepEqual(log, ['t:open', 't:close:4000:done']);
  });
});
