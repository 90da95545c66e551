import WS from 'jest-websocket-mock'
import { loadProject, waitFor } from 'wxrun/testing'

let mockFeedURL = ''
jest.mock('../miniprogram/config', () => ({ feedURL: mockFeedURL, apiURL: '' }))

let server, app
beforeEach(async () => {
  server = new WS('ws://127.0.0.1/feed', { jsonProtocol: true })
  mockFeedURL = server.url
})
afterEach(async () => {
  if (app) await app.close()
  WS.clean()
})

const events = () => require('../miniprogram/utils/log').events

test('launches on a page with a query, and shows what the server pushes', async () => {
  app = await loadProject({ page: 'pages/feed/feed?topic=go', query: { lang: 'en' } })
  const page = app.currentPage
  expect(page.route).toBe('pages/feed/feed')
  expect(page.query).toEqual({ topic: 'go', lang: 'en' })
  expect(app.instance.globalData.launches).toBe(1)
  expect(events()).toEqual([
    'App.onLaunch pages/feed/feed {"topic":"go","lang":"en"}',
    'App.onShow',
    'feed onLoad {"topic":"go","lang":"en"}',
    'feed onShow',
    'feed onReady'
  ])
  const client = await server.connected
  expect(client.url).toBe('/feed?topic=go')
  await waitFor(() => expect(page.data.status).toBe('open'))
  server.send([{ id: 1, title: 'one' }])
  await waitFor(() => expect(page.data.items).toEqual([{ id: 1, title: 'one' }]))
})

test('calls methods as taps and inputs do', async () => {
  app = await loadProject()
  const page = app.currentPage
  await expect(page.tap('select', { dataset: { id: 'a7' } })).resolves.toBe('selected a7')
  expect(page.data.selected).toBe('a7')
  await page.input('type', 'hello')
  expect(page.data.draft).toBe('hello')
  // An async method is awaited, and the setData callback it queued has run.
  await expect(page.call('later')).resolves.toBe('done')
  expect(page.data.draft).toBe('later')
  expect(events()).toContain('setData callback')
  // What the script changed without setData is not what the view shows.
  page.instance.data.draft = 'direct'
  expect(page.data.draft).toBe('later')
})

test('navigates: a tap opens a page, the back button unloads it', async () => {
  app = await loadProject()
  const feed = app.currentPage
  await feed.tap('open', { dataset: { id: 42 } })
  const detail = app.currentPage
  expect(detail.route).toBe('pages/detail/detail')
  expect(detail.data).toEqual({ id: 42, title: 'item 42' })
  expect(app.pages).toEqual([feed, detail])
  await detail.unload()
  expect(app.currentPage).toBe(feed)
  await app.navigateTo('/pages/detail/detail?id=7')
  expect(app.currentPage.data.title).toBe('item 7')
  await app.navigateBack()
  expect(events().slice(-10)).toEqual([
    'feed onHide', 'detail onLoad 42', 'detail onReady', 'detail onUnload', 'feed onShow',
    'feed onHide', 'detail onLoad 7', 'detail onReady', 'detail onUnload', 'feed onShow'
  ])
})

test('background and foreground', async () => {
  app = await loadProject()
  await app.background()
  await app.foreground()
  expect(events().slice(-4)).toEqual(['feed onHide', 'App.onHide', 'App.onShow', 'feed onShow'])
})

test('a long stay in the background interrupts the sockets', async () => {
  app = await loadProject({ interruptSocketsAfter: 20 })
  const client = await server.connected
  await waitFor(() => expect(app.currentPage.data.status).toBe('open'))
  await app.background()
  await expect(client.closed).resolves.toEqual({ code: 1001, reason: '' })
  await waitFor(() => expect(app.currentPage.data.status).toBe('closed 1000'))
})

test('reLaunch replaces the stack; a failing navigation rejects with WeChat errMsg', async () => {
  app = await loadProject()
  const detail = await app.reLaunch('/pages/detail/detail?id=3')
  expect(app.pages).toEqual([detail])
  expect(detail.data.title).toBe('item 3')
  await expect(app.switchTab('/pages/feed/feed')).rejects.toThrow('switchTab:fail can not switch to no-tabBar page')
  await expect(app.redirectTo('/pages/none/none')).rejects.toThrow('redirectTo:fail page "pages/none/none" is not found')
})

test('offline and back: the page reconnects when the network returns', async () => {
  app = await loadProject()
  const page = app.currentPage
  await server.connected
  await waitFor(() => expect(page.data.status).toBe('open'))
  await app.offline()
  expect(page.data.status).toBe('offline')
  await app.online()
  const again = await server.nextConnection.then(() => server.nextConnection)
  expect(again.url).toBe('/feed?topic=all')
  await waitFor(() => expect(page.data.status).toBe('open'))
})

test('a drop, a toast and a retry on fake timers', async () => {
  jest.useFakeTimers()
  try {
    app = await loadProject()
    const page = app.currentPage
    const first = await server.nextConnection
    await waitFor(() => expect(page.data.status).toBe('open'))
    first.drop()
    await waitFor(() => expect(page.data.status).toBe('closed 1006'))
    expect(app.uiCalls).toEqual([expect.objectContaining({ api: 'showToast', options: expect.objectContaining({ title: 'Feed lost' }), result: 'showToast:ok' })])
    jest.advanceTimersByTime(1999)
    expect(page.data.reconnects).toBe(0)
    jest.advanceTimersByTime(1)
    expect(page.data.reconnects).toBe(1)
    await server.nextConnection
    await waitFor(() => expect(page.data.status).toBe('open'))
  } finally {
    jest.useRealTimers()
  }
})

test('unloading the first page closes the app, and its socket with it', async () => {
  app = await loadProject()
  const client = await server.connected
  // Closed while still connecting, a socket opens all the same (WeChat's documented
  // behaviour): wait until the page has seen it open.
  await waitFor(() => expect(app.currentPage.data.status).toBe('open'))
  await app.currentPage.unload()
  await expect(client.closed).resolves.toEqual({ code: 1000, reason: 'bye' })
  expect(events().slice(-3)).toEqual(['feed onHide', 'App.onHide', 'feed onUnload'])
  expect(app.currentPage).toBeUndefined()
  await expect(app.navigateTo('/pages/detail/detail')).rejects.toThrow('navigateTo:fail the mini program has been closed')
})

test('each loadProject is a fresh launch; storage survives it, as on a phone', async () => {
  app = await loadProject()
  wx.setStorageSync('seen', 1)
  const left = jest.fn()
  wx.onNetworkStatusChange(left) // as a page that never calls offNetworkStatusChange
  const first = app
  app = await loadProject()
  await app.offline()
  expect(left).not.toHaveBeenCalled()
  expect(app.instance.globalData.launches).toBe(1)
  expect(events()[0]).toBe('App.onLaunch pages/feed/feed {}')
  expect(wx.getStorageSync('seen')).toBe(1)
  expect(() => first.currentPage).toThrow('this app was replaced by a later loadProject()')
})

test('loadProject starts on the network it is given, else on the run\'s', async () => {
  app = await loadProject({ network: '4g' })
  await expect(wx.getNetworkType()).resolves.toMatchObject({ networkType: '4g' })
  app = await loadProject()
  await expect(wx.getNetworkType()).resolves.toMatchObject({ networkType: 'wifi' })
})
