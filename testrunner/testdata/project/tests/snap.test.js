test('object', () => {
  expect({ a: [1, 'two'], when: new Date(0), re: /x`${1}/ }).toMatchSnapshot();
});
test('hint', () => {
  expect('multi\nline').toMatchSnapshot('text');
});
