// TypeScript: types, an interface, an enum.
interface Operands {
  a: number
  b: number
}
export enum Op { Add, Div }
export function divide({ a, b }: Operands): number {
  if (b === 0) {
    throw new Error('division by zero')
  }
  return a / b
}
export class Calc {
  constructor(private readonly op: Op = Op.Add) {}
  run(o: Operands): number {
    return this.op === Op.Add ? o.a + o.b : divide(o)
  }
}
export default Calc
