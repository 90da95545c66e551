// @wxrun modal=cancel action-sheet=cancel
// The simulated user's answers are configurable (WithModalAnswer, WithActionSheetAnswer;
// --modal on the command line).

test('showModal answers cancel', function () {
  return wx.showModal({ title: 'Reconnect?' }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showModal:ok', confirm: false, cancel: true });
    return wx.showModal({ title: 'Only OK', showCancel: false });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showModal:ok', confirm: true, cancel: false }, 'no cancel button: confirm');
  });
});

test('showActionSheet cancelled: "showActionSheet:fail cancel"', function () {
  var log = [];
  wx.showActionSheet({ itemList: ['a'], fail: function (res) { log.push(res); } });
  return waitFor(function () { return log.length; }, 'fail').then(function () {
    assert.deepEqual(log, [{ errMsg: 'showActionSheet:fail cancel' }]);
    var calls = __uiCalls();
    assert.equal(calls[calls.length - 1], 'wx.showActionSheet({"itemList":["a"],"alertText":"","itemColor":"#000000"}) → showActionSheet:fail cancel (cancel)');
  });
});
