// @wxrun project=testdata/projects/navigation
//
// logic-layer spec §10.4: wx.navigateTo, redirectTo, navigateBack, reLaunch and switchTab,
// each driving the page lifecycles in WeChat's order, with their errMsg texts; the page
// stack limit; EventChannel; the callback and Promise forms.

function take() {
  var lines = global.log.slice();
  global.log.length = 0;
  return lines;
}

function routes() {
  return getCurrentPages().map(function (p) { return p.route; });
}

// Ready hooks come on a later turn: wait for them, then take the log.
function afterReady(n) {
  return waitFor(function () {
    return global.log.filter(function (l) { return /\.onReady$/.test(l); }).length >= n;
  }).then(take);
}

test('the entry page is the first of app.json pages', function () {
  return afterReady(1).then(function (lines) {
    assert.deepEqual(lines, ['home.onLoad {}', 'home.onShow', 'home.onReady']);
    assert.deepEqual(routes(), ['pages/home/home']);
  });
});

test('navigateTo: the current page hides, the new one loads; success comes before its onReady', function () {
  var done = [];
  wx.navigateTo({
    url: '../a/a?x=1&y=%E4%B8%AD&z',
    success: function (res) { global.log.push('success ' + res.errMsg + ' ' + typeof res.eventChannel); },
    complete: function (res) { global.log.push('complete ' + res.errMsg); },
  });
  assert.deepEqual(global.log, [], 'nothing happens before a later turn');
  return afterReady(1).then(function (lines) {
    assert.deepEqual(lines, [
      'home.onHide',
      'a.onLoad {"x":"1","y":"%E4%B8%AD","z":""}',
      'a.onShow',
      'success navigateTo:ok object',
      'complete navigateTo:ok',
      'a.onReady',
    ]);
    assert.deepEqual(routes(), ['pages/home/home', 'pages/a/a']);
  });
});

test('redirectTo: the current page unloads, the new one loads', function () {
  return wx.redirectTo({ url: '/pages/b/b?from=a' }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'redirectTo:ok' });
    return afterReady(1);
  }).then(function (lines) {
    assert.deepEqual(lines, ['a.onUnload', 'b.onLoad {"from":"a"}', 'b.onShow', 'b.onReady']);
    assert.deepEqual(routes(), ['pages/home/home', 'pages/b/b']);
  });
});

test('navigateBack: the pages on top unload, top first, and the page revealed shows', function () {
  return wx.navigateTo({ url: '/pages/a/a' }).then(function () {
    return afterReady(1);
  }).then(function () {
    assert.deepEqual(routes(), ['pages/home/home', 'pages/b/b', 'pages/a/a']);
    return wx.navigateBack({ delta: 5 }); // more than there are: back to the first page
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'navigateBack:ok' });
    assert.deepEqual(take(), ['a.onUnload', 'b.onUnload', 'home.onShow']);
    assert.deepEqual(routes(), ['pages/home/home']);
  });
});

test('navigateBack at the first page fails', function () {
  return wx.navigateBack().then(function () {
    assert.fail('it succeeded');
  }, function (res) {
    assert.deepEqual(res, { errMsg: 'navigateBack:fail cannot navigate back at first page.' });
    assert.deepEqual(take(), []);
  });
});

test('EventChannel: events given to navigateTo, and the channel in the success res', function () {
  var heard = [];
  return wx.navigateTo({
    url: '/pages/b/b',
    events: { fromB: function (data) { heard.push(data); } },
  }).then(function (res) {
    assert.deepEqual(heard, [{ hello: 'opener' }], 'b emitted in its onLoad');
    res.eventChannel.emit('toB', { n: 1 });
    assert.ok(getCurrentPages()[1].getOpenerEventChannel() === res.eventChannel, 'one channel, both ends');
    return afterReady(1);
  }).then(function (lines) {
    assert.deepEqual(lines, ['home.onHide', 'b.onLoad {}', 'b.onShow', 'b got toB {"n":1}', 'b.onReady']);
    return wx.navigateBack();
  }).then(function () {
    assert.deepEqual(take(), ['b.onUnload', 'home.onShow']);
  });
});

test('failures: a page app.json does not list, tab pages, a url that is not a string', function () {
  var results = [];
  function record(res) { results.push(res.errMsg); }
  wx.navigateTo({ url: '/pages/nope/nope', fail: record });
  wx.redirectTo({ url: 'nope', fail: record });
  wx.reLaunch({ url: '/pages/nope/nope?x=1', fail: record });
  wx.switchTab({ url: '/pages/nope/nope', fail: record });
  wx.navigateTo({ url: '/pages/tab1/tab1', fail: record });
  wx.redirectTo({ url: '/pages/tab2/tab2', fail: record });
  wx.switchTab({ url: '/pages/a/a', fail: record });
  wx.navigateTo({ url: 42, fail: record });
  wx.navigateTo({ fail: record });
  assert.deepEqual(results, [
    'navigateTo:fail parameter error: parameter.url should be String instead of Number;',
    'navigateTo:fail parameter error: parameter.url should be String instead of Undefined;',
  ], 'parameter errors are synchronous');
  return sleep(20).then(function () {
    assert.deepEqual(results.slice(2), [
      'navigateTo:fail page "pages/nope/nope" is not found',
      'redirectTo:fail page "pages/home/nope" is not found',
      'reLaunch:fail page "pages/nope/nope" is not found',
      'switchTab:fail page "pages/nope/nope" is not found',
      'navigateTo:fail can not navigateTo a tabbar page',
      'redirectTo:fail can not redirectTo a tabbar page',
      'switchTab:fail can not switch to no-tabBar page',
    ]);
    assert.deepEqual(take(), [], 'no lifecycle ran');
    assert.deepEqual(routes(), ['pages/home/home']);
  });
});

test('the Promise form rejects with the fail res', function () {
  return wx.navigateTo({ url: '/pages/tab1/tab1' }).then(function () {
    assert.fail('it succeeded');
  }, function (res) {
    assert.deepEqual(res, { errMsg: 'navigateTo:fail can not navigateTo a tabbar page' });
  });
});

test('the stack holds 10 pages: the 11th navigateTo fails', function () {
  var chain = Promise.resolve();
  for (var i = 0; i < 9; i++) {
    chain = chain.then(function () { return wx.navigateTo({ url: '/pages/a/a' }); });
  }
  return chain.then(function () {
    assert.equal(getCurrentPages().length, 10);
    return wx.navigateTo({ url: '/pages/a/a' });
  }).then(function () {
    assert.fail('the 11th page opened');
  }, function (res) {
    assert.equal(res.errMsg, 'navigateTo:fail webview count limit exceed');
    assert.equal(getCurrentPages().length, 10);
    return sleep(10);
  }).then(function () {
    take();
    return wx.navigateBack({ delta: 9 });
  }).then(function () {
    assert.equal(take().filter(function (l) { return l === 'a.onUnload'; }).length, 9);
  });
});

test('switchTab: the other pages unload, tab pages stay alive and show again', function () {
  return wx.navigateTo({ url: '/pages/a/a' }).then(function () {
    return afterReady(1);
  }).then(function () {
    return wx.switchTab({ url: '/pages/tab1/tab1?ignored=1' });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'switchTab:ok' });
    return afterReady(1);
  }).then(function (lines) {
    assert.deepEqual(lines, ['a.onUnload', 'home.onUnload', 'tab1.onLoad {}', 'tab1.onShow', 'tab1.onReady']);
    assert.deepEqual(routes(), ['pages/tab1/tab1']);
    return wx.switchTab({ url: '/pages/tab2/tab2' });
  }).then(function () {
    return afterReady(1);
  }).then(function (lines) {
    assert.deepEqual(lines, ['tab1.onHide', 'tab2.onLoad {}', 'tab2.onShow', 'tab2.onReady']);
    return wx.switchTab({ url: '/pages/tab1/tab1' });
  }).then(function () {
    assert.deepEqual(take(), ['tab2.onHide', 'tab1.onShow'], 'tab1 was alive: no onLoad');
    assert.deepEqual(routes(), ['pages/tab1/tab1']);
    return wx.navigateTo({ url: '/pages/a/a' });
  }).then(function () {
    return afterReady(1);
  }).then(function () {
    return wx.switchTab({ url: '/pages/tab1/tab1' });
  }).then(function () {
    assert.deepEqual(take(), ['a.onUnload', 'tab1.onShow']);
  });
});

test('reLaunch: every page unloads, tab pages kept alive included, then the new one loads', function () {
  return wx.reLaunch({ url: '/pages/home/home?again=1' }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'reLaunch:ok' });
    return afterReady(1);
  }).then(function (lines) {
    assert.deepEqual(lines, ['tab1.onUnload', 'tab2.onUnload', 'home.onLoad {"again":"1"}', 'home.onShow', 'home.onReady']);
    assert.deepEqual(routes(), ['pages/home/home']);
    assert.deepEqual(__host.pages().map(function (p) { return p.route; }), ['pages/home/home'], 'no tab page is alive');
  });
});
