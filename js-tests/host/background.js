// @wxrun project=testdata/projects/background entry=pages/live/live?q=1 interrupt-after=500ms
//
// logic-layer spec §10.4 and wx-socket spec §9: to the background (page onHide, App.onHide,
// wx.onAppHide) and back (App.onShow, wx.onAppShow, page onShow); a long background closes
// open sockets with onClose reason "interrupted".

global.log = [];

function take() {
  var lines = global.log.slice();
  global.log.length = 0;
  return lines;
}

test('the entry page opens its socket', function () {
  return waitFor(function () { return global.log.indexOf('open') >= 0; }).then(function () {
    assert.deepEqual(take(), ['App.onShow pages/live/live {"q":"1"}', 'live.onShow', 'open'],
      'wx.onAppShow is for coming back, not for the cold start');
  });
});

test('to the background and back, in order; twice in a row is once', function () {
  __host.background();
  __host.background();
  assert.deepEqual(take(), ['live.onHide', 'App.onHide', 'wx.onAppHide']);
  __host.foreground();
  __host.foreground();
  assert.deepEqual(take(), ['App.onShow pages/live/live {"q":"1"}', 'wx.onAppShow pages/live/live', 'live.onShow']);
  var o = wx.getEnterOptionsSync();
  assert.equal(o.path, 'pages/live/live');
  assert.deepEqual(o.query, { q: '1' });
  assert.equal(o.scene, 1001);
});

test('a short background leaves the socket open', function () {
  __host.background();
  return sleep(50).then(function () {
    __host.foreground();
    return sleep(250);
  }).then(function () {
    assert.deepEqual(take(), [
      'live.onHide', 'App.onHide', 'wx.onAppHide',
      'App.onShow pages/live/live {"q":"1"}', 'wx.onAppShow pages/live/live', 'live.onShow',
    ]);
  });
});

test('a long background closes the socket: onClose 1000 "interrupted", no onError; onShow reconnects', function () {
  __host.background();
  return waitFor(function () { return global.log.indexOf('close 1000 interrupted') >= 0; }).then(function () {
    assert.deepEqual(take(), ['live.onHide', 'App.onHide', 'wx.onAppHide', 'close 1000 interrupted']);
    __host.foreground();
    return waitFor(function () { return global.log.indexOf('open') >= 0; });
  }).then(function () {
    assert.deepEqual(take(), ['App.onShow pages/live/live {"q":"1"}', 'wx.onAppShow pages/live/live', 'live.onShow', 'open']);
  });
});

test('wx.offAppHide and wx.offAppShow remove listeners', function () {
  wx.offAppHide();
  wx.offAppShow(function unknown() {});
  __host.background();
  __host.foreground();
  assert.deepEqual(take(), [
    'live.onHide', 'App.onHide',
    'App.onShow pages/live/live {"q":"1"}', 'wx.onAppShow pages/live/live', 'live.onShow',
  ]);
});
