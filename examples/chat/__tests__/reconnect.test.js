import WS from 'jest-websocket-mock'
import HttpMock from 'wxrun/http-mock'
import { loadProject, waitFor } from 'wxrun/testing'

let mockConfig
jest.mock('../config', () => mockConfig)

test('the page reconnects after a drop and shows the new messages', async () => {
  jest.useFakeTimers()
  const chat = new WS('ws://127.0.0.1/chat', { jsonProtocol: true })
  const api = new HttpMock().post('/login', { json: { token: 't1', name: 'alice' } })
  mockConfig = { url: chat.url, api: api.url }
  const app = await loadProject({ page: 'pages/chat/chat' })
  ;(await chat.nextConnection).drop()
  await waitFor(() => expect(app.currentPage.data.status).toBe('reconnecting'))
  jest.advanceTimersByTime(1000) // the back-off
  ;(await chat.nextConnection).send({ type: 'message', from: 'bob', text: 'back' })
  await waitFor(() => expect(app.currentPage.data.lines).toContain('bob: back'))
  await app.close()
})
