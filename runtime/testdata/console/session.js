// A console session mixing every method, as a page lifecycle might.
console.group('Page onLoad')
console.log('query: %O', { id: '42', from: 'share' })
console.info('%s loaded in %dms', 'index', 35.5)
advance(12.5)
console.time('fetch')
advance(250.25)
console.timeLog('fetch', 'response', { status: 200 })
console.group('render')
console.table([
  { id: 1, name: 'apple', price: 3.5 },
  { id: 2, name: 'banana', stock: 0 },
  { id: 3, name: '西瓜', price: 12 },
])
console.warn('slow render: %i frames dropped', 3.7)
console.count('render')
console.count('render')
console.groupEnd()
console.timeEnd('fetch')
console.assert([].length > 0, 'list is empty, rendering %s', 'placeholder')
console.groupEnd()
function handleTap(e) {
  console.trace('tap on %s', e.target.id)
  try {
    e.target.dataset.missing.value
  } catch (err) {
    console.error('handler failed:', err)
  }
}
handleTap({ target: { id: 'buy', dataset: {} } })
console.dir({ a: { b: { c: { d: { e: 'deep' } } } } }, { depth: null })
console.countReset('render')
console.count('render')
console.timeEnd('never-started')
console.log('%c[styled]%c done, 100%% complete', 'color: green', '')
