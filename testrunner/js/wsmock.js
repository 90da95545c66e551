// The built-in module "jest-websocket-mock": the API of the npm package of that name, on a
// real WebSocket server (wsmock.go) that the code under test reaches with the real
// wx.connectSocket. Compiled once per process as
//
//   (function (host, expect, Queue) { …this file… })
//
// and evaluated once per test file that requires it; it returns the module's exports.
// Queue is js/queue.js.
'use strict';

var servers = [];

function deferred() {
  var d = {};
  d.promise = new Promise(function (resolve) { d.resolve = resolve; });
  return d;
}

function handshake(options) {
  var o = options || {};
  return [o.status || 0, o.delay || 0, o.protocol];
}

// WS is a mock server: new WS(url, {jsonProtocol, status, delay, protocol}).
function WS(url, options) {
  if (!(this instanceof WS)) throw new TypeError("Class constructor WS cannot be invoked without 'new'");
  var self = this;
  options = options || {};
  this.jsonProtocol = !!options.jsonProtocol;
  this.messages = [];
  this.connections = [];
  this._messages = new Queue();
  this._conns = new Queue();
  this._listeners = { connection: [], message: [], close: [] };
  var connected = deferred();
  var closed = deferred();
  this.connected = connected.promise;
  this.closed = closed.promise;
  this._closedDeferred = closed;
  var h = handshake(options);
  this._server = host.listen(url || '', h[0], h[1], h[2], function (conn) {
    var socket = new Client(self, conn);
    self.connections.push(socket);
    self._conns.put(socket);
    connected.resolve(socket);
    self._emit('connection', socket);
  });
  this.url = this._server.url;
  servers.push(this);
}

Object.defineProperty(WS.prototype, 'nextMessage', { get: function () { return this._messages.get(); } });
Object.defineProperty(WS.prototype, 'nextConnection', { get: function () { return this._conns.get(); } });
Object.defineProperty(WS.prototype, 'clients', {
  get: function () { return this.connections.filter(function (c) { return c.readyState === 1; }); }
});

WS.prototype.on = function (event, fn) {
  if (!this._listeners[event]) throw new Error('jest-websocket-mock: unknown event "' + event + '" (connection, message, close)');
  this._listeners[event].push(fn);
};
WS.prototype._emit = function (event) {
  var args = Array.prototype.slice.call(arguments, 1);
  this._listeners[event].forEach(function (fn) { fn.apply(null, args); });
};
WS.prototype._serialize = function (msg) {
  return this.jsonProtocol ? JSON.stringify(msg) : msg;
};
// send sends msg to every open client (JSON-encoded with jsonProtocol; an ArrayBuffer or a
// typed array as a binary message).
WS.prototype.send = function (msg) {
  var self = this;
  this.clients.forEach(function (c) { c.send(msg); });
  return self;
};
// close closes every client ({code, reason}, default 1000), or drops the TCP connections
// without a close frame with {wasClean: false}, and stops the server.
WS.prototype.close = function (options) {
  options = options || {};
  this.connections.forEach(function (c) {
    if (c.readyState !== 1) return;
    if (options.wasClean === false) c.drop();
    else c.close({ code: options.code, reason: options.reason });
  });
  var self = this;
  // Give the close handshakes a moment before the listener goes away with the connections.
  var closing = Promise.all(this.connections.map(function (c) { return c.closed; }));
  var stop = function () { self._server.close(); self._closedDeferred.resolve(); };
  var timer;
  Promise.race([closing, new Promise(function (r) { timer = host.realSetTimeout(r, 1000); })]).then(function () {
    host.realClearTimeout(timer);
    stop();
  });
  return this.closed;
};
// error ends every connection abnormally — the TCP connection is dropped without a close
// frame, so the client sees onError and then onClose with 1006 — and stops the server.
WS.prototype.error = function () {
  return this.close({ wasClean: false });
};
// refuse, delay and protocol change the answer to later handshakes.
WS.prototype.setHandshake = function (options) {
  var h = handshake(options);
  this._server.setHandshake(h[0], h[1], h[2]);
};

WS.clean = function () {
  var all = servers;
  servers = [];
  all.forEach(function (s) {
    s.connections.forEach(function (c) { if (c.readyState === 1) c.drop(); });
    s._server.close();
    s._closedDeferred.resolve();
  });
};

// Client is one connection to a mock server.
function Client(server, conn) {
  this._server = server;
  this._conn = conn;
  this.url = conn.url;
  this.headers = conn.headers;
  this.protocols = conn.protocols;
  this.protocol = conn.protocol;
  this.readyState = 1;
  this.messages = [];
  this._messages = new Queue();
  var closed = deferred();
  this.closed = closed.promise;
  var self = this;
  conn._message = function (data, binary) {
    var msg = data;
    if (!binary && server.jsonProtocol) {
      try { msg = JSON.parse(data); } catch (e) { msg = data; }
    }
    self.messages.push(msg);
    self._messages.put(msg);
    server.messages.push(msg);
    server._messages.put(msg);
    server._emit('message', msg, self);
  };
  conn._closed = function (code, reason) {
    self.readyState = 3;
    closed.resolve({ code: code, reason: reason });
    server._emit('close', self, { code: code, reason: reason });
  };
}
Object.defineProperty(Client.prototype, 'nextMessage', { get: function () { return this._messages.get(); } });
Client.prototype.send = function (msg) {
  if (msg instanceof ArrayBuffer || ArrayBuffer.isView(msg)) {
    this._conn._sendBinary(ArrayBuffer.isView(msg) ? new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength) : msg);
  } else {
    this._conn._sendText(String(this._server._serialize(msg)));
  }
};
Client.prototype.close = function (options) {
  options = options || {};
  this._conn._close(options.code === undefined ? 1000 : options.code, options.reason || '');
  return this.closed;
};
// drop closes the TCP connection without a close frame.
Client.prototype.drop = function () {
  this.readyState = 3;
  this._conn._drop();
  return this.closed;
};

// ---- matchers ----

var TIMEOUT = 1000;

function isServer(x) { return x instanceof WS || x instanceof Client; }

expect.extend({
  toReceiveMessage: async function (server, expected, options) {
    var utils = this.utils;
    var name = 'toReceiveMessage';
    if (!isServer(server)) {
      return { pass: this.isNot, message: function () { return utils.matcherHint(name, 'WS') + '\n\nExpected the websocket object to be a valid WS mock.\nReceived: ' + typeof server; } };
    }
    var timeout = (options && options.timeout) || TIMEOUT;
    var timer;
    var waited = await Promise.race([
      server.nextMessage.then(function (m) { return { message: m }; }),
      new Promise(function (resolve) { timer = host.realSetTimeout(function () { resolve(null); }, timeout); })
    ]);
    host.realClearTimeout(timer);
    if (waited === null) {
      return { pass: this.isNot, message: function () { return utils.matcherHint(name, 'WS', 'expected') + '\n\nExpected the websocket server to receive a message,\nbut it didn\'t receive anything in ' + timeout + 'ms.'; } };
    }
    var received = waited.message;
    var pass = this.equals(received, expected);
    var isNot = this.isNot;
    return {
      pass: pass,
      message: function () {
        return utils.matcherHint((isNot ? '.not.' : '.') + name, 'WS', 'expected') + '\n\n' +
          (pass ? 'Expected the next received message to not equal:\n  ' + utils.printExpected(expected) + '\nReceived:\n  ' + utils.printReceived(received)
            : utils.printDiffOrStringify(expected, received, 'Expected the next received message to equal', 'Received', true));
      }
    };
  },
  toHaveReceivedMessages: function (server, expected) {
    var utils = this.utils;
    if (!isServer(server)) {
      return { pass: this.isNot, message: function () { return utils.matcherHint('toHaveReceivedMessages', 'WS') + '\n\nExpected the websocket object to be a valid WS mock.'; } };
    }
    var self = this;
    var received = expected.map(function (e) { return server.messages.some(function (m) { return self.equals(m, e); }); });
    var pass = this.isNot ? received.some(Boolean) : received.every(Boolean);
    var isNot = this.isNot;
    return {
      pass: pass,
      message: function () {
        return utils.matcherHint((isNot ? '.not.' : '.') + 'toHaveReceivedMessages', 'WS', 'expected') + '\n\n' +
          'Expected the WS server to' + (isNot ? ' not' : '') + ' have received the following messages:\n  ' +
          utils.printExpected(expected) + '\nReceived:\n  ' + utils.printReceived(server.messages);
      }
    };
  }
});

WS.WS = WS;
WS.default = WS;
return WS;
