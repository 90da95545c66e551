// @wxrun max-sockets=0
// @wxrun expect-uncaught=22: Uncaught (TypeError: Class constructor cannot be invoked without 'new'|Error: hostile trap apply)
//   (success, fail and complete given as a class or a Proxy whose apply trap throws: each call reports what it throws, 11 of each)
//
// Generated argument tests: every value of testdata/hostile/matrix.js (every JS type and
// its hostile variants) in every parameter of every wx function that takes callbacks —
// wx.connectSocket, SocketTask.send, SocketTask.close, wx.sendSocketMessage,
// wx.closeSocket — and as the argument of every wx function that does not.
//
// Each call must do one of two things (README, "Behaviour decisions" 16 and 17):
//   - throw synchronously, when reading its options runs script code that throws (a
//     getter, a Proxy trap, a Symbol.toStringTag): then no callback runs, no Promise is
//     returned and nothing is sent, dialled or closed;
//   - or call exactly one of success/fail, then complete, once each, with the same res and
//     the expected errMsg (a Promise form settles once, the same way), and send nothing
//     on a fail: /inspect reports every message the server receives, and a socket whose
//     close failed must still answer a marker close.
// The expected outcome of each call comes from the model below, written from the README's
// decisions independently of the Go code. Every failure names function, parameter, value.

var M = require('/testdata/hostile/matrix.js');
var VALUES = M.values(SERVER.ws);

var internal = [];
var unhandled = [];
function watchErrors() {
  wx.onError(function (msg) { if (/internal error/.test(msg)) internal.push(msg); });
}
watchErrors();
wx.onUnhandledRejection(function (r) { unhandled.push(r.reason); });

function noInternalErrors() {
  assert.deepEqual(internal, [], 'no wxrun internal error');
  assert.deepEqual(unhandled.map(show), [], 'no unhandled rejection');
}

// ---- the model ------------------------------------------------------------------------

var SCRIPT_THREW = { what: 'a hostile value threw while the model read it' };
var THROWS = { throws: true };

// guarded runs a read that may run the value's own code; its exception is the outcome.
function guarded(f) {
  try {
    return f();
  } catch (e) {
    throw SCRIPT_THREW;
  }
}
function read(o, name) { return guarded(function () { return o[name]; }); }
function keysOf(o) { return guarded(function () { return Object.keys(o); }); }
function tagOf(v) { return guarded(function () { return Object.prototype.toString.call(v).slice(8, -1); }); }

// outcome evaluates a model, turning a throw of the value's code into THROWS.
function outcome(f) {
  try {
    return f();
  } catch (e) {
    if (e === SCRIPT_THREW) return THROWS;
    throw e;
  }
}

var byteLengthOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;

// isArrayBuffer tests the brand with ArrayBuffer's own byteLength getter, which throws for
// anything else. It asks instanceof first: goja puts String(value) into the TypeError's
// message, and String() of an array of length 2**32-1 takes hours.
function isArrayBuffer(v) {
  try {
    return v instanceof ArrayBuffer && byteLengthOf.call(v) >= 0; // a Proxy of one throws
  } catch (e) {
    return false;
  }
}

// kindOf is typeof, with null and ArrayBuffer apart: a String, Number or Boolean object
// is an object (decision 16).
function kindOf(v) {
  if (v === null) return 'null';
  if (typeof v === 'object' && isArrayBuffer(v)) return 'arraybuffer';
  return typeof v;
}

function isObject(v) {
  var k = kindOf(v);
  return k === 'object' || k === 'function' || k === 'arraybuffer';
}

function isRealArray(v) {
  try {
    return Array.isArray(v);
  } catch (e) {
    return false; // a revoked Proxy
  }
}

// wellFormed replaces lone surrogates with U+FFFD, as the conversion to Go strings does.
function wellFormed(s) {
  if (!/[\uD800-\uDFFF]/.test(s)) return s;
  var out = '';
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xDC00 && s.charCodeAt(i + 1) <= 0xDFFF) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      out += '\uFFFD';
    } else {
      out += s[i];
    }
  }
  return out;
}

function utf8Length(s) {
  if (/^[\x00-\x7f]*$/.test(s)) return s.length;
  s = wellFormed(s);
  var n = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xD800 && c <= 0xDBFF) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function readOptions(arg, names) {
  var o = {};
  names.forEach(function (n) { o[n] = isObject(arg) ? read(arg, n) : undefined; });
  return o;
}

function ok(api, extra) {
  var r = { ok: true, errMsg: api + ':ok' };
  for (var k in extra) r[k] = extra[k];
  return r;
}
function fail(api, reason, errno) {
  return { ok: false, errMsg: api + ':fail ' + reason, errno: errno };
}

var CONNECT_OPTIONS = ['url', 'header', 'tcpNoDelay', 'perMessageDeflate', 'timeout', 'protocols',
  'forceCellularNetwork', 'enableProfile', 'success', 'fail', 'complete'];

function expectConnect(arg) {
  return outcome(function () {
    if (arg === undefined || arg === null) return { throws: true, typeError: true };
    var argTag = tagOf(arg);
    var o = readOptions(arg, CONNECT_OPTIONS);
    var urlTag = typeof o.url === 'string' ? '' : tagOf(o.url);
    if (kindOf(o.header) === 'object') {
      keysOf(o.header).forEach(function (k) {
        var v = read(o.header, k);
        if (typeof v !== 'string' && typeof v !== 'number') tagOf(v);
      });
    }
    if (isRealArray(o.protocols)) keysOf(o.protocols).forEach(function (k) { read(o.protocols, k); });
    if (argTag !== 'Object') return fail('connectSocket', 'parameter error: parameter should be Object instead of ' + argTag + ';', 1001);
    if (typeof o.url !== 'string') return fail('connectSocket', 'parameter error: parameter.url should be String instead of ' + urlTag + ';', 1001);
    if (!/^(ws|wss):\/\//i.test(o.url)) return fail('connectSocket', 'invalid url "' + wellFormed(o.url) + '"');
    return ok('connectSocket');
  });
}

function expectSend(arg) {
  return outcome(function () {
    var o = readOptions(arg, ['data', 'success', 'fail', 'complete']);
    var d = kindOf(o.data);
    if (d === 'undefined' || d === 'null') return fail('sendSocketMessage', 'message is null or nil');
    if (d === 'string') return ok('sendSocketMessage', { sent: 'text:' + utf8Length(o.data) });
    if (d === 'arraybuffer') return ok('sendSocketMessage', { sent: 'binary:' + byteLengthOf.call(o.data) });
    return fail('sendSocketMessage', 'unknown data');
  });
}

function expectClose(arg) {
  return outcome(function () {
    var o = readOptions(arg, ['code', 'reason', 'success', 'fail', 'complete']);
    var code = 1000;
    if (typeof o.code === 'number') {
      var f = o.code;
      if (f !== 1000 && !(f >= 3000 && f <= 4999 && f === Math.floor(f))) {
        return fail('closeSocket', 'The code must be either 1000, or between 3000 and 4999. ' + String(f) + ' is neither.');
      }
      code = f;
    }
    var reason = typeof o.reason === 'string' ? wellFormed(o.reason) : '';
    if (utf8Length(reason) > 123) return fail('closeSocket', 'The message must not be greater than 123 bytes.');
    return ok('closeSocket', { closed: code + ':' + reason });
  });
}

// promised says whether a promisified API returns a Promise for arg: when none of
// success/fail/complete is a function (decision 3).
function promised(arg) {
  return outcome(function () {
    var o = readOptions(arg, ['success', 'fail', 'complete']);
    return typeof o.success !== 'function' && typeof o.fail !== 'function' && typeof o.complete !== 'function';
  });
}

// ---- running and checking calls ------------------------------------------------------

function show(v) {
  try {
    if (typeof v === 'string') return v.length > 80 ? JSON.stringify(v.slice(0, 80)) + '…(' + v.length + ')' : JSON.stringify(v);
    if (typeof v === 'symbol' || typeof v === 'bigint') return String(v);
    if (v && typeof v === 'object' && typeof v.errMsg === 'string') return JSON.stringify(v.errMsg.slice(0, 200));
    return String(v);
  } catch (e) {
    return '<' + typeof v + '>';
  }
}

// call prepares one call: the options with recording callbacks, with value put into the
// parameter, and the expected outcome.
function prepare(fn, param, entry, base, expect) {
  var log = [];
  var cbs = {
    success: function (res) { log.push(['success', res]); },
    fail: function (res) { log.push(['fail', res]); },
    complete: function (res) { log.push(['complete', res]); },
  };
  var opts = {};
  for (var k in base) opts[k] = base[k];
  opts.success = cbs.success;
  opts.fail = cbs.fail;
  opts.complete = cbs.complete;
  var arg = param[1](opts, entry[1]());
  var c = {
    label: fn + ' with ' + entry[0] + ' as ' + param[0],
    arg: arg,
    log: log,
    // The recording callbacks still in the call: the parameter may have replaced one.
    recorded: param[0] === 'the options argument' ? [] : ['success', 'fail', 'complete'].filter(function (n) { return n !== param[0]; }),
    expected: expect(arg),
  };
  return c;
}

// invoke makes the call and records what it returned or threw.
function invoke(c, f) {
  try {
    c.returned = f(c.arg);
  } catch (e) {
    c.threw = e;
  }
  if (c.returned instanceof Promise) {
    c.settled = [];
    c.returned.then(function (res) { c.settled.push(['resolve', res]); }, function (res) { c.settled.push(['reject', res]); });
  }
  return c;
}

function expectedCalls(c) {
  if (c.expected.throws) return [];
  return [c.expected.ok ? 'success' : 'fail', 'complete'].filter(function (n) { return c.recorded.indexOf(n) >= 0; });
}

// done says whether every callback the call should make has run.
function done(c) {
  var want = expectedCalls(c);
  if (c.settled && !c.expected.throws && c.settled.length === 0) return false;
  return c.log.length >= want.length;
}

function checkRes(res, c, what) {
  assert.ok(res && typeof res === 'object', c.label + ': ' + what + ' gets a res object');
  assert.equal(res.errMsg, c.expected.errMsg, c.label + ': errMsg');
  if (c.expected.errno) assert.equal(res.errno, c.expected.errno, c.label + ': errno');
  else assert.ok(!('errno' in res), c.label + ': no errno');
}

// check verifies the callbacks, the Promise and the throw of one call.
function check(c, promisified) {
  if (c.expected.throws) {
    assert.ok(c.threw !== undefined, c.label + ': throws (its options ran code that threw), got ' + show(c.returned));
    if (c.expected.typeError) assert.ok(c.threw instanceof TypeError, c.label + ': a TypeError, got ' + show(c.threw));
    else assert.ok(/^hostile |revoked/.test(c.threw && c.threw.message), c.label + ': the value\'s own exception, got ' + show(c.threw));
    assert.deepEqual(c.log.map(function (l) { return l[0]; }), [], c.label + ': no callback after a throw');
    return;
  }
  assert.ok(c.threw === undefined, c.label + ': does not throw, threw ' + show(c.threw));
  assert.deepEqual(c.log.map(function (l) { return l[0]; }), expectedCalls(c),
    c.label + ': one of success/fail, then complete, once each (' + c.expected.errMsg.slice(0, 200) + ')');
  c.log.forEach(function (l) {
    checkRes(l[1], c, l[0]);
    assert.ok(l[1] === c.log[0][1], c.label + ': the same res object for every callback');
  });
  if (promisified && promised(c.arg) === true) {
    assert.ok(c.returned instanceof Promise, c.label + ': returns a Promise');
    assert.deepEqual(c.settled.map(function (s) { return s[0]; }), [c.expected.ok ? 'resolve' : 'reject'], c.label + ': the Promise settles once');
    checkRes(c.settled[0][1], c, 'the Promise');
  } else if (promisified || c.fn !== 'wx.connectSocket') {
    assert.equal(c.returned, undefined, c.label + ': returns undefined');
  }
}

// settle waits until every call made its callbacks, then a little longer, so that a
// second success, fail or complete would be seen.
function settle(cases) {
  return waitFor(function () { return cases.every(done); }, 'the callbacks of every call', 20000)
    .then(function () { return sleep(30); });
}

function opened(task) {
  return new Promise(function (resolve, reject) {
    task.onOpen(function () { resolve(task); });
    task.onError(function (r) { reject(new Error('socket failed: ' + r.errMsg)); });
  });
}

function inspectReplies(task) {
  var replies = [];
  task.onMessage(function (r) {
    var m = JSON.parse(r.data);
    replies.push(m.type === 'text' && m.data === 'end-marker' ? 'end' : m.type + ':' + m.len);
  });
  return replies;
}

var LONG = { timeout: 180000 };

// ---- wx.connectSocket ------------------------------------------------------------------

M.params.connectSocket.forEach(function (param) {
  test('wx.connectSocket: every value as ' + param[0], function () {
    var base = { url: SERVER.ws + '/echo' };
    var cases = VALUES.map(function (entry) {
      var c = prepare('wx.connectSocket', param, entry, base, expectConnect);
      c.fn = 'wx.connectSocket';
      return invoke(c, wx.connectSocket);
    });
    cases.forEach(function (c) {
      if (c.expected.throws) return;
      if (c.expected.ok) {
        assert.ok(c.returned && typeof c.returned.send === 'function', c.label + ': returns a SocketTask');
      } else {
        // No task, so nothing was dialled (wxapi's TestArgumentMatrixDialsNothingOnFail
        // checks that on the server too).
        assert.equal(c.returned, undefined, c.label + ': returns undefined');
      }
    });
    return settle(cases).then(function () {
      cases.forEach(function (c) { check(c, false); });
      noInternalErrors();
    });
  }, LONG);
});

// ---- SocketTask.send and wx.sendSocketMessage ------------------------------------------

function sendMatrix(fn, param, connect, send) {
  var task = connect(SERVER.ws + '/inspect');
  var replies = inspectReplies(task);
  return opened(task).then(function () {
    var cases = VALUES.map(function (entry, i) {
      var c = prepare(fn, param, entry, { data: 'base-' + i }, expectSend);
      c.fn = fn;
      return invoke(c, function (arg) { return send(task, arg); });
    });
    task.send({ data: 'end-marker' });
    return waitFor(function () { return replies.indexOf('end') >= 0; }, 'the end marker', 20000).then(function () {
      return settle(cases);
    }).then(function () {
      cases.forEach(function (c) { check(c, fn === 'wx.sendSocketMessage'); });
      var sent = cases.filter(function (c) { return c.expected.ok; }).map(function (c) { return c.expected.sent; });
      assert.deepEqual(replies.slice(0, -1), sent, fn + ' with every value as ' + param[0] + ': the server got exactly the successful sends, in order');
      noInternalErrors();
    });
  });
}

M.params.send.forEach(function (param) {
  test('SocketTask.send: every value as ' + param[0], function () {
    return sendMatrix('SocketTask.send', param,
      function (url) { return wx.connectSocket({ url: url }); },
      function (task, arg) { return task.send(arg); });
  }, LONG);

  test('wx.sendSocketMessage: every value as ' + param[0], function () {
    return sendMatrix('wx.sendSocketMessage', param,
      function (url) { return wx.connectSocket({ url: url }); }, // the first task is the global one
      function (task, arg) { return wx.sendSocketMessage(arg); });
  }, LONG);
});

// ---- SocketTask.close and wx.closeSocket -----------------------------------------------

var MARKER = '4999:marker';

function trackClose(task) {
  var t = { task: task, closes: [] };
  task.onClose(function (r) { t.closes.push(r.code + ':' + r.reason); });
  return t;
}

// closedAsExpected checks what the peer echoed: the requested close for an ok call, the
// marker close for any other (so the failed call sent no close frame).
function checkClosed(c, t) {
  var want = c.expected.ok ? c.expected.closed : MARKER;
  assert.deepEqual(t.closes, [wellFormed(want)], c.label + ': the close the server got');
}

M.params.close.forEach(function (param) {
  test('SocketTask.close: every value as ' + param[0], function () {
    var tracked = VALUES.map(function () { return trackClose(wx.connectSocket({ url: SERVER.ws + '/echo' })); });
    return Promise.all(tracked.map(function (t) { return opened(t.task); })).then(function () {
      var cases = VALUES.map(function (entry, i) {
        var c = prepare('SocketTask.close', param, entry, { code: 4321, reason: 'base' }, expectClose);
        c.fn = 'SocketTask.close';
        return invoke(c, function (arg) { return tracked[i].task.close(arg); });
      });
      cases.forEach(function (c, i) {
        if (!c.expected.ok) tracked[i].task.close({ code: 4999, reason: 'marker' });
      });
      return waitFor(function () { return tracked.every(function (t) { return t.closes.length > 0; }); }, 'every close', 20000)
        .then(function () { return settle(cases); })
        .then(function () {
          cases.forEach(function (c, i) {
            check(c, false);
            checkClosed(c, tracked[i]);
          });
          noInternalErrors();
        });
    });
  }, LONG);

  test('wx.closeSocket: every value as ' + param[0], function () {
    var cases = [];
    var tracked = [];
    // One value at a time: wx.closeSocket addresses the one global task.
    return VALUES.reduce(function (prev, entry) {
      return prev.then(function () {
        var t = trackClose(wx.connectSocket({ url: SERVER.ws + '/echo' }));
        return opened(t.task).then(function () {
          var c = prepare('wx.closeSocket', param, entry, { code: 4321, reason: 'base' }, expectClose);
          c.fn = 'wx.closeSocket';
          cases.push(invoke(c, wx.closeSocket));
          tracked.push(t);
          assert.equal(t.task.readyState, c.expected.throws ? 1 : 3, c.label + ': readyState after the call');
          if (!c.expected.ok) t.task.close({ code: 4999, reason: 'marker' });
          return waitFor(function () { return t.closes.length > 0; }, c.label + ': the close');
        });
      });
    }, Promise.resolve()).then(function () {
      return settle(cases);
    }).then(function () {
      cases.forEach(function (c, i) {
        check(c, true);
        checkClosed(c, tracked[i]);
      });
      noInternalErrors();
    });
  }, LONG);
});

// ---- functions without callbacks -------------------------------------------------------

test('functions without callbacks ignore every value, or throw the TypeError WeChat throws', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  App({}); // registered: every later App() call is ignored (a Go test feeds App a fresh runtime per value)
  var app = getApp();
  var fns = [
    ['task.onOpen', function (v) { return task.onOpen(v); }],
    ['task.onMessage', function (v) { return task.onMessage(v); }],
    ['task.onError', function (v) { return task.onError(v); }],
    ['task.onClose', function (v) { return task.onClose(v); }],
    ['wx.onSocketOpen', wx.onSocketOpen],
    ['wx.onSocketMessage', wx.onSocketMessage],
    ['wx.onSocketError', wx.onSocketError],
    ['wx.onSocketClose', wx.onSocketClose],
    ['App', App],
    ['getApp', getApp],
    // A listener is removed again at once, so that hostile ones do not see later errors.
    ['wx.onError + wx.offError', function (v) { wx.onError(v); return wx.offError(v); }],
    ['wx.onUnhandledRejection + wx.offUnhandledRejection', function (v) { wx.onUnhandledRejection(v); return wx.offUnhandledRejection(v); }],
  ];
  var n = 0;
  VALUES.forEach(function (entry) {
    fns.forEach(function (f) {
      var label = f[0] + ' with ' + entry[0];
      var v = entry[1]();
      var threw, ret;
      try {
        ret = f[1](v);
      } catch (e) {
        threw = e;
      }
      n++;
      if (f[0] === 'App' && !isObject(v)) {
        assert.ok(threw instanceof TypeError, label + ': a TypeError, got ' + show(threw));
        return;
      }
      assert.ok(threw === undefined, label + ': does not throw, threw ' + show(threw));
      assert.ok(ret === (f[0] === 'getApp' ? app : undefined), label + ': return value');
    });
  });
  // wx.offError(undefined) removed every listener, ours too.
  watchErrors();
  wx.onUnhandledRejection(function (r) { unhandled.push(r.reason); });
  assert.equal(n, VALUES.length * fns.length);
  // The task and the globals still work: a listener added now gets the open event.
  var got = [];
  task.onOpen(function () { got.push('task'); });
  wx.onSocketOpen(function () { got.push('global'); });
  return waitFor(function () { return got.length >= 2; }, 'onOpen').then(function () { return sleep(20); }).then(function () {
    assert.deepEqual(got, ['task', 'global']);
    noInternalErrors();
  });
}, LONG);
