// @wxrun project=testdata/projects/subpackages
//
// Subpackages: their pages load when they are first entered, and WeChat's rules for
// requiring across packages hold — the main package (this file runs as a main package
// module) and other subpackages reach a subpackage's files only asynchronously
// (require.async, or require with a callback); an independent subpackage cannot use the
// main package.

global.log = [];

test('a subpackage file cannot be required synchronously from the main package', function () {
  assert.throws(function () { require('../../pkgA/utils/a'); }, function (e) {
    assert.equal(e.message, 'should not require ../../pkgA/utils/a in __tests__/host/subpackages.js without a callback, because they are in diffrent subPackages');
  });
  assert.deepEqual(global.log, [], 'nothing was evaluated');
});

test('require.async and require with a callback reach it on a later turn', function () {
  var viaCallback;
  require('../../pkgA/utils/a', function (mod) { viaCallback = mod; });
  assert.equal(viaCallback, undefined);
  return require.async('../../pkgA/utils/a').then(function (mod) {
    assert.equal(mod, 'a util');
    assert.equal(viaCallback, 'a util');
    assert.deepEqual(global.log, ['pkgA/utils/a.js evaluated'], 'evaluated once');
  });
});

test('require.async of a missing module rejects with {mod, errMsg}', function () {
  return require.async('../../pkgA/utils/nope').then(function () {
    assert.fail('it resolved');
  }, function (e) {
    assert.deepEqual(e, {
      mod: '../../pkgA/utils/nope',
      errMsg: "module 'pkgA/utils/nope.js' is not defined, require args is '../../pkgA/utils/nope' (required from __tests__/host/subpackages.js)",
    });
  });
});

test('a subpackage page uses the main package and its own files', function () {
  global.log.length = 0;
  return wx.navigateTo({ url: '/pkgA/pages/cat/cat' }).then(function () {
    assert.deepEqual(global.log, ['cat.js evaluated: main util, a util']);
  });
});

test('an independent subpackage cannot require the main package', function () {
  global.log.length = 0;
  return wx.navigateTo({ url: '/pkgB/pages/dog/dog' }).then(function () {
    assert.deepEqual(global.log, [
      'dog: should not require ../../../utils/main in pkgB/pages/dog/dog.js, because "pkgB" is an independent subpackage, which cannot use the main package',
      'dog.js evaluated: b util',
    ]);
    return require.async('../../pkgB/utils/b');
  }).then(function (mod) {
    assert.equal(mod, 'b util', 'the main package reaches it asynchronously');
  });
});
