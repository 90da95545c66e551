// Event logs for the socket tests, loaded with require('../lib/events') (test files run
// with the js-tests folder as the root). Each event becomes one string: "open",
// "message:<data>", "error:<errMsg>", "close:<code>:<reason>", prefixed with "<id>:"
// when an id is given, so a whole exchange can be compared with one assert.deepEqual.

function record(on, id, log) {
  var prefix = id ? id + ':' : '';
  on.open(function () { log.push(prefix + 'open'); });
  on.message(function (res) { log.push(prefix + 'message:' + res.data); });
  on.error(function (res) { log.push(prefix + 'error:' + res.errMsg); });
  on.close(function (res) { log.push(prefix + 'close:' + res.code + ':' + res.reason); });
  return log;
}

// track appends the events of task to log (a new array if none is given) and returns it.
exports.track = function (task, id, log) {
  return record({
    open: function (f) { task.onOpen(f); },
    message: function (f) { task.onMessage(f); },
    error: function (f) { task.onError(f); },
    close: function (f) { task.onClose(f); },
  }, id, log || []);
};

// trackGlobals appends what the wx.onSocket* callbacks receive to log, with the id "g".
exports.trackGlobals = function (log) {
  return record({ open: wx.onSocketOpen, message: wx.onSocketMessage, error: wx.onSocketError, close: wx.onSocketClose }, 'g', log);
};

// connect opens a task to the test server's path and tracks it in log under id.
exports.connect = function (path, id, log) {
  var task = wx.connectSocket({ url: SERVER.ws + path });
  exports.track(task, id, log);
  return task;
};
