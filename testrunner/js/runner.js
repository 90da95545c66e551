// The jest globals of one test file: describe/it/test and hooks, expect, jest. It runs in
// the file's own runtime, compiled once per process, as
//
//   (function (J, host) { …this file… })
//
// J is the jest bundle (third_party/jest): expect, ModuleMocker, FakeTimers, prettyFormat,
// diff. host is the Go side (file.go): it reports results, arms the watchdog that stops a
// test that never yields, resolves and loads modules, and reads and writes snapshots. The
// function returns the runner's entry points for Go.
'use strict';

var realSetTimeout = setTimeout;
var realClearTimeout = clearTimeout;
var RealDate = Date;
var realNow = function () { return RealDate.now(); };
var expect = J.expect;
var prettyFormat = J.prettyFormat;

// ---- the test tree ----

function Block(name, parent, mode) {
  this.name = name;
  this.parent = parent;
  this.mode = mode; // 'skip', 'only' or undefined
  this.children = [];
  this.hooks = { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
}

var root = new Block('', null);
var current = root;
var hasOnly = false;
var collecting = true;
var defaultTimeout = host.config.testTimeout;
var testNamePattern = host.config.testNamePattern ? new RegExp(host.config.testNamePattern) : null;

function ancestors(node) {
  var names = [];
  for (var b = node.parent; b && b.parent; b = b.parent) names.unshift(b.name);
  return names;
}

function fullName(test) {
  return ancestors(test).concat([test.name]).join(' ');
}

// callSite is where the test or hook was declared: "file:line:col", for reports.
function callSite() {
  var stack = new Error().stack || '';
  var lines = stack.split('\n');
  for (var i = 1; i < lines.length; i++) {
    var m = /\(?([^()\s]+):(\d+):(\d+)(?:\(\d+\))?\)?\s*$/.exec(lines[i]);
    if (m && m[1].indexOf('<wxrun>/') !== 0 && m[1] !== '<native>') return { file: m[1], line: +m[2], column: +m[3] };
  }
  return null;
}

function checkCollecting(what) {
  if (!collecting) throw new Error('Cannot add a ' + what + ' while tests are running: ' + what + 's must be declared when the file is loaded.');
}

function nameOf(name) {
  if (typeof name === 'function') return name.name || '';
  return String(name);
}

function addTest(name, fn, timeout, mode, extra) {
  checkCollecting('test');
  if (mode !== 'todo' && typeof fn !== 'function') {
    throw new Error('Missing second argument. It must be a callback function.');
  }
  if (mode === 'todo' && fn !== undefined) {
    throw new Error('Todo must be called with only a description.');
  }
  if (mode === 'only') hasOnly = true;
  var test = { kind: 'test', name: nameOf(name), fn: fn, timeout: timeout, mode: mode, parent: current, where: callSite(), failing: extra && extra.failing };
  current.children.push(test);
}

function addBlock(name, fn, mode) {
  checkCollecting('describe block');
  if (typeof fn !== 'function') throw new Error('Invalid second argument, ' + fn + '. It must be a callback function.');
  if (mode === 'only') hasOnly = true;
  var block = new Block(nameOf(name), current, mode);
  current.children.push(block);
  var prev = current;
  current = block;
  try {
    var r = fn();
    if (r && typeof r.then === 'function') {
      throw new Error('Returning a Promise from "describe" is not supported. Tests must be defined synchronously.');
    }
  } finally {
    current = prev;
  }
}

function addHook(kind) {
  return function (fn, timeout) {
    checkCollecting(kind + ' hook');
    if (typeof fn !== 'function') throw new Error('Invalid first argument. It must be a callback function.');
    current.hooks[kind].push({ fn: fn, timeout: timeout, kind: kind, where: callSite() });
  };
}

// ---- .each ----

function interpolate(title, args, index) {
  var i = 0;
  var out = String(title).replace(/%([psdifjo#%])/g, function (m, f) {
    if (f === '%') return '%';
    if (f === '#') return String(index);
    if (i >= args.length) return m;
    var v = args[i++];
    switch (f) {
      case 's': return String(v);
      case 'd': case 'i': return String(f === 'i' ? Math.trunc(Number(v)) : Number(v));
      case 'f': return String(Number(v));
      case 'j': return JSON.stringify(v);
      default: return prettyFormat.format(v, { maxDepth: 1, min: true });
    }
  });
  return out;
}

function interpolateObject(title, obj, index) {
  return String(title)
    .replace(/\$#/g, String(index))
    .replace(/\$([A-Za-z_$][\w$]*(?:\.[\w$]+)*)/g, function (m, path) {
      var v = obj;
      var parts = path.split('.');
      for (var i = 0; i < parts.length; i++) {
        if (v == null || !(parts[i] in Object(v))) return m;
        v = v[parts[i]];
      }
      return prettyFormat.format(v, { maxDepth: 1, min: true });
    });
}

// eachRows turns .each's table — an array of rows or a tagged template — into a list of
// {args, title(template)}.
function eachRows(table, values) {
  if (Array.isArray(table) && table.raw !== undefined) {
    // Tagged template: the first row names the columns ("a | b | expected").
    var heading = table.join('').split('|').map(function (s) { return s.trim(); }).filter(Boolean);
    if (heading.length === 0) throw new Error('.each: the tagged template needs a heading row');
    if (values.length % heading.length !== 0) {
      throw new Error('.each: not enough arguments supplied for the given headings: ' + heading.join(' | '));
    }
    var rows = [];
    for (var r = 0; r < values.length / heading.length; r++) {
      var obj = {};
      for (var c = 0; c < heading.length; c++) obj[heading[c]] = values[r * heading.length + c];
      rows.push({ args: [obj], object: obj });
    }
    return rows;
  }
  if (!Array.isArray(table)) throw new Error('.each must be called with an Array or Tagged Template Literal.');
  var allArrays = table.every(Array.isArray);
  return table.map(function (row) {
    if (allArrays) return { args: row };
    if (row !== null && typeof row === 'object') return { args: [row], object: row, plain: true };
    return { args: [row] };
  });
}

function makeEach(register) {
  return function (table) {
    var values = Array.prototype.slice.call(arguments, 1);
    var rows = eachRows(table, values);
    return function (title, fn, timeout) {
      rows.forEach(function (row, i) {
        var name = row.object && !row.plain ? interpolateObject(title, row.object, i)
          : row.plain && !/%[psdifjo]/.test(title) ? interpolateObject(title, row.object, i)
          : interpolate(title, row.args, i);
        register(name, function () {
          return fn.apply(this, row.args.concat(Array.prototype.slice.call(arguments)));
        }, timeout, fn.length > row.args.length);
      });
    };
  };
}

function makeTestAPI() {
  var base = function (mode) {
    var f = function (name, fn, timeout) { addTest(name, fn, timeout, mode); };
    f.each = makeEach(function (name, fn, timeout, wantsDone) {
      addTest(name, wantsDone ? function (done) { return fn.call(this, done); } : fn, timeout, mode);
    });
    return f;
  };
  var test = base(undefined);
  test.only = base('only');
  test.skip = base('skip');
  test.todo = function (name) {
    if (arguments.length > 1) throw new Error('Todo must be called with only a description.');
    addTest(name, undefined, undefined, 'todo');
  };
  test.failing = function (name, fn, timeout) { addTest(name, fn, timeout, undefined, { failing: true }); };
  // .concurrent tests run one after another, which is allowed by jest's contract.
  test.concurrent = base(undefined);
  test.concurrent.only = test.only;
  test.concurrent.skip = test.skip;
  return test;
}

function makeDescribeAPI() {
  var base = function (mode) {
    var f = function (name, fn) { addBlock(name, fn, mode); };
    f.each = makeEach(function (name, fn) { addBlock(name, fn, mode); });
    return f;
  };
  var describe = base(undefined);
  describe.only = base('only');
  describe.skip = base('skip');
  return describe;
}

// ---- running ----

var currentTest = null; // the result being produced, for errors reported from Go
var results = [];

function errorInfo(e) {
  if (e && typeof e === 'object' && typeof e.message === 'string' && (e instanceof Error || 'stack' in e)) {
    var msg = e.matcherResult ? e.message : String(e.name || 'Error') + ': ' + e.message;
    if (!e.matcherResult && e.name === 'Error' && e.message && !e.stack) msg = e.message;
    return { message: msg, stack: typeof e.stack === 'string' ? e.stack : '', assertion: !!e.matcherResult, where: e.where || null };
  }
  return { message: 'thrown: ' + prettyFormat.format(e), stack: '', assertion: false };
}

function timeoutError(ms, what) {
  var e = new Error('Exceeded timeout of ' + ms + ' ms for a ' + what + '.\nAdd a timeout value to this ' + what +
    ' to increase the timeout, if this is a long-running ' + what + '. See https://jestjs.io/docs/api#testname-fn-timeout.');
  e.stack = '';
  return e;
}

// call runs a test or hook function with jest's rules for promises, done callbacks and
// timeouts, and resolves with the error it failed with (undefined if none). late receives
// errors that come after it settled (done called twice).
function call(fn, ctx, timeout, what, where, late) {
  return new Promise(function (resolve) {
    var settled = false;
    var timer;
    function finish(err) {
      if (settled) return;
      settled = true;
      realClearTimeout(timer);
      host.watchdogStop();
      resolve(err);
    }
    timer = realSetTimeout(function () { finish(withWhere(timeoutError(timeout, what), where)); }, timeout);
    host.watchdogStart(timeout, what);
    if (fn.length > 0) {
      var calls = 0;
      var done = function (reason) {
        calls++;
        if (calls > 1) {
          var e = new Error('Expected done to be called once, but it was called multiple times.' +
            (reason ? ' Reason: ' + prettyFormat.format(reason, { maxDepth: 1, min: true }) : ''));
          if (settled) late(errorInfo(e)); else finish(e);
          return;
        }
        if (reason !== undefined && reason !== null && reason !== false && reason !== '') {
          finish(reason instanceof Error ? reason : new Error('Failed: ' + prettyFormat.format(reason, { maxDepth: 3 })));
        } else {
          finish();
        }
      };
      done.fail = function (reason) { finish(reason instanceof Error ? reason : new Error('Failed: ' + String(reason))); };
      try {
        var r = fn.call(ctx, done);
        if (r && typeof r.then === 'function') {
          finish(new Error("Test functions cannot both take a 'done' callback and return something. Either use a 'done' callback, or return a promise."));
        }
      } catch (e) {
        finish(e);
      }
      return;
    }
    var ret;
    try {
      ret = fn.call(ctx);
    } catch (e) {
      finish(e);
      return;
    }
    if (ret && typeof ret.then === 'function') {
      ret.then(function () { finish(); }, function (e) {
        finish(e === undefined || e === null ? new Error('Failed: ' + String(e)) : e);
      });
    } else {
      finish();
    }
  });
}

function withWhere(err, where) {
  if (where) err.where = where;
  return err;
}

function hookChain(test, kind) {
  var blocks = [];
  for (var b = test.parent; b; b = b.parent) blocks.unshift(b);
  if (kind === 'afterEach') blocks.reverse();
  var out = [];
  blocks.forEach(function (b) { out = out.concat(b.hooks[kind]); });
  return out;
}

function isSelected(test) {
  if (test.mode === 'skip' || test.mode === 'todo') return false;
  for (var b = test.parent; b; b = b.parent) if (b.mode === 'skip') return false;
  if (hasOnly) {
    var only = test.mode === 'only';
    for (var p = test.parent; p && !only; p = p.parent) if (p.mode === 'only') only = true;
    if (!only) return false;
  }
  if (testNamePattern && !testNamePattern.test(fullName(test))) return false;
  return true;
}

function anySelected(block) {
  return block.children.some(function (c) { return c.kind === 'test' ? isSelected(c) : anySelected(c); });
}

function report(test, status, errors, duration) {
  var r = {
    ancestors: ancestors(test),
    title: test.name,
    fullName: fullName(test),
    status: status,
    duration: duration || 0,
    errors: errors || [],
    where: test.where
  };
  results.push(r);
  host.testDone(r);
  return r;
}

var bailed = false;

async function runTest(test, inheritedErrors) {
  if (test.mode === 'todo') { report(test, 'todo'); return; }
  if (!isSelected(test) || bailed) { report(test, 'skipped'); return; }
  if (inheritedErrors.length > 0) { report(test, 'failed', inheritedErrors.slice()); return; }
  var errors = [];
  var result = { errors: errors };
  currentTest = result;
  var start = realNow();
  var ctx = {};
  expect.setState({
    assertionCalls: 0, expectedAssertionsNumber: null, isExpectingAssertions: false,
    suppressedErrors: [], currentTestName: fullName(test), testPath: host.config.testPath
  });
  snapshots.startTest(fullName(test));
  var late = function (info) { host.lateError(fullName(test), info); };
  var befores = hookChain(test, 'beforeEach');
  var ok = true;
  for (var i = 0; i < befores.length && ok; i++) {
    var e = await call(befores[i].fn, ctx, befores[i].timeout || defaultTimeout, 'hook', befores[i].where, late);
    if (e !== undefined) { errors.push(errorInfo(e)); ok = false; }
  }
  if (ok) {
    var err = await call(test.fn, ctx, test.timeout || defaultTimeout, 'test', test.where, late);
    if (test.failing) {
      if (err === undefined) errors.push(errorInfo(new Error('Failing test passed even though it was supposed to fail. Remove `.failing` to remove error.')));
    } else if (err !== undefined) {
      errors.push(errorInfo(err));
    }
    if (errors.length === 0) {
      expect.extractExpectedAssertionsErrors().forEach(function (x) { errors.push(errorInfo(x.error)); });
    }
  }
  var afters = hookChain(test, 'afterEach');
  for (var j = 0; j < afters.length; j++) {
    var ae = await call(afters[j].fn, ctx, afters[j].timeout || defaultTimeout, 'hook', afters[j].where, late);
    if (ae !== undefined) errors.push(errorInfo(ae));
  }
  currentTest = null;
  var status = errors.length ? 'failed' : 'passed';
  report(test, status, errors, realNow() - start);
  if (status === 'failed' && host.shouldBail()) bailed = true;
}

function reportAll(block, status, errors) {
  block.children.forEach(function (c) {
    if (c.kind === 'test') {
      if (c.mode === 'todo') report(c, 'todo');
      else if (status === 'failed' && isSelected(c)) report(c, 'failed', errors.slice());
      else report(c, 'skipped');
    } else {
      reportAll(c, status, errors);
    }
  });
}

async function runBlock(block, inheritedErrors) {
  if (!anySelected(block) || bailed) { reportAll(block, 'skipped', []); return; }
  var errors = inheritedErrors.slice();
  var ranBeforeAll = [];
  if (errors.length === 0) {
    for (var i = 0; i < block.hooks.beforeAll.length; i++) {
      var h = block.hooks.beforeAll[i];
      var e = await call(h.fn, {}, h.timeout || defaultTimeout, 'hook', h.where, fileError);
      if (e !== undefined) { errors.push(errorInfo(e)); break; }
      ranBeforeAll.push(h);
    }
  }
  for (var c = 0; c < block.children.length; c++) {
    var child = block.children[c];
    if (child.kind === 'test') await runTest(child, errors);
    else await runBlock(child, errors);
  }
  for (var k = 0; k < block.hooks.afterAll.length; k++) {
    var a = block.hooks.afterAll[k];
    var ae = await call(a.fn, {}, a.timeout || defaultTimeout, 'hook', a.where, fileError);
    if (ae !== undefined) {
      var info = errorInfo(ae);
      info.message = 'afterAll: ' + info.message;
      fileError(info);
    }
  }
}

function fileError(info) { host.fileError(info); }

// ---- uncaught errors from the runtime (callbacks, timers, unhandled rejections) ----

function uncaught(message, stack) {
  var info = { message: message, stack: stack, assertion: false };
  if (currentTest) currentTest.errors.push(info);
  else fileError(info);
}

// ---- jest: mocks, modules, timers ----

// jest-mock makes named mock functions with `new Function`, which the logic layer does not
// have; this stand-in makes the same functions without compiling code.
function MockFunctionFactory(param, body) {
  var m = /^return function ([^(]*)\(\)/.exec(body);
  var name = m ? m[1] : 'mockConstructor';
  var bound = /\.bind\(null\)$/.test(body);
  return function (impl) {
    var f = function () { return impl.apply(this, arguments); };
    Object.defineProperty(f, 'name', { value: name, configurable: true });
    return bound ? f.bind(null) : f;
  };
}
MockFunctionFactory.prototype = Function.prototype;
var mocker = new J.ModuleMocker({ Object: Object, Array: Array, RegExp: RegExp, Promise: Promise, Function: MockFunctionFactory });

var mockFactories = {}; // module name → {factory} or {automock: true}
var mockInstances = {}; // module name → exports, until resetModules

function moduleExports(name) {
  var spec = mockFactories[name];
  if (!spec) return undefined;
  if (Object.prototype.hasOwnProperty.call(mockInstances, name)) return { value: mockInstances[name] };
  var value;
  if (spec.factory) {
    value = spec.factory();
  } else if (spec.manual) {
    value = host.requireActual(host.config.testModule, '/' + spec.manual);
  } else {
    var actual = host.requireActual(host.config.testModule, '/' + name);
    value = mocker.generateFromMetadata(mocker.getMetadata(actual));
  }
  mockInstances[name] = value;
  return { value: value };
}

function fromFile() { return host.currentModule(); }

function mockModule(request, factory, options) {
  var name;
  if (options && options.virtual) {
    name = request;
    host.defineVirtual(name);
  } else {
    name = host.resolve(fromFile(), request);
  }
  var spec = {};
  if (typeof factory === 'function') spec.factory = factory;
  else {
    var manual = host.manualMock(name);
    if (manual) spec.manual = manual;
  }
  mockFactories[name] = spec;
  delete mockInstances[name];
  return jestObject;
}

var clock = null;

function timersInstalled() {
  if (!clock) {
    host.warn('A function to advance timers was called but the timers APIs are not replaced with fake timers. Call `jest.useFakeTimers()` in this test file or enable fake timers for all tests by setting \'fakeTimers\': {\'enableGlobally\': true} in Jest configuration file.');
    return false;
  }
  return true;
}

var fakeable = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date', 'queueMicrotask', 'performance', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback'];

var jestObject = {
  fn: function (impl) { return mocker.fn(impl); },
  spyOn: function (obj, method, accessType) { return mocker.spyOn(obj, method, accessType); },
  replaceProperty: function (obj, key, value) { return mocker.replaceProperty(obj, key, value); },
  isMockFunction: function (f) { return mocker.isMockFunction(f); },
  mocked: function (x) { return x; },
  clearAllMocks: function () { mocker.clearAllMocks(); return jestObject; },
  resetAllMocks: function () { mocker.resetAllMocks(); return jestObject; },
  restoreAllMocks: function () { mocker.restoreAllMocks(); return jestObject; },
  mock: mockModule,
  doMock: mockModule,
  unmock: function (request) { var n = host.resolve(fromFile(), request); delete mockFactories[n]; delete mockInstances[n]; return jestObject; },
  requireActual: function (request) { return host.requireActual(fromFile(), request); },
  requireMock: function (request) {
    var n = host.resolve(fromFile(), request);
    if (!mockFactories[n]) mockFactories[n] = {};
    return moduleExports(n).value;
  },
  resetModules: function () { mockInstances = {}; host.resetModules(); return jestObject; },
  isolateModules: function (fn) { jestObject.resetModules(); try { fn(); } finally { jestObject.resetModules(); } return jestObject; },
  setTimeout: function (ms) { defaultTimeout = ms; return jestObject; },
  useFakeTimers: function (config) {
    config = config || {};
    if (clock) clock.uninstall();
    var skip = config.doNotFake || [];
    var toFake = fakeable.filter(function (n) { return n in globalThis && skip.indexOf(n) < 0; });
    clock = J.FakeTimers.withGlobal(globalThis).install({
      now: config.now !== undefined ? config.now : realNow(),
      toFake: toFake,
      loopLimit: config.timerLimit || 100000,
      shouldAdvanceTime: !!config.advanceTimers,
      advanceTimeDelta: typeof config.advanceTimers === 'number' ? config.advanceTimers : undefined
    });
    return jestObject;
  },
  useRealTimers: function () { if (clock) { clock.uninstall(); clock = null; } return jestObject; },
  isFakeTimers: function () { return clock !== null; },
  advanceTimersByTime: function (ms) { if (timersInstalled()) clock.tick(ms); },
  advanceTimersByTimeAsync: async function (ms) { if (timersInstalled()) await clock.tickAsync(ms); },
  advanceTimersToNextTimer: function (steps) {
    if (!timersInstalled()) return;
    for (var i = 0; i < (steps || 1); i++) clock.next();
  },
  advanceTimersToNextTimerAsync: async function (steps) {
    if (!timersInstalled()) return;
    for (var i = 0; i < (steps || 1); i++) await clock.nextAsync();
  },
  runAllTimers: function () { if (timersInstalled()) clock.runAll(); },
  runAllTimersAsync: async function () { if (timersInstalled()) await clock.runAllAsync(); },
  runOnlyPendingTimers: function () { if (timersInstalled()) clock.runToLast(); },
  runOnlyPendingTimersAsync: async function () { if (timersInstalled()) await clock.runToLastAsync(); },
  runAllTicks: function () { if (timersInstalled()) clock.runMicrotasks(); },
  clearAllTimers: function () { if (clock) clock.reset(); },
  getTimerCount: function () { return clock ? clock.countTimers() : 0; },
  setSystemTime: function (now) { if (timersInstalled()) clock.setSystemTime(now); },
  getRealSystemTime: function () { return realNow(); },
  now: function () { return clock ? clock.now : realNow(); },
  retryTimes: function () { return jestObject; },
  getSeed: function () { return 0; }
};

// ---- snapshots ----

var snapshots = (function () {
  var state = null; // loaded lazily: {data, counters, checked, added, updated, matched, unmatched}
  var currentName = '';
  function load() {
    if (!state) {
      state = { data: host.readSnapshots() || {}, counters: {}, checked: {}, added: 0, updated: 0, matched: 0, unmatched: 0, dirty: false };
    }
    return state;
  }
  var serializers = [];
  function serialize(value) {
    var plugins = serializers.concat([
      prettyFormat.plugins.ReactTestComponent, prettyFormat.plugins.ReactElement, prettyFormat.plugins.DOMElement,
      prettyFormat.plugins.DOMCollection, prettyFormat.plugins.Immutable, prettyFormat.plugins.AsymmetricMatcher
    ]);
    return prettyFormat.format(value, { escapeRegex: true, indent: 2, plugins: plugins, printFunctionName: false, escapeString: false, printBasicPrototype: false })
      .replace(/\r\n|\r/g, '\n');
  }
  function addLineBreaks(s) { return s.indexOf('\n') >= 0 ? '\n' + s + '\n' : s; }
  function removeLineBreaks(s) { return s.length > 2 && s[0] === '\n' && s[s.length - 1] === '\n' ? s.slice(1, -1) : s; }

  function match(received, hint, label) {
    var s = load();
    var base = currentName + (hint ? ': ' + hint : '');
    s.counters[base] = (s.counters[base] || 0) + 1;
    var key = base + ' ' + s.counters[base];
    s.checked[key] = true;
    var value = addLineBreaks(serialize(received));
    var has = Object.prototype.hasOwnProperty.call(s.data, key);
    var stored = has ? s.data[key].replace(/\r\n|\r/g, '\n') : undefined;
    if (has && stored === value) { s.matched++; return { pass: true }; }
    var mode = host.config.snapshotMode; // 'new' (write new ones), 'all' (-u) or 'none' (--ci)
    if (!has && mode !== 'none') {
      s.data[key] = value; s.added++; s.dirty = true;
      return { pass: true };
    }
    if (has && mode === 'all') {
      s.data[key] = value; s.updated++; s.dirty = true;
      return { pass: true };
    }
    s.unmatched++;
    if (!has) {
      return {
        pass: false, message: function () {
          return 'New snapshot was not written. The update flag must be explicitly passed to write a new snapshot.\n\n' +
            'This is likely because this test is run in a continuous integration (CI) environment in which snapshots are not written by default.\n\n' +
            'Received:' + (value.indexOf('\n') >= 0 ? '' : ' ') + J.matcherUtils.RECEIVED_COLOR(removeLineBreaks(value));
        }
      };
    }
    return {
      pass: false, message: function () {
        return J.matcherUtils.matcherHint('.' + label, undefined, hint ? JSON.stringify(hint) : '', { isNot: false }) + '\n\n' +
          'Snapshot name: `' + key + '`\n\n' +
          J.diff(removeLineBreaks(stored), removeLineBreaks(value), { aAnnotation: 'Snapshot', bAnnotation: 'Received', expand: false });
      }
    };
  }

  return {
    startTest: function (name) { currentName = name; },
    match: match,
    addSerializer: function (s) { serializers.unshift(s); },
    finish: function () {
      var s = state;
      var existing = host.snapshotFileExists();
      if (!s) s = load();
      var obsolete = Object.keys(s.data).filter(function (k) { return !s.checked[k]; });
      var removed = 0;
      if (host.config.snapshotMode === 'all' && obsolete.length > 0 && !hasOnly && !testNamePattern) {
        obsolete.forEach(function (k) { delete s.data[k]; });
        removed = obsolete.length;
        obsolete = [];
        s.dirty = true;
      }
      if (s.dirty) host.writeSnapshots(s.data);
      return {
        added: s.added, updated: s.updated, matched: s.matched, unmatched: s.unmatched,
        obsolete: obsolete, removed: removed, fileExisted: existing
      };
    }
  };
})();

expect.extend({
  toMatchSnapshot: function (received, propertiesOrHint, hint) {
    if (this.isNot) throw new Error('Snapshot matchers cannot be used with not.');
    if (typeof propertiesOrHint === 'string') { hint = propertiesOrHint; propertiesOrHint = undefined; }
    if (propertiesOrHint && typeof propertiesOrHint === 'object') {
      if (!this.equals(received, propertiesOrHint, [this.utils.iterableEquality, this.utils.subsetEquality])) {
        return {
          pass: false, message: function () {
            return 'expect(received).toMatchSnapshot(properties)\n\nExpected properties: ' +
              prettyFormat.format(propertiesOrHint) + '\nReceived value:      ' + prettyFormat.format(received);
          }
        };
      }
      received = Object.assign({}, received, propertiesOrHint);
    }
    return snapshots.match(received, hint, 'toMatchSnapshot');
  },
  toThrowErrorMatchingSnapshot: function (received, hint) {
    var thrown;
    if (typeof received === 'function') {
      try { received(); } catch (e) { thrown = { value: e }; }
    } else {
      thrown = { value: received };
    }
    if (!thrown) return { pass: false, message: function () { return 'Received function did not throw'; } };
    var v = thrown.value;
    return snapshots.match(v && v.message !== undefined ? v.message : v, hint, 'toThrowErrorMatchingSnapshot');
  }
});
expect.addSnapshotSerializer = snapshots.addSerializer;

// ---- globals ----

var test = makeTestAPI();
var describe = makeDescribeAPI();
var globals = {
  describe: describe, fdescribe: describe.only, xdescribe: describe.skip,
  test: test, it: test, fit: test.only, xit: test.skip, xtest: test.skip,
  beforeAll: addHook('beforeAll'), afterAll: addHook('afterAll'),
  beforeEach: addHook('beforeEach'), afterEach: addHook('afterEach'),
  expect: expect, jest: jestObject
};
Object.keys(globals).forEach(function (k) { globalThis[k] = globals[k]; });

return {
  globals: globals,
  moduleExports: moduleExports,
  // resetModules is jest.resetModules, for wxrun/testing's loadProject.
  resetModules: jestObject.resetModules,
  uncaught: uncaught,
  fileError: fileError,
  // run runs the collected tests and resolves with the snapshot summary.
  // run runs the collected tests, then hands the snapshot summary to host.finished.
  run: async function () {
    collecting = false;
    try {
      await runBlock(root, []);
    } catch (e) {
      fileError(errorInfo(e));
    }
    if (clock) { clock.uninstall(); clock = null; }
    var summary;
    try {
      summary = snapshots.finish();
    } catch (e) {
      fileError(errorInfo(e));
      summary = { added: 0, updated: 0, matched: 0, unmatched: 0, obsolete: [], removed: 0, fileExisted: true };
    }
    host.finished(summary);
  },
  // list returns the full names of the tests that would run.
  list: function () {
    var out = [];
    (function walk(b) {
      b.children.forEach(function (c) {
        if (c.kind === 'test') out.push({ ancestors: ancestors(c), title: c.name, selected: isSelected(c), todo: c.mode === 'todo' });
        else walk(c);
      });
    })(root);
    return out;
  }
};
