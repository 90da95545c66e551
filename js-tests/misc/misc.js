// wx.login, checkSession, nextTick, base64, log managers and wx.env (README decision 26).

test('login: a new 32-character code per call, on a later turn; promisified', function () {
  var log = [];
  wx.login({ success: function (res) { log.push(res); } });
  assert.deepEqual(log, []);
  return waitFor(function () { return log.length; }, 'login').then(function () {
    assert.equal(log[0].errMsg, 'login:ok');
    assert.match(log[0].code, /^[0-9A-Za-z]{32}$/);
    return wx.login();
  }).then(function (res) {
    assert.equal(res.errMsg, 'login:ok');
    assert.notEqual(res.code, log[0].code, 'a new code');
  });
});

test('checkSession: ok', function () {
  return wx.checkSession().then(function (res) { assert.deepEqual(res, { errMsg: 'checkSession:ok' }); });
});

test('nextTick runs the function after the current code, before timers; returns undefined', function () {
  var order = [];
  setTimeout(function () { order.push('timeout'); }, 0);
  assert.equal(wx.nextTick(function () { order.push('tick'); }), undefined);
  Promise.resolve().then(function () { order.push('promise'); });
  order.push('sync');
  assert.equal(wx.nextTick('not a function'), undefined);
  return sleep(20).then(function () {
    assert.deepEqual(order, ['sync', 'tick', 'promise', 'timeout']);
  });
});

test('arrayBufferToBase64 / base64ToArrayBuffer', function () {
  var bytes = new Uint8Array([0, 1, 2, 250, 255, 128]);
  assert.equal(wx.arrayBufferToBase64(bytes.buffer), 'AAEC+v+A');
  assert.equal(wx.arrayBufferToBase64(new ArrayBuffer(0)), '');
  assert.equal(wx.arrayBufferToBase64(new TextLike()), '');
  function TextLike() {}
  var ab = wx.base64ToArrayBuffer('AAEC+v+A');
  assert.ok(ab instanceof ArrayBuffer);
  assert.deepEqual(Array.from(new Uint8Array(ab)), [0, 1, 2, 250, 255, 128]);
  // Padding is optional and whitespace is skipped.
  assert.deepEqual(Array.from(new Uint8Array(wx.base64ToArrayBuffer('aGk='))), [104, 105]);
  assert.deepEqual(Array.from(new Uint8Array(wx.base64ToArrayBuffer('aG\nk'))), [104, 105]);
  assert.equal(wx.base64ToArrayBuffer(123).byteLength, 0);
});

test('log managers write to the console; the realtime one is a singleton', function () {
  var rt = wx.getRealtimeLogManager();
  assert.ok(rt === wx.getRealtimeLogManager());
  ['info', 'warn', 'error', 'setFilterMsg', 'addFilterMsg', 'in', 'tag', 'getCurrentState'].forEach(function (m) {
    assert.equal(typeof rt[m], 'function', m);
  });
  assert.ok(rt.in({}) === rt);
  assert.equal(typeof rt.tag('t').info, 'function');
  rt.info('realtime info', { a: 1 });
  var lm = wx.getLogManager({ level: 1 });
  ['log', 'info', 'warn', 'debug'].forEach(function (m) { assert.equal(typeof lm[m], 'function', m); });
  lm.log('log manager');
});

test('wx.env.USER_DATA_PATH is "wxfile://usr" and read-only', function () {
  assert.equal(wx.env.USER_DATA_PATH, 'wxfile://usr');
  wx.env.USER_DATA_PATH = 'x';
  assert.equal(wx.env.USER_DATA_PATH, 'wxfile://usr');
});
