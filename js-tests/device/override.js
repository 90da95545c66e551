// @wxrun device=android close-while-connecting=ignore
// An individual option given after the device profile overrides its behaviour: the
// android profile aborts a CONNECTING socket on close, close-while-connecting=ignore
// keeps the documented behaviour.

var track = require('../lib/events').track;

test('close-while-connecting=ignore overrides the android profile: the socket opens', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/stall?ms=100' });
  var events = track(task);
  task.close();
  return waitFor(function () { return events.length > 0; }, 'an event').then(function () {
    assert.deepEqual(events, ['open']);
    task.close();
    return settled();
  });
});
