// @wxrun project=testdata/projects/notfound entry=pages/missing/missing?x=1
//
// An entry page that app.json does not list goes to App.onPageNotFound (and the
// wx.onPageNotFound listeners), which may redirect.

test('App.onPageNotFound gets {path, query, isEntryPage} and redirects', function () {
  return waitFor(function () { return global.log.length >= 4; }).then(function () {
    assert.deepEqual(global.log, [
      'App.onLaunch pages/missing/missing {"x":"1"}',
      'wx.onPageNotFound pages/missing/missing',
      'App.onPageNotFound {"path":"pages/missing/missing","query":{"x":"1"},"isEntryPage":true}',
      'index.onLoad {"from":"pages/missing/missing"}',
    ]);
    assert.deepEqual(getCurrentPages().map(function (p) { return p.route; }), ['pages/index/index']);
  });
});
