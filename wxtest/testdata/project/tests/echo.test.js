// Runs against the server the Go test started; its URL comes in the global SERVER_URL.
test('echo server answers', async () => {
  const task = wx.connectSocket({ url: SERVER_URL + '/echo' });
  await new Promise((resolve) => task.onOpen(resolve));
  const reply = new Promise((resolve) => task.onMessage((m) => resolve(m.data)));
  task.send({ data: 'ping' });
  expect(await reply).toBe('ping');
  task.close({});
});

test('designed to fail', () => {
  expect({ greeting: 'hello' }).toEqual({ greeting: 'bye' });
});
