// @wxrun url-check
//
// wx-socket spec §2, checklist 7 (urlCheck on, empty domain list): nothing may connect,
// and the loopback test servers are refused although they are up.

function rejection(url) {
  var events = [];
  var task = wx.connectSocket({ url: url, success: function (r) { events.push(r.errMsg); } });
  task.onOpen(function () { events.push('open'); });
  task.onClose(function () { events.push('close'); });
  task.onError(function (r) { events.push('error:' + r.errMsg); });
  return waitFor(function () { return events.length >= 2; }, 'onError for ' + url)
    .then(settled) // a connection dialed despite the rejection would show here
    .then(function () {
      assert.deepEqual(events, ['connectSocket:ok', 'error:url not in domain list'], url);
      assert.equal(task.readyState, 3);
    });
}

test('7: ws:// loopback is refused with an empty domain list', function () {
  return rejection(SERVER.ws + '/echo');
});

test('7: wss:// loopback is refused with an empty domain list', function () {
  return rejection(SERVER.wss + '/echo');
});

test('7: an unlisted domain is refused with an empty domain list', function () {
  return rejection('wss://example.invalid/');
});
