// @wxrun expect-uncaught: Uncaught TypeError: Object has no member 'getFooBarNotReal'
// @wxrun expect-uncaught: Uncaught TypeError: wx\.openBluetoothAdapter is not a function \(wxrun does not implement wx\.openBluetoothAdapter; see README\)
// @wxrun expect-uncaught: Uncaught TypeError: Object has no member 'createInnerAudioContext' \(wx\.createInnerAudioContext is a WeChat API that wxrun does not implement; see README\)
// @wxrun expect-uncaught: Uncaught TypeError: wx\.saveFile is not a function \(wxrun does not implement wx\.saveFile; see README\)
// An API wxrun does not implement is undefined, so typeof guards work; calling it anyway
// reports which API and why, not goja's "Object has no member" (README decision 26).

test('unimplemented APIs are undefined', function () {
  assert.equal(typeof wx.openBluetoothAdapter, 'undefined');
  assert.ok(!('openBluetoothAdapter' in wx));
  assert.equal(typeof wx.getStorageSync, 'function');
});

test('calling one reports it, naming wx and the cause', function () {
  // Each call throws in a timer, so that it is reported as uncaught.
  setTimeout(function () { wx.getFooBarNotReal(); }, 0); // not a WeChat API: goja's text
  setTimeout(function () { wx.openBluetoothAdapter({}); }, 0);
  var api = wx;
  setTimeout(function () { api.createInnerAudioContext(); }, 0); // through an alias
  setTimeout(function () { wx.saveFile({}); }, 0); // deprecated: the typings no longer list it
  return sleep(30);
});
