// @wxrun url-check allow-request-domain=api.example.com allow-download-domain=dl.invalid allow-upload-domain=up.invalid
// With URL checking on, downloads reach only the downloadFile domain list
// ("downloadFile合法域名") and uploads only the uploadFile list: lists of their own, with
// the request list's rules.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
fs.writeFileSync(wx.env.USER_DATA_PATH + '/u.txt', 'u');

function download(url) { return R.callAPI(wx.downloadFile, { url: url, timeout: 3000 }); }
function upload(url) { return R.callAPI(wx.uploadFile, { url: url, filePath: wx.env.USER_DATA_PATH + '/u.txt', name: 'f', timeout: 3000 }); }

test('downloads: a domain of another list, http://, this machine are refused on a later turn', function () {
  return Promise.all([
    download('https://api.example.com/x'),
    download('https://up.invalid/x'),
    download('http://dl.invalid/x'),
    download(SERVER.https + '/http/bytes?n=1'),
  ]).then(function (rs) {
    rs.forEach(function (r) {
      R.failed(r, 'downloadFile:fail url not in domain list', 600002);
      assert.ok(!r.sync);
    });
  });
});

test('uploads: likewise, with their own list', function () {
  return Promise.all([
    upload('https://api.example.com/x'),
    upload('https://dl.invalid/x'),
    upload(SERVER.https + '/http/upload'),
  ]).then(function (rs) {
    rs.forEach(function (r) { R.failed(r, 'uploadFile:fail url not in domain list', 600002); });
  });
});

test('a listed domain goes out to the network (where .invalid cannot be found)', function () {
  return Promise.all([download('https://dl.invalid/x'), upload('https://up.invalid/x')]).then(function (rs) {
    assert.ok(rs[0].res.errMsg !== 'downloadFile:fail url not in domain list', rs[0].res.errMsg);
    assert.ok(rs[1].res.errMsg !== 'uploadFile:fail url not in domain list', rs[1].res.errMsg);
  });
});
