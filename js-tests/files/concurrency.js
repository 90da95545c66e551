// @wxrun max-requests=2
// Downloads and uploads have slots of their own, as many as wx.request's (10 in WeChat;
// 2 here, from the directive): later ones queue in call order, and a request, a download
// and an upload do not wait for each other.
var R = require('../lib/request');
var fs = wx.getFileSystemManager();
fs.writeFileSync(wx.env.USER_DATA_PATH + '/c.txt', 'c');

function stall(key) { return SERVER.http + '/http/stall?ms=300&key=' + key; }

test('3 downloads at once: 2 at the server, then the third; all succeed', function () {
  var key = 'd' + Date.now();
  var calls = [0, 1, 2].map(function () { return R.callAPI(wx.downloadFile, { url: stall(key) }); });
  return Promise.all(calls).then(function (rs) {
    rs.forEach(function (r) { assert.equal(fs.readFileSync(R.ok(r, 'downloadFile:ok').tempFilePath, 'utf8'), 'ok'); });
    return R.call({ url: SERVER.http + '/http/max?key=' + key });
  }).then(function (r) {
    assert.equal(R.ok(r).data, 2, 'at most 2 at the server at once');
  });
});

// maxAtServer polls /http/max until it reports want (or 3 s pass) and resolves with it.
function maxAtServer(key, want) {
  var deadline = Date.now() + 3000;
  function poll() {
    return R.call({ url: SERVER.http + '/http/max?key=' + key }).then(function (r) {
      var n = R.ok(r).data;
      if (n >= want || Date.now() > deadline) return n;
      return sleep(20).then(poll);
    });
  }
  return poll();
}

test('a request, two downloads and two uploads run together', function () {
  var key = 'm' + Date.now();
  var url = SERVER.http + '/http/stall?key=' + key; // until aborted
  var tasks = [];
  var outcomes = [];
  function record(res) { outcomes.push(res.errMsg); }
  tasks.push(wx.request({ url: url, complete: record })); // the other slot polls the server
  for (var i = 0; i < 2; i++) {
    tasks.push(wx.downloadFile({ url: url, complete: record }));
    tasks.push(wx.uploadFile({ url: url, filePath: wx.env.USER_DATA_PATH + '/c.txt', name: 'f', complete: record }));
  }
  return maxAtServer(key, 5).then(function (n) {
    assert.equal(n, 5, 'five at the server at once');
    tasks.forEach(function (t) { t.abort(); });
    return waitFor(function () { return outcomes.length === 5; }, 'the aborts', 3000);
  }).then(function () {
    assert.deepEqual(outcomes.sort(), ['downloadFile:fail abort', 'downloadFile:fail abort', 'request:fail abort',
      'uploadFile:fail abort', 'uploadFile:fail abort']);
  });
});
