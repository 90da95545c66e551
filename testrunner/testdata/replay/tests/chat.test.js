/**
 * The chat client against a recorded session: no server runs.
 *
 * @wxrun-replay recordings/chat.jsonl
 */
function login() {
  return new Promise((resolve, reject) => wx.request({
    url: 'https://api.example.com/login', method: 'POST', data: { code: 'x' },
    success: (res) => resolve(res.data.token), fail: reject,
  }))
}

test('logs in and chats as recorded', async () => {
  const token = await login()
  expect(token).toBe('t1')
  const task = wx.connectSocket({ url: 'wss://chat.example.com/room?token=' + token })
  const seen = []
  const closed = new Promise((resolve) => task.onClose(resolve))
  task.onMessage((res) => {
    seen.push(res.data)
    if (res.data === 'welcome') task.send({ data: 'hi' })
    if (res.data === 'bye') task.close({ code: 1000 })
  })
  const res = await closed
  expect(seen).toEqual(['welcome', 'bye'])
  expect(res.code).toBe(1000)
})
