import greet from '../utils/greet';
import { next } from '../utils/counter';

jest.mock('../utils/counter', () => ({ next: jest.fn(() => 42) }));

test('jest.mock is hoisted above the imports (TypeScript, ES modules)', () => {
  expect(greet('b')).toBe('hello b #42');
  expect(next).toHaveBeenCalledTimes(1);
});

test('requireActual', () => {
  const actual = jest.requireActual('../utils/counter');
  expect(actual.next()).toBe(1);
});

test('resetModules', () => {
  jest.resetModules();
  const fresh = require('../utils/greet');
  expect(fresh).not.toBe(greet);
  expect(fresh('c')).toBe('hello c #42');
});
