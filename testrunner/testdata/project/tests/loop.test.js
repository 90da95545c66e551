test('before the loop', () => {});
test('an infinite loop', () => {
  for (;;) {}
}, 300);
test('after the loop', () => {});
