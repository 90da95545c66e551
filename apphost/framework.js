// The component model of the mini program framework: Page, Component and Behavior
// definitions, page and component instances, setData with data paths, observers,
// properties, behaviors and lifetimes. WeChat's base library implements these in
// JavaScript too; package apphost compiles this file once, runs it in each runtime and
// drives it from Go (which page is loading, navigation, lifecycles, timing).
//
// The file evaluates to one function, called once per runtime with `host` (Go functions)
// and returning the API Go uses; nothing is defined on the global object here (Go defines
// Page, Component and Behavior from the API). Its name starts with "<wxrun>/", so its
// frames are left out of the stacks wxrun prints: a user's error shows the user's code.
//
// host:
//   call(fn, thisArg, ...args)  calls user code; an exception is reported like any
//                               uncaught error (App.onError, wx.onError) and undefined
//                               is returned — the way WeChat guards every callback
//   later(fn)                   runs fn (framework code) on a later turn of the loop
//   warn(text), error(text)     print a DevTools-style warning or error on stderr
//   loading()                   the path of the page or component file being evaluated
//                               ("pages/a/a"), or "" when none is
//   traceSetData(inst, changes) only when the run is traced: a setData call on page
//                               instance inst reached the view with changes (JSON)
(function (host) {
  'use strict';

  // Built-ins used below, taken before any user code runs, so that a script replacing
  // them cannot change how data is copied or measured.
  var JSONstringify = JSON.stringify;
  var JSONparse = JSON.parse;
  var isArray = Array.isArray;
  var keysOf = Object.keys;
  var create = Object.create;
  var defineProperty = Object.defineProperty;
  var hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  var toTag = Function.prototype.call.bind(Object.prototype.toString);
  var WeakMapCtor = WeakMap;
  var WeakSetCtor = WeakSet;
  var isFiniteNumber = isFinite;

  // The largest payload of one setData call the view accepts: 1024 kB.
  var MAX_SETDATA = 1024 * 1024;

  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  var PAGE_LIFETIMES = ['show', 'hide', 'resize', 'routeDone'];

  var registry = create(null); // path → spec of the Page or Component registered for it
  var behaviorDefs = new WeakMapCtor(); // Behavior() result → its definition
  var states = new WeakMapCtor(); // instance → its state

  function typeName(v) {
    return toTag(v).slice(8, -1);
  }

  function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !isArray(v);
  }

  // copyJSON copies v the way data reaches the view: through JSON. Functions and
  // undefined disappear (undefined for a top-level one), NaN and Infinity become null,
  // a Date its ISO string; a cycle throws a TypeError.
  function copyJSON(v) {
    var s = JSONstringify(v);
    return s === undefined ? undefined : JSONparse(s);
  }

  // simpleDeepCopy copies plain objects and arrays, keeping every other value (functions,
  // class instances) as it is: how a definition's fields are given to each instance.
  function simpleDeepCopy(v) {
    if (isArray(v)) {
      var a = [];
      for (var i = 0; i < v.length; i++) a.push(simpleDeepCopy(v[i]));
      return a;
    }
    if (v !== null && typeof v === 'object' && typeName(v) === 'Object') {
      var o = {};
      var ks = keysOf(v);
      for (var j = 0; j < ks.length; j++) o[ks[j]] = simpleDeepCopy(v[ks[j]]);
      return o;
    }
    return v;
  }

  // ---- data paths ----

  // parseSetDataPath splits a setData key into field names and array indexes:
  // "list[2].name" → ["list", 2, "name"]. Any character but "." and "[" belongs to a
  // field name ("\." escapes one); an index must be digits. An illegal key is warned
  // about and skipped, as the DevTools do.
  function parseSetDataPath(str) {
    var out = [];
    var cur = 0;
    function field() {
      var name = '';
      while (cur < str.length) {
        var c = str[cur];
        if (c === '\\') {
          var n = str[cur + 1];
          if (n === '.' || n === '[' || n === ']' || n === '\\') {
            name += n;
            cur += 2;
          } else {
            name += '\\';
            cur += 1;
          }
        } else if (c === '.' || c === '[') {
          break;
        } else {
          name += c;
          cur += 1;
        }
      }
      return name;
    }
    while (cur < str.length) {
      var c = str[cur];
      if (c === '.') {
        cur += 1;
        var seg = field();
        if (seg !== '') out.push(seg);
      } else if (c === '[') {
        cur += 1;
        var digits = '';
        while (cur < str.length && str[cur] >= '0' && str[cur] <= '9') digits += str[cur++];
        if (digits === '' || (cur < str.length && str[cur] !== ']')) {
          throw new Error('data path descriptor "' + str + '" is illegal at char ' + cur + ' (illegal index)');
        }
        cur += 1;
        out.push(parseInt(digits, 10));
      } else {
        out.push(field());
      }
    }
    if (out.length === 0) out.push('');
    return out;
  }

  // parseObserverPaths parses an observer's key: comma-separated paths of identifiers
  // and [index]es, each optionally ending in "**" ("a.b, list[0], some.**", "**").
  function parseObserverPaths(str) {
    var cur = 0;
    function ws() {
      while (cur < str.length && /\s/.test(str[cur])) cur++;
    }
    function ident() {
      var m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(str.slice(cur));
      if (!m) return '';
      cur += m[0].length;
      return m[0];
    }
    function illegal(why) {
      return new Error('data path descriptor "' + str + '" is illegal at char ' + cur + (why ? ' (' + why + ')' : ''));
    }
    function one() {
      ws();
      if (str.substr(cur, 2) === '**') {
        cur += 2;
        return ['**'];
      }
      var first = ident();
      if (!first) throw illegal('first field name illegal');
      var path = [first];
      for (;;) {
        ws();
        if (str[cur] === '.') {
          cur++;
          ws();
          if (str.substr(cur, 2) === '**') {
            cur += 2;
            path.push('**');
            break;
          }
          var name = ident();
          if (!name) throw illegal('field name illegal');
          path.push(name);
        } else if (str[cur] === '[') {
          cur++;
          ws();
          var m = /^[0-9]+/.exec(str.slice(cur));
          if (!m) throw illegal('illegal index');
          cur += m[0].length;
          ws();
          if (str[cur] !== ']') throw illegal('illegal index');
          cur++;
          path.push(parseInt(m[0], 10));
        } else {
          break;
        }
      }
      return path;
    }
    var paths = [one()];
    ws();
    while (str[cur] === ',') {
      cur++;
      paths.push(one());
      ws();
    }
    if (cur !== str.length) throw illegal('');
    return paths;
  }

  // setOnPath stores value at path in root, creating what is missing on the way: an
  // array before an index, a plain object before a field name (replacing a value of the
  // wrong kind).
  function setOnPath(root, path, value) {
    var cur = root;
    for (var i = 0; i < path.length - 1; i++) {
      var key = path[i];
      var next = cur[key];
      if (typeof path[i + 1] === 'number') {
        if (!isArray(next)) cur[key] = next = [];
      } else if (!isPlainObject(next)) {
        cur[key] = next = {};
      }
      cur = next;
    }
    cur[path[path.length - 1]] = value;
  }

  function getOnPath(root, path) {
    var cur = root;
    for (var i = 0; i < path.length; i++) {
      if (path[i] === '**') break;
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = cur[path[i]];
    }
    return cur;
  }

  // observerFires reports whether setting the data at path set triggers an observer of
  // path obs: when set is obs or one of its ancestors, or — for "x.**" — anything below
  // x too ("**" alone: every change).
  function observerFires(obs, set) {
    var wildcard = obs[obs.length - 1] === '**';
    var n = wildcard ? obs.length - 1 : obs.length;
    for (var i = 0; i < set.length && i < n; i++) {
      if (String(set[i]) !== String(obs[i])) return false;
    }
    return set.length <= n || wildcard;
  }

  // ---- properties ----

  var TYPES = [
    [String, 'String', ''],
    [Number, 'Number', 0],
    [Boolean, 'Boolean', false],
    [Object, 'Object', null],
    [Array, 'Array', null],
  ];

  function typeOf(ctor) {
    for (var i = 0; i < TYPES.length; i++) if (TYPES[i][0] === ctor) return TYPES[i][1];
    return ctor === null || ctor === undefined ? 'Any' : 'Invalid';
  }

  function typeDefault(type) {
    switch (type) {
      case 'String': return '';
      case 'Number': return 0;
      case 'Boolean': return false;
      case 'Array': return [];
      default: return null;
    }
  }

  function normalizeProperty(def) {
    if (def === null || typeof def === 'function' || def === undefined) {
      var t = typeOf(def);
      return { type: t, optionalTypes: [], value: typeDefault(t), observer: null };
    }
    if (typeof def !== 'object') return { type: 'Any', optionalTypes: [], value: null, observer: null };
    var type = typeOf(def.type);
    var optional = [];
    if (isArray(def.optionalTypes)) {
      for (var i = 0; i < def.optionalTypes.length; i++) optional.push(typeOf(def.optionalTypes[i]));
    }
    return {
      type: type,
      optionalTypes: optional,
      value: hasOwn(def, 'value') ? def.value : typeDefault(type),
      observer: typeof def.observer === 'function' || typeof def.observer === 'string' ? def.observer : null,
    };
  }

  function matchesType(type, v) {
    switch (type) {
      case 'String': return typeof v === 'string';
      case 'Number': return typeof v === 'number' && isFinite(v);
      case 'Boolean': return typeof v === 'boolean';
      case 'Object': return typeof v === 'object' && !isArray(v);
      case 'Array': return isArray(v);
      default: return v !== undefined;
    }
  }

  // convertProperty converts a value given to a property to its type, with the DevTools'
  // warning when it has to fall back to the type's empty value.
  function convertProperty(v, name, prop, is) {
    for (var i = 0; i < prop.optionalTypes.length; i++) {
      if (matchesType(prop.optionalTypes[i], v)) return v;
    }
    function warn(expected, got, used) {
      host.warn('[Component] property "' + name + '" of "' + is + '" received type-uncompatible value: expected <' +
        expected + '> but ' + got + '. ' + used + ' instead.');
    }
    switch (prop.type) {
      case 'String':
        if (v === null || v === undefined) {
          warn('String', 'get null value', 'Used empty string');
          return '';
        }
        return String(v);
      case 'Number':
        if (isFiniteNumber(v)) return Number(v);
        warn('Number', typeof v === 'number' ? 'got NaN or Infinity' : 'got non-number value', 'Used 0');
        return 0;
      case 'Boolean':
        return !!v;
      case 'Array':
        if (isArray(v)) return v;
        warn('Array', 'got non-array value', 'Used empty array');
        return [];
      case 'Object':
        if (typeof v === 'object') return v;
        warn('Object', 'got non-object value', 'Used null');
        return null;
      default:
        return v === undefined ? null : v;
    }
  }

  // ---- definitions ----

  // shallowMerge merges src's data fields into dest: plain objects present on both sides
  // are merged (recursively), anything else is replaced — how behaviors' data combine.
  function shallowMerge(dest, src) {
    var ks = keysOf(src);
    for (var i = 0; i < ks.length; i++) {
      var k = ks[i];
      if (hasOwn(dest, k) && isPlainObject(dest[k]) && isPlainObject(src[k])) {
        var merged = {};
        var old = keysOf(dest[k]);
        for (var j = 0; j < old.length; j++) merged[old[j]] = dest[k][old[j]];
        shallowMerge(merged, src[k]);
        dest[k] = merged;
      } else {
        dest[k] = src[k];
      }
    }
  }

  // flatten lists the definitions that make up def: its behaviors (each once, depth
  // first, a behavior's own behaviors before it) and def itself last.
  function flatten(def) {
    var out = [];
    var seen = new WeakSetCtor();
    var used = [];
    (function visit(d) {
      var bs = d.behaviors;
      if (isArray(bs)) {
        for (var i = 0; i < bs.length; i++) {
          var b = bs[i];
          if (typeof b === 'string') continue; // built-in behaviors: wx://form-field, …
          var bd = behaviorDefs.get(b);
          if (!bd) {
            host.warn('behavior ' + i + ' of ' + (d === def ? 'the definition' : 'a behavior') + ' is not a Behavior() and is ignored');
            continue;
          }
          if (seen.has(b)) continue;
          seen.add(b);
          used.push(b);
          visit(bd);
        }
      }
      out.push(d);
    })(def);
    return { defs: out, behaviors: used };
  }

  // makeSpec merges a definition and its behaviors into what instances are made from.
  // Pages (Page()) have their functions as methods and their other fields copied to each
  // instance; components (Component(), Behavior()) have methods, lifetimes,
  // pageLifetimes, observers and properties.
  function makeSpec(def, kind, is) {
    var spec = {
      kind: kind, is: is, data: {}, properties: create(null), methods: create(null),
      lifetimes: create(null), pageLifetimes: create(null), observers: [], fields: create(null),
      behaviors: [],
    };
    for (var l = 0; l < LIFETIMES.length; l++) spec.lifetimes[LIFETIMES[l]] = [];
    for (var p = 0; p < PAGE_LIFETIMES.length; p++) spec.pageLifetimes[PAGE_LIFETIMES[p]] = [];
    var flat = flatten(def);
    spec.behaviors = flat.behaviors;
    for (var i = 0; i < flat.defs.length; i++) {
      var d = flat.defs[i];
      var asPage = kind === 'page' && d === def;
      if (isPlainObject(d.data)) shallowMerge(spec.data, simpleDeepCopy(d.data));
      if (isPlainObject(d.properties)) {
        var pk = keysOf(d.properties);
        for (var j = 0; j < pk.length; j++) spec.properties[pk[j]] = normalizeProperty(d.properties[pk[j]]);
      }
      if (asPage) {
        var fk = keysOf(d);
        for (var f = 0; f < fk.length; f++) {
          var key = fk[f];
          if (key === 'data' || key === 'behaviors' || key === 'options') continue;
          if (typeof d[key] === 'function') spec.methods[key] = d[key];
          else spec.fields[key] = d[key];
        }
      } else {
        if (isPlainObject(d.methods)) {
          var mk = keysOf(d.methods);
          for (var m = 0; m < mk.length; m++) {
            if (typeof d.methods[mk[m]] === 'function') spec.methods[mk[m]] = d.methods[mk[m]];
          }
        }
        var lt = isPlainObject(d.lifetimes) ? d.lifetimes : {};
        for (var a = 0; a < LIFETIMES.length; a++) {
          var name = LIFETIMES[a];
          // lifetimes.x wins over the older top-level x of the same definition.
          var fn = typeof lt[name] === 'function' ? lt[name] : d[name];
          if (typeof fn === 'function') spec.lifetimes[name].push(fn);
        }
      }
      if (isPlainObject(d.pageLifetimes)) {
        for (var b = 0; b < PAGE_LIFETIMES.length; b++) {
          var pl = d.pageLifetimes[PAGE_LIFETIMES[b]];
          if (typeof pl === 'function') spec.pageLifetimes[PAGE_LIFETIMES[b]].push(pl);
        }
      }
      if (isPlainObject(d.observers)) {
        var ok = keysOf(d.observers);
        for (var o = 0; o < ok.length; o++) {
          var ofn = d.observers[ok[o]];
          if (typeof ofn !== 'function') continue;
          try {
            spec.observers.push({ paths: parseObserverPaths(ok[o]), fn: ofn });
          } catch (e) {
            host.warn(e.message);
          }
        }
      }
    }
    return spec;
  }

  function register(kind, def) {
    var api = kind === 'page' ? 'Page' : 'Component';
    if (def === null || typeof def !== 'object') throw new TypeError(api + '() expects an object');
    var path = host.loading();
    if (!path) {
      throw new Error(api + '() must be called while a page or component file is evaluated, not from app.js, a timer or a callback');
    }
    if (registry[path]) throw new Error('Please do not register multiple Pages in ' + path + '.js');
    registry[path] = makeSpec(def, kind, path);
  }

  function Behavior(def) {
    if (def === null || typeof def !== 'object') throw new TypeError('Behavior() expects an object');
    var b = {};
    behaviorDefs.set(b, def);
    return b;
  }

  // ---- EventChannel ----

  function EventChannel(events) {
    defineProperty(this, '__listeners', { value: create(null) });
    if (isPlainObject(events)) {
      var ks = keysOf(events);
      for (var i = 0; i < ks.length; i++) {
        if (typeof events[ks[i]] === 'function') this.on(ks[i], events[ks[i]]);
      }
    }
  }
  EventChannel.prototype.on = function (name, fn) {
    if (typeof fn !== 'function') return;
    (this.__listeners[name] = this.__listeners[name] || []).push({ fn: fn, once: false });
  };
  EventChannel.prototype.once = function (name, fn) {
    if (typeof fn !== 'function') return;
    (this.__listeners[name] = this.__listeners[name] || []).push({ fn: fn, once: true });
  };
  EventChannel.prototype.off = function (name, fn) {
    var list = this.__listeners[name];
    if (!list) return;
    if (fn === undefined) {
      delete this.__listeners[name];
      return;
    }
    this.__listeners[name] = list.filter(function (l) { return l.fn !== fn; });
  };
  EventChannel.prototype.emit = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    var list = (this.__listeners[name] || []).slice();
    this.__listeners[name] = (this.__listeners[name] || []).filter(function (l) { return !l.once; });
    for (var i = 0; i < list.length; i++) host.call.apply(null, [list[i].fn, undefined].concat(args));
  };

  // ---- instances ----

  var proto = {
    setData: function (data, callback) {
      setData(this, data, callback);
    },
    groupSetData: function (callback) {
      if (typeof callback === 'function') host.call(callback, this);
    },
    hasBehavior: function (b) {
      var st = stateOf(this, 'hasBehavior');
      return st.spec.behaviors.indexOf(b) >= 0;
    },
    getOpenerEventChannel: function () {
      var st = stateOf(this, 'getOpenerEventChannel');
      if (!st.channel) st.channel = new EventChannel();
      return st.channel;
    },
    triggerEvent: function () {
      // A page has no parent to receive the event; a component without a rendered tree neither.
    },
    selectComponent: function () { return null; },
    selectAllComponents: function () { return []; },
    selectOwnerComponent: function () { return null; },
    getRelationNodes: function () { return []; },
  };

  function stateOf(inst, method) {
    var st = inst !== null && typeof inst === 'object' ? states.get(inst) : undefined;
    if (!st) throw new TypeError(method + ' must be called on a page or component instance (this)');
    return st;
  }

  function callMethod(inst, name, args) {
    var fn = inst[name];
    if (typeof fn === 'function') host.call.apply(null, [fn, inst].concat(args || []));
  }

  function callAll(list, inst, args) {
    for (var i = 0; i < list.length; i++) host.call.apply(null, [list[i], inst].concat(args || []));
  }

  // create makes the instance of the page registered for route (an empty Page when none
  // is), with its data, properties set from query (a page built with Component receives
  // its query through its properties) and the created lifetimes run.
  function createPage(route, query, channel) {
    var spec = registry[route] || makeSpec({}, 'page', route);
    var inst = create(proto);
    var data = simpleDeepCopy(spec.data);
    var pk = keysOf(spec.properties);
    for (var i = 0; i < pk.length; i++) {
      if (!hasOwn(data, pk[i])) data[pk[i]] = simpleDeepCopy(spec.properties[pk[i]].value);
    }
    var st = { spec: spec, view: null, unloaded: false, channel: channel || null };
    states.set(inst, st);
    defineProperty(inst, 'data', { value: data, writable: true, enumerable: true, configurable: true });
    defineProperty(inst, 'properties', { get: function () { return this.data; }, enumerable: false, configurable: true });
    inst.is = route;
    inst.route = route;
    inst.options = query;
    var fk = keysOf(spec.fields);
    for (var f = 0; f < fk.length; f++) inst[fk[f]] = simpleDeepCopy(spec.fields[fk[f]]);
    var mk = keysOf(spec.methods);
    for (var m = 0; m < mk.length; m++) inst[mk[m]] = spec.methods[mk[m]];
    callAll(spec.lifetimes.created, inst);
    // The page's properties receive the query, converted to their types (base library
    // 2.x: pages built with Component).
    var qk = keysOf(query);
    for (var q = 0; q < qk.length; q++) {
      var prop = spec.properties[qk[q]];
      if (prop) inst.data[qk[q]] = convertProperty(query[qk[q]], qk[q], prop, route);
    }
    return inst;
  }

  function setData(inst, data, callback) {
    var st = stateOf(inst, 'setData');
    if (data === null || typeof data !== 'object' || isArray(data)) {
      host.warn('setData accepts an Object rather than some ' + typeName(data));
      return;
    }
    var keys = keysOf(data);
    var changes = [];
    var parts = [];
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      var value = data[key];
      if (value === undefined) {
        host.error('Setting data field "' + key + '" to undefined is invalid.');
        continue;
      }
      var path;
      try {
        path = parseSetDataPath(key);
      } catch (e) {
        host.warn(e.message);
        continue;
      }
      var json = JSONstringify(value);
      if (json === undefined) continue; // a function: it cannot reach the view
      changes.push({ path: path, key: key, json: json });
      parts.push(JSONstringify(key) + ':' + json);
    }
    var props = [];
    var target = inst.data;
    for (var c = 0; c < changes.length; c++) {
      var ch = changes[c];
      var v = JSONparse(ch.json);
      var prop = st.spec.properties[ch.path[0]];
      if (prop && ch.path.length === 1) {
        var old = target[ch.path[0]];
        v = convertProperty(v, ch.path[0], prop, st.spec.is);
        ch.json = JSONstringify(v);
        if (old !== v) props.push({ prop: prop, value: v, old: old });
      } else if (prop) {
        props.push({ prop: prop, value: v, old: undefined });
      }
      setOnPath(target, ch.path, v);
    }
    // Data observers, once each, in definition order; then property observers.
    var observers = st.spec.observers;
    for (var o = 0; o < observers.length; o++) {
      var obs = observers[o];
      var fires = false;
      for (var p = 0; p < obs.paths.length && !fires; p++) {
        for (var q = 0; q < changes.length && !fires; q++) fires = observerFires(obs.paths[p], changes[q].path);
      }
      if (fires) {
        var args = [];
        for (var a = 0; a < obs.paths.length; a++) args.push(getOnPath(inst.data, obs.paths[a]));
        host.call.apply(null, [obs.fn, inst].concat(args));
      }
    }
    for (var r = 0; r < props.length; r++) {
      var pobs = props[r].prop.observer;
      if (typeof pobs === 'string') pobs = inst[pobs];
      if (typeof pobs === 'function') host.call(pobs, inst, props[r].value, props[r].old);
    }
    // The view: what reached it is what --print-data and PageData show.
    if (st.view === null || st.unloaded) return;
    var payload = '{' + parts.join(',') + '}';
    if (payload.length > MAX_SETDATA) {
      host.error('invokeWebviewMethod 数据传输长度为 ' + payload.length + ' 已经超过最大长度 ' + MAX_SETDATA);
      return;
    }
    for (var w = 0; w < changes.length; w++) setOnPath(st.view, changes[w].path, JSONparse(changes[w].json));
    if (host.traceSetData) host.traceSetData(inst, payload);
    if (typeof callback === 'function') {
      host.later(function () { host.call(callback, inst); });
    }
  }

  // ---- page events ----

  // pageEvent runs what a page event means for an instance made from a Page or Component
  // definition: the component lifetimes and pageLifetimes its behaviors and definition
  // declare, and the page method of the same name.
  function pageEvent(inst, event, arg) {
    var st = stateOf(inst, 'pageEvent');
    var spec = st.spec;
    switch (event) {
      case 'load':
        callAll(spec.lifetimes.attached, inst);
        st.view = copyJSON(inst.data) || {}; // the first render
        callMethod(inst, 'onLoad', [arg]);
        break;
      case 'show':
        callAll(spec.pageLifetimes.show, inst);
        callMethod(inst, 'onShow');
        break;
      case 'ready':
        callAll(spec.lifetimes.ready, inst);
        callMethod(inst, 'onReady');
        break;
      case 'hide':
        callAll(spec.pageLifetimes.hide, inst);
        callMethod(inst, 'onHide');
        break;
      case 'unload':
        callMethod(inst, 'onUnload');
        callAll(spec.lifetimes.detached, inst);
        st.unloaded = true;
        break;
      default:
        throw new Error('unknown page event ' + event);
    }
  }

  return {
    Page: function Page(def) {
      register('page', def);
    },
    Component: function Component(def) {
      register('component', def);
    },
    Behavior: Behavior,
    registered: function (path) {
      return !!registry[path];
    },
    createPage: createPage,
    pageEvent: pageEvent,
    eventChannel: function (events) {
      return new EventChannel(events);
    },
    // viewData is the page's data as the view has it, as JSON: what setData sent, not
    // what the script changed in this.data directly.
    viewData: function (inst) {
      var st = stateOf(inst, 'viewData');
      return JSONstringify(st.view === null ? copyJSON(inst.data) || {} : st.view);
    },
    // parsePaths is exported for tests of the path grammars.
    parseSetDataPath: parseSetDataPath,
    parseObserverPaths: parseObserverPaths,
  };
});
