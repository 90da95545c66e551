// A realistic page data object and assorted values, logged the way an app would.
class Store {
  constructor() {
    this.name = 'cart'
    this.items = []
    this.listeners = new Set()
  }
  get count() { return this.items.length }
}
const store = new Store()
store.items.push({ id: 1, title: '商品一', price: 9.9, tags: ['new', 'hot'] })
store.items.push({ id: 2, title: 'Second item', price: 120, tags: [] })
store.listeners.add(function onChange() {})
store.self = store

const pageData = {
  userInfo: { nickName: 'wx_user', avatarUrl: 'https://example.com/a.png', gender: 1 },
  list: Array.from({ length: 12 }, (_, i) => ({ id: i, checked: i % 3 === 0 })),
  matrix: [[1, 2, [3, [4, [5]]]], []],
  flags: new Map([['loaded', true], ['page', { index: 2, size: 20 }]]),
  created: new Date(Date.UTC(2024, 4, 20, 8, 30)),
  pattern: /^1[3-9]\d{9}$/,
  bytes: new Uint8Array([0, 127, 255]),
  buffer: new ArrayBuffer(4),
  promise: Promise.resolve({ ok: true }),
  nothing: null,
  missing: undefined,
  big: 12345678901234567890n,
  [Symbol('private')]: 'secret',
  'kebab-key': 'x',
  get computed() { return 42 },
}

console.log(pageData)
console.log(store)
console.log(Array.from({ length: 130 }, (_, i) => i * 7))
console.log(Array.from({ length: 30 }, (_, i) => 'item-' + i))
console.log([undefined, null, NaN, -0, 0, Infinity, 'str', 1e-7, 0.1 + 0.2])
console.log({ err: new RangeError('out of range'), nested: { deeper: new Error('deep') } })
console.log(Object.assign(Object.create(null), { a: 1, b: [Object.create(null)] }))
class A {}
class B extends A {}
console.log([function named() {}, () => {}, A, B, Math.max, async () => {}])
console.log(new Set([[1, 2], { a: new Map([[{}, []]]) }]))
console.log('%o', { deep: { deeper: { deepest: { bottom: { floor: 1 } } } } })
console.log({ text: 'first line\nsecond line\nthird line that is quite a bit longer than the others' })
