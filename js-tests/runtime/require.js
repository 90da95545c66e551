// logic-layer spec §10.1: CommonJS per file, resolution, caching, cycles, npm via
// miniprogram_npm, ESM and TypeScript transformed on load with original stack positions.

var base = '../testdata/modules/';

test('relative requires with and without .js, cached after the first evaluation', function () {
  var a = require(base + 'utils/counter');
  var b = require(base + 'utils/counter.js');
  assert.ok(a === b, 'same exports object');
  assert.equal(a.next(), 1);
  assert.equal(b.next(), 2);
  assert.equal(global.counterLoads, 1, 'evaluated once');
});

test('a path starting with / resolves from the mini program root', function () {
  var a = require('/testdata/modules/utils/counter');
  assert.ok(a === require(base + 'utils/counter'));
});

test('bare names resolve through miniprogram_npm, from a page two levels down', function () {
  var page = require(base + 'pages/index/index');
  assert.equal(page.lib, 'tiny-lib');
  assert.equal(typeof page.next, 'number');
});

test('cycles behave as CommonJS: the second module sees partial exports', function () {
  var a = require(base + 'utils/cycle-a');
  assert.equal(a.sawB, 'b');
  assert.equal(a.bSawA, 'a');
});

test('JSON files load', function () {
  assert.deepEqual(require(base + 'data.json'), { name: 'fixture', list: [1, 2, 3] });
});

test('a missing module throws the WeChat error text', function () {
  assert.throws(function () { require('./no-such-module'); }, function (e) {
    assert.match(e.message, /^module 'runtime\/no-such-module\.js' is not defined, require args is '\.\/no-such-module'/);
  });
});

test('a require that leaves the project root is refused', function () {
  assert.throws(function () { require('../../../etc/passwd'); }, function (e) {
    assert.match(e.message, /outside the mini program root/);
  });
});

test('TypeScript runs unchanged: types, enums, default parameters', function () {
  var f = require(base + 'utils/format.ts');
  assert.equal(f.format({ x: 1, y: 2 }), '1rpx,2rpx');
  assert.equal(f.Unit.Px, 'px');
});

test('ES module syntax runs unchanged: default and named exports, imports', function () {
  var m = require(base + 'utils/esm');
  assert.equal(m.answer, 42);
  assert.equal(m.default({ x: 3, y: 4 }), 'point 3px,4px');
});

test('stack traces from TypeScript and ESM point at the original lines', function () {
  var f = require(base + 'utils/format');
  var e = assert.throws(function () { f.fail('nope'); });
  assert.match(e.stack, /testdata\/modules\/utils\/format\.ts:7:9/);
  var m = require(base + 'utils/esm');
  e = assert.throws(function () { m.boom(); });
  assert.match(e.stack, /testdata\/modules\/utils\/esm\.js:7:9/);
});

test('module, exports and require are per file; this at top level is module.exports', function () {
  assert.equal(typeof module, 'object');
  assert.ok(module.exports === exports);
  assert.equal(typeof require, 'function');
  assert.equal(typeof __filename, 'undefined');
  assert.equal(typeof __dirname, 'undefined');
});
