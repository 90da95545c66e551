import { format, Unit } from './format';
export const answer = 42;
export default function describe(p) {
  return 'point ' + format(p, Unit.Px);
}
export function boom() {
  throw new TypeError('esm boom');
}
