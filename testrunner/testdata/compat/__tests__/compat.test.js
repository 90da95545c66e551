// Runs unchanged under jest 29 and `wxrun test`: testrunner/compat_test.go checks both.
const { createReconnector } = require('../lib/backoff');

jest.mock('../lib/clock', () => ({ now: jest.fn(() => 42) }));
const clock = require('../lib/clock');

const log = [];
beforeAll(() => log.push('beforeAll'));
beforeEach(() => log.push('beforeEach'));
afterEach(() => log.push('afterEach'));

describe('reconnect back-off', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test.each([
    [1, 1000],
    [2, 2000],
    [4, 8000],
    [5, 8000],
  ])('failure %i waits %i ms', (failures, delay) => {
    const connect = jest.fn();
    const r = createReconnector(connect);
    let last;
    for (let i = 0; i < failures; i++) last = r.failed();
    expect(last).toBe(delay);
  });

  test('reconnects when the timer fires, with Date faked too', () => {
    jest.setSystemTime(new Date('2026-03-01T00:00:00Z'));
    const connect = jest.fn();
    const r = createReconnector(connect);
    r.failed();
    jest.advanceTimersByTime(999);
    expect(connect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(connect).toHaveBeenCalledWith(1);
    expect(new Date().toISOString()).toBe('2026-03-01T00:00:01.000Z');
    r.failed();
    expect(jest.getTimerCount()).toBe(1);
    jest.runOnlyPendingTimers();
    expect(connect).toHaveBeenCalledTimes(2);
    r.failed();
    r.cancel();
    jest.runAllTimers();
    expect(connect).toHaveBeenCalledTimes(2);
  });
});

describe('expect and mocks', () => {
  test('matchers', async () => {
    expect.assertions(6);
    expect({ type: 'msg', body: { text: 'hi', at: 1 } }).toEqual({
      type: 'msg',
      body: expect.objectContaining({ text: expect.stringMatching(/^h/) }),
    });
    expect([1, 2, 3]).toEqual(expect.arrayContaining([3, 1]));
    expect(() => JSON.parse('{')).toThrow(SyntaxError);
    await expect(Promise.reject(new Error('closed'))).rejects.toThrow('closed');
    expect(0.1 + 0.2).toBeCloseTo(0.3, 5);
    expect({ a: { b: [1] } }).toHaveProperty(['a', 'b', 0], 1);
  });

  test('jest.mock with a factory', () => {
    expect(clock.now()).toBe(42);
    expect(jest.isMockFunction(clock.now)).toBe(true);
    expect(jest.requireActual('../lib/clock').now()).toBeGreaterThan(42);
  });

  test('spyOn and mock implementations', () => {
    const target = { send: (x) => `sent ${x}` };
    const spy = jest.spyOn(target, 'send').mockImplementationOnce(() => 'intercepted');
    expect(target.send('a')).toBe('intercepted');
    expect(target.send('b')).toBe('sent b');
    expect(spy.mock.calls).toEqual([['a'], ['b']]);
    spy.mockRestore();
  });

  test('done callback', (done) => {
    setTimeout(() => done(), 5);
  });

  test.todo('a todo is reported, not run');
  test.skip('skipped', () => { throw new Error('skipped tests do not run'); });
});

test('hooks ran in order', () => {
  expect(log.slice(0, 3)).toEqual(['beforeAll', 'beforeEach', 'afterEach']);
});
