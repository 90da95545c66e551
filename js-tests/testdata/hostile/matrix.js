// The tables of the generated argument tests (js-tests/hostile/every_value.js and wxapi's
// Go tests): a value of every JavaScript type with the hostile variants of each, and, for
// every wx function that takes an options object, each of its parameters.
//
// values(wsURL) returns [name, factory] pairs; each factory makes a fresh value, so a
// test may mutate or freeze what it gets. A parameter is [name, set]: set(options, value)
// puts value into a copy of options where that parameter goes and returns the argument
// to pass.

// Every name an option could be read under: the objects below throw for all of them.
var OPTION_NAMES = ['url', 'header', 'protocols', 'timeout', 'tcpNoDelay', 'perMessageDeflate',
  'forceCellularNetwork', 'enableProfile', 'method', 'data', 'code', 'reason', 'success',
  'fail', 'complete', 'allowDefault', 'onLaunch', 'onShow', 'onError', 'onUnhandledRejection',
  'X-Header'];

function boom(what) {
  return function () { throw new Error('hostile ' + what); };
}

// throwingGetters is an object whose every option is a getter that throws.
function throwingGetters() {
  var o = {};
  OPTION_NAMES.forEach(function (name) {
    Object.defineProperty(o, name, { get: boom('getter ' + name), enumerable: true, configurable: true });
  });
  return o;
}

// throwingProxy is a Proxy whose every trap throws.
function throwingProxy(target) {
  var handler = {};
  ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty',
   'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'].forEach(function (trap) {
    handler[trap] = boom('trap ' + trap);
  });
  return new Proxy(target || {}, handler);
}

function revokedProxy() {
  var r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

function cyclic() {
  var o = { name: 'cyclic' };
  o.self = o;
  o.list = [o];
  return o;
}

function throwingElement() {
  var a = ['p1'];
  Object.defineProperty(a, 1, { get: boom('element getter'), enumerable: true });
  return a;
}

// A string of several MiB, made once: strings are immutable, so one can be shared.
var huge;
function hugeString() {
  if (huge === undefined) huge = 'x'.repeat(3 << 20);
  return huge;
}

function values(wsURL) {
  var url = wsURL + '/echo';
  return [
    ['undefined', function () { return undefined; }],
    ['null', function () { return null; }],
    ['true', function () { return true; }],
    ['false', function () { return false; }],
    ['0', function () { return 0; }],
    ['-0', function () { return -0; }],
    ['NaN', function () { return NaN; }],
    ['Infinity', function () { return Infinity; }],
    ['-Infinity', function () { return -Infinity; }],
    ['1e300', function () { return 1e300; }],
    ['-1', function () { return -1; }],
    ['2**53', function () { return Math.pow(2, 53); }],
    ['2**64', function () { return Math.pow(2, 64); }],
    ['Number.MAX_VALUE', function () { return Number.MAX_VALUE; }],
    ['Number.MIN_VALUE', function () { return Number.MIN_VALUE; }],
    ['0.5', function () { return 0.5; }],
    ['4000.5', function () { return 4000.5; }],
    ['1000', function () { return 1000; }],
    ['4001', function () { return 4001; }],
    ['""', function () { return ''; }],
    ['a huge string', hugeString],
    ['a lone high surrogate', function () { return '\uD800'; }],
    ['a lone low surrogate', function () { return 'a\uDC00b'; }],
    ['a reversed surrogate pair', function () { return '\uDC00\uD800'; }],
    ['NUL, U+FFFE and U+FFFD', function () { return '\u0000\uFFFE\uFFFD'; }],
    ['CR LF', function () { return 'v\r\nX-Injected: 1'; }],
    ['a token "p1"', function () { return 'p1'; }],
    ['a quoted string', function () { return 'a"b\'c'; }],
    ['the echo URL', function () { return url; }],
    ['an https URL', function () { return 'https://127.0.0.1/'; }],
    ['Symbol()', function () { return Symbol(); }],
    ['Symbol("u")', function () { return Symbol('u'); }],
    ['Symbol.iterator', function () { return Symbol.iterator; }],
    ['10n', function () { return BigInt(10); }],
    ['2n**100n', function () { return BigInt(2) ** BigInt(100); }],
    ['{}', function () { return {}; }],
    ['Object.create(null)', function () { return Object.create(null); }],
    ['a frozen object', function () { return Object.freeze({ frozen: 'yes' }); }],
    ['a cyclic object', cyclic],
    ['getters that throw', throwingGetters],
    ['[]', function () { return []; }],
    ['["p1", "p2"]', function () { return ['p1', 'p2']; }],
    ['an array of length 2**32-1', function () { return new Array(4294967295); }],
    ['an array with a throwing element', throwingElement],
    ['a function', function () { return function () {}; }],
    ['an arrow function', function () { return () => 1; }],
    ['a bound function', function () { return function () {}.bind(null); }],
    ['a class', function () { return class Hostile {}; }],
    ['an async function', function () { return async function () {}; }],
    ['new Proxy({}, {})', function () { return new Proxy({}, {}); }],
    ['a Proxy whose traps throw', function () { return throwingProxy({}); }],
    ['a callable Proxy whose traps throw', function () { return throwingProxy(function () {}); }],
    ['a revoked Proxy', revokedProxy],
    ['a Proxy of an array', function () { return new Proxy(['p1'], {}); }],
    ['a Proxy of an ArrayBuffer', function () { return new Proxy(new ArrayBuffer(2), {}); }],
    ['new ArrayBuffer(0)', function () { return new ArrayBuffer(0); }],
    ['new ArrayBuffer(3)', function () { return new Uint8Array([1, 2, 3]).buffer; }],
    ['new Uint8Array(2)', function () { return new Uint8Array(2); }],
    ['new Float64Array(1)', function () { return new Float64Array([1.5]); }],
    ['new BigInt64Array(1)', function () { return new BigInt64Array(1); }],
    ['a DataView', function () { return new DataView(new ArrayBuffer(2)); }],
    ['new Date(0)', function () { return new Date(0); }],
    ['an invalid Date', function () { return new Date(NaN); }],
    ['a RegExp', function () { return /ws:\/\//g; }],
    ['a Map', function () { return new Map([['url', url]]); }],
    ['a Set', function () { return new Set(['p1']); }],
    ['a WeakMap', function () { return new WeakMap(); }],
    ['a Promise', function () { return Promise.resolve(1); }],
    ['an Error', function () { return new Error('value'); }],
    ['an arguments object', function () { return (function () { return arguments; })('p1', 2); }],
    ['new String("")', function () { return new String(''); }],
    ['new String(echo URL)', function () { return new String(url); }],
    ['new Number(4001)', function () { return new Number(4001); }],
    ['new Number(NaN)', function () { return new Number(NaN); }],
    ['new Number(1e300)', function () { return new Number(1e300); }],
    ['new Boolean(false)', function () { return new Boolean(false); }],
    ['new Boolean(true)', function () { return new Boolean(true); }],
    ['Object(Symbol())', function () { return Object(Symbol('boxed')); }],
    ['Object(10n)', function () { return Object(BigInt(10)); }],
    ['a throwing toString', function () { return { toString: boom('toString') }; }],
    ['a throwing valueOf', function () { return { valueOf: boom('valueOf') }; }],
    ['a throwing Symbol.toPrimitive', function () { var o = {}; o[Symbol.toPrimitive] = boom('toPrimitive'); return o; }],
    ['a throwing Symbol.toStringTag getter', function () {
      var o = {};
      Object.defineProperty(o, Symbol.toStringTag, { get: boom('toStringTag') });
      return o;
    }],
    ['a Symbol.toStringTag of "String"', function () { var o = {}; o[Symbol.toStringTag] = 'String'; return o; }],
  ];
}

function copy(o) {
  var c = {};
  Object.keys(o).forEach(function (k) { c[k] = o[k]; });
  return c;
}

// option is the parameter `name` of the options object.
function option(name) {
  return [name, function (o, v) { var c = copy(o); c[name] = v; return c; }];
}

function options(names) {
  return names.map(option);
}

var CALLBACKS = options(['success', 'fail', 'complete']);
var WHOLE = ['the options argument', function (o, v) { return v; }];

var params = {
  connectSocket: [WHOLE].concat(options(['url', 'header']), [
    ['a header value', function (o, v) { var c = copy(o); c.header = { 'X-Value': v }; return c; }],
    ['protocols', option('protocols')[1]],
    ['a protocols element', function (o, v) { var c = copy(o); c.protocols = [v]; return c; }],
  ], options(['timeout', 'tcpNoDelay', 'perMessageDeflate', 'forceCellularNetwork', 'enableProfile',
    'method', 'data']), CALLBACKS),
  send: [WHOLE, option('data')].concat(CALLBACKS),
  close: [WHOLE, option('code'), option('reason')].concat(CALLBACKS),
};

module.exports = { values: values, params: params, OPTION_NAMES: OPTION_NAMES };
