// The info APIs with the default device profile, the DevTools' (README decision 24).

test('getSystemInfoSync: the DevTools simulator, fields in WeChat order', function () {
  var info = wx.getSystemInfoSync();
  assert.equal(info.platform, 'devtools');
  assert.equal(info.brand, 'devtools');
  assert.equal(info.model, 'iPhone 12/13 (Pro)');
  assert.equal(info.pixelRatio, 3);
  assert.equal(info.screenWidth, 390);
  assert.equal(info.windowHeight, 753);
  assert.equal(info.statusBarHeight, 47);
  assert.equal(info.SDKVersion, '3.5.8');
  assert.equal(info.language, 'zh_CN');
  assert.deepEqual(info.safeArea, { top: 47, left: 0, right: 390, bottom: 810, width: 390, height: 763 });
  // The deprecated API reports authorisations as booleans.
  assert.equal(info.cameraAuthorized, true);
  assert.equal(info.locationReducedAccuracy, false);
  assert.equal(info.wifiEnabled, true);
  assert.equal(typeof info.errMsg, 'undefined', 'a sync API has no errMsg');
});

test('each call returns a new object', function () {
  var a = wx.getWindowInfo();
  a.safeArea.top = 999;
  a.pixelRatio = 1;
  var b = wx.getWindowInfo();
  assert.equal(b.safeArea.top, 47);
  assert.equal(b.pixelRatio, 3);
  assert.ok(a !== b);
});

test('getWindowInfo, getDeviceInfo, getAppBaseInfo, getSystemSetting, getAppAuthorizeSetting: their typings\' fields', function () {
  assert.deepEqual(Object.keys(wx.getWindowInfo()).sort(), ['pixelRatio', 'safeArea', 'screenHeight', 'screenTop', 'screenWidth', 'statusBarHeight', 'windowHeight', 'windowWidth']);
  assert.deepEqual(Object.keys(wx.getDeviceInfo()).sort(), ['abi', 'benchmarkLevel', 'brand', 'cpuType', 'deviceAbi', 'memorySize', 'model', 'platform', 'system']);
  var base = wx.getAppBaseInfo();
  assert.deepEqual(Object.keys(base).sort(), ['SDKVersion', 'enableDebug', 'fontSizeScaleFactor', 'fontSizeSetting', 'host', 'language', 'theme', 'version']);
  assert.equal(base.enableDebug, false);
  assert.deepEqual(wx.getSystemSetting(), { bluetoothEnabled: true, locationEnabled: true, wifiEnabled: true, deviceOrientation: 'portrait' });
  var auth = wx.getAppAuthorizeSetting();
  assert.equal(auth.cameraAuthorized, 'authorized');
  assert.equal(Object.keys(auth).length, 11);
});

test('getMenuButtonBoundingClientRect: a rect whose sides add up', function () {
  var r = wx.getMenuButtonBoundingClientRect();
  assert.deepEqual(Object.keys(r).sort(), ['bottom', 'height', 'left', 'right', 'top', 'width']);
  assert.equal(r.right - r.left, r.width);
  assert.equal(r.bottom - r.top, r.height);
  assert.ok(r.top > wx.getWindowInfo().statusBarHeight, 'below the status bar');
});

test('getAccountInfoSync: the project appid, envVersion "develop"', function () {
  // The JS tests run without a project: the DevTools' tourist appid.
  assert.deepEqual(wx.getAccountInfoSync(), { miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' }, plugin: {} });
});

test('getSystemInfo: async, promisified, the same info with errMsg', function () {
  var sync = wx.getSystemInfoSync();
  var log = [];
  var ret = wx.getSystemInfo({
    success: function (res) { log.push(['success', res]); },
    complete: function (res) { log.push(['complete', res]); },
  });
  assert.equal(ret, undefined);
  assert.deepEqual(log, [], 'on a later turn');
  return waitFor(function () { return log.length === 2; }, 'callbacks').then(function () {
    var res = log[0][1];
    assert.ok(res === log[1][1]);
    assert.equal(res.errMsg, 'getSystemInfo:ok');
    delete res.errMsg;
    assert.deepEqual(res, sync);
    return wx.getSystemInfo();
  }).then(function (res) {
    assert.equal(res.errMsg, 'getSystemInfo:ok');
    assert.equal(res.platform, 'devtools');
  });
});
