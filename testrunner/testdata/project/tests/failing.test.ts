// A suite designed to fail: every failure the runner must report.
type Msg = { type: string; n: number };

describe('failures', () => {
  test('a diff at the original .ts line', () => {
    const got: Msg = { type: 'chat', n: 1 };
    expect(got).toEqual({ type: 'chat', n: 2 });
  });

  test('a thrown error', () => {
    throw new RangeError('out of range');
  });

  test('timeout', async () => {
    await new Promise<void>(() => {});
  }, 100);

  test('done called twice', (done) => {
    done();
    setTimeout(() => done(), 1);
  });

  test('missing assertions', () => {
    expect.assertions(2);
    expect(1).toBe(1);
  });

  test('an uncaught error in a callback', (done) => {
    setTimeout(() => { throw new Error('from a timer'); }, 1);
    setTimeout(done, 20);
  });
});

afterAll(() => {
  throw new Error('afterAll broke');
});
