// The JS test harness for js-tests/: test(), assert, sleep(), waitFor() and settled(). It
// is loaded before each test file by jstests_test.go, which also provides SERVER (the URLs
// of the local test servers), __report (results to Go), __resetSockets (isolation between
// tests), __socketsHolding and __afterQueued (for settled). Tests run one after another;
// each may return a Promise.
(function () {
  var tests = [];

  globalThis.test = function (name, fn, options) {
    tests.push({ name: name, fn: fn, timeout: (options && options.timeout) || 5000 });
  };

  // show renders a value for failure messages: JSON-like, with the types JSON cannot
  // show (ArrayBuffer, typed arrays, DataView, Map, Set, Date, RegExp, undefined, …)
  // spelled out, so that two values that deepEqual tells apart also look different.
  function show(v) {
    return render(v, []);
  }

  var MAX_SHOWN = 64; // bytes or entries shown of one buffer, Map or Set

  function render(v, stack) {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return v === 0 && 1 / v < 0 ? '-0' : String(v);
    if (typeof v === 'function') return '[Function ' + (v.name || 'anonymous') + ']';
    if (typeof v !== 'object' || v === null) return String(v);
    if (stack.indexOf(v) >= 0) return '[Circular]';
    stack = stack.concat([v]);
    var tag = Object.prototype.toString.call(v).slice(8, -1);
    if (v instanceof ArrayBuffer) return 'ArrayBuffer(' + v.byteLength + ') <' + hex(new Uint8Array(v)) + '>';
    if (v instanceof DataView) return 'DataView(' + v.byteLength + ') <' + hex(bytesOf(v)) + '>';
    if (ArrayBuffer.isView(v)) {
      var items = Array.prototype.slice.call(v, 0, MAX_SHOWN).map(function (x) { return render(x, stack); });
      return tag + '(' + v.length + ') [' + items.join(', ') + (v.length > MAX_SHOWN ? ', …' : '') + ']';
    }
    if (v instanceof Date) return 'Date(' + (isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()) + ')';
    if (v instanceof RegExp) return String(v);
    if (v instanceof Error) return String(v);
    if (v instanceof Map || v instanceof Set) {
      var parts = [];
      v.forEach(function (val, key) {
        if (parts.length < MAX_SHOWN) parts.push(v instanceof Map ? render(key, stack) + ' => ' + render(val, stack) : render(val, stack));
      });
      if (v.size > MAX_SHOWN) parts.push('…');
      return tag + '(' + v.size + ') {' + parts.join(', ') + '}';
    }
    if (Array.isArray(v)) {
      return '[' + v.map(function (x) { return render(x, stack); }).join(', ') + ']';
    }
    var keys = Object.keys(v);
    var body = keys.map(function (k) { return JSON.stringify(k) + ': ' + render(v[k], stack); }).join(', ');
    var proto = Object.getPrototypeOf(v);
    var name = proto === null ? '[null prototype] ' : proto === Object.prototype ? '' : (proto.constructor && proto.constructor.name ? proto.constructor.name + ' ' : '');
    return name + '{' + body + '}';
  }

  function bytesOf(view) {
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }

  function hex(u8) {
    var out = [];
    for (var i = 0; i < u8.length && i < MAX_SHOWN; i++) out.push((u8[i] < 16 ? '0' : '') + u8[i].toString(16));
    if (u8.length > MAX_SHOWN) out.push('…');
    return out.join(' ');
  }

  function AssertionError(message) {
    var e = new Error(message);
    e.name = 'AssertionError';
    return e;
  }

  // deepEqual compares structurally:
  //   - primitives with ===, except that NaN equals NaN;
  //   - objects only with the same prototype;
  //   - ArrayBuffer, typed arrays and DataView by their bytes (and type, through the
  //     prototype), not by their keys;
  //   - Date by time, RegExp by source and flags;
  //   - Map and Set by their entries, regardless of insertion order: a key or member is
  //     matched by identity (SameValueZero) first, else by a deepEqual one not yet matched;
  //   - everything else (plain objects, arrays, errors, …) by own enumerable string keys.
  // Cycles are allowed: a pair of objects already being compared counts as equal.
  function deepEqual(a, b, seen) {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      return a !== a && b !== b; // NaN
    }
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    seen = seen || [];
    for (var s = 0; s < seen.length; s++) {
      if (seen[s][0] === a && seen[s][1] === b) return true;
    }
    seen.push([a, b]);
    try {
      return deepEqualObjects(a, b, seen);
    } finally {
      seen.pop();
    }
  }

  function deepEqualObjects(a, b, seen) {
    if (a instanceof ArrayBuffer) return sameBytes(new Uint8Array(a), new Uint8Array(b));
    if (ArrayBuffer.isView(a)) return sameBytes(bytesOf(a), bytesOf(b));
    if (a instanceof Date) return deepEqual(a.getTime(), b.getTime());
    if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags;
    if (a instanceof Map) {
      return a.size === b.size && sameEntries(entries(a), entries(b), function (x, y) {
        return deepEqual(x[0], y[0], seen) && deepEqual(x[1], y[1], seen);
      });
    }
    if (a instanceof Set) {
      return a.size === b.size && sameEntries(entries(a), entries(b), function (x, y) {
        return deepEqual(x[0], y[0], seen);
      });
    }
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(b, ka[i]) || !deepEqual(a[ka[i]], b[ka[i]], seen)) return false;
    }
    return true;
  }

  function sameBytes(x, y) {
    if (x.length !== y.length) return false;
    for (var i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) return false;
    }
    return true;
  }

  // sameEntries matches every entry of ea ([key, value] or [member]) with a distinct entry
  // of eb that eq accepts, trying the one with the identical key first (greedy: enough for
  // the values tests compare).
  function sameEntries(ea, eb, eq) {
    var used = eb.map(function () { return false; });
    function take(i, sameKeyOnly) {
      for (var j = 0; j < eb.length; j++) {
        if (!used[j] && (!sameKeyOnly || sameValueZero(ea[i][0], eb[j][0])) && eq(ea[i], eb[j])) {
          used[j] = true;
          return true;
        }
      }
      return false;
    }
    for (var i = 0; i < ea.length; i++) {
      if (!take(i, true) && !take(i, false)) return false;
    }
    return true;
  }

  function sameValueZero(x, y) {
    return x === y || (x !== x && y !== y);
  }

  function entries(mapOrSet) {
    var out = [];
    mapOrSet.forEach(function (v, k) { out.push(mapOrSet instanceof Map ? [k, v] : [v]); });
    return out;
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
    notDeepEqual: function (actual, unexpected, msg) {
      if (deepEqual(actual, unexpected)) throw AssertionError((msg ? msg + ': ' : '') + 'did not expect ' + show(actual) + ' to deep-equal ' + show(unexpected));
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
  // timeoutOf is ms if it is a positive number, else the default of 3 s: settled is often
  // passed to then(), which hands it the previous step's result (true, an object).
  function timeoutOf(ms) {
    return typeof ms === 'number' && ms > 0 ? ms : 3000;
  }

  globalThis.waitFor = function (cond, what, ms) {
    ms = timeoutOf(ms);
    var deadline = Date.now() + ms;
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

  // settled resolves once no socket can deliver anything more: every connection has ended
  // (a connection keeps the loop alive until it has queued its last event) and the events
  // queued until then have run. To check that nothing happened after some event, wait for
  // settled() instead of sleeping: it fails (times out) if a socket never ends.
  globalThis.settled = function (ms) {
    ms = timeoutOf(ms);
    var deadline = Date.now() + ms;
    return waitFor(function () { return __socketsHolding() === 0; }, 'every socket to end', ms).then(function () {
      return new Promise(function (resolve) { __afterQueued(resolve); });
    }).then(function () {
      // A job queued before (or the one that called settled) may have started more work.
      return __socketsHolding() === 0 ? undefined : settled(Math.max(deadline - Date.now(), 1));
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
