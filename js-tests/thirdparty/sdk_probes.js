// What real SDKs probe at load time answers as on a phone (issue 10, last point): the
// checks below are the ones these SDKs run, rewritten in their shape.

test('the official demo: app.js reads wx.getAppBaseInfo() at top level', function () {
  var appBaseInfo = wx.getAppBaseInfo();
  assert.equal(typeof appBaseInfo.SDKVersion, 'string');
  assert.match(appBaseInfo.SDKVersion, /^\d+\.\d+\.\d+$/);
  assert.equal(typeof appBaseInfo.enableDebug, 'boolean');
  assert.equal(typeof appBaseInfo.host, 'object');
  assert.equal(typeof appBaseInfo.language, 'string');
  assert.equal(typeof appBaseInfo.version, 'string');
  assert.ok(appBaseInfo.theme === 'light' || appBaseInfo.theme === 'dark');
});

test('LeanCloud\'s weapp WebSocket adapter keeps subprotocols when wx.canIUse says so', function () {
  var protocol = 'lc.json.3';
  // adapters/weapp WebSocket constructor: subprotocols need canIUse('connectSocket.object.protocols')
  var supported = !!(wx.canIUse && wx.canIUse('connectSocket.object.protocols'));
  assert.ok(supported, 'subprotocols supported');
  assert.ok(!(protocol && !supported), 'the adapter would throw "subprotocol not supported in weapp"');
});

test('CloudBase\'s wx_mp adapter: the wx half of its platform detection', function () {
  // adapter-wx_mp isMatch(): typeof Page and wx.request are checked too (the project host
  // and the request API provide them).
  assert.equal(typeof wx, 'object');
  assert.ok(wx.getSystemInfoSync, 'getSystemInfoSync');
  assert.ok(wx.getStorageSync, 'getStorageSync');
  assert.ok(wx.setStorageSync, 'setStorageSync');
  assert.ok(wx.connectSocket, 'connectSocket');
  var info = wx.getSystemInfoSync();
  assert.ok(info, 'getSystemInfoSync() returns the info');
  assert.notEqual(info.AppPlatform, 'qq', 'not QQ');
});

test('user agents built from the system info', function () {
  var s = wx.getSystemInfoSync();
  var ua = 'Mozilla/5.0 (' + s.system + '; ' + s.model + ') MicroMessenger/' + s.version + ' MiniProgramEnv/' + s.platform;
  assert.equal(ua, 'Mozilla/5.0 (iOS 10.0.1; iPhone 12/13 (Pro)) MicroMessenger/8.0.5 MiniProgramEnv/devtools');
});
