// The storage API's calls: sync and async forms, callbacks and Promises, errMsg texts,
// parameter errors, the 1 MB / 10 MB limits, the batch APIs and call order.

function calls(log) {
  return {
    success: function (res) { log.push(['success', res]); },
    fail: function (res) { log.push(['fail', res]); },
    complete: function (res) { log.push(['complete', res]); },
  };
}

function withCallbacks(fn, opts) {
  var log = [];
  var cb = calls(log);
  var o = {};
  Object.keys(opts || {}).forEach(function (k) { o[k] = opts[k]; });
  o.success = cb.success; o.fail = cb.fail; o.complete = cb.complete;
  var ret = fn(o);
  assert.equal(ret, undefined, 'returns undefined with callbacks');
  assert.deepEqual(log, [], 'callbacks come on a later turn');
  return waitFor(function () { return log.length === 2; }, 'the callbacks').then(function () {
    assert.ok(log[0][1] === log[1][1], 'success|fail and complete get the same res');
    return log;
  });
}

test('setStorage / getStorage with callbacks: ok, then complete, on a later turn', function () {
  wx.clearStorageSync();
  return withCallbacks(wx.setStorage, { key: 'k', data: { a: 1 } }).then(function (log) {
    assert.deepEqual(log.map(function (e) { return e[0]; }), ['success', 'complete']);
    assert.deepEqual(log[0][1], { errMsg: 'setStorage:ok' });
    return withCallbacks(wx.getStorage, { key: 'k' });
  }).then(function (log) {
    assert.deepEqual(log[0], ['success', { errMsg: 'getStorage:ok', data: { a: 1 } }]);
  });
});

test('getStorage of a missing key fails with "getStorage:fail data not found"; getStorageSync returns ""', function () {
  wx.clearStorageSync();
  assert.equal(wx.getStorageSync('missing'), '');
  return withCallbacks(wx.getStorage, { key: 'missing' }).then(function (log) {
    assert.deepEqual(log[0], ['fail', { errMsg: 'getStorage:fail data not found' }]);
    return wx.getStorage({ key: 'missing' }).then(function () { assert.fail('resolved'); }, function (res) {
      assert.deepEqual(res, { errMsg: 'getStorage:fail data not found' });
    });
  });
});

test('without callbacks every async storage API returns a Promise', function () {
  wx.clearStorageSync();
  var p = wx.setStorage({ key: 'p', data: 'v' });
  assert.ok(p instanceof Promise);
  return p.then(function (res) {
    assert.deepEqual(res, { errMsg: 'setStorage:ok' });
    return wx.getStorage({ key: 'p' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'getStorage:ok', data: 'v' });
    return wx.getStorageInfo();
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'getStorageInfo:ok', keys: ['p'], currentSize: 1, limitSize: 10240 });
    return wx.removeStorage({ key: 'p' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'removeStorage:ok' });
    assert.equal(wx.getStorageSync('p'), '');
    return wx.removeStorage({ key: 'never there' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'removeStorage:ok' }, 'removing a missing key is ok');
    wx.setStorageSync('x', 1);
    return wx.clearStorage();
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'clearStorage:ok' });
    assert.deepEqual(wx.getStorageInfoSync().keys, []);
    return wx.clearStorage(); // no argument at all
  });
});

test('calls apply in call order: a sync read right after an async write sees it', function () {
  wx.clearStorageSync();
  var order = [];
  wx.setStorage({ key: 'o', data: 1, success: function () { order.push('set1'); } });
  wx.setStorage({ key: 'o', data: 2, success: function () { order.push('set2'); } });
  assert.equal(wx.getStorageSync('o'), 2);
  wx.removeStorage({ key: 'o', success: function () { order.push('remove'); } });
  wx.getStorage({ key: 'o', fail: function (res) { order.push(res.errMsg); } });
  wx.setStorageSync('o', 3);
  return waitFor(function () { return order.length === 4; }, 'the callbacks').then(function () {
    assert.deepEqual(order, ['set1', 'set2', 'remove', 'getStorage:fail data not found']);
    assert.equal(wx.getStorageSync('o'), 3);
  });
});

test('getStorageInfoSync: keys in byte order, sizes in KB rounded up, limit 10240', function () {
  wx.clearStorageSync();
  assert.deepEqual(wx.getStorageInfoSync(), { keys: [], currentSize: 0, limitSize: 10240 });
  wx.setStorageSync('b', 'x'.repeat(1500));
  wx.setStorageSync('a', 1);
  wx.setStorageSync('Z', true);
  // b: 1 + 1500, a: 1 + 1, Z: 1 + 4 → 1508 bytes → 2 KB
  assert.deepEqual(wx.getStorageInfoSync(), { keys: ['Z', 'a', 'b'], currentSize: 2, limitSize: 10240 });
});

test('parameter errors: async forms fail with errno 1001, sync forms throw the same errMsg', function () {
  wx.clearStorageSync();
  var cases = [
    [wx.setStorage, { data: 1 }, 'setStorage:fail parameter error: parameter.key should be String instead of Undefined;'],
    [wx.setStorage, { key: 1, data: 1 }, 'setStorage:fail parameter error: parameter.key should be String instead of Number;'],
    [wx.getStorage, { key: null }, 'getStorage:fail parameter error: parameter.key should be String instead of Null;'],
    [wx.removeStorage, { key: new String('k') }, 'removeStorage:fail parameter error: parameter.key should be String instead of String;'],
    [wx.batchSetStorage, { kvList: {} }, 'batchSetStorage:fail parameter error: parameter.kvList should be Array instead of Object;'],
    [wx.batchSetStorage, { kvList: [{ key: 'a', value: 1 }, { value: 2 }] }, 'batchSetStorage:fail parameter error: parameter.kvList[1].key should be String instead of Undefined;'],
    [wx.batchSetStorage, { kvList: ['a'] }, 'batchSetStorage:fail parameter error: parameter.kvList[0] should be Object instead of String;'],
    [wx.batchGetStorage, { keyList: 'a' }, 'batchGetStorage:fail parameter error: parameter.keyList should be Array instead of String;'],
    [wx.batchGetStorage, { keyList: ['a', 2] }, 'batchGetStorage:fail parameter error: parameter.keyList[1] should be String instead of Number;'],
  ];
  cases.forEach(function (c) {
    var log = [];
    var o = Object.assign({}, c[1], calls(log));
    c[0](o);
    // A parameter error is reported before the call returns, as WeChat's check does.
    assert.deepEqual(log, [['fail', { errMsg: c[2], errno: 1001 }], ['complete', { errMsg: c[2], errno: 1001 }]], c[2]);
  });
  var sync = [
    [function () { wx.setStorageSync(1, 'x'); }, 'setStorageSync:fail parameter error: parameter.key should be String instead of Number;'],
    [function () { wx.getStorageSync(); }, 'getStorageSync:fail parameter error: parameter.key should be String instead of Undefined;'],
    [function () { wx.removeStorageSync({}); }, 'removeStorageSync:fail parameter error: parameter.key should be String instead of Object;'],
    [function () { wx.batchSetStorageSync('x'); }, 'batchSetStorageSync:fail parameter error: parameter.kvList should be Array instead of String;'],
    [function () { wx.batchGetStorageSync([1]); }, 'batchGetStorageSync:fail parameter error: parameter.keyList[0] should be String instead of Number;'],
  ];
  sync.forEach(function (c) {
    assert.throws(c[0], function (e) {
      assert.ok(e instanceof Error, 'an Error');
      assert.equal(e.message, c[1]);
      assert.equal(e.errno, 1001);
    }, c[1]);
  });
  assert.deepEqual(wx.getStorageInfoSync().keys, [], 'nothing was stored');
});

test('the key option is read once, before anything else', function () {
  wx.clearStorageSync();
  var reads = 0;
  var o = { data: 'd' };
  Object.defineProperty(o, 'key', { get: function () { reads++; return 'once'; } });
  return wx.setStorage(o).then(function () {
    assert.equal(reads, 1);
    assert.equal(wx.getStorageSync('once'), 'd');
  });
});

test('1 MB per key: exactly 1 MB is stored, one byte more fails with "exceed storage item max length"', function () {
  wx.clearStorageSync();
  var mb = 'x'.repeat(1024 * 1024);
  wx.setStorageSync('full', mb);
  assert.equal(wx.getStorageSync('full').length, mb.length);
  // The limit counts bytes of the stored text: 2 bytes per 'é' in UTF-8.
  assert.throws(function () { wx.setStorageSync('over', mb + 'y'); }, function (e) {
    assert.equal(e.message, 'setStorageSync:fail exceed storage item max length');
  });
  assert.throws(function () { wx.setStorageSync('over', 'é'.repeat(512 * 1024 + 1)); }, function (e) {
    assert.equal(e.message, 'setStorageSync:fail exceed storage item max length');
  });
  return wx.setStorage({ key: 'over', data: [mb] }).then(function () { assert.fail('stored'); }, function (res) {
    assert.deepEqual(res, { errMsg: 'setStorage:fail exceed storage item max length' });
    assert.equal(wx.getStorageSync('over'), '', 'nothing stored');
    assert.equal(wx.getStorageSync('full').length, mb.length, 'the earlier value is intact');
  });
});

test('10 MB per project: the write that would pass it fails with "exceed storage max size 10Mb"', function () {
  wx.clearStorageSync();
  var chunk = 'z'.repeat(1024 * 1024 - 8);
  for (var i = 0; i < 10; i++) wx.setStorageSync('chunk' + i, chunk); // 10 × (6 + 1048568) bytes
  assert.equal(wx.getStorageInfoSync().currentSize, 10240);
  assert.throws(function () { wx.setStorageSync('one more', 'x'.repeat(200)); }, function (e) {
    assert.equal(e.message, 'setStorageSync:fail exceed storage max size 10Mb');
  });
  // Replacing a value by a smaller one is fine: the old one's size is given back.
  wx.setStorageSync('chunk0', 'small');
  wx.setStorageSync('one more', 'x'.repeat(200));
  return wx.setStorage({ key: 'big', data: chunk }).then(function () { assert.fail('stored'); }, function (res) {
    assert.deepEqual(res, { errMsg: 'setStorage:fail exceed storage max size 10Mb' });
    return wx.batchSetStorage({ kvList: [{ key: 'b1', value: 'ok' }, { key: 'b2', value: chunk }] });
  }).then(function () { assert.fail('stored'); }, function (res) {
    assert.deepEqual(res, { errMsg: 'batchSetStorage:fail exceed storage max size 10Mb' });
    assert.equal(wx.getStorageSync('b1'), '', 'a batch is all or nothing');
    wx.clearStorageSync();
  });
});

test('batchSetStorage / batchGetStorage and their sync forms', function () {
  wx.clearStorageSync();
  wx.batchSetStorageSync([{ key: 'a', value: 1 }, { key: 'b', value: new Date(5) }, { key: 'a', value: 'last wins' }]);
  var got = wx.batchGetStorageSync(['a', 'missing', 'b']);
  assert.equal(got.length, 3);
  assert.equal(got[0], 'last wins');
  assert.equal(got[1], '', 'a missing key is ""');
  assert.ok(got[2] instanceof Date && got[2].getTime() === 5);
  assert.deepEqual(wx.batchGetStorageSync([]), []);
  return wx.batchSetStorage({ kvList: [{ key: 'c', value: { x: [1] } }] }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'batchSetStorage:ok' });
    return wx.batchGetStorage({ keyList: ['c', 'nope'] });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'batchGetStorage:ok', dataList: [{ x: [1] }, ''] });
  });
});

test('sync forms return what WeChat returns', function () {
  wx.clearStorageSync();
  assert.equal(wx.setStorageSync('k', 'v'), undefined);
  assert.equal(wx.removeStorageSync('k'), undefined);
  assert.equal(wx.clearStorageSync(), undefined);
  assert.equal(wx.batchSetStorageSync([]), undefined);
});

test('a value far over 1 MB fails without being walked whole: an array of length 2**32-1', function () {
  wx.clearStorageSync();
  assert.throws(function () { wx.setStorageSync('huge', new Array(4294967295)); }, function (e) {
    assert.equal(e.message, 'setStorageSync:fail exceed storage item max length');
  });
  return wx.setStorage({ key: 'huge', data: { nested: new Array(4294967295) } }).then(function () { assert.fail('stored'); }, function (res) {
    assert.deepEqual(res, { errMsg: 'setStorage:fail exceed storage item max length' });
  });
}, { timeout: 60000 }); // a million values visited: seconds under the race detector
