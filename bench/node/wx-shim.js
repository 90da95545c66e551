// A minimal `wx` for Node.js: wx.connectSocket and SocketTask on top of the `ws` package,
// enough to run the benchmark scenarios unchanged. It follows the shapes of WeChat's API
// (and wxrun's): callbacks receive {errMsg}, onOpen {header}, onMessage {data} with a
// string for text and an ArrayBuffer for binary, onClose {code, reason}, onError
// {errMsg}. It is not a faithful emulation: no socket cap, no global socket API, no
// promise form.
//
// It does follow wx.connectSocket's TCP setting: `tcpNoDelay` defaults to false, so
// Nagle's algorithm stays on, as in WeChat and wxrun. (`ws` turns it off on every socket.
// Left off, each small send pushed a segment through the whole loopback TCP stack, the
// server's side included, and the shim measured 260k sends/s where it does 900k: a
// difference of the harness, not of the hosts.)
//
// `ws` is loaded on the first connectSocket, so a script that opens no socket pays only
// for Node itself.
'use strict';

let WebSocket = null;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

function call(opts, name, res) {
  if (opts && typeof opts[name] === 'function') opts[name](res);
}

function finish(opts, ok, api, msg) {
  if (!opts) return;
  const res = { errMsg: api + (ok ? ':ok' : ':fail ' + msg) };
  call(opts, ok ? 'success' : 'fail', res);
  call(opts, 'complete', res);
}

function toArrayBuffer(buf) {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) return buf.buffer;
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

class SocketTask {
  constructor(opts) {
    this._open = [];
    this._message = [];
    this._error = [];
    this._close = [];
    this._errored = false;
    const ws = new WebSocket(opts.url, opts.protocols || [], {
      headers: opts.header || {},
      perMessageDeflate: opts.perMessageDeflate === true,
      handshakeTimeout: typeof opts.timeout === 'number' ? opts.timeout : 60000,
      maxPayload: 10 << 20,
    });
    this._ws = ws;
    ws.on('open', () => {
      // ws has just called setNoDelay(true); _socket is the net.Socket of ws 8 (pinned).
      ws._socket.setNoDelay(opts.tcpNoDelay === true);
      const res = { header: {}, profile: {} };
      this._emit(this._open, res);
    });
    ws.on('message', (data, isBinary) => {
      const res = { data: isBinary ? toArrayBuffer(data) : data.toString() };
      this._emit(this._message, res);
    });
    ws.on('error', (err) => {
      if (this._errored) return;
      this._errored = true;
      this._emit(this._error, { errMsg: String(err && err.message || err) });
    });
    ws.on('close', (code, reason) => {
      this._emit(this._close, { code: code, reason: reason.toString() });
      this._open = this._message = this._error = this._close = [];
    });
  }

  get readyState() { return this._ws.readyState; }

  _emit(listeners, res) {
    for (let i = 0, n = listeners.length; i < n; i++) listeners[i](res);
  }

  onOpen(f) { if (typeof f === 'function') this._open.push(f); }
  onMessage(f) { if (typeof f === 'function') this._message.push(f); }
  onError(f) { if (typeof f === 'function') this._error.push(f); }
  onClose(f) { if (typeof f === 'function') this._close.push(f); }

  send(opts) {
    const data = opts && opts.data;
    if (this._ws.readyState !== OPEN) {
      finish(opts, false, 'SocketTask.send', 'SocketTask.readyState is not OPEN');
      return;
    }
    let payload;
    if (typeof data === 'string') payload = data;
    else if (data instanceof ArrayBuffer) payload = Buffer.from(data);
    else {
      finish(opts, false, 'sendSocketMessage', data == null ? 'message is null or nil' : 'unknown data');
      return;
    }
    if (opts.success || opts.fail || opts.complete) {
      this._ws.send(payload, { binary: typeof data !== 'string' }, (err) => {
        finish(opts, !err, 'sendSocketMessage', err && err.message);
      });
    } else {
      this._ws.send(payload, { binary: typeof data !== 'string' });
    }
  }

  close(opts) {
    const code = opts && typeof opts.code === 'number' ? opts.code : 1000;
    const reason = opts && opts.reason != null ? String(opts.reason) : '';
    finish(opts, true, 'closeSocket');
    if (this._ws.readyState === CONNECTING) {
      // As documented for WeChat: closing during the handshake is ignored.
      return;
    }
    this._ws.close(code, reason);
  }
}
SocketTask.prototype.CONNECTING = CONNECTING;
SocketTask.prototype.OPEN = OPEN;
SocketTask.prototype.CLOSING = CLOSING;
SocketTask.prototype.CLOSED = CLOSED;

function connectSocket(opts) {
  if (!opts || typeof opts.url !== 'string') {
    finish(opts, false, 'connectSocket', 'parameter error: parameter.url should be String');
    return undefined;
  }
  if (WebSocket === null) WebSocket = require('ws');
  const task = new SocketTask(opts);
  finish(opts, true, 'connectSocket');
  return task;
}

module.exports = { connectSocket: connectSocket };
