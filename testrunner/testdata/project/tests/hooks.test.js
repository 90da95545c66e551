// The example of jest's "Order of Execution" documentation, logged to the console.
beforeAll(() => console.log('1 - beforeAll'));
afterAll(() => console.log('1 - afterAll'));
beforeEach(() => console.log('1 - beforeEach'));
afterEach(() => console.log('1 - afterEach'));

test('', () => console.log('1 - test'));

describe('Scoped / Nested block', () => {
  beforeAll(() => console.log('2 - beforeAll'));
  afterAll(() => console.log('2 - afterAll'));
  beforeEach(() => console.log('2 - beforeEach'));
  afterEach(() => console.log('2 - afterEach'));

  test('', () => console.log('2 - test'));
});

test('setup files ran first, with the globals', () => {
  expect(SETUP_RAN).toBe(true);
  expect(global.setupOrder).toEqual(['setupFiles', 'setupFilesAfterEnv']);
  expect(4).toBeEven();
});
