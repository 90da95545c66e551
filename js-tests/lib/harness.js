// The JS test harness for js-tests/: test(), assert, sleep() and waitFor(). It is loaded
// before each test file by jstests_test.go, which also provides SERVER (the URLs of the
// local test servers), __report (results to Go) and __resetSockets (isolation between
// tests). Tests run one after another; each may return a Promise.
(function () {
  var tests = [];

  globalThis.test = function (name, fn, options) {
    tests.push({ name: name, fn: fn, timeout: (options && options.timeout) || 5000 });
  };

  function show(v) {
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof ArrayBuffer) return 'ArrayBuffer(' + v.byteLength + ')';
    try {
      var s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return String(v);
    }
  }

  function AssertionError(message) {
    var e = new Error(message);
    e.name = 'AssertionError';
    return e;
  }

  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      return a !== a && b !== b; // NaN
    }
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(b, ka[i]) || !deepEqual(a[ka[i]], b[ka[i]])) return false;
    }
    return true;
  }

  globalThis.assert = {
    ok: function (v, msg) {
      if (!v) throw AssertionError((msg ? msg + ': ' : '') + 'expected a truthy value, got ' + show(v));
    },
    equal: function (actual, expected, msg) {
      if (actual !== expected) throw AssertionError((msg ? msg + ': ' : '') + 'expected ' + show(expected) + ', got ' + show(actual));
    },
    notEqual: function (actual, unexpected, msg) {
      if (actual === unexpected) throw AssertionError((msg ? msg + ': ' : '') + 'did not expect ' + show(actual));
    },
    deepEqual: function (actual, expected, msg) {
      if (!deepEqual(actual, expected)) throw AssertionError((msg ? msg + ': ' : '') + 'expected ' + show(expected) + ', got ' + show(actual));
    },
    match: function (s, re, msg) {
      if (typeof s !== 'string' || !re.test(s)) throw AssertionError((msg ? msg + ': ' : '') + show(s) + ' does not match ' + re);
    },
    throws: function (fn, check, msg) {
      try {
        fn();
      } catch (e) {
        if (check) check(e);
        return e;
      }
      throw AssertionError((msg ? msg + ': ' : '') + 'expected an exception');
    },
    fail: function (msg) {
      throw AssertionError(msg || 'failed');
    },
  };

  globalThis.sleep = function (ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  };

  // waitFor polls cond until it returns a truthy value, which it resolves with.
  globalThis.waitFor = function (cond, what, ms) {
    var deadline = Date.now() + (ms || 3000);
    return new Promise(function (resolve, reject) {
      (function poll() {
        var v;
        try { v = cond(); } catch (e) { reject(e); return; }
        if (v) { resolve(v); return; }
        if (Date.now() > deadline) { reject(AssertionError('timed out waiting for ' + (what || 'a condition'))); return; }
        setTimeout(poll, 2);
      })();
    });
  };

  globalThis.__runTests = function () {
    var i = 0;
    function next() {
      if (i >= tests.length) return Promise.resolve();
      var t = tests[i++];
      var timer;
      var timeout = new Promise(function (_, reject) {
        timer = setTimeout(function () { reject(AssertionError('timed out after ' + t.timeout + 'ms')); }, t.timeout);
      });
      return Promise.race([Promise.resolve().then(function () { return t.fn(); }), timeout])
        .then(function () { __report(t.name, true, ''); },
              function (e) { __report(t.name, false, e && e.stack ? String(e) + '\n' + e.stack : show(e)); })
        .then(function () { clearTimeout(timer); __resetSockets(); return next(); });
    }
    return next();
  };
})();
