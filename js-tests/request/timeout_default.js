// @wxrun request-timeout=150ms
// The timeout's precedence: the call's timeout, then app.json networkTimeout.request
// (WithRequestTimeout, set here by the directive), then 60 s.
var R = require('../lib/request');

test('without a timeout option, the configured one applies', function () {
  return R.call({ url: SERVER.http + '/http/stall?ms=1000' }).then(function (r) {
    R.failed(r, 'request:fail timeout', 5);
  });
});

test('the call\'s timeout takes precedence', function () {
  return R.call({ url: SERVER.http + '/http/stall?ms=300', timeout: 2000 }).then(function (r) {
    assert.equal(R.ok(r).data, 'ok');
  });
});
