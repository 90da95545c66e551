// The check of the generated argument tests (hostile/*_values.js), loaded with
// require('../lib/outcome').

// options is the argument of one generated call: with param null, value itself (the whole
// options argument, with no callbacks of ours); else a copy of base with value as param
// and success, fail and complete recording into log.
exports.options = function (base, param, value, log) {
  if (param === null) return value;
  var opts = Object.assign({}, base);
  opts[param] = value;
  opts.success = function (res) { log.push(['success', res]); };
  opts.fail = function (res) { log.push(['fail', res]); };
  opts.complete = function (res) { log.push(['complete', res]); };
  return opts;
};

// settled waits until a call of api that threw or that recorded its callbacks into log
// (as [name, res]) is over, then asserts what every call must do: either it threw and
// called nothing, or it called exactly one of success/fail, then complete, once each, with
// the same res, whose errMsg is "<api>:ok…" or "<api>:fail…". label names the call.
exports.settled = function (api, label, log, threw) {
  return waitFor(function () { return threw || log.length >= 2; }, label, 100000).then(function () { return sleep(0); }).then(function () {
    if (threw) {
      assert.deepEqual(log, [], label + ': threw, then called back');
      return;
    }
    assert.equal(log.length, 2, label + ': ' + show(log));
    assert.ok(log[0][0] === 'success' || log[0][0] === 'fail', label);
    assert.equal(log[1][0], 'complete', label);
    assert.ok(log[0][1] === log[1][1], label + ': the same res');
    var want = api + (log[0][0] === 'success' ? ':ok' : ':fail');
    assert.equal(log[0][1].errMsg.slice(0, want.length), want, label + ': ' + log[0][1].errMsg);
  });
};

function show(v) {
  try { return JSON.stringify(v); } catch (e) { return String(v); }
}
