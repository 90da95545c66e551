// At most 10 requests run at once (WeChat's limit); later ones wait their turn, in call
// order, and each still gets its outcome.
var R = require('../lib/request');

test('12 requests at once: 10 run, 2 wait; all succeed', function () {
  var key = 'c' + Date.now();
  var order = [];
  var calls = [];
  for (var i = 0; i < 12; i++) {
    (function (i) {
      calls.push(R.call({ url: SERVER.http + '/http/stall?ms=300&key=' + key + '&i=' + i }).then(function (r) {
        order.push(i);
        return r;
      }));
    })(i);
  }
  return Promise.all(calls).then(function (rs) {
    rs.forEach(function (r) { assert.equal(R.ok(r).data, 'ok'); });
    assert.deepEqual(order.slice(10).sort(), [10, 11], 'the two queued ones finish last');
    return R.call({ url: SERVER.http + '/http/max?key=' + key });
  }).then(function (r) {
    assert.equal(R.ok(r).data, 10, 'at most 10 at the server at once');
  });
});

test('aborting a queued request frees nothing and fails it; the others run', function () {
  var key = 'q' + Date.now();
  var tasks = [];
  var results = [];
  for (var i = 0; i < 11; i++) {
    (function (i) {
      tasks.push(wx.request({
        url: SERVER.http + '/http/stall?ms=200&key=' + key,
        complete: function (res) { results[i] = res.errMsg; },
      }));
    })(i);
  }
  tasks[10].abort();
  return waitFor(function () { return results.filter(Boolean).length === 11; }, 'all outcomes', 3000).then(function () {
    assert.equal(results[10], 'request:fail abort');
    assert.deepEqual(results.slice(0, 10).filter(function (m) { return m === 'request:ok'; }).length, 10);
  });
});

test('a finished request frees its slot for the next one at once', function () {
  var key = 'f' + Date.now();
  var tasks = [];
  for (var i = 0; i < 10; i++) tasks.push(wx.request({ url: SERVER.http + '/http/stall?key=' + key }));
  var start = Date.now();
  return sleep(50).then(function () {
    tasks[3].abort();
    return R.call({ url: SERVER.http + '/http/echo', timeout: 2000 });
  }).then(function (r) {
    R.ok(r);
    tasks.forEach(function (t) { t.abort(); });
  });
});
