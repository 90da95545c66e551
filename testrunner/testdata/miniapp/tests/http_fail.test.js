// Designed to fail: a route that throws, or answers with a mistake, fails the test that
// was running, and the request gets a 500.
import HttpMock from 'wxrun/http-mock'

afterEach(() => HttpMock.clean())

function get(url) {
  return new Promise((resolve) => wx.request({ url, success: resolve, fail: resolve }))
}

test('a route that throws', async () => {
  const server = new HttpMock()
  server.get('/x', () => { throw new Error('the route broke') })
  const res = await get(server.url + '/x')
  expect(res.statusCode).toBe(500)
})

test('an async route that answers with a mistake', async () => {
  const server = new HttpMock()
  server.get('/x', async () => ({ status: 'ok' }))
  const res = await get(server.url + '/x')
  expect(res.statusCode).toBe(500)
})
