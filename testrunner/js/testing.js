// The built-in module "wxrun/testing": a mini program's pages in a test (testing.go).
// Compiled once per process as
//
//   (function (host) { …this file… })
//
// and evaluated when a test file first requires it; it returns the module's exports.
// Every promise it returns resolves through host.settle: once the jobs the call queued
// (onReady, setData callbacks, a navigation's outcome), and those they queued, have run.
'use strict';

function settle() {
  return new Promise(function (resolve) { host.settle(resolve); });
}

// after runs fn now and resolves with its result once the loop has settled; what fn
// throws rejects.
function after(fn) {
  return new Promise(function (resolve) {
    var v = fn();
    settle().then(function () { resolve(v); });
  });
}

function typeName(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function checkString(what, v) {
  if (typeof v !== 'string') throw new TypeError('wxrun/testing: ' + what + ' must be a string, got ' + typeName(v));
}

// queryString renders {a: 1, b: 'x'} as "a=1&b=x", in the object's order and not
// encoded: WeChat hands a page its query as written.
function queryString(query) {
  if (query === undefined) return '';
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw new TypeError('wxrun/testing: loadProject: query must be an object, got ' + typeName(query));
  }
  return Object.keys(query).map(function (k) { return k + '=' + String(query[k]); }).join('&');
}

// loadProject starts the mini program: app.js, App.onLaunch and onShow, then the entry
// page (options.page, else app.json's), with options.query added to its query.
function loadProject(options) {
  return new Promise(function (resolve) {
    var o = options === undefined ? {} : options;
    if (o === null || typeof o !== 'object') throw new TypeError('wxrun/testing: loadProject(options): options must be an object, got ' + typeName(o));
    var root = o.root === undefined ? '' : o.root;
    var page = o.page === undefined ? '' : o.page;
    var network = o.network === undefined ? '' : o.network;
    checkString('loadProject: root', root);
    checkString('loadProject: page', page);
    checkString('loadProject: network', network);
    var interrupt = -1;
    if (o.interruptSocketsAfter !== undefined) {
      interrupt = o.interruptSocketsAfter;
      if (typeof interrupt !== 'number' || !(interrupt >= 0)) {
        throw new TypeError('wxrun/testing: loadProject: interruptSocketsAfter must be a number of milliseconds (0 = never), got ' + String(interrupt));
      }
    }
    var gen = host.load(root, page, queryString(o.query), interrupt, network);
    settle().then(function () { resolve(new App(gen)); });
  });
}

// ---- App ----

function App(gen) {
  Object.defineProperty(this, '_gen', { value: gen });
  Object.defineProperty(this, '_pages', { value: new WeakMap() });
}

App.prototype._page = function (inst) {
  var p = this._pages.get(inst);
  if (!p) {
    p = new Page(this, inst);
    this._pages.set(inst, p);
  }
  return p;
};

Object.defineProperty(App.prototype, 'pages', {
  get: function () {
    var self = this;
    return host.pages(this._gen).map(function (inst) { return self._page(inst); });
  }
});
Object.defineProperty(App.prototype, 'currentPage', {
  get: function () {
    var stack = host.pages(this._gen);
    return stack.length ? this._page(stack[stack.length - 1]) : undefined;
  }
});
// instance is what getApp() returns: the object App() registered.
Object.defineProperty(App.prototype, 'instance', {
  get: function () {
    host.pages(this._gen); // throws for a replaced app
    return getApp();
  }
});
// uiCalls are the UI calls (wx.showToast, showModal, …) made since this app started.
Object.defineProperty(App.prototype, 'uiCalls', {
  get: function () { return host.uiCalls(this._gen); }
});

App.prototype._route = function (api, url, delta) {
  var self = this;
  return new Promise(function (resolve, reject) {
    if (api !== 'navigateBack') checkString(api + ': url', url);
    var errMsg = host.navigate(self._gen, api, url, delta);
    if (errMsg) {
      reject(new Error(errMsg));
      return;
    }
    settle().then(function () { resolve(self.currentPage); });
  });
};
App.prototype.navigateTo = function (url) { return this._route('navigateTo', url, 1); };
App.prototype.redirectTo = function (url) { return this._route('redirectTo', url, 1); };
App.prototype.reLaunch = function (url) { return this._route('reLaunch', url, 1); };
App.prototype.switchTab = function (url) { return this._route('switchTab', url, 1); };
App.prototype.navigateBack = function (delta) {
  if (delta !== undefined && typeof delta !== 'number') {
    return Promise.reject(new TypeError('wxrun/testing: navigateBack: delta must be a number, got ' + typeName(delta)));
  }
  return this._route('navigateBack', '', delta === undefined ? 1 : delta);
};

App.prototype.background = function () {
  var gen = this._gen;
  return after(function () { host.background(gen); });
};
App.prototype.foreground = function () {
  var gen = this._gen;
  return after(function () { host.foreground(gen); });
};
App.prototype.setNetwork = function (type) {
  var gen = this._gen;
  return after(function () {
    checkString('setNetwork: type', type);
    host.setNetwork(gen, type);
  });
};
App.prototype.offline = function () { return this.setNetwork('offline'); };
App.prototype.online = function (type) { return this.setNetwork(type === undefined ? 'wifi' : type); };

// close tears the mini program down as a user closing it does, then waits for the
// sockets its onUnload closed (not for those it left open) to finish closing.
App.prototype.close = function () {
  var gen = this._gen;
  return after(function () { host.close(gen); }).then(function () {
    var start = host.now();
    return new Promise(function (resolve) {
      (function poll() {
        if (host.socketsInProgress() === 0 || host.now() - start >= host.closeGrace) resolve();
        else host.realSetTimeout(poll, 5);
      })();
    });
  });
};

// ---- Page ----

function Page(app, inst) {
  Object.defineProperty(this, '_app', { value: app });
  this.instance = inst;
  this.route = inst.route;
  this.query = inst.options;
}

// data is the page's data as the view has it: what its setData calls sent.
Object.defineProperty(Page.prototype, 'data', {
  get: function () {
    var json = host.pageData(this._app._gen, this.instance);
    return json === undefined ? undefined : JSON.parse(json);
  }
});

// call calls the page's method name with args, as the view calls an event handler, and
// resolves with what it returned (awaited) once the loop has settled; what it throws
// rejects.
Page.prototype.call = function (name) {
  var inst = this.instance;
  var route = this.route;
  var args = Array.prototype.slice.call(arguments, 1);
  return new Promise(function (resolve) {
    checkString('call: the method name', name);
    var fn = inst[name];
    if (typeof fn !== 'function') throw new TypeError('wxrun/testing: ' + route + ' has no method ' + name);
    resolve(fn.apply(inst, args));
  }).then(function (v) {
    return settle().then(function () { return v; });
  });
};

function target(o) {
  return { id: o.id === undefined ? '' : String(o.id), dataset: o.dataset || {} };
}

// event builds the event object WeChat passes to a handler bound in WXML.
function event(type, o, detail) {
  return {
    type: type,
    timeStamp: Math.round(host.now() % 1e9),
    target: target(o),
    currentTarget: target(o),
    mark: o.mark || {},
    detail: detail,
    touches: [],
    changedTouches: []
  };
}

// tap calls name as bindtap="name" does: with a tap event ({dataset, id, mark, detail}).
Page.prototype.tap = function (name, options) {
  var o = options || {};
  return this.call(name, event('tap', o, o.detail === undefined ? { x: 0, y: 0 } : o.detail));
};

// input calls name as bindinput="name" does: with an input event whose detail.value is value.
Page.prototype.input = function (name, value, options) {
  var o = options || {};
  var text = String(value);
  return this.call(name, event('input', o, { value: text, cursor: text.length, keyCode: 0 }));
};

// unload closes the page as the back button does: it and the pages above it get
// onUnload, top first, and the page below shows. For the first page of the stack it
// closes the mini program (app.close()).
Page.prototype.unload = function () {
  var self = this;
  var app = this._app;
  return new Promise(function (resolve, reject) {
    var stack = host.pages(app._gen);
    var i = stack.indexOf(self.instance);
    if (i < 0) throw new Error('wxrun/testing: unload: ' + self.route + ' is not on the page stack (unloaded already, or a tab page off the stack)');
    if (i === 0) {
      resolve(app.close());
      return;
    }
    var errMsg = host.navigate(app._gen, 'navigateBack', '', stack.length - i);
    if (errMsg) {
      reject(new Error(errMsg));
      return;
    }
    settle().then(function () { resolve(); });
  });
};

// ---- waitFor ----

// waitFor calls fn until it returns without throwing and not false (a promise it returns
// is awaited), every options.interval ms (10) of real time — fake timers do not slow it —
// for at most options.timeout ms (1000); then it rejects with fn's last error.
function waitFor(fn, options) {
  var o = options || {};
  // 4 s: longer than a loaded CI machine takes to reconnect and log in again, and shorter
  // than jest's 5 s test timeout, so a failure shows the last diff, not the timeout.
  var timeout = o.timeout === undefined ? 4000 : o.timeout;
  var interval = o.interval === undefined ? 10 : o.interval;
  return new Promise(function (resolve, reject) {
    if (typeof fn !== 'function') throw new TypeError('wxrun/testing: waitFor(fn): fn must be a function, got ' + typeName(fn));
    var start = host.now();
    function attempt() {
      new Promise(function (r) { r(fn()); }).then(function (v) {
        if (v !== false) resolve(v);
        else retry(new Error('wxrun/testing: waitFor: the callback still returned false after ' + timeout + ' ms'));
      }, retry);
    }
    function retry(err) {
      if (host.now() - start >= timeout) reject(err);
      else host.realSetTimeout(attempt, interval);
    }
    attempt();
  });
}

return { loadProject: loadProject, waitFor: waitFor, default: { loadProject: loadProject, waitFor: waitFor } };
