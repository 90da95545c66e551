// The built-in module "wxrun/http-mock": the HTTP counterpart of jest-websocket-mock, a
// real HTTP server on loopback (httpmock.go) that the code under test reaches with the
// real wx.request, programmed by the test with routes. Compiled once per process as
//
//   (function (host, Queue) { …this file… })
//
// and evaluated once per test file that requires it; it returns the module's exports.
// Queue is js/queue.js.
'use strict';

var servers = [];

function typeName(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function decode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch (e) {
    return s;
  }
}

function parseQuery(q) {
  var out = {};
  q.split('&').forEach(function (pair) {
    if (!pair) return;
    var i = pair.indexOf('=');
    out[decode(i < 0 ? pair : pair.slice(0, i))] = i < 0 ? '' : decode(pair.slice(i + 1));
  });
  return out;
}

function hasHeader(headers, name) {
  return Object.keys(headers).some(function (k) { return k.toLowerCase() === name; });
}

// answer turns what a route gives into what the server writes: {status, headers, body,
// delay, drop}. A number is a status, a string or an ArrayBuffer (or typed array) a body
// with status 200; an object may have status (200), headers, body or json (sent as JSON,
// with its content-type), delay (ms before answering) and drop (close the connection
// without an answer). Mistakes throw at once, naming the field.
function answer(r) {
  if (r === undefined || r === null) r = {};
  else if (typeof r === 'number') r = { status: r };
  else if (typeof r === 'string' || r instanceof ArrayBuffer || ArrayBuffer.isView(r)) r = { body: r };
  else if (typeof r !== 'object' || Array.isArray(r)) {
    throw new TypeError('wxrun/http-mock: a route answers with an object ({status, headers, body, json, delay, drop}), a string, a number or a function, not ' + typeName(r));
  }
  var status = r.status === undefined ? 200 : r.status;
  if (typeof status !== 'number' || status !== Math.floor(status) || status < 100 || status > 999) {
    throw new TypeError('wxrun/http-mock: status must be an HTTP status (100 to 999), got ' + String(status));
  }
  var headers = {};
  if (r.headers !== undefined) {
    if (r.headers === null || typeof r.headers !== 'object') throw new TypeError('wxrun/http-mock: headers must be an object, got ' + typeName(r.headers));
    Object.keys(r.headers).forEach(function (k) { headers[k] = String(r.headers[k]); });
  }
  var body = r.body;
  if (r.json !== undefined) {
    if (body !== undefined) throw new TypeError('wxrun/http-mock: give body or json, not both');
    body = JSON.stringify(r.json);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (body === undefined) body = '';
  else if (ArrayBuffer.isView(body)) body = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  else if (typeof body !== 'string' && !(body instanceof ArrayBuffer)) {
    throw new TypeError('wxrun/http-mock: body must be a string or an ArrayBuffer, got ' + typeName(body) + ' (use json for an object)');
  }
  var delay = r.delay === undefined ? 0 : r.delay;
  if (typeof delay !== 'number' || !(delay >= 0)) throw new TypeError('wxrun/http-mock: delay must be a number of milliseconds, got ' + String(delay));
  return { status: status, headers: headers, body: body, delay: delay, drop: !!r.drop };
}

// matcher compiles a route's path: "/login", "/items/:id" (req.params.id), "/files/*"
// (any rest), or "*" (every path).
function matcher(path) {
  if (path === '*') return function () { return {}; };
  var want = path.split('/');
  return function (p) {
    var got = p.split('/');
    var params = {};
    for (var i = 0; i < want.length; i++) {
      if (want[i] === '*' && i === want.length - 1) return params;
      if (i >= got.length) return null;
      if (want[i].charAt(0) === ':' && got[i] !== '') params[want[i].slice(1)] = decode(got[i]);
      else if (want[i] !== got[i]) return null;
    }
    return got.length === want.length ? params : null;
  };
}

// HttpMock is a mock server: new HttpMock(url), url an http:// URL on loopback (on a free
// port without one). Routes are relative to server.url.
function HttpMock(url) {
  if (!(this instanceof HttpMock)) throw new TypeError("Class constructor HttpMock cannot be invoked without 'new'");
  if (url !== undefined && typeof url !== 'string') throw new TypeError('wxrun/http-mock: new HttpMock(url): url must be a string, got ' + typeName(url));
  var self = this;
  this.requests = [];
  this._routes = [];
  this._queue = new Queue();
  this._server = host.listen(url || '', function (req, reply) { self._handle(req, reply); });
  this.url = this._server.url;
  this._base = this.url.replace(/^http:\/\/[^/]*/, '');
  servers.push(this);
}

Object.defineProperty(HttpMock.prototype, 'nextRequest', { get: function () { return this._queue.get(); } });

// on adds a route: method ('GET', …, or '*'), path, and what to answer — an answer, or a
// function of the request returning one (or a promise of one). The route added last wins.
HttpMock.prototype.on = function (method, path, response) {
  if (typeof method !== 'string' || !method) throw new TypeError('wxrun/http-mock: on(method, path, answer): method must be a string such as "GET" or "*"');
  if (typeof path !== 'string' || (path !== '*' && path.charAt(0) !== '/')) {
    throw new TypeError('wxrun/http-mock: on(method, path, answer): path must start with "/" (or be "*"), got ' + (typeof path === 'string' ? JSON.stringify(path) : typeName(path)));
  }
  if (typeof response !== 'function') answer(response); // a mistake shows where the route is set
  this._routes.push({ method: method.toUpperCase(), match: matcher(path), response: response });
  return this;
};
['get', 'post', 'put', 'delete', 'patch', 'head', 'options'].forEach(function (m) {
  HttpMock.prototype[m] = function (path, response) { return this.on(m.toUpperCase(), path, response); };
});

// _handle records a request and answers it with the last route that matches it, or 404.
HttpMock.prototype._handle = function (raw, reply) {
  var uri = raw.url;
  var q = uri.indexOf('?');
  var path = q < 0 ? uri : uri.slice(0, q);
  var req = {
    method: raw.method,
    url: uri,
    path: path,
    query: q < 0 ? {} : parseQuery(uri.slice(q + 1)),
    headers: raw.headers,
    body: raw.body,
    json: undefined,
    params: {}
  };
  if (/^application\/([\w.+-]*\+)?json\b/i.test(raw.headers['content-type'] || '')) {
    try { req.json = JSON.parse(raw.body); } catch (e) { /* not JSON after all: body has it */ }
  }
  this.requests.push(req);
  this._queue.put(req);
  var rel = path.indexOf(this._base) === 0 ? path.slice(this._base.length) || '/' : null;
  var route = null;
  for (var i = this._routes.length - 1; i >= 0 && rel !== null; i--) {
    var r = this._routes[i];
    if (r.method !== '*' && r.method !== req.method) continue;
    var params = r.match(rel);
    if (params) {
      route = r;
      req.params = params;
      break;
    }
  }
  if (!route) {
    reply(answer({ status: 404, json: { error: 'wxrun/http-mock: no route for ' + req.method + ' ' + path } }));
    return;
  }
  var failed = function (e) {
    reply(answer({ status: 500, body: 'wxrun/http-mock: the route failed: ' + String(e) }));
    throw e; // reported: the test that was running fails
  };
  if (typeof route.response !== 'function') {
    reply(answer(route.response));
    return;
  }
  var result;
  try {
    result = route.response(req);
  } catch (e) {
    failed(e);
  }
  Promise.resolve(result).then(function (r) { reply(answer(r)); }).catch(failed);
};

// close stops the server; requests waiting for an answer get none.
HttpMock.prototype.close = function () {
  this._server.close();
  var i = servers.indexOf(this);
  if (i >= 0) servers.splice(i, 1);
  return Promise.resolve();
};

// clean closes every server the file started, as WS.clean does.
HttpMock.clean = function () {
  servers.splice(0).forEach(function (s) { s._server.close(); });
};

HttpMock.HttpMock = HttpMock;
HttpMock.default = HttpMock;
return HttpMock;
