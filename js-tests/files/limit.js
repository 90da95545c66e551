// @wxrun file-limit=1000
// The user's files (wxfile://usr and saved files) may take WeChat's 200 MB at most; the
// directive lowers the limit to 1000 bytes. A write past it fails and leaves the old
// content.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
var USR = wx.env.USER_DATA_PATH;

function syncError(fn) {
  var e = assert.throws(fn);
  return e.message + ' #' + e.errno;
}

test('writes past the limit fail; replacing a file counts only the difference', function () {
  fs.writeFileSync(USR + '/a', new ArrayBuffer(600));
  fs.writeFileSync(USR + '/a', new ArrayBuffer(900));
  assert.equal(syncError(function () { fs.writeFileSync(USR + '/b', new ArrayBuffer(200)); }),
    'writeFileSync:fail the maximum size of the file storage limit is exceeded #1300202');
  assert.equal(syncError(function () { fs.appendFileSync(USR + '/a', new ArrayBuffer(101)); }),
    'appendFileSync:fail the maximum size of the file storage limit is exceeded #1300202');
  assert.equal(fs.statSync(USR + '/a').size, 900, 'the old content is kept');
  assert.throws(function () { fs.accessSync(USR + '/b'); });
  fs.writeFileSync(USR + '/b', new ArrayBuffer(100));
});

test('a download into the user directory past the limit fails; temporary files do not count', function () {
  return R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/bytes?n=500', filePath: USR + '/c' }).then(function (r) {
    R.failed(r, 'downloadFile:fail the maximum size of the file storage limit is exceeded', 1300202);
    return R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/bytes?n=5000' });
  }).then(function (r) {
    var tmp = R.ok(r, 'downloadFile:ok').tempFilePath;
    assert.equal(fs.statSync(tmp).size, 5000);
    assert.equal(syncError(function () { fs.saveFileSync(tmp); }),
      'saveFileSync:fail the maximum size of the file storage limit is exceeded #1300202');
    fs.unlinkSync(USR + '/a');
    fs.unlinkSync(USR + '/b');
    assert.equal(syncError(function () { fs.copyFileSync(tmp, USR + '/d'); }),
      'copyFileSync:fail the maximum size of the file storage limit is exceeded #1300202');
  });
});
