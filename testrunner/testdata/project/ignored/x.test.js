test('never', () => { throw new Error('ignored ran'); });
