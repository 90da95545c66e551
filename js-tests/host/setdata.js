// @wxrun project=testdata/projects/setdata
//
// logic-layer spec §10.5: this.setData merges into this.data synchronously, with data
// paths; values reach the view as JSON; the callback comes on a later turn; the 1024 kB
// limit; observers with paths and "**", and property observers. What the view has is what
// __host.pages() (and --print-data) show.

function page() {
  return getCurrentPages()[getCurrentPages().length - 1];
}

function view() {
  var pages = __host.pages();
  return pages[pages.length - 1].data;
}

test('data paths: fields, indexes, and what is missing created on the way', function () {
  var p = page();
  p.setData({ 'list[2].name': 'c', 'a.b.c': 1, 'obj.arr[1]': 'x', 'list[0].name': 'A' });
  assert.equal(p.data.list.length, 3);
  assert.deepEqual(p.data.list[0], { name: 'A' });
  assert.equal(1 in p.data.list, false, 'list[1] is a hole in this.data');
  assert.deepEqual(p.data.list[2], { name: 'c' });
  assert.deepEqual(p.data.a, { b: { c: 1 } });
  assert.equal(p.data.obj.keep, 1);
  assert.equal(p.data.obj.arr[1], 'x');
  assert.deepEqual(view(), {
    list: [{ name: 'A' }, null, { name: 'c' }],
    obj: { keep: 1, arr: [null, 'x'] },
    a: { b: { c: 1 } },
  });
});

test('a field of the wrong kind is replaced on the way; "\\." escapes a dot', function () {
  var p = page();
  p.setData({ s: 'text', n: [1] });
  p.setData({ 's.x': 1, 'n.y': 2, 'weird\\.key': true });
  assert.deepEqual(p.data.s, { x: 1 });
  assert.deepEqual(p.data.n, { y: 2 }, 'an array before a field name');
  p.setData({ 'n[3]': 4 });
  assert.ok(Array.isArray(p.data.n), 'an object before an index');
  assert.equal(p.data.n.length, 4);
  assert.equal(p.data.n[3], 4);
  assert.equal(p.data['weird.key'], true);
});

test('values are copied as JSON: later changes, functions and undefined do not reach data', function () {
  var p = page();
  var v = { n: 1, f: function () {}, u: undefined, d: new Date(0), nan: NaN, nested: { list: [undefined, function () {}] } };
  p.setData({ v: v, fn: function () {} });
  v.n = 2;
  v.nested.list.push(3);
  assert.deepEqual(p.data.v, { n: 1, d: '1970-01-01T00:00:00.000Z', nan: null, nested: { list: [null, null] } });
  assert.equal('fn' in p.data, false, 'a function is not set');
  assert.deepEqual(view().v, p.data.v);
  assert.ok(p.data.v !== view().v);
});

test('undefined is not set; an illegal path is skipped; a non-object does nothing', function () {
  var p = page();
  p.setData({ u: undefined, 'bad[x]': 1, 'list[]': 2, good: 1 });
  assert.equal('u' in p.data, false);
  assert.equal('bad' in p.data, false);
  assert.equal(p.data.good, 1);
  p.setData('string');
  p.setData(null);
  p.setData([1, 2]);
  assert.equal('0' in p.data, false);
});

test('this.data changed directly stays JavaScript state: the view does not get it', function () {
  var p = page();
  p.data.local = 'mine';
  p.data.good = 99;
  p.setData({ other: 1 });
  assert.equal(p.data.local, 'mine');
  var v = view();
  assert.equal('local' in v, false);
  assert.equal(v.good, 1);
  assert.equal(v.other, 1);
});

test('the callback comes on a later turn, in order', function () {
  var p = page();
  var calls = [];
  p.setData({ c: 1 }, function () { calls.push('first ' + (this === p)); });
  p.setData({ c: 2 }, function () { calls.push('second'); });
  assert.deepEqual(calls, []);
  assert.equal(p.data.c, 2, 'merged already');
  return waitFor(function () { return calls.length === 2; }).then(function () {
    assert.deepEqual(calls, ['first true', 'second']);
  });
});

test('over 1024 kB in one call: this.data changes, the view does not, no callback', function () {
  var p = page();
  var big = new Array(1024 * 1024 + 1).join('x'); // 1048576 characters: with its key, over
  var bigCalled = false;
  var smallCalled = false;
  p.setData({ big: big }, function () { bigCalled = true; });
  assert.equal(p.data.big.length, 1024 * 1024);
  p.setData({ small: big.slice(0, 1024 * 1024 - 20) }, function () { smallCalled = true; });
  return waitFor(function () { return smallCalled; }).then(function () {
    assert.equal(bigCalled, false, 'the call over the limit has no callback');
    // Only now look at the view, once it is small again: moving a megabyte of JSON
    // around is slow under -race.
    p.setData({ small: 'applied' });
    var v = view();
    assert.equal('big' in v, false);
    assert.equal(v.small, 'applied', 'calls under the limit reach the view');
  });
}, { timeout: 30000 });

test('observers: a path fires when it or an ancestor is set; "**" for anything below', function () {
  return wx.navigateTo({ url: '/pages/obs/obs?count=3' }).then(function () {
    var c = page();
    assert.equal(c.data.count, 3);
    global.fired = [];
    function fire(data) {
      global.fired = [];
      c.setData(data);
      return global.fired;
    }
    assert.deepEqual(fire({ 'a.b': 5 }), ['a.b 5', 'a.b,list[0] 5 1', '**']);
    assert.deepEqual(fire({ a: { b: 7 } }), ['a.b 7', 'a.b,list[0] 7 1', '**']);
    assert.deepEqual(fire({ 'a.c': 3 }), ['**'], 'a sibling');
    assert.deepEqual(fire({ 'a.b.deeper': 1 }), ['**'], 'below a path without **');
    assert.deepEqual(fire({ 'some.deep.x': 2 }), ['some.** {"deep":{"x":2}}', '**']);
    assert.deepEqual(fire({ some: {} }), ['some.** {}', '**']);
    assert.deepEqual(fire({ 'list[0]': 9, 'a.b': 1 }), ['a.b 1', 'a.b,list[0] 1 9', 'list[0] 9', '**'], 'once each');
    assert.deepEqual(fire({ list: [4] }), ['a.b,list[0] 1 4', 'list[0] 4', '**']);
  });
});

test('properties: setData converts to the type; their observers get (new, old) after the data observers', function () {
  var c = page();
  function fire(data) {
    global.fired = [];
    c.setData(data);
    return global.fired;
  }
  assert.deepEqual(fire({ count: '5' }), ['**', 'count 5', 'prop count 5 3']);
  assert.equal(c.data.count, 5);
  assert.deepEqual(fire({ count: 5 }), ['**', 'count 5'], 'unchanged: no property observer');
  assert.deepEqual(fire({ label: 'hi' }), ['**', 'label hi ']);
  assert.deepEqual(fire({ count: 'many' }), ['**', 'count 0', 'prop count 0 5'], 'not a number: 0, with a warning');
  return wx.navigateBack();
});
