// The chat page (pages/chat/chat) against a mock chat server, with the real
// wx.connectSocket and wx.request: `cd examples/chat && wxrun test`. What the page does
// on a phone — log in, keep the token, connect, show what arrives, reconnect after a drop
// with a back-off, wait for the network, close on unload — each test checks one of them.
import WS from 'jest-websocket-mock'
import HttpMock from 'wxrun/http-mock'
import { loadProject, waitFor } from 'wxrun/testing'

// The page reads the servers' addresses from config.js: point it at the mocks. The
// factory runs again for each loadProject, so each test gets its own servers.
let mockConfig
jest.mock('../config', () => mockConfig)

let chat, api, app

beforeEach(() => {
  chat = new WS('ws://127.0.0.1/chat', { jsonProtocol: true })
  api = new HttpMock()
  let logins = 0
  api.post('/login', (req) => ({ json: { token: 'token-' + req.json.name + '-' + ++logins, name: req.json.name, expiresIn: 7200 } }))
  mockConfig = { url: chat.url + '?room=test', api: api.url }
  wx.clearStorageSync()
})

afterEach(async () => {
  if (app) await app.close()
  app = undefined
  jest.useRealTimers()
  WS.clean()
  HttpMock.clean()
})

// openChat launches the mini program on alice's page and waits until her socket is open.
async function openChat() {
  app = await loadProject({ page: 'pages/chat/chat' })
  const client = await chat.nextConnection
  await waitFor(() => expect(app.currentPage.data.status).toBe('open'))
  return { page: app.currentPage, client }
}

describe('logging in', () => {
  test('wx.login, then POST /login; the token is kept in storage and the socket connects with it', async () => {
    const { client } = await openChat()
    expect(api.requests).toHaveLength(1)
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/login', json: { code: expect.any(String), name: 'alice' } })
    expect(wx.getStorageSync('session:alice')).toEqual({ token: 'token-alice-1', name: 'alice' })
    expect(client.url).toBe('/chat?room=test&token=token-alice-1')
  })

  test('a kept token is used without logging in', async () => {
    wx.setStorageSync('session:alice', { token: 'kept', name: 'alice' })
    const { client } = await openChat()
    expect(client.url).toBe('/chat?room=test&token=kept')
    expect(api.requests).toHaveLength(0)
  })

  test('a kept token the server refuses is dropped, and the page logs in again', async () => {
    wx.setStorageSync('session:alice', { token: 'stale', name: 'alice' })
    chat.setHandshake({ status: 401 })
    api.post('/login', (req) => {
      chat.setHandshake({}) // the server knows the new token
      return { json: { token: 'fresh', name: req.json.name } }
    })
    app = await loadProject({ page: 'pages/chat/chat' })
    const client = await chat.nextConnection
    expect(client.url).toBe('/chat?room=test&token=fresh')
    expect(wx.getStorageSync('session:alice').token).toBe('fresh')
  })
})

describe('the conversation', () => {
  test('what alice said before the socket opened is sent once it is, then a heartbeat', async () => {
    const { client } = await openChat()
    await expect(client).toReceiveMessage('hello, is anyone here?')
    await expect(client).toReceiveMessage('I will wait here for someone')
    await expect(client).toReceiveMessage({ type: 'ping' })
  })

  test('what the server sends is shown, and bob is welcomed', async () => {
    const { page, client } = await openChat()
    client.send({ type: 'join', name: 'bob', members: 2 })
    client.send({ type: 'message', from: 'bob', text: 'hi alice, bob here' })
    client.send({ type: 'pong' })
    await waitFor(() => expect(page.data.lines).toEqual(['* bob joined (2 in the room)', 'bob: hi alice, bob here']))
    expect(page.data.pongs).toBe(1)
    await waitFor(() => expect(client.messages).toContain('welcome, bob!'))
  })

  test("her own words coming back open bob's page, which logs in and connects, and closes on unload", async () => {
    const { client } = await openChat()
    client.send({ type: 'message', from: 'alice', text: 'I will wait here for someone' })
    const bob = await chat.nextConnection
    expect(app.currentPage.route).toBe('pages/room/room')
    expect(app.currentPage.query).toEqual({ name: 'bob' })
    expect(bob.url).toBe('/chat?room=test&token=token-bob-2')
    await app.currentPage.unload()
    await expect(bob.closed).resolves.toEqual({ code: 1000, reason: 'page unloaded' })
    expect(app.currentPage.route).toBe('pages/chat/chat')
  })
})

describe('a dropped connection', () => {
  test('reconnects after a server drop, backing off 1 s, then 2 s, then 4 s', async () => {
    jest.useFakeTimers()
    const { page, client } = await openChat()
    chat.setHandshake({ status: 503 }) // the server is down for a while
    client.drop()
    await waitFor(() => expect(page.data.status).toBe('reconnecting'))
    expect(page.data.notice).toBe('Connection lost: reconnecting in 1 s')
    expect(app.uiCalls).toContainEqual(expect.objectContaining({ api: 'showToast', options: expect.objectContaining({ title: 'Connection lost' }) }))

    jest.advanceTimersByTime(999)
    expect(api.requests).toHaveLength(1) // nothing yet
    jest.advanceTimersByTime(1)
    // Refused with its kept token, the page logs in once more (the server may have
    // restarted), is refused again, and backs off longer.
    await waitFor(() => expect(page.data.notice).toBe('Connection lost: reconnecting in 2 s'))
    expect(api.requests).toHaveLength(2)
    jest.advanceTimersByTime(2000)
    await waitFor(() => expect(page.data.notice).toBe('Connection lost: reconnecting in 4 s'))

    chat.setHandshake({}) // back
    jest.advanceTimersByTime(4000)
    const again = await chat.nextConnection
    expect(again.url).toBe('/chat?room=test&token=token-alice-2')
    await waitFor(() => expect(page.data).toMatchObject({ status: 'open', notice: '' }))
    again.send({ type: 'message', from: 'bob', text: 'you are back' })
    await waitFor(() => expect(page.data.lines).toContain('bob: you are back'))
  })

  test('gives up after five attempts', async () => {
    jest.useFakeTimers()
    const { page, client } = await openChat()
    chat.setHandshake({ status: 503 })
    client.drop()
    for (const seconds of [1, 2, 4, 8, 16]) {
      await waitFor(() => expect(page.data.notice).toBe('Connection lost: reconnecting in ' + seconds + ' s'))
      jest.advanceTimersByTime(seconds * 1000)
    }
    await waitFor(() => expect(page.data).toMatchObject({ status: 'offline', notice: 'Could not reconnect' }))
    expect(jest.getTimerCount()).toBe(0)
  })

  test('waits while the network is gone, and reconnects as soon as it is back', async () => {
    const { page, client } = await openChat()
    await app.offline()
    await page.call('say', 'are you there?') // while the connection drops: kept for later
    await waitFor(() => expect(page.data).toMatchObject({ status: 'offline', notice: 'No network: waiting for it to come back' }))
    await expect(client.closed).resolves.toMatchObject({ code: 1006 })
    await app.online()
    const again = await chat.nextConnection
    expect(again.url).toBe('/chat?room=test&token=token-alice-1')
    await expect(again).toReceiveMessage('are you there?')
    await waitFor(() => expect(page.data.status).toBe('open'))
  })
})

test('closes cleanly on unload: code 1000, no heartbeat, no reconnection left', async () => {
  jest.useFakeTimers()
  const { page, client } = await openChat()
  await page.unload() // her page is the only one: the mini program closes
  await expect(client.closed).resolves.toEqual({ code: 1000, reason: 'page unloaded' })
  expect(jest.getTimerCount()).toBe(0)
  expect(chat.connections).toHaveLength(1)
})

test('unloading during a back-off cancels the reconnection', async () => {
  jest.useFakeTimers()
  const { page, client } = await openChat()
  client.drop()
  await waitFor(() => expect(page.data.status).toBe('reconnecting'))
  await page.unload()
  expect(jest.getTimerCount()).toBe(0)
  jest.advanceTimersByTime(60000)
  expect(chat.connections).toHaveLength(1)
  expect(api.requests).toHaveLength(1)
})
