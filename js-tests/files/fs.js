// wx.getFileSystemManager(): the file functions that go with downloads and uploads, over
// the user directory (wx.env.USER_DATA_PATH), temporary and saved files, and the
// read-only code package. Texts and errno from WeChat's FileSystemManager catalogue.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
var USR = wx.env.USER_DATA_PATH;

function call(name, opts) { return R.callAPI(function (o) { return fs[name](o); }, opts); }

function syncError(fn) {
  var e = assert.throws(fn);
  assert.ok(e instanceof Error, 'an Error');
  return e.message + (e.errno ? ' #' + e.errno : '');
}

test('one manager; writeFileSync then readFileSync, as text and as an ArrayBuffer', function () {
  assert.ok(wx.getFileSystemManager() === fs);
  fs.writeFileSync(USR + '/hello.txt', 'héllo');
  assert.equal(fs.readFileSync(USR + '/hello.txt', 'utf8'), 'héllo');
  assert.equal(fs.readFileSync(USR + '/hello.txt', 'utf-8'), 'héllo');
  var buf = fs.readFileSync(USR + '/hello.txt');
  assert.ok(buf instanceof ArrayBuffer);
  assert.deepEqual(Array.prototype.slice.call(new Uint8Array(buf)), [104, 195, 169, 108, 108, 111]);
});

test('encodings: base64, hex, binary/latin1, ascii, ucs2 both ways', function () {
  var p = USR + '/enc.bin';
  fs.writeFileSync(p, 'AAEC/w==', 'base64');
  assert.equal(fs.readFileSync(p, 'hex'), '000102ff');
  assert.equal(fs.readFileSync(p, 'base64'), 'AAEC/w==');
  assert.equal(fs.readFileSync(p, 'binary'), '\u0000\u0001\u0002\u00ff');
  assert.equal(fs.readFileSync(p, 'latin1'), '\u0000\u0001\u0002\u00ff');
  assert.equal(fs.readFileSync(p, 'ascii'), '\u0000\u0001\u0002\u007f');
  fs.writeFileSync(p, '00ff10', 'hex');
  assert.equal(fs.readFileSync(p, 'base64'), 'AP8Q');
  fs.writeFileSync(p, 'hé', 'ucs2');
  assert.equal(fs.readFileSync(p, 'hex'), '6800e900');
  assert.equal(fs.readFileSync(p, 'utf16le'), 'hé');
  fs.writeFileSync(p, 'é', 'binary');
  assert.equal(fs.readFileSync(p, 'hex'), 'e9');
  assert.equal(syncError(function () { fs.readFileSync(p, 'klingon'); }), 'readFileSync:fail invalid encoding klingon #1300022');
});

test('appendFile adds to a file that exists; writeFile replaces it', function () {
  var p = USR + '/log.txt';
  fs.writeFileSync(p, 'a');
  fs.appendFileSync(p, 'b');
  fs.appendFileSync(p, new Uint8Array([99]).buffer);
  assert.equal(fs.readFileSync(p, 'utf8'), 'abc');
  fs.writeFileSync(p, 'z');
  assert.equal(fs.readFileSync(p, 'utf8'), 'z');
  assert.equal(syncError(function () { fs.appendFileSync(USR + '/nope.txt', 'x'); }), 'appendFileSync:fail no such file or directory, open wxfile://usr/nope.txt #1300002');
});

test('the async forms: success on a later turn, fail with WeChat\'s texts and errno', function () {
  return call('writeFile', { filePath: USR + '/async.txt', data: 'async' }).then(function (r) {
    assert.deepEqual(Object.keys(R.ok(r, 'writeFile:ok')), ['errMsg']);
    return call('readFile', { filePath: USR + '/async.txt', encoding: 'utf8' });
  }).then(function (r) {
    assert.equal(R.ok(r, 'readFile:ok').data, 'async');
    return call('readFile', { filePath: USR + '/x' });
  }).then(function (r) {
    R.failed(r, 'readFile:fail no such file or directory, open wxfile://usr/x', 1300002);
    assert.ok(!r.sync, 'a failure comes on a later turn too');
    return call('readFile', { filePath: 7 });
  }).then(function (r) {
    R.failed(r, 'readFile:fail parameter error: parameter.filePath should be String instead of Number;', 1001);
    assert.ok(r.sync, 'a parameter error comes before the call returns');
    var ret = fs.readFile({ filePath: USR + '/async.txt' });
    assert.equal(ret, undefined, 'not promisified');
  });
});

test('sync errors: readFile of a directory, unlink of a directory, writes outside the user directory', function () {
  fs.mkdirSync(USR + '/dir1');
  assert.equal(syncError(function () { fs.readFileSync(USR + '/dir1'); }), 'readFileSync:fail illegal operation on a directory, open "wxfile://usr/dir1" #1301003');
  assert.equal(syncError(function () { fs.unlinkSync(USR + '/dir1'); }), 'unlinkSync:fail operation not permitted, unlink wxfile://usr/dir1 #1300001');
  assert.equal(syncError(function () { fs.writeFileSync('testdata/x.txt', 'x'); }), 'writeFileSync:fail permission denied, open testdata/x.txt #1300013');
  assert.equal(syncError(function () { fs.writeFileSync(USR + '/../../x', 'x'); }), 'writeFileSync:fail permission denied, open wxfile://usr/../../x #1300013');
  assert.equal(syncError(function () { fs.writeFileSync(USR + '/a/../../tmp_x', 'x'); }), 'writeFileSync:fail permission denied, open wxfile://usr/a/../../tmp_x #1300013');
  assert.equal(syncError(function () { fs.writeFileSync(USR + '/no/dir/x', 'x'); }), 'writeFileSync:fail no such file or directory, open wxfile://usr/no/dir/x #1300002');
  assert.equal(syncError(function () { fs.writeFileSync(USR + '/x', 5); }), 'writeFileSync:fail parameter error: parameter.data should be String/ArrayBuffer instead of Number; #1001');
  fs.rmdirSync(USR + '/dir1');
});

test('the code package is readable, relative to the project root, and never writable', function () {
  var json = fs.readFileSync('testdata/modules/data.json', 'utf8');
  assert.equal(fs.readFileSync('/testdata/modules/data.json', 'utf8'), json);
  assert.ok(JSON.parse(json));
  assert.equal(syncError(function () { fs.readFileSync('../go.mod'); }), 'readFileSync:fail permission denied, open ../go.mod #1300013');
  assert.equal(syncError(function () { fs.unlinkSync('testdata/modules/data.json'); }), 'unlinkSync:fail permission denied, open testdata/modules/data.json #1300013');
});

test('access, stat and Stats', function () {
  fs.writeFileSync(USR + '/s.txt', '12345');
  fs.accessSync(USR + '/s.txt');
  fs.accessSync(USR);
  assert.equal(syncError(function () { fs.accessSync(USR + '/none'); }), 'accessSync:fail no such file or directory wxfile://usr/none #1300002');
  var st = fs.statSync(USR + '/s.txt');
  assert.equal(st.size, 5);
  assert.ok(st.isFile() && !st.isDirectory());
  assert.ok(Math.abs(st.lastModifiedTime - Date.now() / 1000) < 60, 'seconds: ' + st.lastModifiedTime);
  var d = fs.statSync(USR);
  assert.ok(d.isDirectory() && !d.isFile());
  return call('stat', { path: USR + '/s.txt' }).then(function (r) {
    assert.equal(R.ok(r, 'stat:ok').stats.size, 5);
    return call('access', { path: USR + '/none' });
  }).then(function (r) {
    R.failed(r, 'access:fail no such file or directory wxfile://usr/none', 1300002);
  });
});

test('mkdir (recursive), readdir, rmdir (recursive)', function () {
  var base = USR + '/tree';
  fs.mkdirSync(base);
  assert.equal(syncError(function () { fs.mkdirSync(base); }), 'mkdirSync:fail file already exists wxfile://usr/tree #1301005');
  assert.equal(syncError(function () { fs.mkdirSync(base + '/a/b'); }), 'mkdirSync:fail no such file or directory wxfile://usr/tree/a/b #1300002');
  fs.mkdirSync(base + '/a/b', true);
  fs.mkdirSync(base + '/a/b', true);
  fs.writeFileSync(base + '/z.txt', 'z');
  assert.deepEqual(fs.readdirSync(base), ['a', 'z.txt']);
  assert.equal(syncError(function () { fs.readdirSync(base + '/z.txt'); }), 'readdirSync:fail not a directory wxfile://usr/tree/z.txt #1300020');
  assert.equal(syncError(function () { fs.rmdirSync(base); }), 'rmdirSync:fail directory not empty #1300066');
  fs.rmdirSync(base, true);
  assert.equal(syncError(function () { fs.readdirSync(base); }), 'readdirSync:fail no such file or directory wxfile://usr/tree #1300002');
  return call('readdir', { dirPath: USR }).then(function (r) {
    assert.ok(Array.isArray(R.ok(r, 'readdir:ok').files));
  });
});

test('copyFile, rename, unlink', function () {
  fs.writeFileSync(USR + '/c1', 'copy me');
  fs.copyFileSync(USR + '/c1', USR + '/c2');
  fs.copyFileSync('testdata/modules/data.json', USR + '/data.json');
  assert.equal(fs.readFileSync(USR + '/c2', 'utf8'), 'copy me');
  fs.renameSync(USR + '/c2', USR + '/c3');
  assert.equal(fs.readFileSync(USR + '/c3', 'utf8'), 'copy me');
  assert.equal(syncError(function () { fs.renameSync(USR + '/c2', USR + '/c4'); }), 'renameSync:fail no such file or directory, rename wxfile://usr/c2 -> wxfile://usr/c4 #1300002');
  assert.equal(syncError(function () { fs.copyFileSync(USR + '/c2', USR + '/c4'); }), 'copyFileSync:fail no such file or directory, copyFile wxfile://usr/c2 -> wxfile://usr/c4 #1300002');
  fs.unlinkSync(USR + '/c3');
  assert.equal(syncError(function () { fs.unlinkSync(USR + '/c3'); }), 'unlinkSync:fail no such file or directory wxfile://usr/c3 #1300002');
});

test('saveFile moves a downloaded file to a saved file or a user path; getSavedFileList, getFileInfo, removeSavedFile', function () {
  var saved;
  return R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/body.txt?text=x' }).then(function (r) {
    var tmp = R.ok(r, 'downloadFile:ok').tempFilePath;
    return call('saveFile', { tempFilePath: tmp });
  }).then(function (r) {
    saved = R.ok(r, 'saveFile:ok').savedFilePath;
    assert.ok(/^wxfile:\/\/store_[0-9a-f]{16}\.txt$/.test(saved), saved);
    return call('getSavedFileList', {});
  }).then(function (r) {
    var list = R.ok(r, 'getSavedFileList:ok').fileList;
    var mine = list.filter(function (f) { return f.filePath === saved; });
    assert.equal(mine.length, 1);
    assert.deepEqual(Object.keys(mine[0]), ['filePath', 'size', 'createTime']);
    return call('getFileInfo', { filePath: saved });
  }).then(function (r) {
    var info = R.ok(r, 'getFileInfo:ok');
    assert.equal(info.size, fs.statSync(saved).size);
    assert.equal(info.digest.length, 32, 'md5 by default');
    return call('removeSavedFile', { filePath: saved });
  }).then(function (r) {
    R.ok(r, 'removeSavedFile:ok');
    return call('removeSavedFile', { filePath: saved });
  }).then(function (r) {
    R.failed(r, 'removeSavedFile:fail file not exist', 1300002);
    return R.callAPI(wx.downloadFile, { url: SERVER.http + '/http/bytes?n=10' });
  }).then(function (r) {
    var tmp = R.ok(r, 'downloadFile:ok').tempFilePath;
    assert.equal(fs.saveFileSync(tmp, USR + '/kept.bin'), USR + '/kept.bin');
    assert.equal(fs.statSync(USR + '/kept.bin').size, 10);
    assert.equal(syncError(function () { fs.saveFileSync(tmp); }), 'saveFileSync:fail tempFilePath file not exist #1300002');
  });
});

test('getFileInfo with sha1; a missing file', function () {
  fs.writeFileSync(USR + '/abc', 'abc');
  return call('getFileInfo', { filePath: USR + '/abc', digestAlgorithm: 'sha1' }).then(function (r) {
    assert.equal(R.ok(r, 'getFileInfo:ok').digest, 'a9993e364706816aba3e25717850c26c9cd0d89d');
    return call('getFileInfo', { filePath: USR + '/none' });
  }).then(function (r) {
    R.failed(r, 'getFileInfo:fail file not exist', 1300002);
  });
});
