const greet = require('@utils/greet');

describe('each', () => {
  test.each([[1, 1, 2], [1, 2, 3]])('add(%i, %i) -> %i', (a, b, sum) => {
    expect(a + b).toBe(sum);
  });
  test.each`
    a    | b    | expected
    ${1} | ${1} | ${2}
    ${2} | ${3} | ${5}
  `('$a + $b = $expected', ({ a, b, expected }) => {
    expect(a + b).toBe(expected);
  });
  describe.each([['x'], ['y']])('block %s', (name) => {
    test('has a name', () => expect(name).toMatch(/^[xy]$/));
  });
});

test('moduleNameMapper', () => {
  expect(greet('a')).toBe('hello a #1');
});

test('async and done', (done) => {
  setTimeout(() => {
    expect(1).toBe(1);
    done();
  }, 5);
});

test('resolves and rejects', async () => {
  await expect(Promise.resolve(2)).resolves.toBe(2);
  await expect(Promise.reject(new Error('no'))).rejects.toThrow('no');
});

test('matchers', () => {
  expect({ a: 1, b: { c: [1, 2] } }).toEqual({ a: 1, b: { c: [1, 2] } });
  expect({ a: undefined }).not.toStrictEqual({});
  expect(0.1 + 0.2).toBeCloseTo(0.3);
  expect(null).toBeNull();
  expect(undefined).toBeUndefined();
  expect(0).toBeDefined();
  expect('').toBeFalsy();
  expect([{ a: 1 }]).toContainEqual({ a: 1 });
  expect([1, 2]).toContain(2);
  expect('hello').toMatch('ell');
  expect(() => { throw new TypeError('bad'); }).toThrow(TypeError);
  expect([1, 2, 3]).toHaveLength(3);
  expect({ a: { b: 1 } }).toHaveProperty('a.b', 1);
  expect({ a: 1, b: 2 }).toMatchObject({ a: 1 });
  expect({ id: 7, name: 'x', tags: ['a', 'b'] }).toEqual({
    id: expect.any(Number), name: expect.anything(),
    tags: expect.arrayContaining(['b']),
  });
  expect({ a: 1, b: 2 }).toEqual(expect.objectContaining({ b: 2 }));
  expect('abc').toEqual(expect.stringMatching(/b/));
});

test('expect.assertions', async () => {
  expect.assertions(1);
  await Promise.resolve();
  expect(true).toBeTruthy();
});

test('jest.fn and spyOn', () => {
  const f = jest.fn().mockReturnValueOnce(1).mockReturnValue(2);
  expect([f('a'), f('b')]).toEqual([1, 2]);
  expect(f).toHaveBeenCalledTimes(2);
  expect(f).toHaveBeenLastCalledWith('b');
  const obj = { hi: (x) => 'hi ' + x };
  const spy = jest.spyOn(obj, 'hi').mockImplementation((x) => 'spied ' + x);
  expect(obj.hi('y')).toBe('spied y');
  spy.mockRestore();
  expect(obj.hi('y')).toBe('hi y');
  const g = jest.fn(async (x) => x * 2);
  return g(2).then((v) => expect(v).toBe(4));
});

test('fake timers with Date', () => {
  jest.useFakeTimers();
  jest.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  const ticks = [];
  const id = setInterval(() => ticks.push(new Date().toISOString()), 1000);
  setTimeout(() => ticks.push('once'), 1500);
  jest.advanceTimersByTime(2000);
  expect(ticks).toEqual(['2026-01-01T00:00:01.000Z', 'once', '2026-01-01T00:00:02.000Z']);
  expect(jest.getTimerCount()).toBe(1);
  jest.runOnlyPendingTimers();
  expect(ticks).toHaveLength(4);
  clearInterval(id);
  setTimeout(() => ticks.push('a'), 10);
  setTimeout(() => setTimeout(() => ticks.push('b'), 10), 10);
  jest.runAllTimers();
  expect(ticks.slice(-2)).toEqual(['a', 'b']);
  expect(Date.now()).toBe(new Date('2026-01-01T00:00:03.020Z').getTime());
  jest.useRealTimers();
  expect(Date.now()).toBeGreaterThan(new Date('2026-06-01').getTime());
});

test.skip('skipped', () => { throw new Error('must not run'); });
test.todo('todo');
