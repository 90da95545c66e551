import HttpMock from 'wxrun/http-mock'

afterEach(() => HttpMock.clean())

// request calls the real wx.request and resolves with its success or fail result.
function request(options) {
  return new Promise((resolve) => {
    wx.request(Object.assign({}, options, {
      success: (res) => resolve(res),
      fail: (res) => resolve(res)
    }))
  })
}

test('routes, recorded requests and JSON both ways', async () => {
  const server = new HttpMock()
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  server.post('/login', (req) => ({ json: { token: 'tk-' + req.json.code } }))
  const res = await request({ url: server.url + '/login?v=2', method: 'POST', data: { code: 'abc' }, header: { 'X-App': 'feed' } })
  expect(res.statusCode).toBe(200)
  expect(res.data).toEqual({ token: 'tk-abc' })
  expect(res.header['Content-Type']).toBe('application/json; charset=utf-8')
  const req = await server.nextRequest
  expect(req).toMatchObject({ method: 'POST', path: '/login', query: { v: '2' }, json: { code: 'abc' } })
  expect(req.headers['x-app']).toBe('feed')
  expect(req.headers['content-type']).toBe('application/json')
  expect(server.requests).toHaveLength(1)
})

test('params, statuses, headers, binary bodies, a 404 for the rest', async () => {
  const server = new HttpMock('http://localhost/api')
  expect(server.url).toMatch(/^http:\/\/localhost:\d+\/api$/)
  server.get('/items/:id', (req) => (req.params.id === '7' ? { json: { id: 7 } } : 404))
  server.get('/bytes', new Uint8Array([1, 2, 3]))
  server.get('/text', { status: 201, headers: { 'Set-Cookie': 'sid=1', 'X-Count': 3 }, body: 'made' })
  server.get('/text', 'the later route wins')
  expect((await request({ url: server.url + '/items/7' })).data).toEqual({ id: 7 })
  expect((await request({ url: server.url + '/items/8' })).statusCode).toBe(404)
  const bytes = await request({ url: server.url + '/bytes', responseType: 'arraybuffer' })
  expect(Array.from(new Uint8Array(bytes.data))).toEqual([1, 2, 3])
  expect((await request({ url: server.url + '/text' })).data).toBe('the later route wins')
  server.on('*', '/text', { status: 201, headers: { 'Set-Cookie': 'sid=1', 'X-Count': 3 }, body: 'made' })
  const made = await request({ url: server.url + '/text', method: 'PUT' })
  expect([made.statusCode, made.data, made.header['X-Count'], made.cookies]).toEqual([201, 'made', '3', ['sid=1']])
  const missing = await request({ url: server.url + '/nothing' })
  expect([missing.statusCode, missing.data]).toEqual([404, { error: 'wxrun/http-mock: no route for GET /api/nothing' }])
  expect(server.requests.map((r) => r.path)).toEqual(['/api/items/7', '/api/items/8', '/api/bytes', '/api/text', '/api/text', '/api/nothing'])
})

test('a delayed answer, a timeout, an async route and a dropped connection', async () => {
  const server = new HttpMock()
  server.get('/slow', { delay: 300, body: 'late' })
  server.get('/async', async (req) => {
    await new Promise((resolve) => setTimeout(resolve, 5))
    return 'async ' + req.query.n
  })
  server.get('/drop', { drop: true })
  const slow = await request({ url: server.url + '/slow', timeout: 50 })
  expect(slow.errMsg).toBe('request:fail timeout')
  expect((await request({ url: server.url + '/async?n=1' })).data).toBe('async 1')
  const dropped = await request({ url: server.url + '/drop' })
  expect(dropped.errMsg).toBe('request:fail -324:net::ERR_EMPTY_RESPONSE')
  expect(dropped.statusCode).toBeUndefined()
})

test('mistakes in a route are reported where the route is set', () => {
  const server = new HttpMock()
  expect(() => server.get('/x', { status: 42 })).toThrow('wxrun/http-mock: status must be an HTTP status (100 to 999), got 42')
  expect(() => server.get('/x', { body: { a: 1 } })).toThrow('body must be a string or an ArrayBuffer, got object (use json for an object)')
  expect(() => server.get('x', 'y')).toThrow('path must start with "/"')
  expect(() => new HttpMock('https://127.0.0.1')).toThrow('the mock server speaks http:// only')
  expect(() => new HttpMock('http://example.com')).toThrow('the mock server listens on loopback only')
})
