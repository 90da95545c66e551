// wx.uploadFile on real HTTP: a multipart/form-data POST whose parts the test server
// parses and sends back (wstest's /http/upload), so each test checks what arrived.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
var USR = wx.env.USER_DATA_PATH;

function upload(opts) { return R.callAPI(wx.uploadFile, opts); }

function base64Of(bytes) { return wx.arrayBufferToBase64(new Uint8Array(bytes).buffer); }

var content = [];
for (var i = 0; i < 256; i++) content.push(255 - i);
fs.writeFileSync(USR + '/photo.png', new Uint8Array(content).buffer);
fs.writeFileSync(USR + '/notes', 'plain');

test('the file as the part `name`, the formData fields, the header; success {errMsg, data (text), statusCode, profile}', function () {
  return upload({
    url: SERVER.http + '/http/upload',
    filePath: USR + '/photo.png',
    name: 'avatar',
    formData: { user: 'alice', n: 3, nested: { a: 1 } },
    header: { 'X-Token': 't1', 'content-type': 'text/plain' },
  }).then(function (r) {
    var res = R.ok(r, 'uploadFile:ok');
    assert.deepEqual(Object.keys(res), ['errMsg', 'data', 'statusCode', 'profile']);
    assert.equal(res.statusCode, 200);
    assert.equal(typeof res.data, 'string', 'data is not parsed');
    var got = JSON.parse(res.data);
    assert.equal(got.error, undefined);
    assert.equal(got.method, 'POST');
    assert.equal(got.contentType, 'multipart/form-data', 'the script\'s content-type gives way to the multipart one');
    assert.deepEqual(got.fields, { user: 'alice', n: '3', nested: '[object Object]' });
    assert.equal(got.files.length, 1);
    assert.deepEqual(got.files[0], { field: 'avatar', fileName: 'photo.png', contentType: 'image/png', size: 256, base64: base64Of(content) });
    assert.equal(got.header['X-Token'], 't1');
    assert.ok(/^multipart\/form-data; boundary=[0-9a-z]+$/.test(got.header['Content-Type']), 'one Content-Type: ' + got.header['Content-Type']);
    assert.ok(/^https:\/\/servicewechat\.com\//.test(got.header.Referer));
  });
});

test('a file without an extension is application/octet-stream; any status is a success', function () {
  return Promise.all([
    upload({ url: SERVER.http + '/http/upload', filePath: USR + '/notes', name: 'f' }),
    upload({ url: SERVER.http + '/status/500', filePath: USR + '/notes', name: 'f' }),
  ]).then(function (rs) {
    var got = JSON.parse(R.ok(rs[0], 'uploadFile:ok').data);
    assert.deepEqual(got.files[0], { field: 'f', fileName: 'notes', contentType: 'application/octet-stream', size: 5, base64: 'cGxhaW4=' });
    assert.deepEqual(got.fields, {});
    assert.equal(R.ok(rs[1], 'uploadFile:ok').statusCode, 500);
  });
});

test('a downloaded temporary file can be uploaded as it is', function () {
  return R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/bytes?n=1000' }).then(function (r) {
    var tmp = R.ok(r, 'downloadFile:ok').tempFilePath;
    return upload({ url: SERVER.http + '/http/upload', filePath: tmp, name: 'file' });
  }).then(function (r) {
    var f = JSON.parse(R.ok(r, 'uploadFile:ok').data).files[0];
    assert.equal(f.size, 1000);
    assert.equal(f.fileName.indexOf('tmp_'), 0);
  });
});

test('onProgressUpdate: {progress, totalBytesSent, totalBytesExpectedToSend}, ending at 100', function () {
  var big = new Uint8Array(200000);
  fs.writeFileSync(USR + '/big.bin', big.buffer);
  var events = [];
  return new Promise(function (resolve) {
    var task = wx.uploadFile({ url: SERVER.http + '/http/upload', filePath: USR + '/big.bin', name: 'b', complete: resolve });
    task.onProgressUpdate(function (p) { events.push(p); });
  }).then(function (res) {
    assert.equal(res.errMsg, 'uploadFile:ok');
    var last = events[events.length - 1];
    assert.equal(last.progress, 100);
    assert.equal(last.totalBytesSent, last.totalBytesExpectedToSend);
    assert.ok(last.totalBytesSent > 200000, 'the whole multipart body: ' + last.totalBytesSent);
    assert.deepEqual(Object.keys(last), ['progress', 'totalBytesSent', 'totalBytesExpectedToSend']);
  });
});

test('parameter errors fail before the call returns', function () {
  return Promise.all([
    upload({ url: SERVER.http + '/http/upload', name: 'f' }),
    upload({ url: SERVER.http + '/http/upload', filePath: USR + '/notes' }),
    upload({ url: null, filePath: USR + '/notes', name: 'f' }),
  ]).then(function (rs) {
    R.failed(rs[0], 'uploadFile:fail parameter error: parameter.filePath should be String instead of Undefined;', 1001);
    R.failed(rs[1], 'uploadFile:fail parameter error: parameter.name should be String instead of Undefined;', 1001);
    R.failed(rs[2], 'uploadFile:fail parameter error: parameter.url should be String instead of Null;', 1001);
    rs.forEach(function (r) { assert.ok(r.sync); });
  });
});

test('a file that does not exist fails before anything is sent', function () {
  return upload({ url: SERVER.http + '/http/upload', filePath: USR + '/missing', name: 'f' }).then(function (r) {
    R.failed(r, 'uploadFile:fail createUploadTask:fail file not exist');
    assert.ok(r.sync);
  });
});

test('abort: uploadFile:fail abort', function () {
  return new Promise(function (resolve) {
    var task = wx.uploadFile({ url: SERVER.http + '/http/stall', filePath: USR + '/notes', name: 'f', complete: resolve });
    task.abort();
  }).then(function (res) {
    assert.equal(res.errMsg, 'uploadFile:fail abort');
  });
});
