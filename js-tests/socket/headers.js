// wx-socket spec §1–§2, checklist 8–9: the handshake request the client sends. /headers
// answers with the request headers as JSON (canonical names, plus "Host" and
// "Sec-WebSocket-Protocol" as sent); /protocol answers with the selected subprotocol.

// handshake connects to /headers with extra options and resolves with the headers the
// server saw, once the socket has closed again (so a test may open more than five).
function handshake(opts) {
  var o = { url: SERVER.ws + '/headers' };
  for (var k in opts) o[k] = opts[k];
  var task = wx.connectSocket(o);
  var seen;
  return new Promise(function (resolve, reject) {
    task.onMessage(function (r) {
      if (seen === undefined) {
        seen = JSON.parse(r.data);
        task.close();
      }
    });
    task.onClose(function (r) {
      if (seen === undefined) reject(new Error('closed ' + r.code + ' ' + r.reason));
      else resolve(seen);
    });
    task.onError(function (r) { reject(new Error('onError ' + r.errMsg)); });
  });
}

var CLIENT_REFERER = /^https:\/\/servicewechat\.com\/[^\/]+\/[^\/]+\/page-frame\.html$/;

test('8: Referer is dropped, a number becomes its string, an object becomes [object Object]', function () {
  return handshake({ header: { Referer: 'x', n: 1, o: {} } }).then(function (h) {
    assert.equal(h.N, '1');
    assert.equal(h.O, '[object Object]');
    assert.notEqual(h.Referer, 'x', 'the user Referer must not be sent');
    assert.match(h.Referer, CLIENT_REFERER, 'the client sends its own Referer');
  });
});

test('8: Referer is dropped whatever its case', function () {
  return handshake({ header: { referer: 'https://evil.example/a', REFERER: 'https://evil.example/b', 'X-Kept': 'yes' } }).then(function (h) {
    assert.match(h.Referer, CLIENT_REFERER);
    assert.equal(h['X-Kept'], 'yes');
  });
});

test('8: without a header option the client still sends its own page-frame Referer', function () {
  return handshake({}).then(function (h) {
    assert.match(h.Referer, CLIENT_REFERER);
  });
});

test('8: strings are kept, numbers use String(n), everything else Object.prototype.toString', function () {
  var header = {
    'X-Str': 'plain value',
    'X-Int': 42,
    'X-Float': 1.5,
    'X-Neg': -7,
    'X-Bool': true,
    'X-Arr': ['a', 'b'],
    'X-Fn': function () {},
    'X-Null': null,
  };
  return handshake({ header: header }).then(function (h) {
    assert.equal(h['X-Str'], 'plain value');
    assert.equal(h['X-Int'], '42');
    assert.equal(h['X-Float'], '1.5');
    assert.equal(h['X-Neg'], '-7');
    assert.equal(h['X-Bool'], '[object Boolean]');
    assert.equal(h['X-Arr'], '[object Array]');
    assert.equal(h['X-Fn'], '[object Function]');
    assert.equal(h['X-Null'], '[object Null]');
  });
});

test('8: a non-object header option is ignored and the connection opens', function () {
  var baseline;
  return handshake({}).then(function (h) {
    baseline = Object.keys(h).sort();
    return ['X-Foo: bar', 42, true, null, function () {}].reduce(function (p, header) {
      return p.then(function () { return handshake({ header: header }); }).then(function (got) {
        assert.deepEqual(Object.keys(got).sort(), baseline, 'header ' + String(header));
      });
    }, Promise.resolve());
  });
});

test('legacy method and data options are accepted and ignored', function () {
  var baseline;
  return handshake({}).then(function (h) {
    baseline = Object.keys(h).sort();
    return handshake({ method: 'POST', data: { a: 1 } });
  }).then(function (h) {
    assert.deepEqual(Object.keys(h).sort(), baseline, 'no body-related or extra headers');
    assert.equal(h['Content-Type'], undefined);
    assert.equal(h['Content-Length'], undefined);
  });
});

test('9: protocols ["p1"] is sent as Sec-WebSocket-Protocol', function () {
  return handshake({ protocols: ['p1'] }).then(function (h) {
    assert.equal(h['Sec-WebSocket-Protocol'], 'p1');
  });
});

test('9: several protocols are all offered, in order', function () {
  return handshake({ protocols: ['p1', 'p2'] }).then(function (h) {
    assert.equal(h['Sec-WebSocket-Protocol'], 'p1, p2');
  });
});

test('9: without protocols no Sec-WebSocket-Protocol is sent', function () {
  return handshake({}).then(function (h) {
    assert.equal(h['Sec-WebSocket-Protocol'], undefined);
  });
});

test('9: the server selects the offered protocol and onOpen res.header reports it', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/protocol', protocols: ['p1', 'p2'] });
  var events = [];
  var openHeader;
  task.onOpen(function (r) { openHeader = r.header; events.push('open'); });
  task.onMessage(function (r) { events.push('message:' + r.data); });
  task.onError(function (r) { events.push('error:' + r.errMsg); });
  return waitFor(function () { return events.length >= 2; }, 'open and selection').then(function () {
    assert.deepEqual(events, ['open', 'message:p1']);
    var sel;
    Object.keys(openHeader).forEach(function (k) { if (k.toLowerCase() === 'sec-websocket-protocol') sel = openHeader[k]; });
    assert.equal(sel, 'p1');
  });
});

test('perMessageDeflate:true offers permessage-deflate and the socket still works against /echo', function () {
  return handshake({ perMessageDeflate: true }).then(function (h) {
    assert.match(h['Sec-Websocket-Extensions'], /permessage-deflate/);
    return handshake({});
  }).then(function (h) {
    assert.equal(h['Sec-Websocket-Extensions'], undefined, 'not offered by default');
    var task = wx.connectSocket({ url: SERVER.ws + '/echo', perMessageDeflate: true });
    var got = [];
    var big = new Array(2001).join('compressible ');
    task.onOpen(function () {
      task.send({ data: 'hello' });
      task.send({ data: big });
    });
    task.onMessage(function (r) { got.push(r.data); });
    task.onError(function (r) { got.push('error:' + r.errMsg); });
    return waitFor(function () { return got.length >= 2; }, 'echoes').then(function () {
      assert.equal(got[0], 'hello');
      assert.ok(got[1] === big, 'the large message came back intact');
    });
  });
});
