// @wxrun expect-uncaught: Uncaught Error: timer boom
// @wxrun expect-uncaught: Uncaught \(in promise\) \{ errMsg: 'x:fail y' \}
// logic-layer spec §10.2: the timers as the base library wraps them.

test('timers fire in delay order, same-delay timers in creation order, after microtasks', function () {
  var order = [];
  return new Promise(function (resolve) {
    setTimeout(function () { order.push('t10'); }, 10);
    setTimeout(function () { order.push('t0-a'); }, 0);
    setTimeout(function () { order.push('t0-b'); });
    Promise.resolve().then(function () { order.push('micro'); });
    setTimeout(resolve, 10); // same delay as t10, created after it: runs after it
  }).then(function () {
    assert.deepEqual(order, ['micro', 't0-a', 't0-b', 't10']);
  });
});

test('extra arguments are forwarded and ids are numbers', function () {
  return new Promise(function (resolve) {
    var id = setTimeout(function (a, b) { resolve([a, b, typeof id]); }, 1, 'x', 2);
  }).then(function (r) { assert.deepEqual(r, ['x', 2, 'number']); });
});

test('clearTimeout and clearInterval cancel, also from inside the callback', function () {
  var n = 0;
  var cancelled = false;
  return new Promise(function (resolve) {
    var t = setTimeout(function () { cancelled = true; }, 5);
    clearTimeout(t);
    var iv = setInterval(function () {
      n++;
      // resolve is due after the cancelled timer and after the interval's next tick:
      // either, had it run, would have run first.
      if (n === 3) { clearInterval(iv); setTimeout(resolve, 20); }
    }, 1);
  }).then(function () {
    assert.equal(n, 3);
    assert.equal(cancelled, false);
  });
});

test('a non-function callback throws the base library TypeError', function () {
  assert.throws(function () { setTimeout('code string', 0); }, function (e) {
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, 'setTimeout expects a function as first argument but got string.');
  });
  assert.throws(function () { setInterval(null, 0); }, function (e) {
    assert.equal(e.message, 'setInterval expects a function as first argument but got object.');
  });
});

test('a throwing timer callback reaches wx.onError and App-level hooks; later timers still run', function () {
  var got = [];
  wx.onError(function (msg) { got.push(msg); });
  return new Promise(function (resolve) {
    setTimeout(function tick() { throw new Error('timer boom'); }, 0);
    setTimeout(resolve, 0); // the next timer, after the throwing one
  }).then(function () {
    assert.equal(got.length, 1);
    assert.match(got[0], /^Error: timer boom\n {4}at tick \(runtime\/timers\.js:\d+:\d+\)/);
  });
});

test('an unhandled rejection reaches wx.onUnhandledRejection with {reason, promise}', function () {
  var got = [];
  wx.onUnhandledRejection(function (res) { got.push(res); });
  var p = Promise.reject({ errMsg: 'x:fail y' });
  return sleep(0).then(function () { // a later macrotask: rejections are reported at the end of theirs
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].reason, { errMsg: 'x:fail y' });
    assert.ok(got[0].promise === p);
  });
});
