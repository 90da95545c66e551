// @wxrun expect-uncaught: Uncaught TypeError: Class constructor cannot be invoked without 'new'
// @wxrun expect-uncaught: Uncaught Error: hostile trap apply
//   (wx.nextTick given a class, and a callable Proxy whose apply trap throws: it calls them, and what they throw is reported)
// Generated argument tests for the storage, device, UI and misc APIs: every value of
// testdata/hostile/matrix.js as each option of each async function and as each argument
// of each sync function. A call must either throw synchronously (reading its options ran
// script code that threw, or a *Sync function failed) and then call nothing, or call
// exactly one of success/fail, then complete, once each, with the same res, whose errMsg
// is "<api>:ok…" or "<api>:fail…". No call may cause a wxrun internal error (a Go panic)
// or an unhandled rejection.

var M = require('/testdata/hostile/matrix.js');
var O = require('../lib/outcome');
var VALUES = M.values(SERVER.ws);
var LONG = { timeout: 120000 };

var internal = [];
var unhandled = [];
wx.onError(function (msg) { if (/internal error/.test(msg)) internal.push(msg); });
wx.onUnhandledRejection(function (r) { unhandled.push(r.reason); });

// The async functions with valid options, and the options each reads.
var ASYNC = {
  setStorage: [{ key: 'k', data: 1 }, ['key', 'data']],
  getStorage: [{ key: 'k' }, ['key']],
  removeStorage: [{ key: 'k' }, ['key']],
  clearStorage: [{}, []],
  getStorageInfo: [{}, []],
  batchSetStorage: [{ kvList: [{ key: 'k', value: 1 }] }, ['kvList']],
  batchGetStorage: [{ keyList: ['k'] }, ['keyList']],
  getSystemInfo: [{}, []],
  login: [{}, ['timeout']],
  checkSession: [{}, []],
  showToast: [{ title: 't' }, ['title', 'icon', 'image', 'duration', 'mask']],
  hideToast: [{}, []],
  showLoading: [{ title: 't' }, ['title', 'mask']],
  hideLoading: [{}, []],
  showModal: [{}, ['title', 'content', 'showCancel', 'editable']],
  showActionSheet: [{ itemList: ['a'] }, ['itemList', 'alertText']],
  setNavigationBarTitle: [{ title: 't' }, ['title']],
  vibrateShort: [{}, ['type']],
  stopPullDownRefresh: [{}, []],
};

var SYNC = [
  ['setStorageSync(v)', function (v) { return wx.setStorageSync(v, 1); }],
  ['setStorageSync(k, v)', function (v) { return wx.setStorageSync('k', v); }],
  ['getStorageSync', function (v) { return wx.getStorageSync(v); }],
  ['removeStorageSync', function (v) { return wx.removeStorageSync(v); }],
  ['batchSetStorageSync', function (v) { return wx.batchSetStorageSync(v); }],
  ['batchGetStorageSync', function (v) { return wx.batchGetStorageSync(v); }],
  ['getSystemInfoSync', function (v) { return wx.getSystemInfoSync(v); }],
  ['getWindowInfo', function (v) { return wx.getWindowInfo(v); }],
  ['canIUse', function (v) { return wx.canIUse(v); }],
  ['nextTick', function (v) { return wx.nextTick(v); }],
  ['arrayBufferToBase64', function (v) { return wx.arrayBufferToBase64(v); }],
  ['base64ToArrayBuffer', function (v) { return wx.base64ToArrayBuffer(v); }],
  ['getLogManager', function (v) { return wx.getLogManager(v); }],
];

test('async functions: throw at once, or exactly one of success/fail then complete', function () {
  var pending = [];
  Object.keys(ASYNC).forEach(function (api) {
    var base = ASYNC[api][0];
    var params = [null].concat(ASYNC[api][1]); // null: the value is the whole options argument
    params.forEach(function (param) {
      VALUES.forEach(function (entry) {
        var label = 'wx.' + api + (param ? ' with ' + param + ' = ' : ' with options ') + entry[0];
        var log = [];
        var withCallbacks = O.options(base, param, entry[1](), log);
        var threw = false;
        var ret;
        try {
          ret = wx[api](withCallbacks);
        } catch (e) {
          threw = true;
        }
        if (param === null) {
          // No callbacks of ours: a Promise (or nothing, if the call threw) is returned.
          if (!threw && ret && typeof ret.then === 'function') {
            pending.push(ret.then(function (res) { return [label, 'resolved', res]; }, function (res) { return [label, 'rejected', res]; }));
          }
          return;
        }
        pending.push(O.settled(api, label, log, threw));
      });
    });
  });
  return Promise.all(pending).then(function (results) {
    results.forEach(function (r) {
      if (!Array.isArray(r)) return;
      var res = r[2];
      assert.ok(res && typeof res.errMsg === 'string', r[0] + ': settles with a res');
    });
    assert.deepEqual(internal, [], 'no internal error');
    assert.deepEqual(unhandled.map(show), [], 'no unhandled rejection');
    wx.clearStorageSync();
  });
}, LONG);

test('sync functions return or throw, never an internal error', function () {
  SYNC.forEach(function (f) {
    VALUES.forEach(function (entry) {
      try {
        f[1](entry[1]());
      } catch (e) {
        // A *Sync failure or what reading the value threw: both are the script's to catch.
      }
    });
  });
  return sleep(10).then(function () {
    assert.deepEqual(internal, [], 'no internal error');
    wx.clearStorageSync();
  });
}, LONG);

function show(v) {
  try { return JSON.stringify(v); } catch (e) { return String(v); }
}
