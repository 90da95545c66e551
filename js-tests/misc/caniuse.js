// wx.canIUse answers from what wxrun implements (README decision 26).

test('an API: true when wx has it', function () {
  ['connectSocket', 'setStorageSync', 'getSystemInfoSync', 'showToast', 'login', 'canIUse', 'onError', 'env'].forEach(function (s) {
    assert.equal(wx.canIUse(s), true, s);
  });
  ['getFooBar', 'openBluetoothAdapter', 'createInnerAudioContext', '', 'constructor', 'toString'].forEach(function (s) {
    assert.equal(wx.canIUse(s), false, JSON.stringify(s));
  });
});

test('a parameter: true when the API reads it', function () {
  assert.equal(wx.canIUse('connectSocket.object.protocols'), true);
  assert.equal(wx.canIUse('connectSocket.object.perMessageDeflate'), true);
  assert.equal(wx.canIUse('connectSocket.object.timeout'), true);
  assert.equal(wx.canIUse('showToast.object.image'), true);
  assert.equal(wx.canIUse('showModal.object.editable'), true);
  assert.equal(wx.canIUse('setStorage.object.encrypt'), false, 'accepted but not implemented');
  assert.equal(wx.canIUse('connectSocket.object.nope'), false);
  assert.equal(wx.canIUse('getFooBar.object.x'), false);
  assert.equal(wx.canIUse('connectSocket.object'), false);
});

test('return and success fields', function () {
  assert.equal(wx.canIUse('getSystemInfoSync.return.safeArea'), true);
  assert.equal(wx.canIUse('getWindowInfo.return.screenTop'), true);
  assert.equal(wx.canIUse('getSystemInfoSync.return.nope'), false);
  assert.equal(wx.canIUse('getSystemInfo.success.screenWidth'), true);
  assert.equal(wx.canIUse('showModal.success.content'), true);
  assert.equal(wx.canIUse('login.success.code'), true);
  assert.equal(wx.canIUse('login.success.token'), false);
});

test('components have no view here; anything not a string is false', function () {
  assert.equal(wx.canIUse('button.open-type.getUserInfo'), false);
  assert.equal(wx.canIUse('live-player'), false);
  assert.equal(wx.canIUse(), false);
  assert.equal(wx.canIUse(1), false);
  assert.equal(wx.canIUse({}), false);
});

test('downloads, uploads and the file system manager', function () {
  ['downloadFile', 'uploadFile', 'getFileSystemManager', 'downloadFile.object.filePath', 'uploadFile.object.formData',
    'downloadFile.success.tempFilePath', 'uploadFile.success.data'].forEach(function (s) {
    assert.equal(wx.canIUse(s), true, s);
  });
  assert.equal(wx.canIUse('downloadFile.object.enableQuic'), false, 'read by no code');
});
