// wx-socket spec §2, checklist 7 (urlCheck off, the default): ws://, wss://, localhost
// and IP hosts all connect.

function port(base) { return base.replace(/^wss?:\/\/[^:]+:/, ''); }

function opens(url) {
  var events = [];
  var task = wx.connectSocket({ url: url });
  task.onOpen(function () { events.push('open'); task.send({ data: 'hi' }); });
  task.onMessage(function (r) { events.push('message:' + r.data); });
  task.onError(function (r) { events.push('error:' + r.errMsg); });
  task.onClose(function (r) { events.push('close:' + r.code); });
  return waitFor(function () { return events.length >= 2; }, 'open and echo of ' + url).then(function () {
    assert.deepEqual(events, ['open', 'message:hi'], url);
    assert.equal(task.readyState, 1);
  });
}

test('7: with urlCheck off ws:// to an IP connects', function () {
  return opens(SERVER.ws + '/echo');
});

test('7: with urlCheck off wss:// to an IP connects', function () {
  return opens(SERVER.wss + '/echo');
});

test('7: with urlCheck off ws://localhost connects', function () {
  return opens('ws://localhost:' + port(SERVER.ws) + '/echo');
});

test('7: with urlCheck off the scheme is matched case-insensitively', function () {
  return opens(SERVER.ws.replace(/^ws:/, 'WS:') + '/echo');
});
