// The harness itself: assert.deepEqual must tell apart the values the socket tests compare
// (ArrayBuffers, typed arrays, Maps, Sets, …), and its failure messages must show them.

function differ(a, b, what) {
  assert.notDeepEqual(a, b, what);
  assert.notDeepEqual(b, a, what + ' (swapped)');
  assert.throws(function () { assert.deepEqual(a, b); }, null, what + ': deepEqual must throw');
}

function same(a, b, what) {
  assert.deepEqual(a, b, what);
  assert.deepEqual(b, a, what + ' (swapped)');
  assert.throws(function () { assert.notDeepEqual(a, b); }, null, what + ': notDeepEqual must throw');
}

function buf(bytes) { return new Uint8Array(bytes).buffer; }

test('ArrayBuffers are compared by their bytes', function () {
  same(buf([1, 2, 3]), buf([1, 2, 3]), 'equal bytes');
  same(new ArrayBuffer(0), new ArrayBuffer(0), 'empty');
  differ(buf([1, 2, 3]), buf([1, 2, 4]), 'one byte differs');
  differ(buf([1, 2, 3]), buf([1, 2]), 'different lengths');
  differ(new ArrayBuffer(2), buf([0, 1]), 'zeros against data');
  same({ data: buf([7]) }, { data: buf([7]) }, 'nested');
  differ({ data: buf([7]) }, { data: buf([8]) }, 'nested, different');
  differ([buf([1])], [buf([2])], 'in an array');
});

test('typed arrays and DataViews are compared by the bytes they view, and by type', function () {
  same(new Uint8Array([1, 2]), new Uint8Array([1, 2]), 'Uint8Array');
  differ(new Uint8Array([1, 2]), new Uint8Array([1, 3]), 'Uint8Array content');
  differ(new Uint8Array([1, 2]), new Int8Array([1, 2]), 'type');
  differ(new Uint8Array([1, 2]), buf([1, 2]), 'view against buffer');
  same(new DataView(buf([5, 6])), new DataView(buf([5, 6])), 'DataView');
  differ(new DataView(buf([5, 6])), new DataView(buf([5, 7])), 'DataView content');
  // Only the viewed range counts.
  same(new Uint8Array(buf([9, 1, 2, 9]), 1, 2), new Uint8Array([1, 2]), 'a window on a larger buffer');
  differ(new DataView(buf([0, 1, 2]), 1), new DataView(buf([0, 1, 3]), 1), 'DataView window');
});

test('Maps are compared by their entries, in any order', function () {
  same(new Map([['a', 1], ['b', 2]]), new Map([['a', 1], ['b', 2]]), 'equal');
  same(new Map([['a', 1], ['b', 2]]), new Map([['b', 2], ['a', 1]]), 'insertion order does not count');
  same(new Map(), new Map(), 'empty');
  differ(new Map([['a', 1]]), new Map([['a', 2]]), 'value differs');
  differ(new Map([['a', 1]]), new Map([['b', 1]]), 'key differs');
  differ(new Map([['a', 1]]), new Map([['a', 1], ['b', 2]]), 'sizes differ');
  differ(new Map(), new Map([['a', 1]]), 'empty against one');
  differ(new Map([[1, 'x']]), new Map([['1', 'x']]), 'number key against string key');
  same(new Map([[{ k: 1 }, buf([1])]]), new Map([[{ k: 1 }, buf([1])]]), 'object keys by value');
  differ(new Map([['a', buf([1])]]), new Map([['a', buf([2])]]), 'buffer values');
});

test('Sets are compared by their members, in any order', function () {
  same(new Set([1, 2, 3]), new Set([3, 2, 1]), 'order does not count');
  same(new Set([NaN]), new Set([NaN]), 'NaN');
  differ(new Set([1, 2]), new Set([1, 3]), 'member differs');
  differ(new Set([1]), new Set([1, 2]), 'sizes differ');
  differ(new Set(), new Set([undefined]), 'empty against undefined');
  same(new Set([{ a: 1 }, { a: 2 }]), new Set([{ a: 2 }, { a: 1 }]), 'object members by value');
  differ(new Set([{ a: 1 }, { a: 1 }]), new Set([{ a: 1 }, { a: 2 }]), 'each member matched once');
});

test('Dates by time, RegExps by source and flags', function () {
  same(new Date(1000), new Date(1000), 'Date');
  differ(new Date(1000), new Date(1001), 'Date time');
  same(new Date(NaN), new Date(NaN), 'invalid Dates');
  same(/a+b/g, /a+b/g, 'RegExp');
  differ(/a+b/g, /a+b/i, 'RegExp flags');
  differ(/a+b/, /a+c/, 'RegExp source');
});

test('plain values keep their rules', function () {
  same({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }, 'nested objects');
  differ({ a: 1 }, { a: 1, b: undefined }, 'an extra key');
  differ([1, 2], [1, 2, 3], 'array length');
  differ([], {}, 'array against object');
  same(NaN, NaN, 'NaN');
  differ(1, '1', 'number against string');
  differ(null, undefined, 'null against undefined');
  var a = { x: 1 }; a.self = a;
  var b = { x: 1 }; b.self = b;
  same(a, b, 'cycles');
});

test('failure messages show the contents', function () {
  function message(f) { return assert.throws(f).message; }
  assert.equal(message(function () { assert.deepEqual(buf([1, 255]), buf([1, 2])); }),
    'expected ArrayBuffer(2) <01 02>, got ArrayBuffer(2) <01 ff>');
  assert.equal(message(function () { assert.deepEqual(new Uint8Array([3]), new Uint8Array([4]), 'bytes'); }),
    'bytes: expected Uint8Array(1) [4], got Uint8Array(1) [3]');
  assert.equal(message(function () { assert.deepEqual(new Map([['a', 1]]), new Map([['a', 2]])); }),
    'expected Map(1) {"a" => 2}, got Map(1) {"a" => 1}');
  assert.equal(message(function () { assert.deepEqual(new Set([1]), new Set([2])); }),
    'expected Set(1) {2}, got Set(1) {1}');
  assert.equal(message(function () { assert.deepEqual({ d: new Date(0), r: /x/g, u: undefined }, {}); }),
    'expected {}, got {"d": Date(1970-01-01T00:00:00.000Z), "r": /x/g, "u": undefined}');
  assert.equal(message(function () { assert.notDeepEqual([buf([1])], [buf([1])]); }),
    'did not expect [ArrayBuffer(1) <01>] to deep-equal [ArrayBuffer(1) <01>]');
});
