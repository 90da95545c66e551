// @wxrun project=testdata/projects/lazy
//
// app.json "lazyCodeLoading": "requiredComponents": a page file is evaluated when the page
// is first opened, not at launch.

test('only the entry page is evaluated at launch; another page when it opens', function () {
  assert.deepEqual(global.log, ['app.js evaluated', 'a.js evaluated', 'App.onLaunch', 'a.onLoad']);
  global.log.length = 0;
  return wx.navigateTo({ url: '/pages/b/b' }).then(function () {
    assert.deepEqual(global.log, ['b.js evaluated', 'b.onLoad']);
  });
});
