// wx-socket spec §4, checklist 10 and 12 (11's throwing listener is in open-throw.js):
// onOpen, its res, listener order, no replay; and TLS.

var PROFILE_KEYS = ['fetchStart', 'domainLookUpStart', 'domainLookUpEnd', 'connectStart', 'connectEnd', 'rtt', 'handshakeCost', 'cost'];

function headerValue(header, name) {
  var v;
  Object.keys(header).forEach(function (k) { if (k.toLowerCase() === name.toLowerCase()) v = header[k]; });
  return v;
}

function openRes(url) {
  var task = wx.connectSocket({ url: url });
  return new Promise(function (resolve, reject) {
    task.onOpen(function (res) { resolve({ task: task, res: res, state: task.readyState }); });
    task.onError(function (res) { reject(new Error('onError ' + res.errMsg)); });
  });
}

function checkOpenRes(res) {
  assert.equal(typeof res.header, 'object');
  assert.ok(res.header !== null, 'header is an object');
  assert.ok(Object.getPrototypeOf(res.header) === Object.prototype, 'header is a plain object');
  assert.equal(typeof res.profile, 'object');
  assert.ok(res.profile !== null, 'profile is an object');
  PROFILE_KEYS.forEach(function (k) {
    var v = res.profile[k];
    assert.equal(typeof v, 'number', 'profile.' + k);
    assert.ok(isFinite(v) && v >= 0, 'profile.' + k + ' is a non-negative number, got ' + v);
  });
}

test('10: listeners registered right after connectSocket get onOpen with res.header and res.profile', function () {
  return openRes(SERVER.ws + '/echo').then(function (o) {
    checkOpenRes(o.res);
    assert.equal(o.state, 1, 'readyState is OPEN inside onOpen');
  });
});

test('10: enableProfile:false leaves profile out of the onOpen res; true keeps it', function () {
  var results = {};
  [false, true].forEach(function (flag) {
    var task = wx.connectSocket({ url: SERVER.ws + '/echo', enableProfile: flag });
    task.onOpen(function (res) { results[flag] = res; });
  });
  return waitFor(function () { return results[false] && results[true]; }, 'both onOpen').then(function () {
    assert.ok(!('profile' in results[false]), 'no profile with enableProfile:false');
    assert.equal(typeof results[false].header, 'object', 'header is still there');
    checkOpenRes(results[true]);
  });
});

test('10: res.header holds the server handshake response headers', function () {
  return openRes(SERVER.ws + '/echo').then(function (o) {
    var h = o.res.header;
    assert.equal(String(headerValue(h, 'Upgrade')).toLowerCase(), 'websocket');
    assert.equal(String(headerValue(h, 'Connection')).toLowerCase(), 'upgrade');
    assert.match(headerValue(h, 'Sec-WebSocket-Accept'), /^[A-Za-z0-9+\/]{27}=$/);
    Object.keys(h).forEach(function (k) { assert.equal(typeof h[k], 'string', 'header ' + k); });
  });
});

test('10: profile timestamps are ordered and durations agree with them', function () {
  return openRes(SERVER.ws + '/echo').then(function (o) {
    var p = o.res.profile;
    assert.ok(p.fetchStart <= p.domainLookUpStart, 'fetchStart <= domainLookUpStart');
    assert.ok(p.domainLookUpStart <= p.domainLookUpEnd, 'domainLookUpStart <= domainLookUpEnd');
    assert.ok(p.domainLookUpEnd <= p.connectStart, 'domainLookUpEnd <= connectStart');
    assert.ok(p.connectStart <= p.connectEnd, 'connectStart <= connectEnd');
    assert.ok(p.cost >= p.handshakeCost, 'cost >= handshakeCost');
  });
});

test('10: the open event is delivered on a later turn, after synchronous code and microtasks', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  // Busy-wait long enough for the local handshake to have completed on the network side.
  var until = Date.now() + 50;
  while (Date.now() < until) { /* spin */ }
  Promise.resolve().then(function () { log.push('microtask'); });
  task.onOpen(function () { log.push('open'); });
  log.push('sync');
  return waitFor(function () { return log.length === 3; }, 'onOpen').then(function () {
    assert.deepEqual(log, ['sync', 'microtask', 'open']);
  });
});

test('11: two onOpen listeners both fire, in registration order', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () { log.push('a'); });
  task.onOpen(function () { log.push('b'); });
  task.onOpen(function () { log.push('c'); });
  return waitFor(function () { return log.length >= 3; }, 'listeners').then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['a', 'b', 'c']);
  });
});

test('11: the same function registered twice fires twice, with the same res', function () {
  var seen = [];
  function f(res) { seen.push(res); }
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(f);
  task.onOpen(f);
  return waitFor(function () { return seen.length >= 2; }, 'listeners').then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.equal(seen.length, 2);
    assert.ok(seen[0] === seen[1], 'both calls get the same res object');
  });
});

test('11: non-function arguments to onOpen are ignored silently', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  [undefined, null, 1, 'f', {}].forEach(function (x) {
    assert.equal(task.onOpen(x), undefined);
  });
  task.onOpen(function () { log.push('open'); });
  return waitFor(function () { return log.length; }, 'onOpen').then(function () {
    assert.deepEqual(log, ['open']);
  });
});

test('12: a listener added after open already fired is not called retroactively', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () { log.push('early'); });
  return waitFor(function () { return log.length; }, 'onOpen').then(function () {
    task.onOpen(function () { log.push('late'); });
    // Give a (wrong) replay every chance to happen, and prove the loop is alive.
    task.send({ data: 'ping' });
    return new Promise(function (resolve) { task.onMessage(function () { resolve(); }); });
  }).then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['early']);
  });
});

test('12: a listener added while open is being dispatched does not see that event', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () {
    log.push('first');
    task.onOpen(function () { log.push('added during dispatch'); });
  });
  task.onOpen(function () { log.push('second'); });
  return waitFor(function () { return log.length >= 2; }, 'onOpen').then(function () {
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['first', 'second']);
  });
});

test('12: onOpen fires at most once, and a listener registered later never sees it', function () {
  var log = [];
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  task.onOpen(function () { log.push('open'); });
  task.onClose(function (r) { log.push('close:' + r.code); });
  return waitFor(function () { return log.length; }, 'onOpen').then(function () {
    task.onOpen(function () { log.push('late open'); });
    task.close();
    return settled();
  }).then(function () {
    assert.deepEqual(log, ['open', 'close:1000']);
  });
});

test('TLS: wss:// to the test server connects (its CA is trusted) and carries messages', function () {
  var events = [];
  var task = wx.connectSocket({ url: SERVER.wss + '/echo' });
  var res;
  task.onOpen(function (r) { res = r; events.push('open'); task.send({ data: 'over tls' }); });
  task.onMessage(function (r) { events.push('message:' + r.data); });
  task.onError(function (r) { events.push('error:' + r.errMsg); });
  task.onClose(function (r) { events.push('close:' + r.code); });
  return waitFor(function () { return events.length >= 2; }, 'open and echo').then(function () {
    assert.deepEqual(events, ['open', 'message:over tls']);
    checkOpenRes(res);
    assert.match(headerValue(res.header, 'Sec-WebSocket-Accept'), /=$/);
  });
});
