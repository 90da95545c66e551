// wx.request on real HTTP (spec §11): the success res for every status code, methods,
// data encoding as the base library does it, headers, dataType and responseType.
var R = require('../lib/request');

test('GET: success with {errMsg, data, header, statusCode, cookies, profile}, on a later turn', function () {
  return R.call({ url: SERVER.http + '/http/echo' }).then(function (r) {
    var res = R.ok(r);
    assert.deepEqual(Object.keys(res), ['errMsg', 'data', 'header', 'statusCode', 'cookies', 'profile']);
    assert.equal(res.statusCode, 200);
    assert.equal(res.data.method, 'GET');
    assert.equal(res.data.path, '/http/echo');
    assert.equal(res.header['Content-Type'], 'application/json');
    assert.ok(Array.isArray(res.cookies));
    assert.deepEqual(res.cookies, []);
    assert.equal(res.profile.protocol, 'http/1.1');
    assert.equal(res.profile.peerIP, '127.0.0.1');
    assert.equal(res.profile.port, Number(SERVER.http.split(':')[2]));
    assert.ok(res.profile.fetchStart <= res.profile.requestStart && res.profile.requestStart <= res.profile.responseEnd, 'profile in order');
    assert.equal(res.profile.redirectStart, 0);
  });
});

test('every status code is a success', function () {
  var codes = [201, 204, 304, 400, 404, 418, 500, 503];
  return Promise.all(codes.map(function (code) {
    return R.call({ url: SERVER.http + '/status/' + code });
  })).then(function (rs) {
    rs.forEach(function (r, i) {
      var res = R.ok(r);
      assert.equal(res.statusCode, codes[i]);
      var empty = codes[i] === 204 || codes[i] === 304;
      assert.equal(res.data, empty ? '' : 'wstest: handshake refused with status ' + codes[i] + '\n', 'body of ' + codes[i]);
    });
  });
});

test('the methods WeChat allows, in any case', function () {
  var methods = ['OPTIONS', 'GET', 'POST', 'PUT', 'DELETE', 'TRACE', 'post', 'Put'];
  return Promise.all(methods.map(function (m) { return R.echo({ method: m }); })).then(function (rs) {
    rs.forEach(function (r, i) { assert.equal(r.got.method, methods[i].toUpperCase()); });
  });
});

test('HEAD: success with an empty body', function () {
  return R.call({ url: SERVER.http + '/http/echo', method: 'HEAD' }).then(function (r) {
    var res = R.ok(r);
    assert.equal(res.statusCode, 200);
    assert.equal(res.data, '');
    assert.equal(res.header['Content-Type'], 'application/json');
  });
});

test('CONNECT is sent as it is', function () {
  return R.call({ url: SERVER.http + '/http/echo', method: 'CONNECT' }).then(function (r) {
    assert.equal(typeof R.ok(r).statusCode, 'number');
  });
});

test('PATCH and unknown methods fail before the call returns: "request:fail method is invalid"', function () {
  return Promise.all(['PATCH', 'FETCH', ''].map(function (m) {
    return R.call({ url: SERVER.http + '/http/echo', method: m });
  })).then(function (rs) {
    rs.forEach(function (r) {
      R.failed(r, 'request:fail method is invalid');
      assert.ok(r.sync, 'synchronous');
      assert.equal(r.task, undefined);
    });
  });
});

test('a method that is not a string is GET', function () {
  return R.echo({ method: 5 }).then(function (r) { assert.equal(r.got.method, 'GET'); });
});

test('GET: an object becomes the query string, nested values as String(v)', function () {
  var data = { a: 1, b: 'x y&z', 'ü': 'é', c: { d: 1 }, e: [1, 2], f: null, g: undefined, h: true };
  return R.echo({ data: data }).then(function (r) {
    assert.equal(r.got.query, 'a=1&b=x%20y%26z&%C3%BC=%C3%A9&c=%5Bobject%20Object%5D&e=1%2C2&f=null&g=undefined&h=true');
    assert.equal(r.got.body, '');
  });
});

test('GET: the query is added to the URL\'s own, before its fragment', function () {
  return Promise.all([
    R.call({ url: SERVER.http + '/http/echo?x=1#frag', data: { y: 2 } }),
    R.call({ url: SERVER.http + '/http/echo?', data: { y: 2 } }),
    R.call({ url: SERVER.http + '/http/echo', data: 'raw=1&s=t' }),
    R.call({ url: SERVER.http + '/http/echo?x=1', data: {} }),
  ]).then(function (rs) {
    assert.equal(R.ok(rs[0]).data.query, 'x=1&y=2');
    assert.equal(R.ok(rs[1]).data.query, 'y=2');
    assert.equal(R.ok(rs[2]).data.query, 'raw=1&s=t');
    assert.equal(R.ok(rs[3]).data.query, 'x=1');
  });
});

test('POST: an object is sent as JSON with content-type application/json', function () {
  return R.echo({ method: 'POST', data: { a: [1, { b: 'c' }], d: null } }).then(function (r) {
    assert.equal(r.got.body, '{"a":[1,{"b":"c"}],"d":null}');
    assert.equal(r.got.header['Content-Type'], 'application/json');
    assert.equal(r.got.query, '');
  });
});

test('POST: x-www-form-urlencoded, in any case of the header name, encodes a query string', function () {
  return R.echo({ method: 'POST', header: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, data: { a: 'b c', d: 1 } }).then(function (r) {
    assert.equal(r.got.body, 'a=b%20c&d=1');
    assert.equal(r.got.header['Content-Type'], 'application/x-www-form-urlencoded; charset=UTF-8');
  });
});

test('POST: a string is sent as it is, whatever the content-type', function () {
  return R.echo({ method: 'PUT', header: { 'Content-Type': 'text/plain' }, data: '{"not":"re-encoded"}' }).then(function (r) {
    assert.equal(r.got.body, '{"not":"re-encoded"}');
    assert.equal(r.got.header['Content-Type'], 'text/plain');
  });
});

test('POST: an ArrayBuffer is sent as its bytes', function () {
  var bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
  return R.echo({ method: 'POST', data: bytes.buffer }).then(function (r) {
    assert.equal(r.got.base64, 'AAEC/f7/');
  });
});

test('POST: numbers and booleans are JSON; undefined and null send nothing', function () {
  return Promise.all([
    R.echo({ method: 'POST', data: 5 }),
    R.echo({ method: 'POST', data: false }),
    R.echo({ method: 'POST', data: null }),
    R.echo({ method: 'POST' }),
  ]).then(function (rs) {
    assert.deepEqual(rs.map(function (r) { return r.got.body; }), ['5', 'false', '', '']);
  });
});

test('a data that is a function fails: "request:fail data should not be Function"', function () {
  return R.call({ url: SERVER.http + '/http/echo', method: 'POST', data: function () {} }).then(function (r) {
    R.failed(r, 'request:fail data should not be Function');
    assert.ok(r.sync);
  });
});

test('a throwing toJSON throws out of the call, and nothing else happens', function () {
  var called = [];
  var e = assert.throws(function () {
    wx.request({
      url: SERVER.http + '/http/echo', method: 'POST', data: { toJSON: function () { throw new Error('nope'); } },
      success: function () { called.push('success'); }, fail: function () { called.push('fail'); }, complete: function () { called.push('complete'); },
    });
  });
  assert.equal(e.message, 'nope');
  return sleep(20).then(function () { assert.deepEqual(called, []); });
});

test('headers: strings and numbers sent, others as Object.prototype.toString; Referer is the client\'s', function () {
  var header = { 'X-Str': 'v', 'X-Num': 42, 'X-Obj': { a: 1 }, Referer: 'https://evil.example/', 'X-Bad': 'a\r\nInjected: 1' };
  return R.echo({ header: header }).then(function (r) {
    var h = r.got.header;
    assert.equal(h['X-Str'], 'v');
    assert.equal(h['X-Num'], '42');
    assert.equal(h['X-Obj'], '[object Object]');
    assert.equal(h['X-Bad'], undefined, 'a value with CR/LF is dropped');
    assert.equal(h['Injected'], undefined);
    assert.equal(h.Referer, 'https://servicewechat.com/touristappid/devtools/page-frame.html');
    assert.equal(h['Content-Type'], 'application/json', 'the default content-type, even for GET');
    assert.match(h['User-Agent'], /wxrun/);
  });
});

test('a header that is not an object is ignored', function () {
  return R.echo({ header: 'X-A: 1' }).then(function (r) { assert.equal(r.got.header['X-A'], undefined); });
});

test('response headers: one string per name; cookies: every Set-Cookie', function () {
  return R.call({ url: SERVER.http + '/http/cookies' }).then(function (r) {
    var res = R.ok(r);
    assert.deepEqual(res.cookies, ['a=1', 'b=2; Path=/; HttpOnly']);
    assert.equal(res.header['Set-Cookie'], 'a=1, b=2; Path=/; HttpOnly');
    assert.equal(res.data, 'cookies');
  });
});

test('dataType json (the default) parses, and falls back to the text when it is not JSON', function () {
  var u = SERVER.http + '/http/body?type=text/plain&text=';
  return Promise.all([
    R.call({ url: u + encodeURIComponent('{"a":[1,2]}') }),
    R.call({ url: u + encodeURIComponent('{"a":') }),
    R.call({ url: u + encodeURIComponent('\ufeff{"bom":true}') }),
    R.call({ url: u + '42', dataType: 'json' }),
    R.call({ url: u + encodeURIComponent('{"a":1}'), dataType: 'text' }),
    R.call({ url: u + encodeURIComponent('{"a":1}'), dataType: 5 }),
    R.call({ url: u }),
  ]).then(function (rs) {
    var data = rs.map(function (r) { return R.ok(r).data; });
    assert.deepEqual(data, [{ a: [1, 2] }, '{"a":', { bom: true }, 42, '{"a":1}', { a: 1 }, '']);
  });
});

test('responseType arraybuffer: the body\'s bytes, never parsed', function () {
  return R.call({ url: SERVER.http + '/http/bytes?n=300', responseType: 'arraybuffer' }).then(function (r) {
    var res = R.ok(r);
    assert.ok(res.data instanceof ArrayBuffer);
    var u8 = new Uint8Array(res.data);
    assert.equal(u8.length, 300);
    assert.equal(u8[299], 299 % 256);
  });
});

test('https with the trusted test CA', function () {
  return R.call({ url: SERVER.https + '/http/echo' }).then(function (r) {
    assert.equal(R.ok(r).data.method, 'GET');
  });
});

test('enableHttp2 negotiates HTTP/2 over TLS; without it HTTP/1.1', function () {
  return Promise.all([
    R.call({ url: SERVER.https + '/http/echo', enableHttp2: true }),
    R.call({ url: SERVER.https + '/http/echo' }),
  ]).then(function (rs) {
    assert.equal(R.ok(rs[0]).profile.protocol, 'h2');
    assert.equal(rs[0].res.data.proto, 'HTTP/2.0');
    assert.equal(R.ok(rs[1]).profile.protocol, 'http/1.1');
  });
});

test('enableProfile: false leaves profile out', function () {
  return R.call({ url: SERVER.http + '/http/echo', enableProfile: false }).then(function (r) {
    assert.equal('profile' in R.ok(r), false);
  });
});

test('redirects are followed: 302 and 303 as GET, 307 and 308 with method and body', function () {
  var to = encodeURIComponent(SERVER.http + '/http/echo?hop=1');
  return Promise.all([302, 303, 307, 308].map(function (code) {
    return R.call({ url: SERVER.http + '/http/redirect?code=' + code + '&to=' + to, method: 'POST', data: 'body' });
  })).then(function (rs) {
    var got = rs.map(function (r) { var d = R.ok(r).data; return [d.method, d.body, d.query]; });
    assert.deepEqual(got, [['GET', '', 'hop=1'], ['GET', '', 'hop=1'], ['POST', 'body', 'hop=1'], ['POST', 'body', 'hop=1']]);
    assert.ok(rs[0].res.profile.redirectStart > 0 && rs[0].res.profile.redirectEnd >= rs[0].res.profile.redirectStart);
  });
});

test('without callbacks wx.request returns its RequestTask, never a Promise', function () {
  var task = wx.request({ url: SERVER.http + '/http/echo' });
  assert.equal(task instanceof Promise, false);
  assert.deepEqual(['abort', 'onHeadersReceived', 'offHeadersReceived', 'onChunkReceived', 'offChunkReceived'].map(function (m) {
    return typeof task[m];
  }), ['function', 'function', 'function', 'function', 'function']);
  assert.deepEqual(Object.keys(task), [], 'the methods are on the prototype');
  return sleep(50);
});

test('RequestTask methods on another object throw a TypeError', function () {
  var task = wx.request({ url: SERVER.http + '/http/echo' });
  assert.throws(function () { task.abort.call({}); }, function (e) {
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, 'RequestTask.abort called on an object that is not a RequestTask');
  });
  return sleep(50);
});
