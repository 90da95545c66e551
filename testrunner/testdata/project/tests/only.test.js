test('not selected', () => { throw new Error('ran'); });
describe('block', () => {
  test.only('selected', () => {});
  test('also not selected', () => { throw new Error('ran'); });
});
