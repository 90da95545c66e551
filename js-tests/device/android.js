// @wxrun device=android url-check
// The android profile: a Pixel 7's info, and Android's errMsg for a URL outside the domain
// list (README decision 24). android_close.js has its other behaviour.

test('the info APIs describe a Pixel 7 on Android 14', function () {
  var d = wx.getDeviceInfo();
  assert.equal(d.platform, 'android');
  assert.equal(d.brand, 'google');
  assert.equal(d.model, 'Pixel 7');
  assert.equal(d.system, 'Android 14');
  assert.equal(wx.getWindowInfo().pixelRatio, 2.625);
  assert.equal(wx.getSystemInfoSync().platform, 'android');
  assert.equal(wx.getAppBaseInfo().version, '8.0.49');
});

test('a URL outside the domain list: onError "fail:url not in domain list"', function () {
  var errors = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onError(function (res) { errors.push(res.errMsg); });
  task.onOpen(function () { errors.push('open'); });
  return waitFor(function () { return errors.length > 0; }, 'onError').then(settled).then(function () {
    assert.deepEqual(errors, ['fail:url not in domain list']);
  });
});
