// Storage values round-trip as in WeChat's base library (README decision 23): each value
// is stored as its type tag and a string, so top-level Dates come back as Dates, objects
// through JSON (a nested Date becomes its ISO string), ArrayBuffers as new ArrayBuffers.

function roundTrip(v) {
  wx.setStorageSync('v', v);
  return wx.getStorageSync('v');
}

test('primitives come back as they were', function () {
  wx.clearStorageSync();
  ['', 'text', '中文 ✓', 'line\nbreak\u0000nul'].forEach(function (s) {
    assert.equal(roundTrip(s), s);
  });
  [0, 1, -1.5, 1e300, -1e-300, 2 ** 53, Infinity, -Infinity].forEach(function (n) {
    assert.equal(roundTrip(n), n);
  });
  assert.ok(Number.isNaN(roundTrip(NaN)), 'NaN');
  assert.equal(roundTrip(true), true);
  assert.equal(roundTrip(false), false);
  assert.equal(roundTrip(null), null);
  assert.equal(roundTrip(undefined), undefined);
});

test('a Date comes back as a Date with the same time; an invalid Date as an invalid Date', function () {
  wx.clearStorageSync();
  var d = new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
  var got = roundTrip(d);
  assert.ok(got instanceof Date, 'a Date');
  assert.equal(got.getTime(), d.getTime());
  assert.ok(got !== d, 'a new object');
  var bad = roundTrip(new Date(NaN));
  assert.ok(bad instanceof Date && Number.isNaN(bad.getTime()), 'invalid Date');
});

test('objects and arrays go through JSON: nested Dates become strings, functions and undefined vanish', function () {
  wx.clearStorageSync();
  var when = new Date(Date.UTC(2020, 0, 2));
  var v = { a: 1, s: 'x', nested: { list: [1, 'two', null, { deep: true }] }, when: when, f: function () {}, u: undefined };
  assert.deepEqual(roundTrip(v), { a: 1, s: 'x', nested: { list: [1, 'two', null, { deep: true }] }, when: '2020-01-02T00:00:00.000Z' });
  assert.deepEqual(roundTrip([1, [2, [3]], { x: 'y' }, undefined]), [1, [2, [3]], { x: 'y' }, null]);
  assert.ok(Array.isArray(roundTrip([])), 'an array stays an array');
  // toJSON is honoured, as JSON.stringify does.
  assert.deepEqual(roundTrip({ toJSON: function () { return { via: 'toJSON' }; } }), { via: 'toJSON' });
  // A Map and a class instance are plain JSON.
  function Point(x) { this.x = x; }
  var p = roundTrip(new Point(3));
  assert.deepEqual(p, { x: 3 });
  assert.ok(Object.getPrototypeOf(p) === Object.prototype, 'a plain object');
  assert.deepEqual(roundTrip(new Map([[1, 2]])), {});
});

test('an ArrayBuffer comes back as a new ArrayBuffer with the same bytes; inside an object it is {}', function () {
  wx.clearStorageSync();
  var ab = new Uint8Array([0, 1, 127, 128, 255]).buffer;
  var got = roundTrip(ab);
  assert.ok(got instanceof ArrayBuffer, 'an ArrayBuffer');
  assert.deepEqual(Array.from(new Uint8Array(got)), [0, 1, 127, 128, 255]);
  assert.ok(got !== ab, 'a copy');
  assert.deepEqual(roundTrip({ ab: ab }), { ab: {} });
  assert.equal(roundTrip(new ArrayBuffer(0)).byteLength, 0);
  // A typed array is an object: JSON gives its indices.
  assert.deepEqual(roundTrip(new Uint8Array([5, 6])), { 0: 5, 1: 6 });
});

test('functions and symbols are stored as undefined', function () {
  wx.clearStorageSync();
  assert.equal(roundTrip(function () {}), undefined);
  assert.equal(roundTrip(Symbol('s')), undefined);
  assert.deepEqual(wx.getStorageInfoSync().keys, ['v'], 'the key exists');
});

test('the value is copied when stored: changing the object afterwards changes nothing', function () {
  wx.clearStorageSync();
  var o = { n: 1 };
  wx.setStorageSync('o', o);
  o.n = 2;
  var ab = new Uint8Array([1]).buffer;
  wx.setStorageSync('ab', ab);
  new Uint8Array(ab)[0] = 9;
  assert.deepEqual(wx.getStorageSync('o'), { n: 1 });
  assert.equal(new Uint8Array(wx.getStorageSync('ab'))[0], 1);
  // And each read is a new object.
  var a = wx.getStorageSync('o');
  a.n = 3;
  assert.deepEqual(wx.getStorageSync('o'), { n: 1 });
});

test('a value JSON.stringify refuses throws its TypeError out of the call, sync and async, and nothing is stored', function () {
  wx.clearStorageSync();
  var cyclic = {};
  cyclic.self = cyclic;
  assert.throws(function () { wx.setStorageSync('c', cyclic); }, function (e) { assert.ok(e instanceof TypeError, String(e)); });
  assert.throws(function () { wx.setStorageSync('c', 10n); }, function (e) { assert.ok(e instanceof TypeError, String(e)); });
  var called = [];
  assert.throws(function () {
    wx.setStorage({ key: 'c', data: cyclic, success: function () { called.push('s'); }, fail: function () { called.push('f'); }, complete: function () { called.push('c'); } });
  }, function (e) { assert.ok(e instanceof TypeError, String(e)); });
  assert.throws(function () {
    wx.setStorage({ key: 'c', data: { toJSON: function () { throw new Error('toJSON boom'); } } });
  }, function (e) { assert.equal(e.message, 'toJSON boom'); });
  return sleep(20).then(function () {
    assert.deepEqual(called, [], 'no callback');
    assert.deepEqual(wx.getStorageInfoSync().keys, []);
  });
});
