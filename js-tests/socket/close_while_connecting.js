// wx-socket spec §5 "closeSocket before open" and decision 5, checklist 32 (default mode):
// closing a CONNECTING socket reports closeSocket:ok but does not abort the handshake; the
// socket opens and stays open. /stall?ms=200 keeps the handshake pending for 200 ms.

var lib = require('../lib/events');
var track = lib.track;
var globals = lib.trackGlobals;

var STALL = '/stall?ms=200';

test('32: wx.closeSocket() while the global task is CONNECTING → ok; it still opens, onSocketOpen fires, messages flow', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + STALL });
  track(task, 't', log);
  globals(log);
  var calls = [];
  var ret = wx.closeSocket({
    success: function (res) { calls.push(['success', res.errMsg]); },
    fail: function (res) { calls.push(['fail', res.errMsg]); },
    complete: function (res) { calls.push(['complete', res.errMsg]); },
  });
  assert.equal(ret, undefined);
  assert.deepEqual(calls, [['success', 'closeSocket:ok'], ['complete', 'closeSocket:ok']]);
  assert.equal(task.readyState, 3, 'wx.closeSocket marks the global task CLOSED at once');
  return waitFor(function () { return log.indexOf('g:open') >= 0; }, 'the late open').then(function () {
    assert.equal(task.readyState, 1, 'the open event resets readyState to OPEN');
    assert.deepEqual(log, ['t:open', 'g:open']);
    return wx.sendSocketMessage({ data: 'via-global' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'sendSocketMessage:ok' });
    task.send({ data: 'via-task' });
    return waitFor(function () { return log.indexOf('g:message:via-task') >= 0; }, 'the echoes');
  }).then(function () {
    assert.equal(task.readyState, 1);
    // The ignored close must not surface later: closing now with another code, the
    // socket's last events are this close's.
    task.close({ code: 4009, reason: 'end' });
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['t:open', 'g:open', 't:message:via-global', 'g:message:via-global', 't:message:via-task', 'g:message:via-task',
      't:close:4009:end', 'g:close:4009:end']);
  });
});

test('32: the Promise form resolves closeSocket:ok while CONNECTING, and the socket opens', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + STALL });
  track(task, 't', log);
  return wx.closeSocket().then(function (res) {
    assert.deepEqual(res, { errMsg: 'closeSocket:ok' });
    return waitFor(function () { return log.length > 0; }, 'an event');
  }).then(function () {
    assert.deepEqual(log, ['t:open']);
    assert.equal(task.readyState, 1);
  });
});

test('32: SocketTask.close() while CONNECTING → closeSocket:ok, readyState unchanged, the socket opens and stays open', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + STALL });
  track(task, 't', log);
  var calls = [];
  task.close({
    code: 4000,
    success: function (res) { calls.push(['success', res.errMsg]); },
    fail: function (res) { calls.push(['fail', res.errMsg]); },
    complete: function (res) { calls.push(['complete', res.errMsg]); },
  });
  assert.deepEqual(calls, [['success', 'closeSocket:ok'], ['complete', 'closeSocket:ok']]);
  assert.equal(task.readyState, 0, 'task.close does not change readyState');
  return waitFor(function () { return log.indexOf('t:open') >= 0; }, 'open').then(function () {
    task.send({ data: 'still-open' });
    return waitFor(function () { return log.indexOf('t:message:still-open') >= 0; }, 'echo');
  }).then(function () {
    assert.deepEqual(log, ['t:open', 't:message:still-open']);
    // A close after the open works normally, and its events are the last: the close
    // requested while CONNECTING (4000) never surfaces.
    task.close({ code: 4001, reason: 'now' });
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['t:open', 't:message:still-open', 't:close:4001:now']);
  });
});

test('32: the other CONNECTING tasks wx.closeSocket closes open as well; onSocketOpen follows the global one', function () {
  var log = [];
  globals(log);
  var a = wx.connectSocket({ url: SERVER.ws + STALL });
  var b = wx.connectSocket({ url: SERVER.ws + STALL });
  track(a, 'a', log);
  track(b, 'b', log);
  wx.closeSocket();
  assert.equal(a.readyState, 3);
  assert.equal(b.readyState, 3);
  return waitFor(function () { return a.readyState === 1 && b.readyState === 1; }, 'both open').then(function () {
    // Closing each with its own code: the ignored closes (1000) must not surface before.
    a.close({ code: 4003 });
    b.close({ code: 4004 });
    return settled();
  }).then(function () {
    assert.deepEqual(log.filter(function (e) { return /^[ag]:/.test(e); }), ['a:open', 'g:open', 'a:close:4003:', 'g:close:4003:']);
    assert.deepEqual(log.filter(function (e) { return /^b:/.test(e); }), ['b:open', 'b:close:4004:']);
  });
});
