// @wxrun expect-uncaught: Uncaught RangeError: Maximum call stack size exceeded
// logic-layer spec §10.2–10.3: which globals exist, the shared `global`, no dynamic code.

test('browser and Node globals do not exist in the logic layer', function () {
  ['window', 'document', 'self', 'navigator', 'location', 'history', 'screen', 'frames',
   'localStorage', 'sessionStorage', 'alert', 'confirm', 'prompt', 'XMLHttpRequest', 'fetch',
   'WebSocket', 'EventSource', 'FormData', 'Blob', 'URL', 'URLSearchParams', 'atob', 'btoa',
   'requestAnimationFrame', 'performance', 'process', 'Buffer', 'setImmediate',
   'TextEncoder', 'TextDecoder', 'GoError'].forEach(function (name) {
    assert.equal(eval2(name), 'undefined', name);
  });
  function eval2(name) {
    // typeof of an undeclared identifier cannot be computed from a string without eval,
    // so look the name up on the real global object and through the module scope.
    return name in globalThis ? typeof globalThis[name] : typeof undefined;
  }
  assert.equal(typeof window, 'undefined');
  assert.equal(typeof document, 'undefined');
  assert.equal(typeof WebSocket, 'undefined');
  assert.equal(typeof XMLHttpRequest, 'undefined');
});

// shadowedTypes returns `typeof` of each name the WeChat compiler lists as an unpassed
// parameter of every file's define() wrapper (logic-layer spec §10.1), as this module sees
// it. typeof needs the identifier itself: a name in a string could only be looked up
// through eval, which does not exist.
function shadowedTypes() {
  return {
    window: typeof window, document: typeof document, frames: typeof frames, self: typeof self,
    location: typeof location, navigator: typeof navigator, localStorage: typeof localStorage,
    history: typeof history, Caches: typeof Caches, screen: typeof screen, alert: typeof alert,
    confirm: typeof confirm, prompt: typeof prompt, XMLHttpRequest: typeof XMLHttpRequest,
    WebSocket: typeof WebSocket, Reporter: typeof Reporter, webkit: typeof webkit,
    WeixinJSCore: typeof WeixinJSCore, fetch: typeof fetch, print: typeof print,
    WeixinJSBridge: typeof WeixinJSBridge,
  };
}

test('the names the compiler shadows stay undefined in a module even when the global object defines them', function () {
  // Only the module wrapper can keep these undefined once real globals of the same names
  // exist (as they do under the DevTools, a browser): define them, then look again.
  var names = Object.keys(shadowedTypes());
  var expected = {};
  names.forEach(function (name) { expected[name] = 'undefined'; });
  try {
    names.forEach(function (name) { globalThis[name] = function decoy() {}; });
    names.forEach(function (name) { assert.equal(typeof globalThis[name], 'function', 'the global ' + name + ' is defined'); });
    assert.deepEqual(shadowedTypes(), expected);
  } finally {
    names.forEach(function (name) { delete globalThis[name]; });
  }
});

test('the logic-layer globals exist', function () {
  ['wx', 'App', 'getApp', 'Page', 'Component', 'Behavior', 'getCurrentPages', 'console', 'setTimeout', 'setInterval', 'clearTimeout',
   'clearInterval', 'Promise', 'JSON', 'Map', 'Set', 'WeakMap', 'Symbol', 'Reflect', 'Proxy',
   'ArrayBuffer', 'DataView', 'Uint8Array'].forEach(function (name) {
    assert.notEqual(typeof globalThis[name], 'undefined', name);
  });
});

test('global is a plain object shared by modules, not the real global object', function () {
  assert.equal(typeof global, 'object');
  assert.ok(global !== globalThis);
  global.sharedFlag = 1;
  assert.equal(globalThis.sharedFlag, undefined);
  assert.equal(require('../testdata/modules/utils/counter').loads, global.counterLoads);
});

test('eval does not exist and new Function only allows "return this"', function () {
  assert.equal(typeof eval, 'undefined');
  assert.ok(new Function('return this')() === global);
  assert.throws(function () { return new Function('a', 'return a'); }, function (e) {
    assert.equal(e.name, 'EvalError');
  });
  assert.throws(function () { return Function('return 1 + 1'); });
  assert.ok((function () {}) instanceof Function);
});

test('runaway recursion is stopped with a RangeError and the program goes on', function () {
  // The overflow ends the current task (it cannot be caught in goja), so run it in a
  // timer and observe that the next timer still fires.
  return new Promise(function (resolve) {
    var errors = [];
    wx.onError(function (msg) { errors.push(msg); });
    setTimeout(function down() { down(); }, 0);
    setTimeout(function () { // the next timer: it runs after the overflow's task ended
      assert.equal(errors.length, 1);
      assert.match(errors[0], /^RangeError: Maximum call stack size exceeded/);
      resolve();
    }, 0);
  });
});

test('built-ins replaced by wxrun keep standard property attributes', function () {
  assert.deepEqual(Object.keys(JSON), []);
  var d = Object.getOwnPropertyDescriptor(JSON, 'parse');
  assert.deepEqual([d.writable, d.enumerable, d.configurable], [true, false, true]);
  d = Object.getOwnPropertyDescriptor(JSON.parse, 'name');
  assert.deepEqual([d.value, d.writable, d.enumerable, d.configurable], ['parse', false, false, true]);
  assert.equal(Function.name, 'Function');
  assert.equal(Object.prototype.propertyIsEnumerable.call(Function.prototype, 'constructor'), false);
  assert.equal(Object.prototype.propertyIsEnumerable.call(Function, 'name'), false);
  assert.equal(Object.prototype.propertyIsEnumerable.call(require, 'name'), false);
  var keys = [];
  for (var k in (function () {})) keys.push(k);
  assert.deepEqual(keys, []);
});
