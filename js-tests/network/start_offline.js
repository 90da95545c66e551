// @wxrun network=offline
// A run can start on any network (WithNetwork, --network).
var R = require('../lib/request');

test('starting offline: getNetworkType says none and requests fail', function () {
  return wx.getNetworkType().then(function (res) {
    assert.equal(res.networkType, 'none');
    return R.call({ url: SERVER.http + '/http/echo' });
  }).then(function (r) {
    R.failed(r, 'request:fail -106:net::ERR_INTERNET_DISCONNECTED', 600001);
  });
});
