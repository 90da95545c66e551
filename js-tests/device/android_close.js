// @wxrun device=android
// The android profile's socket behaviour (README decision 24, wx-socket spec §5): closing a
// CONNECTING socket aborts the handshake, as Android's native client does.

var track = require('../lib/events').track;

test('closing a CONNECTING socket aborts the handshake: onError then onClose 1006', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=200' });
  var events = track(task);
  task.close();
  return settled().then(function () {
    assert.deepEqual(events, ['error:abnormal closure', 'close:1006:abnormal closure']);
  });
});

