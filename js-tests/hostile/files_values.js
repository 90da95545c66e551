// Generated argument tests for wx.downloadFile, wx.uploadFile and the FileSystemManager:
// every value of testdata/hostile/matrix.js as each option of each async function and as
// each argument of each sync function. A call must either throw synchronously (reading
// its options ran script code that threw, or a *Sync function failed) and then call
// nothing, or call exactly one of success/fail, then complete, once each, with the same
// res, whose errMsg is "<api>:ok…" or "<api>:fail…". No call may cause a wxrun internal
// error (a Go panic) or an unhandled rejection.

var M = require('/testdata/hostile/matrix.js');
var O = require('../lib/outcome');
var VALUES = M.values(SERVER.ws);
var LONG = { timeout: 120000 };
var fs = wx.getFileSystemManager();
var H = wx.env.USER_DATA_PATH + '/h';
fs.mkdirSync(H);
fs.writeFileSync(H + '/f.txt', 'f');

var internal = [];
var unhandled = [];
wx.onError(function (msg) { if (/internal error/.test(msg)) internal.push(msg); });
wx.onUnhandledRejection(function (r) { unhandled.push(r.reason); });

// The async functions: [call, valid options, the options each reads].
var ASYNC = {
  downloadFile: [wx.downloadFile, { url: SERVER.http + '/http/bytes?n=3' }, ['url', 'header', 'timeout', 'filePath']],
  uploadFile: [wx.uploadFile, { url: SERVER.http + '/http/upload', filePath: H + '/f.txt', name: 'f' }, ['url', 'filePath', 'name', 'formData', 'header']],
  readFile: [fs.readFile, { filePath: H + '/f.txt' }, ['filePath', 'encoding']],
  writeFile: [fs.writeFile, { filePath: H + '/w.txt', data: 'w' }, ['filePath', 'data', 'encoding']],
  appendFile: [fs.appendFile, { filePath: H + '/f.txt', data: 'a' }, ['filePath', 'data', 'encoding']],
  access: [fs.access, { path: H }, ['path']],
  stat: [fs.stat, { path: H }, ['path']],
  readdir: [fs.readdir, { dirPath: H }, ['dirPath']],
  mkdir: [fs.mkdir, { dirPath: H + '/m', recursive: true }, ['dirPath', 'recursive']],
  rmdir: [fs.rmdir, { dirPath: H + '/none' }, ['dirPath', 'recursive']],
  unlink: [fs.unlink, { filePath: H + '/none' }, ['filePath']],
  copyFile: [fs.copyFile, { srcPath: H + '/f.txt', destPath: H + '/c.txt' }, ['srcPath', 'destPath']],
  rename: [fs.rename, { oldPath: H + '/none', newPath: H + '/r.txt' }, ['oldPath', 'newPath']],
  saveFile: [fs.saveFile, { tempFilePath: 'wxfile://tmp_none' }, ['tempFilePath', 'filePath']],
  getFileInfo: [fs.getFileInfo, { filePath: H + '/f.txt' }, ['filePath', 'digestAlgorithm']],
  getSavedFileList: [fs.getSavedFileList, {}, []],
  removeSavedFile: [fs.removeSavedFile, { filePath: 'wxfile://store_none' }, ['filePath']],
};

// The sync functions: [name, valid arguments].
var SYNC = [
  ['readFileSync', [H + '/f.txt', 'utf8']],
  ['writeFileSync', [H + '/w.txt', 'w', 'utf8']],
  ['appendFileSync', [H + '/f.txt', 'a', 'utf8']],
  ['accessSync', [H]],
  ['statSync', [H]],
  ['readdirSync', [H]],
  ['mkdirSync', [H + '/m', true]],
  ['rmdirSync', [H + '/none', false]],
  ['unlinkSync', [H + '/none']],
  ['copyFileSync', [H + '/f.txt', H + '/c.txt']],
  ['renameSync', [H + '/none', H + '/r.txt']],
  ['saveFileSync', ['wxfile://tmp_none', H + '/s.txt']],
];

test('async functions: throw at once, or exactly one of success/fail then complete', function () {
  var pending = [];
  Object.keys(ASYNC).forEach(function (api) {
    var fn = ASYNC[api][0];
    var base = ASYNC[api][1];
    [null].concat(ASYNC[api][2]).forEach(function (param) {
      VALUES.forEach(function (entry) {
        var label = api + (param ? ' with ' + param + ' = ' : ' with options ') + entry[0];
        var log = [];
        var opts = O.options(base, param, entry[1](), log);
        var threw = false;
        try {
          fn(opts);
        } catch (e) {
          threw = true;
        }
        if (param === null) return; // no callbacks of ours; not promisified
        pending.push(O.settled(api, label, log, threw));
      });
    });
  });
  return Promise.all(pending).then(function () {
    assert.deepEqual(internal, [], 'no internal error');
    assert.deepEqual(unhandled.map(show), [], 'no unhandled rejection');
  });
}, LONG);

test('sync functions return or throw, never an internal error', function () {
  SYNC.forEach(function (f) {
    f[1].forEach(function (_, i) {
      VALUES.forEach(function (entry) {
        var args = f[1].slice();
        args[i] = entry[1]();
        try {
          fs[f[0]].apply(fs, args);
        } catch (e) {
          // A *Sync failure or what reading the value threw: both are the script's to catch.
        }
      });
    });
  });
  return sleep(10).then(function () {
    assert.deepEqual(internal, [], 'no internal error');
  });
}, LONG);

test('task methods take any value (the task is aborted by the first abort)', function () {
  var task = wx.downloadFile({ url: SERVER.http + '/http/bytes?n=3' });
  VALUES.forEach(function (entry) {
    ['onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived', 'abort'].forEach(function (m) {
      try { task[m](entry[1]()); } catch (e) { /* reading the value threw */ }
    });
  });
  return sleep(50).then(function () {
    assert.deepEqual(internal, [], 'no internal error');
  });
});

function show(v) {
  try { return JSON.stringify(v); } catch (e) { return String(v); }
}
