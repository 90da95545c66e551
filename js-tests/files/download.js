// wx.downloadFile on real HTTP: the body, whatever the status, goes to a temporary file
// ("wxfile://tmp_…") or to the filePath option; DownloadTask's progress, headers, abort.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
var USR = wx.env.USER_DATA_PATH;

function download(opts) { return R.callAPI(wx.downloadFile, opts); }

function bytesOf(buf) { return Array.prototype.slice.call(new Uint8Array(buf)); }

function expectedBytes(n) {
  var out = [];
  for (var i = 0; i < n; i++) out.push(i % 256);
  return out;
}

test('success {errMsg, tempFilePath, statusCode, profile} on a later turn; the file holds the body', function () {
  return download({ url: SERVER.http + '/http/bytes?n=1000' }).then(function (r) {
    var res = R.ok(r, 'downloadFile:ok');
    assert.deepEqual(Object.keys(res), ['errMsg', 'tempFilePath', 'statusCode', 'profile']);
    assert.equal(res.statusCode, 200);
    assert.ok(/^wxfile:\/\/tmp_[0-9a-f]{16}$/.test(res.tempFilePath), res.tempFilePath);
    assert.equal(res.profile.peerIP, '127.0.0.1');
    assert.deepEqual(bytesOf(fs.readFileSync(res.tempFilePath)), expectedBytes(1000));
    assert.equal(r.task.constructor, Object);
    assert.equal(typeof r.task.abort, 'function');
  });
});

test('the temporary file keeps the URL\'s extension; each download gets a new file', function () {
  return Promise.all([
    download({ url: SERVER.http + '/http/body?text=a&x=/y.png' }),
    download({ url: SERVER.http + '/http/body.json?text=b' }),
  ]).then(function (rs) {
    var a = R.ok(rs[0], 'downloadFile:ok').tempFilePath;
    var b = R.ok(rs[1], 'downloadFile:ok').tempFilePath;
    assert.ok(!/\.png$/.test(a), 'the query is not the path: ' + a);
    assert.ok(/^wxfile:\/\/tmp_[0-9a-f]{16}\.json$/.test(b), b);
    assert.ok(a !== b);
  });
});

test('any status is a success, its body saved', function () {
  return download({ url: SERVER.http + '/http/body?status=404&text=missing' }).then(function (r) {
    var res = R.ok(r, 'downloadFile:ok');
    assert.equal(res.statusCode, 404);
    assert.equal(fs.readFileSync(res.tempFilePath, 'utf8'), 'missing');
  });
});

test('filePath: the body goes to that user file, res.filePath instead of tempFilePath', function () {
  var path = USR + '/dl-' + Date.now() + '.bin';
  return download({ url: SERVER.http + '/http/bytes?n=300', filePath: path }).then(function (r) {
    var res = R.ok(r, 'downloadFile:ok');
    assert.deepEqual(Object.keys(res), ['errMsg', 'filePath', 'statusCode', 'profile']);
    assert.equal(res.filePath, path);
    assert.deepEqual(bytesOf(fs.readFileSync(path)), expectedBytes(300));
  });
});

test('filePath outside the user directory, or whose folder is missing, fails', function () {
  return Promise.all([
    download({ url: SERVER.http + '/http/bytes?n=3', filePath: 'pages/x.bin' }),
    download({ url: SERVER.http + '/http/bytes?n=3', filePath: USR + '/../x.bin' }),
    download({ url: SERVER.http + '/http/bytes?n=3', filePath: USR + '/no/such/dir/x.bin' }),
    download({ url: SERVER.http + '/http/bytes?n=3', filePath: 5 }),
  ]).then(function (rs) {
    R.failed(rs[0], 'downloadFile:fail permission denied, open pages/x.bin', 1300013);
    assert.ok(rs[0].sync, 'a bad filePath fails before the call returns');
    R.failed(rs[1], 'downloadFile:fail permission denied, open wxfile://usr/../x.bin', 1300013);
    R.failed(rs[2], 'downloadFile:fail no such file or directory, open wxfile://usr/no/such/dir/x.bin', 1300002);
    assert.ok(!rs[2].sync, 'the folder is found missing when the file is written');
    R.failed(rs[3], 'downloadFile:fail parameter error: parameter.filePath should be String instead of Number;', 1001);
  });
});

test('parameter errors fail before the call returns, as wx.request\'s', function () {
  return Promise.all([
    download({ url: 5 }),
    download({ url: 'ftp://x/y' }),
  ]).then(function (rs) {
    R.failed(rs[0], 'downloadFile:fail parameter error: parameter.url should be String instead of Number;', 1001);
    R.failed(rs[1], 'downloadFile:fail invalid url "ftp://x/y"', 600009);
    assert.ok(rs[0].sync && rs[1].sync);
    assert.equal(rs[0].task, undefined);
  });
});

test('onProgressUpdate: {progress, totalBytesWritten, totalBytesExpectedToWrite}, ending at 100 before success', function () {
  var n = 300000;
  var events = [];
  var done;
  var task = wx.downloadFile({
    url: SERVER.http + '/http/bytes?n=' + n,
    success: function (res) { events.push('success'); },
    complete: function () { done(); },
  });
  task.onProgressUpdate(function (p) { events.push(p); });
  return new Promise(function (resolve) { done = resolve; }).then(function () {
    assert.equal(events[events.length - 1], 'success');
    var last = events[events.length - 2];
    assert.deepEqual(last, { progress: 100, totalBytesWritten: n, totalBytesExpectedToWrite: n });
    var ps = events.slice(0, -1);
    for (var i = 1; i < ps.length; i++) {
      assert.ok(ps[i].totalBytesWritten >= ps[i - 1].totalBytesWritten, 'progress does not go back');
    }
  });
});

test('offProgressUpdate removes the listener; onHeadersReceived gets {header}', function () {
  var got = [];
  var headers;
  var listener = function (p) { got.push(p); };
  return new Promise(function (resolve) {
    var task = wx.downloadFile({ url: SERVER.http + '/http/bytes?n=5000', complete: resolve });
    task.onProgressUpdate(listener);
    task.offProgressUpdate(listener);
    task.onHeadersReceived(function (res) { headers = res.header; });
  }).then(function (res) {
    assert.equal(res.errMsg, 'downloadFile:ok');
    assert.deepEqual(got, []);
    assert.equal(headers['Content-Length'], '5000');
  });
});

test('abort: downloadFile:fail abort, and nothing else', function () {
  var events = [];
  return new Promise(function (resolve) {
    var task = wx.downloadFile({
      url: SERVER.http + '/http/headers-stall',
      success: function () { events.push('success'); },
      fail: function (res) { events.push(res.errMsg); },
      complete: function () { setTimeout(resolve, 20); },
    });
    task.onHeadersReceived(function () { task.abort(); });
  }).then(function () {
    assert.deepEqual(events, ['downloadFile:fail abort']);
  });
});

test('a timeout from the call: downloadFile:fail timeout', function () {
  return download({ url: SERVER.http + '/http/stall?ms=2000', timeout: 100 }).then(function (r) {
    R.failed(r, 'downloadFile:fail timeout', 5);
  });
});

test('network errors are wx.request\'s, with downloadFile:fail', function () {
  return download({ url: 'http://127.0.0.1:1/x' }).then(function (r) {
    R.failed(r, 'downloadFile:fail -102:net::ERR_CONNECTION_REFUSED', 600001);
  });
});

test('not promisified: without callbacks it returns the DownloadTask', function () {
  var task = wx.downloadFile({ url: SERVER.http + '/http/bytes?n=1' });
  assert.equal(typeof task.abort, 'function');
  assert.equal(typeof task.then, 'undefined');
  task.abort();
  var e = assert.throws(function () { task.onProgressUpdate.call({}, function () {}); });
  assert.equal(e.message, 'DownloadTask.onProgressUpdate called on an object that is not a DownloadTask');
});

test('offline, downloads and uploads fail as requests do; back online they work', function () {
  fs.writeFileSync(USR + '/off.txt', 'x');
  return download({ url: SERVER.http + '/http/bytes?n=10' }).then(function (r) {
    R.ok(r, 'downloadFile:ok'); // a kept-alive connection exists now
    __setNetwork('offline');
    return Promise.all([
      download({ url: SERVER.http + '/http/bytes?n=10' }),
      R.callAPI(wx.uploadFile, { url: SERVER.http + '/http/upload', filePath: USR + '/off.txt', name: 'f' }),
    ]);
  }).then(function (rs) {
    __setNetwork('wifi');
    R.failed(rs[0], 'downloadFile:fail -106:net::ERR_INTERNET_DISCONNECTED', 600001);
    R.failed(rs[1], 'uploadFile:fail -106:net::ERR_INTERNET_DISCONNECTED', 600001);
    return download({ url: SERVER.http + '/http/bytes?n=10' });
  }).then(function (r) {
    R.ok(r, 'downloadFile:ok');
  });
});

test('without Content-Length: progress 0 of 0 until the end, then 100', function () {
  var events = [];
  return new Promise(function (resolve) {
    var task = wx.downloadFile({ url: SERVER.http + '/http/chunks?n=3&ms=30', complete: resolve });
    task.onProgressUpdate(function (p) { events.push(p); });
  }).then(function (res) {
    assert.equal(res.errMsg, 'downloadFile:ok');
    var n = 'chunk 0\nchunk 1\nchunk 2\n'.length;
    assert.deepEqual(events[events.length - 1], { progress: 100, totalBytesWritten: n, totalBytesExpectedToWrite: n });
    events.slice(0, -1).forEach(function (p) {
      assert.equal(p.progress, 0);
      assert.equal(p.totalBytesExpectedToWrite, 0);
    });
    assert.ok(events.length >= 2, 'events while the chunks arrive: ' + JSON.stringify(events));
  });
});
