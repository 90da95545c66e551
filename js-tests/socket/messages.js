// wx-socket spec §4, checklist 13: onMessage's res.data is a string for text frames and
// an ArrayBuffer for binary frames; order and bytes are preserved.

function bytes(buf) { return Array.prototype.slice.call(new Uint8Array(buf)); }

// collect connects to url and resolves with the first n messages' res.data.
function collect(url, n) {
  var task = wx.connectSocket({ url: url });
  var got = [];
  return new Promise(function (resolve, reject) {
    task.onMessage(function (r) { got.push(r.data); if (got.length === n) resolve({ task: task, data: got }); });
    task.onError(function (r) { reject(new Error('onError ' + r.errMsg)); });
    task.onClose(function (r) { reject(new Error('onClose ' + r.code + ' after ' + got.length + ' messages')); });
  });
}

test('13: a text frame gives res.data as a string', function () {
  return collect(SERVER.ws + '/push?n=1&size=6', 1).then(function (r) {
    assert.equal(typeof r.data[0], 'string');
    assert.equal(r.data[0], '0:xxxx');
  });
});

test('13: a binary frame gives res.data as a real ArrayBuffer', function () {
  return collect(SERVER.ws + '/push?n=1&binary=1&size=8', 1).then(function (r) {
    var d = r.data[0];
    assert.ok(d instanceof ArrayBuffer, 'instanceof ArrayBuffer');
    assert.ok(Object.getPrototypeOf(d) === ArrayBuffer.prototype, 'ArrayBuffer.prototype');
    assert.equal(Object.prototype.toString.call(d), '[object ArrayBuffer]');
    assert.deepEqual(bytes(d), [0, 0, 0, 0, 120, 120, 120, 120]);
  });
});

test('13: a fragmented text message arrives as one string', function () {
  return collect(SERVER.ws + '/fragments?n=3&size=4', 1).then(function (r) {
    assert.equal(r.data[0], 'aaaabbbbcccc');
  });
});

test('message order: 200 pushed text messages arrive in order', function () {
  return collect(SERVER.ws + '/push?n=200', 200).then(function (r) {
    var expected = [];
    for (var i = 0; i < 200; i++) expected.push(i + ':');
    assert.deepEqual(r.data, expected);
  });
});

test('message order: 100 pushed binary messages arrive in order', function () {
  return collect(SERVER.ws + '/push?n=100&binary=1&size=4', 100).then(function (r) {
    var seqs = r.data.map(function (d) { return new DataView(d).getUint32(0); });
    for (var i = 0; i < 100; i++) assert.equal(seqs[i], i, 'message ' + i);
  });
});

test('binary bytes from the server are intact (100000 bytes, byte i = i % 256)', function () {
  return collect(SERVER.ws + '/big?size=100000', 1).then(function (r) {
    var u = new Uint8Array(r.data[0]);
    assert.equal(u.length, 100000);
    for (var i = 0; i < u.length; i++) {
      if (u[i] !== i % 256) assert.fail('byte ' + i + ' is ' + u[i]);
    }
  });
});

test('binary round trip: every byte value survives both ways, and each message gets its own buffer', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var buf = new ArrayBuffer(256);
  var view = new Uint8Array(buf);
  for (var i = 0; i < 256; i++) view[i] = 255 - i;
  var got = [];
  task.onOpen(function () {
    task.send({ data: buf });
    // The frame was copied when send was called: changing the buffer now changes nothing.
    view[0] = 7;
    task.send({ data: buf.slice(10, 14) });
    task.send({ data: new ArrayBuffer(0) });
  });
  task.onMessage(function (r) { got.push(r.data); });
  return waitFor(function () { return got.length >= 3; }, 'three echoes').then(function () {
    got.forEach(function (d) { assert.ok(d instanceof ArrayBuffer, 'binary echo is an ArrayBuffer'); });
    var expected = [];
    for (var i = 0; i < 256; i++) expected.push(255 - i);
    assert.deepEqual(bytes(got[0]), expected, 'full buffer, as it was when sent');
    assert.deepEqual(bytes(got[1]), [245, 244, 243, 242], 'slice');
    assert.equal(got[2].byteLength, 0, 'empty binary message');
    assert.ok(got[0] !== got[1], 'distinct buffers');
  });
});

test('text round trip: empty and non-ASCII strings survive', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  var got = [];
  task.onOpen(function () {
    task.send({ data: '' });
    task.send({ data: '你好 🌍' });
  });
  task.onMessage(function (r) { got.push(r.data); });
  return waitFor(function () { return got.length >= 2; }, 'two echoes').then(function () {
    assert.deepEqual(got, ['', '你好 🌍']);
  });
});

test('messages before a server close are all delivered, then onClose', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/push?n=3&close=4002&reason=done' });
  var events = [];
  task.onMessage(function (r) { events.push('message:' + r.data); });
  task.onError(function (r) { events.push('error:' + r.errMsg); });
  task.onClose(function (r) { events.push('close:' + r.code + ':' + r.reason); });
  return settled().then(function () {
    assert.deepEqual(events, ['message:0:', 'message:1:', 'message:2:', 'close:4002:done']);
  });
});
