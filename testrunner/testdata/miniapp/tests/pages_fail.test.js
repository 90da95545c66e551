// Designed to fail: each test fails in a way wxrun/testing must report clearly.
const { loadProject, waitFor } = require('wxrun/testing')

let app
afterEach(async () => { if (app) await app.close() })

test('a navigation that fails rejects with WeChat errMsg', async () => {
  app = await loadProject()
  await app.navigateTo('/pages/nope/nope')
})

test('waitFor gives up with the last failure', async () => {
  app = await loadProject()
  await waitFor(() => expect(app.currentPage.data.reconnects).toBe(99), { timeout: 50 })
})

test('an app a later loadProject replaced', async () => {
  const old = await loadProject()
  app = await loadProject()
  old.currentPage
})

test('a method the page does not have', async () => {
  app = await loadProject()
  await app.currentPage.call('nope')
})

test('an exception in onLoad fails the test', async () => {
  app = await loadProject({ page: 'pages/feed/feed?boom=1' })
})

test('a folder that is not a project', async () => {
  app = undefined
  await loadProject({ root: 'tests' })
})

test('a project outside the test root', async () => {
  await loadProject({ root: '../outside' })
})

test('a bad option', async () => {
  await loadProject({ interruptSocketsAfter: -1 })
})

test('an unknown network', async () => {
  app = await loadProject()
  await app.setNetwork('5g')
})

test('waitFor gives up on a callback that keeps returning false', async () => {
  await waitFor(() => false, { timeout: 30 })
})
