// @wxrun project=testdata/projects/teardown
//
// The teardown wxrun runs when the program ends (nothing pending, --timeout, SIGINT,
// SIGTERM) or closes itself (wx.exitMiniProgram): what a user closing the mini program
// does — the current page's onHide, App.onHide, wx.onAppHide, then onUnload from the top
// of the stack down — so that clean-up code runs: here, closing sockets and heartbeats.

global.log = [];

function take() {
  var lines = global.log.slice();
  global.log.length = 0;
  return lines;
}

test('the teardown hides, then unloads from the top down, and the clean-up runs', function () {
  return waitFor(function () { return global.log.indexOf('bottom open') >= 0; }).then(function () {
    return wx.navigateTo({ url: '/pages/top/top' });
  }).then(function () {
    return waitFor(function () { return global.log.indexOf('top open') >= 0; });
  }).then(function () {
    take();
    var pages = getCurrentPages();
    __host.teardown();
    assert.deepEqual(take(), ['top.onHide', 'App.onHide', 'wx.onAppHide', 'top.onUnload', 'bottom.onUnload']);
    assert.deepEqual(getCurrentPages(), []);
    var beats = pages.map(function (p) { return p.beats; });
    return waitFor(function () { return global.log.length === 2; }).then(function () {
      assert.deepEqual(take().sort(), ['bottom close 1000 bottom unloaded', 'top close 1000 top unloaded']);
      return sleep(30);
    }).then(function () {
      assert.deepEqual(pages.map(function (p) { return p.beats; }), beats, 'the heartbeats stopped');
    });
  });
});

test('after the teardown nothing navigates, and a second teardown does nothing', function () {
  __host.teardown();
  assert.deepEqual(take(), []);
  return wx.navigateTo({ url: '/pages/top/top' }).then(function () {
    assert.fail('it navigated');
  }, function (res) {
    assert.equal(res.errMsg, 'navigateTo:fail the mini program has been closed');
  });
});

test('wx.exitMiniProgram succeeds once the program is closed', function () {
  return wx.exitMiniProgram().then(function (res) {
    assert.deepEqual(res, { errMsg: 'exitMiniProgram:ok' });
  });
});
