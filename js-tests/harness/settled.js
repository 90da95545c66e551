// The harness itself: settled() waits until no socket can deliver anything more, so that
// "nothing happened after X" is checked at the socket's end rather than after a sleep.

var track = require('../lib/events').track;

test('settled waits for a connection that ends later, and for its last events', function () {
  // The server closes 150 ms after the handshake: settled must wait for that.
  var events = track(wx.connectSocket({ url: SERVER.ws + '/close?code=4000&reason=late&after=150' }));
  return settled().then(function () {
    assert.deepEqual(events, ['open', 'close:4000:late']);
  });
});

test('settled passed to then() ignores the previous result as its timeout', function () {
  // then(settled) hands it the previous step's value (waitFor resolves with true): that
  // must not become a 1 ms deadline.
  var events = track(wx.connectSocket({ url: SERVER.ws + '/close?code=4000&reason=late&after=150' }));
  return Promise.resolve(true).then(settled).then(function () {
    assert.deepEqual(events, ['open', 'close:4000:late']);
  });
});

test('settled waits for every socket', function () {
  var a = track(wx.connectSocket({ url: SERVER.ws + '/push?n=3&close=4001' }));
  var b = track(wx.connectSocket({ url: SERVER.ws + '/drop?after=1' }));
  var c = track(wx.connectSocket({ url: SERVER.ws + '/status/404' }));
  return settled().then(function () {
    assert.deepEqual(a, ['open', 'message:0:', 'message:1:', 'message:2:', 'close:4001:']);
    assert.deepEqual(b, ['open', 'message:m0', 'error:abnormal closure', 'close:1006:abnormal closure']);
    assert.deepEqual(c, ['error:Invalid HTTP status']);
  });
});

test('settled times out while a socket stays open', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  return settled(200).then(function () {
    assert.fail('settled resolved with an open socket');
  }, function (e) {
    assert.match(e.message, /timed out waiting for every socket to end/);
    task.close();
    return settled();
  });
});
