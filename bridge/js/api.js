/* fanxing bridge: the JS API surface (my / wx / dd / my.tb / my.ap …).
 *
 * Evaluated in the mini-program's logic context after the framework prelude. Reads
 *   __fx.apiTable   the profile's API table (Bridge.api_table(), JSON)
 *   __fx.syncState  state mirrored for *Sync calls (Bridge.sync_state(), JSON;
 *                   storage values are JSON texts so a merge patch replaces them whole)
 * and uses
 *   __fx.invokeApi(name, args) -> Promise   every async call (and *Sync write persists)
 *   __fx.onApiEvent(name, fn)               host events for the on<Event> / off<Event> pairs
 * Defines __fx.getOpenerEventChannel(id) for the page opened by navigateTo({events}).
 * Nothing here calls Python synchronously.
 */
(function (global) {
  'use strict';

  var fx = global.__fx;
  var table = fx && fx.apiTable;
  if (!table) return;

  var hasOwn = Object.prototype.hasOwnProperty;
  var isWx = table.dialect === 'wechat';
  var apis = table.apis || {};

  // ---------------------------------------------------------------- helpers
  function shortName(full) { return full.slice(full.lastIndexOf('.') + 1); }
  function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }
  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

  function jsType(v) {
    if (v === undefined) return 'Undefined';
    if (v === null) return 'Null';
    if (Array.isArray(v)) return 'Array';
    var t = typeof v;
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function failure(full, message, code) {
    return isWx ? { errMsg: shortName(full) + ':fail ' + message }
      : { error: code === undefined ? 3 : code, errorMessage: message };
  }

  function report(e) {
    if (fx.reportError) fx.reportError(e, fx.current, false);
    else if (global.console) global.console.error(String(e));
  }

  function callSafely(fn, arg) {
    if (typeof fn !== 'function') return;
    try { fn(arg); } catch (e) { report(e); }
  }

  function utf8Length(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  function base64ToArrayBuffer(b64) {
    var clean = String(b64).replace(/[^A-Za-z0-9+/]/g, '');
    var out = new Uint8Array(Math.floor(clean.length * 3 / 4));
    var j = 0, buf = 0, bits = 0;
    for (var i = 0; i < clean.length; i++) {
      buf = (buf << 6) | B64.indexOf(clean.charAt(i));
      bits += 6;
      if (bits >= 8) { bits -= 8; out[j++] = (buf >> bits) & 0xff; }
    }
    return out.buffer.slice(0, j);
  }

  function arrayBufferToBase64(ab) {
    var bytes = new Uint8Array(ab), s = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      s += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) +
        (i + 1 < bytes.length ? B64.charAt((n >> 6) & 63) : '=') +
        (i + 2 < bytes.length ? B64.charAt(n & 63) : '=');
    }
    return s;
  }

  // Bytes cross the bridge as {__fxArrayBuffer: base64}.
  function revive(v) {
    if (Array.isArray(v)) return v.map(revive);
    if (!isObject(v)) return v;
    if (typeof v.__fxArrayBuffer === 'string') return base64ToArrayBuffer(v.__fxArrayBuffer);
    for (var k in v) if (hasOwn.call(v, k)) v[k] = revive(v[k]);
    return v;
  }

  /** Same checks and messages as bridge/schema.py, for calls answered in JS. */
  function validate(full, entry, args) {
    var params = entry.params || {};
    for (var name in params) {
      if (!hasOwn.call(params, name)) continue;
      var p = params[name], v = args[name];
      if (v === undefined || (v === null && p.types.indexOf('null') < 0)) {
        if (p.required) return badParam(full, name, p, v === undefined ? 'Undefined' : 'Null');
        continue;
      }
      var ok = false;
      for (var i = 0; i < p.types.length; i++) {
        if (p.types[i] === 'any' || jsType(v).toLowerCase() === p.types[i]) ok = true;
      }
      if (!ok) return badParam(full, name, p, jsType(v));
    }
    return null;
  }

  function badParam(full, name, p, got) {
    var want = p.types.map(function (t) { return t.charAt(0).toUpperCase() + t.slice(1); });
    var msg = 'parameter error: parameter.' + name + ' should be ' + want.join(' or ') +
      ' instead of ' + got;
    return failure(full, isWx ? msg + ';' : msg, 2);
  }

  /** The argument object of a call: positional arguments mapped, callbacks split off. */
  function splitArgs(entry, argv) {
    var opts;
    if (entry.positional) {
      opts = {};
      for (var i = 0; i < entry.positional.length; i++) {
        if (argv[i] !== undefined) opts[entry.positional[i]] = argv[i];
      }
      var last = argv[entry.positional.length];
      if (isObject(last)) for (var cb in last) if (typeof last[cb] === 'function') opts[cb] = last[cb];
    } else {
      opts = argv[0];
    }
    var args = {}, callbacks = {}, functions = {};
    if (isObject(opts)) {
      for (var k in opts) {
        if (!hasOwn.call(opts, k)) continue;
        if (k === 'success' || k === 'fail' || k === 'complete') callbacks[k] = opts[k];
        else if (typeof opts[k] === 'function') functions[k] = opts[k];
        else args[k] = opts[k];
      }
    } else if (opts !== undefined && opts !== null) {
      args = opts; // not an object: let the bridge report the bad argument
    }
    return { args: args, callbacks: callbacks, functions: functions };
  }

  // ---------------------------------------------------------------- event channels
  var channels = {};
  var nextChannel = 1;

  function channelEnd() {
    var end = { listeners: {}, pending: {}, peer: null };
    function on(name, fn, once) {
      (end.listeners[name] || (end.listeners[name] = [])).push({ fn: fn, once: once });
      var queued = end.pending[name];
      if (queued) { delete end.pending[name]; queued.forEach(function (d) { deliver(end, name, d); }); }
    }
    end.api = {
      on: function (name, fn) { on(name, fn, false); },
      once: function (name, fn) { on(name, fn, true); },
      off: function (name, fn) {
        var list = end.listeners[name];
        if (!list) return;
        end.listeners[name] = fn === undefined ? [] : list.filter(function (l) { return l.fn !== fn; });
      },
      emit: function (name, data) { deliver(end.peer, name, data); },
    };
    return end;
  }

  function deliver(end, name, data) {
    var list = end.listeners[name];
    if (!list || !list.length) { (end.pending[name] || (end.pending[name] = [])).push(data); return; }
    end.listeners[name] = list.filter(function (l) { return !l.once; });
    list.forEach(function (l) { callSafely(l.fn, data); });
  }

  function createChannel(events) {
    var id = 'ec' + nextChannel++;
    var opener = channelEnd(), opened = channelEnd();
    opener.peer = opened; opened.peer = opener;
    channels[id] = { opener: opener, opened: opened };
    for (var name in events || {}) {
      if (hasOwn.call(events, name) && typeof events[name] === 'function') opener.api.on(name, events[name]);
    }
    return id;
  }

  /** For the logic engine: the channel of a page opened by navigateTo({events}). */
  fx.getOpenerEventChannel = function (id) {
    var ch = channels[id];
    return ch ? ch.opened.api : channelEnd().api;
  };

  // ---------------------------------------------------------------- async calls
  /** Runs callbacks and/or returns the Promise, per the dialect's convention. */
  function deliverResult(promise, callbacks, task) {
    var hasCallbacks = callbacks.success || callbacks.fail || callbacks.complete;
    promise.then(function (res) {
      callSafely(callbacks.success, res);
      callSafely(callbacks.complete, res);
    }, function (err) {
      callSafely(callbacks.fail, err);
      callSafely(callbacks.complete, err);
    });
    if (task) {
      task.then = function (a, b) { return promise.then(a, b); };
      task['catch'] = function (b) { return promise.then(null, b); };
      if (hasCallbacks) promise.then(null, function () {});
      return task;
    }
    if (hasCallbacks) {
      promise.then(null, function () {}); // a fail callback handles the rejection
      if (isWx) return undefined;         // WeChat: callbacks given → no Promise
    }
    return promise;
  }

  var nextTask = 1;

  function makeTask(full, args) {
    var id = 'task' + nextTask++;
    args.taskId = id;
    var noop = function () {};
    return {
      abort: function () { fx.invokeApi('fx.abortTask', { taskId: id }).then(null, noop); },
      onProgressUpdate: noop, offProgressUpdate: noop,
      onHeadersReceived: noop, offHeadersReceived: noop,
    };
  }

  function makeAsync(full, entry) {
    return function () {
      var split = splitArgs(entry, arguments);
      var args = split.args, extra = null;
      var task = entry.task && isObject(args) ? makeTask(full, args) : null;
      // A call that hands back a host object (connectSocket → SocketTask): see objects.js.
      if (entry.factory && isObject(args)) task = factories[entry.factory](full, args, split);
      if (shortName(full) === 'navigateTo' && isObject(split.args)) {
        var channelId = createChannel(args.events);
        args.eventChannelId = channelId;
        delete args.events;
        extra = { eventChannel: channels[channelId].opener.api };
      }
      var promise = fx.invokeApi(full, args).then(function (res) {
        res = revive(res);
        if (extra && isObject(res)) for (var k in extra) res[k] = extra[k];
        return res;
      });
      return deliverResult(promise, split.callbacks, task);
    };
  }

  // ---------------------------------------------------------------- *Sync calls
  function state() { return fx.syncState || (fx.syncState = {}); }
  function storage() { var s = state(); return s.storage || (s.storage = {}); }

  function persist(full, args) {
    fx.invokeApi(full, args).then(null, function (err) {
      report(new Error(full + ' could not be saved: ' + JSON.stringify(err)));
    });
  }

  /** A failed *Sync call throws, in both dialects ("同步型功能 API … 如果执行出错会抛出异常",
   *  opendocs.alipay.com/mini/api/overview): WeChat an Error of its errMsg, Alipay an
   *  Error of its errorMessage that also carries `error` and `errorMessage`. */
  function syncFail(full, err) {
    if (isWx) throw new Error(err.errMsg);
    var e = new Error(err.errorMessage);
    e.error = err.error;
    e.errorMessage = err.errorMessage;
    throw e;
  }

  function storageUsed(skip) {
    var s = storage(), n = 0;
    for (var k in s) if (hasOwn.call(s, k) && k !== skip) n += utf8Length(k) + utf8Length(s[k]);
    return n;
  }

  var mirrors = {
    'storage.get': function (full, args) {
      var text = storage()[args.key];
      var value = text === undefined || text === null ? undefined : JSON.parse(text);
      if (isWx) return value === undefined ? '' : value;
      return { data: value === undefined ? null : value };
    },
    'storage.set': function (full, args) {
      var limits = state().storageLimits || {};
      var text = JSON.stringify(args.data === undefined ? null : args.data);
      var size = utf8Length(args.key) + utf8Length(text);
      if (size > limits.keyBytes) {
        return syncFail(full, failure(full, isWx ? 'exceed storage item max length'
          : 'data length exceeds the ' + Math.floor(limits.keyBytes / 1024) + 'KB limit of one key', 14));
      }
      if (storageUsed(args.key) + size > limits.totalBytes) {
        var mb = Math.floor(limits.totalBytes / 1048576);
        return syncFail(full, failure(full, isWx ? 'exceed storage max size ' + mb + 'Mb'
          : 'total storage size exceeds ' + mb + 'MB', 12));
      }
      storage()[args.key] = text;
      persist(full, { key: args.key, data: JSON.parse(text) });
      return isWx ? undefined : { success: true };
    },
    'storage.remove': function (full, args) {
      delete storage()[args.key];
      persist(full, { key: args.key });
      return isWx ? undefined : { success: true };
    },
    'storage.clear': function (full) {
      state().storage = {};
      persist(full, {});
      return isWx ? undefined : { success: true };
    },
    // getExtConfigSync: the `ext` of ext.json (bridge/ext_config.py), errors 20/21 on Alipay
    'extConfig': function (full) {
      var found = state().extConfig;
      if (isWx) return found && found.enabled ? clone(found.ext) : {};
      if (!found || !Object.keys(found.ext || {}).length) {
        return syncFail(full, failure(full, 'ext config is empty: no ext.json or no `ext` in it', 20));
      }
      if (!found.enabled) return syncFail(full, failure(full, 'ext config is disabled: set extEnable to true in ext.json', 21));
      return clone(found.ext);
    },
    'appId': function () { return { appId: state().appId }; },
    'storage.info': function () {
      var limits = state().storageLimits || {};
      return { keys: Object.keys(storage()), currentSize: Math.ceil(storageUsed() / 1024),
        limitSize: Math.floor((limits.totalBytes || 0) / 1024) };
    },
  };

  // Sync APIs answered by a JS object or function from bridge/js/objects.js & co.
  // (mirror 'new:<factory>'): createSelectorQuery, getFileSystemManager, nextTick…
  var factories = fx.apiFactories = fx.apiFactories || {};

  function makeSync(full, entry) {
    var mirror = entry.mirror || '';
    if (mirror.indexOf('new:') === 0) {
      var factory = mirror.slice(4);
      return function () {
        var make = factories[factory];
        if (!make) return syncFail(full, failure(full, 'not supported', 1));
        return make(full, arguments, entry);
      };
    }
    return function () {
      var args = splitArgs(entry, arguments).args;
      if (!isObject(args)) args = {};
      var bad = validate(full, entry, args);
      if (bad) return syncFail(full, bad);
      var mock = (state().apiMocks || {})[full];  // Bridge.mock_api (tests, simulator)
      if (mock) return mock.fail !== undefined
        ? syncFail(full, failure(full, mock.fail, mock.code)) : clone(mock.value);
      if (mirror.indexOf('state:') === 0) return clone(state()[mirror.slice(6)]);
      var fn = mirrors[mirror];
      if (!fn) return syncFail(full, failure(full, 'not supported', 1));
      return fn(full, args);
    };
  }

  // ---------------------------------------------------------------- on*/off* pairs
  var eventListeners = {};
  var eventFilters = fx.apiEventFilters = fx.apiEventFilters || {};

  function makeOn(entry) {
    var name = entry.event;
    return function (fn) {
      if (typeof fn !== 'function') return;
      if (!eventListeners[name]) {
        eventListeners[name] = [];
        fx.onApiEvent(name, function (payload) {
          // A filter (objects.js) may reshape a payload or hold it back (returns undefined).
          var filter = eventFilters[name];
          if (filter) payload = filter(payload);
          if (payload === undefined) return;
          eventListeners[name].slice().forEach(function (l) { callSafely(l, payload); });
        });
      }
      eventListeners[name].push(fn);
    };
  }

  function makeOff(entry) {
    var name = entry.event;
    return function (fn) {
      var list = eventListeners[name];
      if (!list) return;
      eventListeners[name] = fn === undefined ? [] : list.filter(function (l) { return l !== fn; });
    };
  }

  // ---------------------------------------------------------------- canIUse
  function lookupApi(parts) {
    for (var n = parts.length; n > 0; n--) {
      var head = parts.slice(0, n).join('.');
      var candidates = [table.base + '.' + head, head];
      for (var i = 0; i < candidates.length; i++) {
        if (hasOwn.call(apis, candidates[i])) return { entry: apis[candidates[i]], rest: parts.slice(n) };
      }
      if (n === 1 && (table.custom || []).indexOf(head) >= 0) return { entry: { params: {} }, rest: parts.slice(1) };
    }
    return null;
  }

  function canIUse(query) {
    if (typeof query !== 'string' || !query) return false;
    // Framework features (component2, component.observers…) come from the prelude.
    var features = fx.features || {};
    if (hasOwn.call(features, query)) return !!features[query];
    var parts = query.replace(/^(my|wx)\./, '').split('.');
    var hit = lookupApi(parts);
    if (hit) {
      var e = hit.entry, rest = hit.rest;
      if (e.canIUse === false) return false;
      if (!rest.length) return true;
      if (rest[0] === 'object') {
        var p = (e.params || {})[rest[1]];
        if (!p) return false;
        return rest.length < 3 || (!!p['enum'] && p['enum'].indexOf(rest[2]) >= 0) ||
          (!!p['enum'] && p['enum'].map(String).indexOf(rest[2]) >= 0);
      }
      if (rest[0] === 'return' || rest[0] === 'success' || rest[0] === 'callback') {
        return rest.length === 2 && (e.returns || []).indexOf(rest[1]) >= 0;
      }
      return false;
    }
    var props = table.props || {};
    if (hasOwn.call(props, table.base + '.' + query)) return true;
    var comp = (table.components || {})[parts[0]];
    if (!comp) return false;
    if (parts.length === 1) return true;
    var values = comp[parts[1]];
    if (!values) return false;
    return parts.length === 2 || values.indexOf(parts[2]) >= 0;
  }

  // ---------------------------------------------------------------- namespaces
  function nsObject(path, create) {
    var parts = path.split('.'), obj = global;
    for (var i = 0; i < parts.length; i++) {
      if (!isObject(obj[parts[i]]) && typeof obj[parts[i]] !== 'function') {
        if (!create) return undefined;
        obj[parts[i]] = {};
      }
      obj = obj[parts[i]];
    }
    return obj;
  }

  // The base namespaces the profile lacks are absent (`typeof wx === 'undefined'` in Alipay).
  ['my', 'wx'].forEach(function (root) {
    if (table.namespaces.indexOf(root) < 0) delete global[root];
  });
  table.namespaces.forEach(function (ns) { nsObject(ns, true); });

  var builders = { async: makeAsync, sync: makeSync, on: function (f, e) { return makeOn(e); },
    off: function (f, e) { return makeOff(e); } };

  Object.keys(apis).forEach(function (full) {
    var entry = apis[full];
    var ns = full.slice(0, full.lastIndexOf('.'));
    var target = nsObject(ns, true);
    var build = builders[entry.kind];
    if (build) target[shortName(full)] = build(full, entry);
  });

  table.namespaces.concat(Object.keys(table.props || {}).map(function (k) {
    return k.slice(0, k.lastIndexOf('.'));
  })).forEach(function (ns) {
    var obj = nsObject(ns, false);
    if (obj && ns.indexOf('.') < 0) {
      obj.canIUse = canIUse;
      obj.base64ToArrayBuffer = base64ToArrayBuffer;
      obj.arrayBufferToBase64 = arrayBufferToBase64;
    }
  });

  Object.keys(table.props || {}).forEach(function (full) {
    var obj = nsObject(full.slice(0, full.lastIndexOf('.')), true);
    obj[shortName(full)] = clone(table.props[full]);
  });

  fx.canIUse = canIUse;

  // What the other bridge scripts (objects.js, socket.js, fs.js) share with this one.
  fx.apiKit = {
    isWx: isWx, table: table, shortName: shortName, clone: clone, isObject: isObject,
    failure: failure, report: report, callSafely: callSafely, splitArgs: splitArgs,
    deliverResult: deliverResult, revive: revive, syncFail: syncFail, state: state,
    base64ToArrayBuffer: base64ToArrayBuffer, arrayBufferToBase64: arrayBufferToBase64,
    utf8Length: utf8Length,
  };
})(globalThis);
