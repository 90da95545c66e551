// @wxrun-replay recordings/chat.jsonl
test('says something else', async () => {
  await new Promise((resolve) => wx.request({
    url: 'https://api.example.com/login', method: 'POST', data: { code: 'x' }, complete: resolve,
  }))
  const task = wx.connectSocket({ url: 'wss://chat.example.com/room?token=t1' })
  const closed = new Promise((resolve) => task.onClose(resolve))
  task.onMessage((res) => { if (res.data === 'welcome') task.send({ data: 'hello?' }) })
  const res = await closed
  expect(res.code).toBe(1011)
})
