// @wxrun device=iphone-15 url-check
// The iphone-15 profile: an iPhone 15's info, and iOS's behaviours (README decision 24):
// closing a CONNECTING socket is ignored (the socket opens), and a URL outside the domain
// list fails with iOS's onError text.

var track = require('../lib/events').track;

test('the info APIs describe an iPhone 15 on iOS 17', function () {
  var d = wx.getDeviceInfo();
  assert.equal(d.platform, 'ios');
  assert.equal(d.model, 'iPhone 15<iPhone15,4>');
  assert.equal(d.system, 'iOS 17.5.1');
  var w = wx.getWindowInfo();
  assert.equal(w.screenWidth, 393);
  assert.equal(w.statusBarHeight, 59);
  assert.equal(wx.getAppBaseInfo().fontSizeSetting, 17);
  assert.equal(wx.getAppAuthorizeSetting().bluetoothAuthorized, 'not determined');
  assert.equal(wx.getSystemInfoSync().bluetoothAuthorized, false);
});

test('a URL outside the domain list: onError "createSocketTask:fail url not in domain list"', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var events = track(task);
  return settled().then(function () {
    assert.deepEqual(events, ['error:createSocketTask:fail url not in domain list']);
  });
});
