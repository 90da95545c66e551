// @wxrun download-timeout=150ms upload-timeout=150ms
// The timeout's precedence: the call's timeout, then app.json networkTimeout.downloadFile
// / uploadFile (WithDownloadTimeout, WithUploadTimeout, set here by the directive), then
// 60 s.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
fs.writeFileSync(wx.env.USER_DATA_PATH + '/t.txt', 't');

test('without a timeout option, the configured one applies', function () {
  return Promise.all([
    R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/stall?ms=1000' }),
    R.callAPI(wx.uploadFile, { url: SERVER.http + '/http/stall?ms=1000', filePath: wx.env.USER_DATA_PATH + '/t.txt', name: 'f' }),
  ]).then(function (rs) {
    R.failed(rs[0], 'downloadFile:fail timeout', 5);
    R.failed(rs[1], 'uploadFile:fail timeout', 5);
  });
});

test('the call\'s timeout takes precedence', function () {
  return R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/stall?ms=300', timeout: 2000 }).then(function (r) {
    assert.equal(R.ok(r, 'downloadFile:ok').statusCode, 200);
  });
});
