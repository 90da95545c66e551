// @wxrun url-check allow-request-domain=api.example.com allow-domain=127.0.0.1
// With URL checking on, requests reach only https:// URLs of the request domain list
// ("request合法域名"), a list of its own: the socket list does not count.
var R = require('../lib/request');

function rejected(url) {
  return R.call({ url: url }).then(function (r) {
    R.failed(r, 'request:fail url not in domain list', 600002);
    assert.ok(!r.sync, 'on a later turn');
    assert.equal(typeof r.task.abort, 'function');
  });
}

test('http:// is refused', function () { return rejected('http://api.example.com/'); });
test('an unlisted domain is refused', function () { return rejected('https://other.example.com/'); });
test('an IP address of this machine is refused, listed for sockets or not', function () { return rejected(SERVER.https + '/http/echo'); });
test('localhost is refused', function () { return rejected('https://localhost/'); });
test('a port the entry does not name is refused, :443 included', function () { return rejected('https://api.example.com:443/'); });
test('api.weixin.qq.com is never allowed', function () { return rejected('https://api.weixin.qq.com/'); });
