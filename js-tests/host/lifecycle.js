// @wxrun project=testdata/projects/lifecycle
// @wxrun expect-uncaught: Uncaught Error: Page "pages/plain/plain" has not been registered yet\.
//
// logic-layer spec §10.4: the cold start (app.js, the page files, App.onLaunch/onShow,
// the entry page's onLoad/onShow/onReady), pages built with Component() and behaviors,
// getCurrentPages(), and what a page file must do.

function take() {
  var lines = global.log.slice();
  global.log.length = 0;
  return lines;
}

function settle() {
  return new Promise(function (resolve) { setTimeout(resolve, 0); });
}

test('a cold start evaluates app.js and the main package, then launches', function () {
  return waitFor(function () { return global.log.indexOf('index.onReady') >= 0; }).then(function () {
    assert.deepEqual(take(), [
      'app.js evaluated',
      'index.js evaluated',
      'comp.js evaluated',
      'plain.js evaluated',
      'App.onLaunch {"path":"pages/index/index","query":{},"scene":1001,"referrerInfo":{},"apiCategory":"default"}',
      'getLaunchOptionsSync {"path":"pages/index/index","query":{},"scene":1001,"referrerInfo":{},"apiCategory":"default"}',
      'getApp is this true',
      'App.onShow pages/index/index',
      'index.onLoad {} pages=1 route=pages/index/index options={}',
      'index.onShow',
      'index.onReady',
    ]);
  });
});

test('getCurrentPages() holds the page instances, with route and options', function () {
  var pages = getCurrentPages();
  assert.equal(pages.length, 1);
  assert.equal(pages[0].route, 'pages/index/index');
  assert.deepEqual(pages[0].options, {});
  assert.equal(pages[0].hello(), 'hello from pages/index/index');
  assert.deepEqual(pages[0].data, { a: 1 });
  assert.ok(getCurrentPages() !== pages, 'a new array each time');
});

test('a page built with Component(): lifetimes, behaviors, the query in its properties', function () {
  return wx.navigateTo({ url: '../comp/comp?n=5&flag=0&extra=x' }).then(function (res) {
    assert.equal(res.errMsg, 'navigateTo:ok');
    assert.deepEqual(take(), [
      'index.onHide',
      'base.created',
      'comp.created data.n=0',
      'base.attached',
      'comp.attached n=5 number',
      'comp.onLoad {"n":"5","flag":"0","extra":"x"} is=pages/comp/comp',
      'base.pageLifetimes.show',
      'comp.pageLifetimes.show',
      'comp.onShow',
    ]);
    return waitFor(function () { return global.log.length >= 2; });
  }).then(function () {
    assert.deepEqual(take(), ['comp.ready', 'comp.onReady']);
    var page = getCurrentPages()[1];
    // "0" is a non-empty string: a Boolean property gets true, as in WeChat.
    assert.deepEqual(page.data, { from: 'base', shared: { x: 1, y: 2 }, own: true, n: 5, flag: true, s: 'dflt' });
    assert.ok(page.properties === page.data, 'properties and data are one object');
    assert.equal(page.hello(), 'base', 'methods from the behavior');
    assert.ok(page.hasBehavior(require('../../pages/comp/comp')), 'hasBehavior');
    assert.equal(page.route, 'pages/comp/comp');
    assert.deepEqual(page.options, { n: '5', flag: '0', extra: 'x' });
  });
});

test('navigateBack unloads the Component page: onUnload, then the detached lifetimes', function () {
  return wx.navigateBack().then(function (res) {
    assert.equal(res.errMsg, 'navigateBack:ok');
    assert.deepEqual(take(), ['comp.onUnload', 'base.detached', 'comp.detached', 'index.onShow']);
    assert.equal(getCurrentPages().length, 1);
  });
});

test('a page file that calls neither Page() nor Component() opens blank and is reported', function () {
  return wx.navigateTo({ url: '/pages/plain/plain' }).then(function (res) {
    assert.equal(res.errMsg, 'navigateTo:ok');
    assert.deepEqual(take(), ['index.onHide', 'App.onError Error: Page "pages/plain/plain" has not been registered yet.']);
    var page = getCurrentPages()[1];
    assert.equal(page.route, 'pages/plain/plain');
    assert.deepEqual(page.data, {});
    return wx.navigateBack();
  }).then(function () {
    assert.deepEqual(take(), ['index.onShow']);
  });
});

test('Page() and Component() register for the file being evaluated, not later', function () {
  assert.throws(function () { Page({}); }, function (e) {
    assert.match(e.message, /^Page\(\) must be called while a page or component file is evaluated/);
  });
  assert.throws(function () { Component(42); }, function (e) {
    assert.equal(e.name, 'TypeError');
    assert.equal(e.message, 'Component() expects an object');
  });
});

test('a subpackage page loads when it is first entered', function () {
  assert.equal(global.log.indexOf('sub a.js evaluated'), -1);
  return wx.navigateTo({ url: '/sub/pages/a/a' }).then(function () {
    assert.deepEqual(take(), ['index.onHide', 'sub a.js evaluated', 'sub a.onLoad']);
    return wx.navigateBack();
  }).then(function () {
    return settle();
  }).then(function () {
    assert.deepEqual(take(), ['index.onShow']);
  });
});
