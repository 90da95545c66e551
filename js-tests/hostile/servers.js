// @wxrun connect-timeout=500ms
// Reliability issue: hostile or broken servers. For each, the script sees the events
// WeChat would give (spec §9), messages sent before a failure are delivered in order,
// and nothing fires after onClose.

// record collects every event of a task as a string; done resolves once the task can emit
// no more: after its first onError or onClose, once no socket can deliver anything more
// (settled), so that a close after a refused handshake, or anything after onClose, would
// land in events.
function record(url, options) {
  var events = [];
  var opts = Object.assign({ url: url }, options || {});
  var task = wx.connectSocket(opts);
  var ended;
  var done = new Promise(function (resolve) { ended = resolve; }).then(function () { return settled(); });
  task.onOpen(function () { events.push('open'); });
  task.onMessage(function (res) {
    events.push(typeof res.data === 'string' ? 'msg:' + res.data : 'bin:' + res.data.byteLength);
  });
  task.onError(function (res) {
    events.push('error:' + res.errMsg);
    ended();
  });
  task.onClose(function (res) {
    events.push('close:' + res.code + ':' + res.reason);
    ended();
  });
  return { task: task, events: events, done: done };
}

[403, 404, 500, 503].forEach(function (status) {
  test('handshake refused with ' + status + ': onError "Invalid HTTP status" only', function () {
    var r = record(SERVER.ws + '/status/' + status);
    return r.done.then(function () {
      assert.deepEqual(r.events, ['error:Invalid HTTP status']);
      assert.equal(r.task.readyState, 3);
    });
  });
});

test('a redirect during the handshake is not followed', function () {
  var r = record(SERVER.ws + '/redirect?to=' + encodeURIComponent(SERVER.ws + '/echo'));
  return r.done.then(function () {
    assert.deepEqual(r.events, ['error:Invalid HTTP status']);
  });
});

test('a stalled handshake times out: onError then onClose 1006', function () {
  var r = record(SERVER.ws + '/stall');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['error:connect response time out', 'close:1006:']);
  });
});

test('a subprotocol the client did not offer fails the connection', function () {
  var r = record(SERVER.ws + '/protocol?choose=evil', { protocols: ['mqtt'] });
  return r.done.then(function () {
    assert.equal(r.events.length, 1, JSON.stringify(r.events));
    assert.match(r.events[0], /^error:exception .*subprotocol/);
  });
});

test('invalid UTF-8 in a text frame fails the connection: earlier messages, then error and close 1007, nothing after', function () {
  var r = record(SERVER.ws + '/bad-utf8?n=2');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'msg:m0', 'msg:m1',
      'error:exception Could not decode a text frame as UTF-8.', 'close:1007:Invalid UTF-8 in text frame']);
  });
});

test('a close frame whose reason is not UTF-8 fails the connection with 1002', function () {
  var r = record(SERVER.ws + '/bad-utf8?n=1&close=1');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'msg:m0',
      'error:exception Received a broken close frame containing invalid UTF-8.', 'close:1002:Invalid UTF-8 in Close frame']);
  });
});

test('a message over the size limit: onError then onClose 1009, earlier messages kept', function () {
  var r = record(SERVER.ws + '/big?size=' + (10 * 1024 * 1024 + 1));
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'error:exception message too big', 'close:1009:message too big']);
  });
});

test('a message of exactly the limit is delivered', function () {
  var r = record(SERVER.ws + '/big?size=' + (10 * 1024 * 1024));
  r.task.onMessage(function () { r.task.close(); });
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'bin:' + (10 * 1024 * 1024), 'close:1000:']);
  });
});

test('endless fragments are cut off by the size limit', function () {
  var r = record(SERVER.ws + '/fragments?n=1200&size=10000');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'error:exception message too big', 'close:1009:message too big']);
  });
});

test('fragments within the limit are reassembled', function () {
  var r = record(SERVER.ws + '/fragments?n=4&size=3');
  r.task.onMessage(function () { r.task.close(); });
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'msg:aaabbbcccddd', 'close:1000:']);
  });
});

test('frames after the server\'s close frame are ignored; one onClose', function () {
  var r = record(SERVER.ws + '/after-close');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'close:1000:']);
  });
});

test('a TCP drop mid-stream: every message sent before it arrives in order, then error and close 1006', function () {
  var r = record(SERVER.ws + '/drop?after=50');
  return r.done.then(function () {
    var expected = ['open'];
    for (var i = 0; i < 50; i++) expected.push('msg:m' + i);
    expected.push('error:abnormal closure', 'close:1006:abnormal closure');
    assert.deepEqual(r.events, expected);
  });
});

test('a TCP reset: messages kept, then error and close 1006', function () {
  var r = record(SERVER.ws + '/reset?after=5');
  return r.done.then(function () {
    assert.deepEqual(r.events.slice(0, 6), ['open', 'msg:m0', 'msg:m1', 'msg:m2', 'msg:m3', 'msg:m4']);
    assert.deepEqual(r.events.slice(6), ['error:abnormal closure', 'close:1006:abnormal closure']);
  });
});

test('a ping flood is answered without disturbing messages', function () {
  var r = record(SERVER.ws + '/pingflood?n=500');
  r.task.onMessage(function () { r.task.close(); });
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'msg:done', 'close:1000:']);
  });
});

test('a server that never answers the close handshake: onClose 1006 after the close timeout', function () {
  var r = record(SERVER.ws + '/silent');
  r.task.onOpen(function () { r.task.close({ code: 4000 }); });
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'close:1006:abnormal closure']);
  });
}, { timeout: 10000 });

test('a server close frame without a status code: onClose 1005, no onError', function () {
  var r = record(SERVER.ws + '/close?code=1005');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'close:1005:']);
  });
});

test('a TCP drop in the middle of a fragmented message: earlier messages kept, the partial one dropped', function () {
  var r = record(SERVER.ws + '/drop?after=3&partial=1');
  return r.done.then(function () {
    assert.deepEqual(r.events, ['open', 'msg:m0', 'msg:m1', 'msg:m2',
      'error:abnormal closure', 'close:1006:abnormal closure']);
  });
});
