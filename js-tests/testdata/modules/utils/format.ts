export interface Point { x: number; y: number }
export enum Unit { Px = 'px', Rpx = 'rpx' }
export function format(p: Point, unit: Unit = Unit.Rpx): string {
  return `${p.x}${unit},${p.y}${unit}`;
}
export function fail(reason: string): never {
  throw new Error('format failed: ' + reason);
}
