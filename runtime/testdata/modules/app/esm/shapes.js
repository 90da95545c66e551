// ES module syntax in a .js file: default and named exports, imports of CJS and TS modules.
import legacy from './legacy'
import { divide, Op, Calc } from '../utils/calc'

export const area = (w, h) => w * h
export const legacyName = legacy.name
export function ratio(a, b) {
  return divide({ a, b })
}
export function fail(msg) {
    throw new Error(msg)
}
export const calc = new Calc(Op.Div)
export default function describe() {
  return 'shapes'
}
