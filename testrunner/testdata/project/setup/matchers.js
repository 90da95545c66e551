global.setupOrder.push('setupFilesAfterEnv');
expect.extend({
  toBeEven(received) {
    const pass = received % 2 === 0;
    return { pass, message: () => `expected ${received}${pass ? ' not' : ''} to be even` };
  },
});
