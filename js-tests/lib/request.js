// Helpers for the wx.request tests, loaded with require('../lib/request').

// call runs wx.request(opts) with success, fail and complete recording into one log, and
// resolves once complete has run with {task, log, res, sync}: log lists the callbacks in
// order as [name, res], res is the res of complete, and sync tells whether the outcome
// came before wx.request returned. callAPI does the same for another function taking
// options (wx.downloadFile, a FileSystemManager method, …).
exports.call = function (opts) { return exports.callAPI(wx.request, opts); };

exports.callAPI = function (fn, opts) {
  return new Promise(function (resolve) {
    var log = [];
    var returned = false;
    var task;
    var o = {};
    for (var k in opts) o[k] = opts[k];
    o.success = function (res) { log.push(['success', res]); };
    o.fail = function (res) { log.push(['fail', res]); };
    o.complete = function (res) {
      log.push(['complete', res]);
      var sync = !returned;
      // Resolve on a later turn, so that task is set even for a synchronous outcome.
      setTimeout(function () { resolve({ task: task, log: log, res: res, sync: sync }); }, 0);
    };
    task = fn(o);
    returned = true;
  });
};

// ok asserts that r (from call) succeeded: success then complete with the same res,
// errMsg "request:ok" (or the one given), on a later turn; it returns res.
exports.ok = function (r, errMsg) {
  assert.equal(r.log.length, 2, 'two callbacks');
  assert.equal(r.log[0][0], 'success');
  assert.equal(r.log[1][0], 'complete');
  assert.ok(r.log[0][1] === r.log[1][1], 'success and complete share res');
  assert.equal(r.res.errMsg, errMsg || 'request:ok');
  assert.ok(!r.sync, 'the outcome comes on a later turn');
  return r.res;
};

// failed asserts that r failed with errMsg (and errno when given): fail then complete
// with the same res; it returns res.
exports.failed = function (r, errMsg, errno) {
  assert.deepEqual(r.log.map(function (e) { return e[0]; }), ['fail', 'complete']);
  assert.ok(r.log[0][1] === r.log[1][1], 'fail and complete share res');
  assert.equal(r.res.errMsg, errMsg);
  assert.equal(r.res.errno, errno);
  return r.res;
};

// echo requests SERVER.http + '/http/echo' with opts and resolves with what the server
// received (HTTPEcho) and the res.
exports.echo = function (opts, base) {
  var o = { url: (base || SERVER.http) + '/http/echo' };
  for (var k in opts) o[k] = opts[k];
  return exports.call(o).then(function (r) {
    var res = exports.ok(r);
    return { got: res.data, res: res };
  });
};
