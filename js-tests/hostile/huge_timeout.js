// @wxrun max-sockets=0
//
// wx-socket spec §8 and README decision 18: a timeout too large for a Go duration
// (Infinity, 1e300, anything past about 292 years) is no practical limit. It used to wrap
// around to a negative duration and fail the handshake at once with "connect response
// time out". /stall never answers the handshake: a short-timeout socket started after
// the huge ones times out first, and the huge ones are then still CONNECTING, untouched.

var HUGE = [Infinity, 1e300, Number.MAX_VALUE, Math.pow(2, 63), 1e13];

test('a huge timeout does not time out: a later 80 ms socket times out first', function () {
  var events = [];
  var huge = HUGE.map(function (timeout) {
    var task = wx.connectSocket({ url: SERVER.ws + '/stall', timeout: timeout });
    task.onOpen(function () { events.push(timeout + ':open'); });
    task.onError(function (r) { events.push(timeout + ':error:' + r.errMsg); });
    task.onClose(function (r) { events.push(timeout + ':close:' + r.code); });
    return task;
  });
  var short = wx.connectSocket({ url: SERVER.ws + '/stall', timeout: 80 });
  short.onError(function (r) { events.push('short:error:' + r.errMsg); });
  short.onClose(function (r) { events.push('short:close:' + r.code); });
  return waitFor(function () { return events.indexOf('short:close:1006') >= 0; }, 'the short timeout', 4000).then(function () {
    return sleep(50);
  }).then(function () {
    assert.deepEqual(events, ['short:error:connect response time out', 'short:close:1006'], 'only the short socket timed out');
    huge.forEach(function (task, i) {
      assert.equal(task.readyState, 0, 'timeout ' + HUGE[i] + ' is still CONNECTING');
    });
  });
});

test('a huge timeout does not cut a handshake that completes', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=100', timeout: Infinity });
  var events = [];
  task.onOpen(function () { events.push('open'); task.send({ data: 'late' }); });
  task.onMessage(function (r) { events.push('message:' + r.data); });
  task.onError(function (r) { events.push('error:' + r.errMsg); });
  return waitFor(function () { return events.length >= 2; }, 'open and echo', 4000).then(function () {
    assert.deepEqual(events, ['open', 'message:late']);
  });
});
