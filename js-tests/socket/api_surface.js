// wx-socket spec §4 and §5, checklist 36: SocketTask has no off* methods and wx has no
// wx.offSocket* functions (unlike TCPSocket/UDPSocket and wx.offError).

var TASK_OFF = ['offOpen', 'offMessage', 'offError', 'offClose'];
var WX_OFF = ['offSocketOpen', 'offSocketMessage', 'offSocketError', 'offSocketClose'];

test('36: a SocketTask has no offOpen/offMessage/offError/offClose', function () {
  var task = wx.connectSocket({ url: SERVER.ws + '/echo' });
  TASK_OFF.forEach(function (m) {
    assert.equal(typeof task[m], 'undefined', 'task.' + m);
    assert.ok(!(m in task), m + ' is not reachable through the prototype either');
  });
  // The on* counterparts exist, so the absence above is meaningful.
  ['onOpen', 'onMessage', 'onError', 'onClose'].forEach(function (m) {
    assert.equal(typeof task[m], 'function', 'task.' + m);
  });
});

test('36: a task refused by the cap has no off* methods either', function () {
  for (var i = 0; i < 5; i++) wx.connectSocket({ url: SERVER.ws + '/stall' });
  var refused = wx.connectSocket({ url: SERVER.ws + '/echo', fail: function () {} });
  assert.equal(refused.readyState, 3);
  TASK_OFF.forEach(function (m) { assert.equal(typeof refused[m], 'undefined', 'refused.' + m); });
});

test('36: wx has no offSocketOpen/offSocketMessage/offSocketError/offSocketClose', function () {
  WX_OFF.forEach(function (m) {
    assert.equal(typeof wx[m], 'undefined', 'wx.' + m);
    assert.ok(!(m in wx), m);
  });
  ['onSocketOpen', 'onSocketMessage', 'onSocketError', 'onSocketClose', 'sendSocketMessage', 'closeSocket', 'connectSocket'].forEach(function (m) {
    assert.equal(typeof wx[m], 'function', 'wx.' + m);
  });
});
