// @wxrun max-sockets=0
// wx-socket spec §3, checklist 23: with max-sockets=0 the cap is lifted (a wxrun option for
// load runs): eight sockets connect and work at once.

test('23: max-sockets=0 lifts the cap: eight sockets open at once and each echoes', function () {
  var tasks = [];
  var opened = 0;
  var got = [];
  for (var i = 0; i < 8; i++) {
    (function (i) {
      var res;
      var task = wx.connectSocket({ url: SERVER.ws + '/echo', success: function (r) { res = r.errMsg; }, fail: function (r) { res = r.errMsg; } });
      assert.equal(res, 'connectSocket:ok', 'task ' + i);
      task.onOpen(function () {
        opened++;
        task.send({ data: 'hi' + i });
      });
      task.onMessage(function (r) { got.push(r.data); });
      tasks.push(task);
    })(i);
  }
  return waitFor(function () { return got.length === 8; }, 'eight echoes').then(function () {
    assert.equal(opened, 8);
    assert.deepEqual(got.slice().sort(), ['hi0', 'hi1', 'hi2', 'hi3', 'hi4', 'hi5', 'hi6', 'hi7']);
    assert.deepEqual(tasks.map(function (t) { return t.readyState; }), [1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
