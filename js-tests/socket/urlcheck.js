// @wxrun url-check allow-domain=good.example allow-domain=localhost allow-domain=127.0.0.1 allow-domain=api.weixin.qq.com
//
// wx-socket spec §2, checklist 7 (urlCheck on): every URL below must be refused with
// connectSocket:ok first, then an asynchronous onError "url not in domain list", readyState
// 3, and neither onOpen nor onClose. Only loopback URLs or URLs that must never be dialed
// appear here: a listed domain that would really connect cannot be tested without leaving
// 127.0.0.1. The loopback URLs point at the live test servers, so an implementation that
// skipped the check would get onOpen and fail the test.

var REJECTED = 'url not in domain list';

function port(base) { return base.replace(/^wss?:\/\/[^:]+:/, ''); }

// connectRejected connects to url and resolves with what happened once onError fired and
// no socket can deliver anything more (settled: a connection dialed despite the rejection
// would keep it waiting, and an open one make it time out).
function connectRejected(url) {
  var events = [];
  var okRes;
  var task = wx.connectSocket({
    url: url,
    success: function (res) { events.push('success'); okRes = res; },
    fail: function (res) { events.push('fail:' + res.errMsg); },
    complete: function () { events.push('complete'); },
  });
  events.push('returned');
  task.onOpen(function () { events.push('open'); });
  task.onMessage(function () { events.push('message'); });
  task.onClose(function (res) { events.push('close:' + res.code); });
  var stateAtError;
  task.onError(function (res) { stateAtError = task.readyState; events.push('error:' + res.errMsg); });
  var stateAfterCall = task.readyState;
  return waitFor(function () { return events.some(function (e) { return e.indexOf('error:') === 0; }); }, 'onError for ' + url)
    .then(settled)
    .then(function () {
      return { task: task, events: events, okRes: okRes, stateAfterCall: stateAfterCall, stateAtError: stateAtError };
    });
}

function assertRejected(r, url) {
  assert.deepEqual(r.events, ['success', 'complete', 'returned', 'error:' + REJECTED], url);
  assert.equal(r.okRes.errMsg, 'connectSocket:ok', url);
  assert.equal(r.stateAfterCall, 0, url + ': CONNECTING until the asynchronous rejection');
  assert.equal(r.stateAtError, 3, url + ': readyState inside onError');
  assert.equal(r.task.readyState, 3, url);
}

test('7: ws:// is refused even for a listed domain', function () {
  var url = 'ws://good.example/echo';
  return connectRejected(url).then(function (r) { assertRejected(r, url); });
});

test('7: ws:// to the loopback test server is refused (no onOpen)', function () {
  var url = SERVER.ws + '/echo';
  return connectRejected(url).then(function (r) { assertRejected(r, url); });
});

test('7: the own IP (127.0.0.1) over wss:// is refused even when listed', function () {
  var url = SERVER.wss + '/echo';
  return connectRejected(url).then(function (r) { assertRejected(r, url); });
});

test('7: localhost over wss:// is refused even when listed', function () {
  var urls = [
    'wss://localhost:' + port(SERVER.wss) + '/echo',
    'wss://LOCALHOST:' + port(SERVER.wss) + '/echo',
    'wss://localhost/echo',
  ];
  return urls.reduce(function (p, url) {
    return p.then(function () { return connectRejected(url); }).then(function (r) { assertRejected(r, url); });
  }, Promise.resolve());
});

test('7: the unspecified address and IPv6 loopback are refused', function () {
  var urls = ['wss://0.0.0.0:' + port(SERVER.wss) + '/', 'wss://[::1]:' + port(SERVER.wss) + '/'];
  return urls.reduce(function (p, url) {
    return p.then(function () { return connectRejected(url); }).then(function (r) { assertRejected(r, url); });
  }, Promise.resolve());
});

test('7: a public IP is refused (IPs cannot be listed)', function () {
  // Documentation-only addresses (TEST-NET-3, 2001:db8::/32): never dialed by a correct
  // implementation, and unroutable if a broken one tried.
  var urls = ['wss://203.0.113.7/', 'wss://203.0.113.7:8443/x', 'wss://[2001:db8::1]/'];
  return urls.reduce(function (p, url) {
    return p.then(function () { return connectRejected(url); }).then(function (r) { assertRejected(r, url); });
  }, Promise.resolve());
});

test('7: an unlisted host is refused', function () {
  var urls = ['wss://unlisted.invalid/', 'wss://sub.good.example/', 'wss://good.example.invalid/'];
  return urls.reduce(function (p, url) {
    return p.then(function () { return connectRejected(url); }).then(function (r) { assertRejected(r, url); });
  }, Promise.resolve());
});

test('7: api.weixin.qq.com is forbidden even when listed', function () {
  var url = 'wss://api.weixin.qq.com/';
  return connectRejected(url).then(function (r) { assertRejected(r, url); });
});

test('7: the rejection is never delivered synchronously: a listener added on a later turn still sees it', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var got = [];
  // No listener yet; the onError must arrive on a later macrotask, after this microtask.
  return Promise.resolve().then(function () {
    task.onError(function (res) { got.push(res.errMsg); });
    task.onClose(function () { got.push('close'); });
    return waitFor(function () { return got.length; }, 'onError');
  }).then(settled).then(function () {
    assert.deepEqual(got, [REJECTED]);
  });
});

test('7: send on a refused socket fails with the not-OPEN error', function () {
  return connectRejected(SERVER.wss + '/echo').then(function (r) {
    var res;
    r.task.send({ data: 'x', fail: function (x) { res = x; } });
    assert.equal(res.errMsg, 'SocketTask.send:fail SocketTask.readyState is not OPEN');
  });
});
