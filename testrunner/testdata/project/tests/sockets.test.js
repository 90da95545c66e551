import WS from 'jest-websocket-mock';

function open(url, options) {
  const task = wx.connectSocket(Object.assign({ url }, options));
  const events = [];
  task.onOpen(() => events.push('open'));
  task.onMessage((m) => events.push(typeof m.data === 'string' ? 'text ' + m.data : 'binary ' + m.data.byteLength));
  task.onError((e) => events.push('error ' + e.errMsg));
  const closed = new Promise((resolve) => task.onClose((e) => { events.push('close ' + e.code + ' ' + e.reason); resolve(); }));
  const opened = new Promise((resolve) => task.onOpen(resolve));
  return { task, events, closed, opened };
}

describe('cleaned after each test', () => {
  afterEach(() => WS.clean());

  test('jest-websocket-mock API on a real server', async () => {
    const server = new WS('ws://localhost:0/chat', { jsonProtocol: true });
    expect(server.url).toMatch(/^ws:\/\/localhost:\d+\/chat$/);
    const c = open(server.url);
    await c.opened;
    const client = await server.connected;
    expect(client.url).toBe('/chat');
    expect(client.headers['referer']).toMatch(/^https:\/\/servicewechat\.com\//);
    c.task.send({ data: JSON.stringify({ hello: 'server' }) });
    await expect(server).toReceiveMessage({ hello: 'server' });
    expect(server).toHaveReceivedMessages([{ hello: 'server' }]);
    server.send({ hello: 'client' });
    client.send(new Uint8Array([1, 2, 3]));
    server.close({ code: 4000, reason: 'bye' });
    await c.closed;
    expect(c.events).toEqual(['open', 'text {"hello":"client"}', 'binary 3', 'close 4000 bye']);
  });

  test('refused, delayed, subprotocols, drops, several clients', async () => {
    const server = new WS('ws://127.0.0.1', { status: 503 });
    const refused = open(server.url);
    await new Promise((r) => refused.task.onError(r));
    expect(refused.events).toEqual(['error Invalid HTTP status']);

    server.setHandshake({ delay: 50, protocol: 'v2' });
    const start = Date.now();
    const a = open(server.url, { protocols: ['v1', 'v2'] });
    const b = open(server.url, { protocols: ['v2'] });
    await Promise.all([a.opened, b.opened]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
    const first = await server.nextConnection;
    const second = await server.nextConnection;
    expect([first.protocol, second.protocol]).toEqual(['v2', 'v2']);
    expect(server.clients).toHaveLength(2);
    first.drop();
    await Promise.race([a.closed, b.closed]);
    second.close({ code: 1000 });
    await Promise.all([a.closed, b.closed]);
    const dropped = a.events.includes('error abnormal closure') ? a : b;
    expect(dropped.events.slice(-2)).toEqual(['error abnormal closure', 'close 1006 abnormal closure']);
  });
});

// Outside the describe: WS.clean() would drop this socket and, if the client saw that
// before the tests finished, nothing would be left open to report.
test('a socket left open', async () => {
  const server = new WS('ws://127.0.0.1');
  wx.connectSocket({ url: server.url });
  await server.connected;
});
