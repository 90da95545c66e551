// UI calls with no view (README decision 25): each succeeds with WeChat's res on a later
// turn, is recorded (__uiCalls: what --verbose prints), and checks its parameters.

function outcome(fn, opts) {
  var log = [];
  var o = Object.assign({}, opts, {
    success: function (res) { log.push(['success', res]); },
    fail: function (res) { log.push(['fail', res]); },
    complete: function (res) { log.push(['complete', res]); },
  });
  var ret = fn(o);
  assert.equal(ret, undefined);
  return log;
}

function lastCall() {
  var calls = __uiCalls();
  return calls[calls.length - 1];
}

test('showToast: ok on a later turn, recorded with its defaults', function () {
  var log = outcome(wx.showToast, { title: 'Disconnected', icon: 'none' });
  assert.deepEqual(log, [], 'later');
  assert.equal(lastCall(), 'wx.showToast({"title":"Disconnected","icon":"none","image":"","duration":1500,"mask":false}) → showToast:ok');
  return waitFor(function () { return log.length === 2; }, 'callbacks').then(function () {
    assert.deepEqual(log, [['success', { errMsg: 'showToast:ok' }], ['complete', { errMsg: 'showToast:ok' }]]);
    assert.ok(log[0][1] === log[1][1]);
  });
});

test('every UI call is promisified and resolves with its errMsg', function () {
  var names = ['hideToast', 'hideLoading', 'showNavigationBarLoading', 'hideNavigationBarLoading',
    'vibrateLong', 'startPullDownRefresh', 'stopPullDownRefresh'];
  var ps = names.map(function (n) { return wx[n](); });
  ps.push(wx.showLoading({ title: 'Loading' }));
  ps.push(wx.setNavigationBarTitle({ title: 'Chat' }));
  ps.push(wx.setNavigationBarColor({ frontColor: '#ffffff', backgroundColor: '#000000' }));
  ps.push(wx.vibrateShort({ type: 'light' }));
  ps.forEach(function (p) { assert.ok(p instanceof Promise); });
  return Promise.all(ps).then(function (res) {
    var want = names.concat(['showLoading', 'setNavigationBarTitle', 'setNavigationBarColor', 'vibrateShort']);
    assert.deepEqual(res, want.map(function (n) { return { errMsg: n + ':ok' }; }));
    var calls = __uiCalls().slice(-want.length);
    assert.equal(calls[8], 'wx.setNavigationBarTitle({"title":"Chat"}) → setNavigationBarTitle:ok');
    assert.equal(calls[10], 'wx.vibrateShort({"type":"light"}) → vibrateShort:ok');
  });
});

test('showModal answers confirm by default; without a cancel button always confirm', function () {
  return wx.showModal({ title: 'Reconnect?', content: 'The socket dropped' }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showModal:ok', confirm: true, cancel: false });
    assert.match(lastCall(), /^wx\.showModal\(\{"title":"Reconnect\?","content":"The socket dropped","showCancel":true,"cancelText":"取消",.*\}\) → showModal:ok \(confirm\)$/);
    return wx.showModal({ title: 'x', editable: true });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showModal:ok', confirm: true, cancel: false, content: '' });
  });
});

test('showActionSheet taps the first item by default', function () {
  return wx.showActionSheet({ itemList: ['Retry', 'Cancel'] }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showActionSheet:ok', tapIndex: 0 });
    assert.equal(lastCall(), 'wx.showActionSheet({"itemList":["Retry","Cancel"],"alertText":"","itemColor":"#000000"}) → showActionSheet:ok (0)');
  });
});

test('parameter errors fail before the call returns, with errno 1001, and are recorded', function () {
  var cases = [
    [wx.showToast, {}, 'showToast:fail parameter error: parameter.title should be String instead of Undefined;'],
    [wx.showToast, { title: 1 }, 'showToast:fail parameter error: parameter.title should be String instead of Number;'],
    [wx.showToast, { title: 't', icon: null }, 'showToast:fail parameter error: parameter.icon should be String instead of Null;'],
    [wx.showLoading, { title: ['x'] }, 'showLoading:fail parameter error: parameter.title should be String instead of Array;'],
    [wx.showModal, { content: 5 }, 'showModal:fail parameter error: parameter.content should be String instead of Number;'],
    [wx.showActionSheet, { itemList: 'a' }, 'showActionSheet:fail parameter error: parameter.itemList should be Array instead of String;'],
    [wx.showActionSheet, { itemList: ['1', '2', '3', '4', '5', '6', '7'] }, 'showActionSheet:fail parameter error: parameter.itemList should not have more than 6 items;'],
    [wx.setNavigationBarTitle, {}, 'setNavigationBarTitle:fail parameter error: parameter.title should be String instead of Undefined;'],
  ];
  cases.forEach(function (c) {
    var log = outcome(c[0], c[1]);
    var res = { errMsg: c[2], errno: 1001 };
    assert.deepEqual(log, [['fail', res], ['complete', res]], c[2]);
    assert.ok(lastCall().indexOf('→ ' + c[2]) > 0, lastCall());
  });
  // The Promise form rejects.
  return wx.showToast({}).then(function () { assert.fail('resolved'); }, function (res) {
    assert.equal(res.errMsg, 'showToast:fail parameter error: parameter.title should be String instead of Undefined;');
  });
});

test('a wrongly typed optional number or boolean takes its default', function () {
  return wx.showToast({ title: 't', duration: '3000', mask: 'yes' }).then(function () {
    assert.equal(lastCall(), 'wx.showToast({"title":"t","icon":"success","image":"","duration":1500,"mask":false}) → showToast:ok');
  });
});
