/* fanxing logic-layer framework prelude.
 *
 * Runs inside one QuickJS context per mini-program, before the bridge's api.js and
 * before any app module. Nothing here calls into Python: the binding forbids it while a
 * time limit is set. Outgoing messages are queued in `__fx.outbox` (as JSON strings) and
 * drained by the engine after each turn; inbound messages arrive through
 * `__fx.dispatch(json, now)`.
 *
 * Globals provided: console, setTimeout/clearTimeout/setInterval/clearInterval,
 * queueMicrotask, require (per module), App, Page, Component, Behavior, getApp,
 * getCurrentPages, and empty `my`/`wx` until the bridge fills them.
 */
(function (global) {
  'use strict';

  var fx = global.__fx || (global.__fx = {});
  var hasOwn = Object.prototype.hasOwnProperty;
  var WARN_BYTES = 256 * 1024;
  var MAX_BYTES = 1024 * 1024;

  fx.dialect = fx.dialect || 'wechat';
  fx.appConfig = fx.appConfig || {};
  // Alipay component2 (mini.project.json compileOptions.component2): onInit,
  // deriveDataFromProps and ref callbacks run only with it, as on Alipay.
  fx.component2 = fx.dialect === 'alipay' && !!fx.appConfig.component2;
  // Framework features my.canIUse answers (bridge api.js asks here before its API table).
  fx.features = fx.dialect === 'alipay' ? {
    component: true, component2: fx.component2, 'component.observers': true,
    'component.lifetimes': true, 'component.$selectComponent': true,
    'component.createSelectorQuery': true, 'component.createIntersectionObserver': true,
    'sjs.event': true,
  } : {};
  fx.modules = fx.modules || {};
  fx.apiTable = fx.apiTable || null;
  fx.syncState = fx.syncState || {};
  fx.outbox = [];
  fx.now = fx.now || 0;       // runtime clock (ms) of the current turn
  fx.epoch = typeof fx.epoch === 'number' ? fx.epoch : Date.now();   // wall clock at runtime time 0
  fx.clockIsReal = !!fx.clockIsReal;
  fx.turnStarted = Date.now();
  // Tests ask for repeatable runs (snapshots): Math.random from a seeded generator
  // (mulberry32) instead of the engine's.
  if (typeof fx.randomSeed === 'number') {
    Math.random = (function (a) {
      return function random() {
        a = (a + 0x6D2B79F5) | 0;
        var t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    })(fx.randomSeed | 0);
  }
  fx.current = null;          // where user code is running: {instanceId, path, handler}
  fx.reportingDepth = 0;

  // ---------------------------------------------------------------- line map
  // Every eval in this context is named "<input>" by the binding, so each script gets
  // its own range of line numbers (by padding with newlines) and frames are mapped
  // back to files through this table: [firstLine, lastLine, file], sorted.
  fx.lineMap = [];
  fx.nextLine = 1;

  fx.allocLines = function (file, count) {
    var base = fx.nextLine - 1;
    fx.lineMap.push([base + 1, base + count, file]);
    fx.nextLine = base + count + 1;
    return base;
  };

  function countLines(text) {
    var n = 1;
    for (var i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  fx.countLines = countLines;

  function mapLine(line) {
    var map = fx.lineMap, lo = 0, hi = map.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, e = map[mid];
      if (line < e[0]) hi = mid - 1;
      else if (line > e[1]) lo = mid + 1;
      else return { file: e[2], line: line - e[0] + 1 };
    }
    return null;
  }

  function mapLocation(file, line, col) {
    if (file === '<input>' && line) {
      var m = mapLine(line);
      if (m) return { file: m.file, line: m.line, col: col };
    }
    return { file: file, line: line, col: col };
  }

  /** Rewrites "<input>:L:C" locations in a stack string to file:line:col. */
  fx.mapStack = function (text) {
    return String(text).replace(/<input>:(\d+)(?::(\d+))?/g, function (all, l, c) {
      var m = mapLine(+l);
      if (!m) return all;
      return m.file + ':' + m.line + (c ? ':' + c : '');
    });
  };

  function isFrameworkFile(file) {
    return !file || file === '<input>' || file === 'native' || file.indexOf('fanxing:') === 0;
  }

  Error.prepareStackTrace = function (err, frames) {
    var mapped = [];
    var lines = [], userLines = [];
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      var fn = null, file = null, line = null, col = null;
      try {
        fn = f.getFunctionName();
        file = f.getFileName();
        line = f.getLineNumber();
        col = f.getColumnNumber();
      } catch (e) { /* native frame */ }
      var loc = mapLocation(file, line, col);
      mapped.push({ fn: fn, file: loc.file, line: loc.line, col: loc.col });
      var where = loc.file ? loc.file + (loc.line ? ':' + loc.line + (loc.col ? ':' + loc.col : '') : '') : 'native';
      var text = '    at ' + (fn || '<anonymous>') + ' (' + where + ')';
      lines.push(text);
      if (!isFrameworkFile(loc.file)) userLines.push(text);
    }
    // Users see their own frames; framework frames only when nothing else is left.
    if (userLines.length) lines = userLines;
    try { Object.defineProperty(err, '__fxFrames', { value: mapped, configurable: true }); } catch (e) { /* frozen */ }
    var head;
    try { head = String(err); } catch (e) { head = 'Error'; }
    return head + (lines.length ? '\n' + lines.join('\n') : '');
  };


  /** file:line of the first frame outside the framework and bridge, or null. */
  function callerSource() {
    var e = new Error('');
    void e.stack;
    var frames = e.__fxFrames || [];
    for (var i = 0; i < frames.length; i++) {
      if (!isFrameworkFile(frames[i].file)) return frames[i].file + ':' + frames[i].line;
    }
    return null;
  }

  // ---------------------------------------------------------------- outbox and its budget
  // What one turn may hand to the host is bounded (API calls, console lines, setData ops,
  // other messages, bytes): a runaway loop of console.log or my.* calls must not exhaust
  // the context's memory when the outbox is joined at the end of the turn. Past a limit
  // every further call throws the same error (so a loop cannot go on), the rest of the
  // turn's output is dropped and the turn is reported once as an abort (docs/security.md).
  var budget = fx.turnBudget || {};
  var BUDGET = {
    api: budget.api || 5000, console: budget.console || 5000, ops: budget.ops || 50000,
    messages: budget.messages || 10000, bytes: budget.bytes || 8 * 1024 * 1024,
  };
  var BUDGET_NAMES = {
    api: 'API calls', console: 'console lines', ops: 'setData operations',
    messages: 'messages', bytes: 'bytes of output',
  };
  var MAX_REPORTS = 100;     // error reports per turn (each is an error + a console line)
  var used, overflow, reportsThisTurn;

  function resetBudget() {
    used = { api: 0, console: 0, ops: 0, messages: 0, bytes: 0 };
    overflow = null;
    reportsThisTurn = 0;
  }
  resetBudget();

  function OutputBudgetError(message) {
    var e = new RangeError(message);
    e.name = 'OutputBudgetError';
    return e;
  }

  /** Counts `n` units of `kind` and `bytes` against the turn's budget; throws past it. */
  function charge(kind, n, bytes) {
    if (overflow) throw overflow.error;
    used[kind] += n;
    used.bytes += bytes;
    var over = used[kind] > BUDGET[kind] ? kind : used.bytes > BUDGET.bytes ? 'bytes' : null;
    if (!over) return;
    var text = 'Output budget of one turn exceeded: more than ' + BUDGET[over] + ' ' +
      BUDGET_NAMES[over] + ' (runaway loop?); the rest of the turn was dropped';
    overflow = { error: OutputBudgetError(text), message: 'OutputBudgetError: ' + text,
                 where: fx.current, timer: runningTimer, reported: false };
    throw overflow.error;
  }
  fx.chargeOutput = charge;

  function kindOf(type) { return type === 'api' || type === 'console' ? type : 'messages'; }

  function send(msg) {
    var text = JSON.stringify(msg);
    charge(kindOf(msg.type), 1, text.length);
    fx.outbox.push(text);
  }
  fx.send = send;

  /** Error reports bypass the budget (the overflow itself must be reported) but are
   *  capped per turn. */
  function sendReport(msg) {
    if (++reportsThisTurn > MAX_REPORTS) return;
    fx.outbox.push(JSON.stringify(msg));
  }

  // ---------------------------------------------------------------- values
  function typeTag(v) {
    return Object.prototype.toString.call(v).slice(8, -1);
  }

  /** JSON-safe preview of any value for the console: never throws. */
  function preview(v, seen, depth) {
    if (v === undefined) return 'undefined';
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return isFinite(v) ? v : String(v);
    if (typeof v === 'bigint') return String(v) + 'n';
    if (typeof v === 'symbol') return String(v);
    if (typeof v === 'function') return '[Function ' + (v.name || 'anonymous') + ']';
    if (v instanceof Error) return fx.errorText(v);
    if (seen.indexOf(v) !== -1) return '[Circular]';
    if (depth > 8) return '[' + typeTag(v) + ']';
    seen.push(v);
    var out;
    try {
      if (Array.isArray(v)) {
        out = [];
        for (var i = 0; i < v.length; i++) out.push(preview(v[i], seen, depth + 1));
      } else if (typeof v.then === 'function') {
        out = '[Promise]';
      } else {
        out = {};
        for (var k in v) if (hasOwn.call(v, k)) out[k] = preview(v[k], seen, depth + 1);
      }
    } catch (e) {
      out = '[' + typeTag(v) + ']';
    }
    seen.pop();
    return out;
  }
  fx.preview = function (v) { return preview(v, [], 0); };

  /** A thrown or rejected non-Error value as text: strings as they are, anything else as
   *  the JSON of its preview (an API fail object reads {"error":12,...}, not [object Object]). */
  function previewText(v) {
    var p = preview(v, [], 0);
    return typeof p === 'string' ? p : JSON.stringify(p);
  }

  fx.errorText = function (e) {
    if (e && typeof e === 'object') {
      var stack = e.stack;
      var head = String(e);
      if (typeof stack === 'string' && stack) {
        stack = fx.mapStack(stack);
        return stack.indexOf(head) === 0 ? stack : head + '\n' + stack;
      }
      return head;
    }
    return String(e);
  };

  /** Deep copy for setData; drops what JSON cannot carry, warning with the key path. */
  function cloneData(v, path, warnings, seen) {
    var t = typeof v;
    if (v === null || t === 'string' || t === 'boolean') return v;
    if (t === 'number') {
      if (!isFinite(v)) warnings.push(path + ' is ' + v + ' (sent as null)');
      return isFinite(v) ? v : null;
    }
    if (t === 'undefined' || t === 'function' || t === 'symbol' || t === 'bigint') {
      warnings.push(path + ' is ' + (t === 'undefined' ? 'undefined' : 'a ' + t) + ' and was dropped');
      return undefined;
    }
    if (seen.indexOf(v) !== -1) {
      warnings.push(path + ' is a circular reference and was dropped');
      return undefined;
    }
    if (typeof v.toJSON === 'function') return cloneData(v.toJSON(), path, warnings, seen);
    seen.push(v);
    var out;
    if (Array.isArray(v)) {
      out = new Array(v.length);
      for (var i = 0; i < v.length; i++) {
        var c = cloneData(v[i], path + '[' + i + ']', warnings, seen);
        out[i] = c === undefined ? null : c;
      }
    } else {
      out = {};
      for (var k in v) {
        if (!hasOwn.call(v, k)) continue;
        var ck = cloneData(v[k], path + '.' + k, warnings, seen);
        if (ck !== undefined) out[k] = ck;
      }
    }
    seen.pop();
    return out;
  }

  /** WeChat components share one logic context, so a function a component keeps in its
   *  data can be handed to a child component as a property (antd-mini's Form items pass
   *  their Picker `onFormat` so). The view only carries JSON: it gets a reference, which
   *  the child's property resolves back to the owner's function (resolveFunctionRef).
   *  Only a top-level data key of a WeChat component; elsewhere a function is dropped. */
  function functionRef(inst, parts, fn) {
    if (fx.dialect !== 'wechat' || inst.__kind !== 'component' || parts.length !== 1) {
      warn('setData: ' + parts.join('.') + ' is a function and was dropped');
      return undefined;
    }
    if (!inst.__fnRefs) Object.defineProperty(inst, '__fnRefs', { value: {} });
    inst.__fnRefs[parts[0]] = fn;
    // a new number each time, so the view sees a changed value and updates the child
    return { $fxFunction: inst.__id, key: String(parts[0]), n: ++fnRefCount };
  }
  var fnRefCount = 0;

  /** The function a reference from functionRef stands for (null once its owner is gone). */
  function resolveFunctionRef(v) {
    if (!v || typeof v !== 'object' || !hasOwn.call(v, '$fxFunction')) return v;
    var owner = instances[v.$fxFunction];
    var fn = owner && owner.__fnRefs && hasOwn.call(owner.__fnRefs, v.key) ? owner.__fnRefs[v.key] : null;
    return typeof fn === 'function' ? fn : null;
  }

  /** JSON copy for outbound payloads; falls back to a preview for odd values. */
  function toJson(v) {
    try { return v === undefined ? null : JSON.parse(JSON.stringify(v)); } catch (e) { return fx.preview(v); }
  }

  function jsonClone(v) {
    // a function (antd-mini's WeChat properties default some to one) has no JSON: undefined
    var text = v === undefined ? undefined : JSON.stringify(v);
    return text === undefined ? undefined : JSON.parse(text);
  }

  // ---------------------------------------------------------------- data paths
  /** Parses 'a.b[2].c' into ['a', 'b', 2, 'c']; backslash escapes the next char
   *  (glass-easel's rule), so 'a\\.b' names the key "a.b". Returns null if malformed. */
  function parsePath(path) {
    var parts = [], cur = '', i = 0, n = path.length, pending = false;
    while (i < n) {
      var ch = path[i];
      if (ch === '\\') {
        if (i + 1 < n) { cur += path[i + 1]; i += 2; } else { cur += ch; i++; }
        pending = true;
      } else if (ch === '.') {
        if (!pending && cur === '') return null;
        if (pending) parts.push(cur);
        cur = ''; pending = false; i++;
      } else if (ch === '[') {
        if (pending) parts.push(cur);
        cur = ''; pending = false;
        var close = path.indexOf(']', i);
        if (close === -1) return null;
        var digits = path.slice(i + 1, close).trim();
        if (!/^\d+$/.test(digits)) return null;
        parts.push(parseInt(digits, 10));
        i = close + 1;
        if (i < n && path[i] !== '.' && path[i] !== '[') return null;
        if (path[i] === '.') { i++; if (i >= n) return null; }
      } else {
        cur += ch; pending = true; i++;
      }
    }
    if (pending) parts.push(cur);
    return parts.length ? parts : null;
  }
  fx.parsePath = parsePath;

  function escapeKey(k) { return String(k).replace(/[\\.\[\]]/g, '\\$&'); }

  function getPath(root, parts) {
    var cur = root;
    for (var i = 0; i < parts.length; i++) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = cur[parts[i]];
    }
    return cur;
  }

  /** Sets root[parts] = value, creating objects ({} for keys, [] for indexes). An index
   *  on an existing object sets the key String(n), as the platforms do. */
  function setPath(root, parts, value) {
    var cur = root;
    for (var i = 0; i < parts.length - 1; i++) {
      var k = parts[i], next = cur[k];
      if (next === null || typeof next !== 'object') {
        next = typeof parts[i + 1] === 'number' ? [] : {};
        cur[k] = next;
      }
      cur = next;
    }
    cur[parts[parts.length - 1]] = value;
  }

  // ---------------------------------------------------------------- setData batches
  var batches = {};           // instanceId -> {ops: [json], callbacks: []}
  var batchOrder = [];
  var flushCallbacks = {};    // flushId -> [{inst, fn}]
  var nextFlushId = 1;

  function batchFor(inst) {
    var b = batches[inst.__id];
    if (!b) {
      // Alipay didUpdate(prevProps, prevData) needs the state before this turn's changes.
      // setData inside didUpdate does not trigger didUpdate again (04y1n6, 注意事项).
      if (inst.__onFlushed && inst.__mounted && !inst.__prevSnapshot && !inst.__inDidUpdate) inst.__prevSnapshot = snapshot(inst);
      b = batches[inst.__id] = { ops: [], callbacks: [], inst: inst };
      batchOrder.push(inst.__id);
    }
    return b;
  }

  function warn(text) {
    send({ type: 'console', level: 'warn', args: [text], source: callerSource() });
  }

  function payloadError(inst, text) {
    fx.reportError(new Error(text), whereOf(inst, 'setData'), false);
  }

  /** The body of this.setData: validates, copies, applies locally, batches ops. */
  function setData(inst, obj, callback) {
    if (!inst.__alive) return;
    if (obj === null || typeof obj !== 'object') {
      warn('setData expects an object, got ' + typeof obj);
      return;
    }
    var ops = [], changes = [], size = 0;
    for (var key in obj) {
      if (!hasOwn.call(obj, key)) continue;
      var parts = parsePath(key);
      if (!parts) { warn('setData: invalid data path "' + key + '"'); continue; }
      var warnings = [], raw = obj[key];
      var val = typeof raw === 'function' ? functionRef(inst, parts, raw)
        : cloneData(raw, key, warnings, []);
      for (var w = 0; w < warnings.length; w++) warn('setData: ' + warnings[w]);
      if (val === undefined) continue;
      var text = JSON.stringify(val);
      size += text.length + key.length;
      ops.push('["set",' + JSON.stringify(key) + ',' + text + ']');
      changes.push([parts, typeof raw === 'function' ? raw : val]);
    }
    if (size > MAX_BYTES) {
      payloadError(inst, 'setData payload of ' + size + ' bytes exceeds the 1 MB limit; ignored');
      return;
    }
    if (size > WARN_BYTES) {
      warn('setData payload of ' + size + ' bytes exceeds 256 KB; keep updates small');
    }
    charge('ops', ops.length, size);
    var b = batchFor(inst);
    for (var i = 0; i < ops.length; i++) b.ops.push(ops[i]);
    var changedPaths = [];
    for (var j = 0; j < changes.length; j++) {
      setPath(inst.data, changes[j][0], changes[j][1]);
      changedPaths.push(changes[j][0]);
    }
    if (typeof callback === 'function') b.callbacks.push(callback);
    if (inst.__afterSet) inst.__afterSet(changedPaths);
  }

  function spliceData(inst, obj, callback) {
    if (!inst.__alive) return;
    var b = null, changed = [];
    for (var key in obj) {
      if (!hasOwn.call(obj, key)) continue;
      var parts = parsePath(key), spec = obj[key];
      if (!parts || !Array.isArray(spec) || spec.length < 2) {
        warn('$spliceData: "' + key + '" needs [start, deleteCount, ...items]');
        continue;
      }
      var warnings = [];
      var items = cloneData(spec.slice(2), key, warnings, []);
      for (var w = 0; w < warnings.length; w++) warn('$spliceData: ' + warnings[w]);
      var target = getPath(inst.data, parts);
      if (!Array.isArray(target)) {
        target = [];
        setPath(inst.data, parts, target);
      }
      var start = spec[0] | 0, del = spec[1] | 0;
      Array.prototype.splice.apply(target, [start, del].concat(items));
      var op = JSON.stringify(['splice', key, start, del, items]);
      charge('ops', 1, op.length);
      b = b || batchFor(inst);
      b.ops.push(op);
      changed.push(parts);
    }
    if (typeof callback === 'function') (b || batchFor(inst)).callbacks.push(callback);
    if (inst.__afterSet && changed.length) inst.__afterSet(changed);
  }

  /** Initial data of a new instance: one set op per top-level key; an Alipay
   *  component's resolved props (defaults applied) go to the view under `props`. */
  function emitInitialData(inst) {
    var b = batchFor(inst);
    var data = inst.data, ops = [];
    for (var k in data) {
      if (!hasOwn.call(data, k) || data[k] === undefined || typeof data[k] === 'function') continue;
      var op = '["set",' + JSON.stringify(escapeKey(k)) + ',' + JSON.stringify(data[k]) + ']';
      charge('ops', 1, op.length);
      ops.push(op);
    }
    if (inst.__viewProps) ops.push('["set","props",' + JSON.stringify(inst.__viewProps(null)) + ']');
    b.ops = ops.concat(b.ops);
  }

  function flushBatches() {
    for (var i = 0; i < batchOrder.length; i++) {
      var id = batchOrder[i], b = batches[id];
      if (!b.ops.length && !b.callbacks.length) continue;
      // A flush id only when something waits for the view (callbacks, didUpdate): the
      // host then holds the patch's ack for it; other patches need no answer at all.
      var waits = '';
      if (b.callbacks.length || b.inst.__prevSnapshot) {
        var flushId = nextFlushId++;
        flushCallbacks[flushId] = { inst: b.inst, fns: b.callbacks, prev: b.inst.__prevSnapshot };
        waits = ',"flushId":' + flushId;
      }
      b.inst.__prevSnapshot = null;
      fx.outbox.push('{"type":"setData","instanceId":' + JSON.stringify(id) + ',"ops":[' +
        b.ops.join(',') + ']' + waits + '}');
    }
    batches = {};
    batchOrder = [];
  }

  function runFlushed(ids) {
    for (var i = 0; i < ids.length; i++) {
      var entry = flushCallbacks[ids[i]];
      if (!entry) continue;
      delete flushCallbacks[ids[i]];
      var inst = entry.inst;
      if (!inst.__alive) continue;
      for (var j = 0; j < entry.fns.length; j++) guard(inst, 'setData callback', entry.fns[j], inst, []);
      if (inst.__onFlushed) inst.__onFlushed(entry.prev);
    }
  }

  // ---------------------------------------------------------------- error reporting
  function whereOf(inst, handler) {
    return {
      instanceId: inst && inst.__id || null,
      path: inst && inst.__path || null,
      handler: handler || null,
    };
  }
  fx.whereOf = whereOf;

  function describeWhere(where) {
    if (!where) return '';
    var s = where.path || where.instanceId || 'app';
    if (where.instanceId && where.path) s += ' (' + where.instanceId + ')';
    return s + (where.handler ? ' ' + where.handler : '');
  }

  /** Reports an uncaught error: outbound error + console + App.onError. */
  fx.reportError = function (err, where, callOnError, kind, promise) {
    if (overflow && err === overflow.error) {
      reportOverflow(where);
      return;
    }
    if (err === null) {
      // QuickJS throws null when even the error object cannot be allocated: say what it
      // is and where the handler is (no stack could be taken).
      reportOutOfMemory(where, callOnError);
      return;
    }
    var message, stack;
    try {
      message = err instanceof Error ? String(err) : 'Uncaught ' + previewText(err);
      stack = err instanceof Error ? fx.errorText(err) : message;
      var hint = apiHint(err);
      if (hint) {
        message += ' (' + hint + ')';
        stack += '\n    hint: ' + hint;
      }
    } catch (e) {
      message = 'Uncaught error';
      stack = message;
    }
    var src = null;
    if (err && err.__fxFrames) {
      for (var i = 0; i < err.__fxFrames.length; i++) {
        var f = err.__fxFrames[i];
        if (!isFrameworkFile(f.file)) { src = f.file + ':' + f.line; break; }
      }
    }
    report(message, stack, src, where, callOnError, kind, err, promise);
  };

  function moduleByFile(file) {
    if (hasOwn.call(fx.modules, file)) return fx.modules[file];
    for (var id in fx.modules) if (hasOwn.call(fx.modules, id) && fx.modules[id].path === file) return fx.modules[id];
    return null;
  }

  /** Why a TypeError happened when the host profile is the cause: the source line of
   *  the first app frame reads `my.tg.x` / `my.showModal` and that namespace or API is
   *  missing from the active profile ('' otherwise). `apiTable.hosts` names the builtin
   *  profiles that have a missing namespace. */
  function apiHint(err) {
    var t = fx.apiTable, frames = err && err.__fxFrames;
    if (!t || !frames || !(err instanceof TypeError)) return '';
    var f = null;
    for (var i = 0; i < frames.length && !f; i++) if (!isFrameworkFile(frames[i].file)) f = frames[i];
    var def = f && moduleByFile(f.file);
    if (!def) return '';
    var line = String(def.code).split('\n')[f.line - 1] || '';
    var re = new RegExp('(?:^|[^\\w$.])' + t.base + '((?:\\.[A-Za-z_$][\\w$]*)+)', 'g'), m;
    var spaces = [t.base].concat(t.namespaces || []);
    while ((m = re.exec(line))) {
      var parts = m[1].split('.'), obj = global[t.base], path = t.base;
      for (var j = 1; j < parts.length && obj != null && spaces.indexOf(path) !== -1; j++) {
        path += '.' + parts[j];
        obj = obj[parts[j]];
        if (obj !== undefined) continue;
        var hosts = (t.hosts || {})[path];
        var near = hosts ? null : closestApi(path, Object.keys(t.apis || {}));
        return path + " is not available in host profile '" + t.profile + "'" +
          (hosts ? ' (profiles with it: ' + hosts.join(', ') + ')' : '') +
          (near ? " (did you mean '" + near + "'?)" : '');
      }
    }
    return '';
  }

  /** The API name closest to a misspelt one: same letters but case, or at most two
   *  edits away (wx.getLocaton -> wx.getLocation); null when none is that close. */
  function closestApi(name, names) {
    var lower = name.toLowerCase(), best = null, bestCost = 3;
    for (var i = 0; i < names.length; i++) {
      var cand = names[i];
      if (cand.toLowerCase() === lower) return cand;
      if (Math.abs(cand.length - name.length) >= bestCost) continue;
      var prev = [], cur, a, b;
      for (b = 0; b <= cand.length; b++) prev.push(b);
      for (a = 1; a <= name.length; a++) {
        cur = [a];
        for (b = 1; b <= cand.length; b++) {
          cur.push(Math.min(prev[b] + 1, cur[b - 1] + 1,
                            prev[b - 1] + (name[a - 1] === cand[b - 1] ? 0 : 1)));
        }
        prev = cur;
      }
      if (prev[cand.length] < bestCost) { bestCost = prev[cand.length]; best = cand; }
    }
    return best;
  }

  function report(message, stack, src, where, callOnError, kind, err, promise) {
    var rejection = kind === 'unhandledrejection';
    sendReport({ type: 'error', message: message, stack: stack, where: where || null, kind: kind || 'error' });
    sendReport({ type: 'console', level: 'error', args: [(rejection ? 'Unhandled promise rejection in ' : 'Error in ') + describeWhere(where) + ': ' + stack], source: src });
    if (callOnError === false || fx.reportingDepth > 0) return;
    var app = fx.app;
    fx.reportingDepth++;
    try {
      if (rejection) {
        var info = { reason: err, promise: promise || null };
        if (app && typeof app.onUnhandledRejection === 'function') {
          guardQuiet(app, 'onUnhandledRejection', app.onUnhandledRejection, [info]);
        } else if (app && typeof app.onError === 'function') {
          guardQuiet(app, 'onError', app.onError, [stack]);
        }
        // wx.onUnhandledRejection / my.onUnhandledRejection (bridge on/off pair)
        emitApiEvent('unhandledRejection', info);
      } else {
        if (app && typeof app.onError === 'function') guardQuiet(app, 'onError', app.onError, [stack]);
        emitApiEvent('error', stack);   // wx.onError / my.onError
      }
    } finally {
      fx.reportingDepth--;
    }
  }

  /** The turn's output overflowed: reported once, as an abort, where it happened. */
  function reportOverflow(where) {
    if (!overflow || overflow.reported) return;
    overflow.reported = true;
    var w = overflow.where || where || null;
    var message = overflow.message + stopRunningTimer(overflow.timer);
    var site = handlerSite(w);
    var stack = message + (site ? '\n    at ' + site.fn + ' (' + site.loc + ')' : '');
    reportWithReserve(message, stack, site ? site.src : null, w,
                      !(w && /^App\.on/.test(w.handler || '')));
  }

  /** Reports an abort after the output budget ran out: App.onError and the error
   *  listeners get a small reserve of their own. */
  function reportWithReserve(message, stack, src, where, callOnError) {
    var spent = overflow;
    if (!spent) return report(message, stack, src, where, callOnError, 'abort');
    overflow = null;
    for (var k in used) used[k] = Math.min(used[k], BUDGET[k] - (k === 'bytes' ? 65536 : 50));
    try {
      report(message, stack, src, where, callOnError, 'abort');
    } finally {
      overflow = spent;
    }
  }

  function reportOutOfMemory(where, callOnError) {
    var message = 'InternalError: out of memory (no room left for the error object)' +
      stopRunningTimer();
    var site = handlerSite(where);
    var stack = message + (site ? '\n    at ' + site.fn + ' (' + site.loc + ')' : '');
    report(message, stack, site ? site.src : null, where, callOnError, 'abort');
  }

  /** Where the handler named in `where` is defined: {fn, loc: file:line:col, src}. The
   *  module source is searched for its definition (a method, a property or a function
   *  of that name); null when it cannot be found. */
  function handlerSite(where) {
    if (!where || !where.handler) return null;
    var name = String(where.handler).replace(/^set(?:Timeout|Interval) callback(?: \(from (.*)\))?$/, '$1');
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return null;
    var def = where.path && (moduleByFile(where.path + '.js') || moduleByFile(where.path));
    if (!def) return null;
    var re = new RegExp('(^|[\\s,{;(])((?:async\\s+)?(?:function\\s*\\*?\\s*)?' + name.replace(/\$/g, '\\$') +
      ')\\s*(?:\\(|:|=)');
    var lines = String(def.code).split('\n');
    for (var i = 0; i < lines.length; i++) {
      var m = re.exec(lines[i]);
      if (!m) continue;
      var col = m.index + m[1].length + 1;
      return { fn: name, loc: def.path + ':' + (i + 1) + ':' + col, src: def.path + ':' + (i + 1) };
    }
    return null;
  }

  /** Report from the engine after an uncatchable abort (interrupt): `text` is the
   *  binding's exception text; its "at" lines are mapped and kept as the stack. */
  fx.reportAbort = function (message, text, whereJson, callOnError) {
    var where = whereJson ? JSON.parse(whereJson) : null;
    var frames = fx.mapStack(text || '').split('\n').filter(function (l) {
      return /^\s+at /.test(l) && !/\((fanxing:|native)/.test(l);
    });
    message += stopRunningTimer();
    if (overflow && !overflow.reported) {
      // One report for the turn: the loop went on past the output budget until timed out.
      overflow.reported = true;
      message += ' (after: ' + overflow.message + ')';
    }
    var src = null;
    for (var i = 0; i < frames.length && !src; i++) {
      var m = frames[i].match(/\(([^()]+?):(\d+)(?::\d+)?\)$/);
      if (m) src = m[1] + ':' + m[2];
    }
    reportWithReserve(message, [message].concat(frames).join('\n'), src, where, callOnError);
  };

  function guardQuiet(thisArg, handler, fn, args) {
    var prev = fx.current;
    fx.current = { instanceId: null, path: 'app', handler: handler };
    try {
      fn.apply(thisArg, args);
    } catch (e) {
      fx.reportError(e, fx.current, false);
    } finally {
      fx.current = prev;
    }
  }

  /** Runs user code: errors are reported, async rejections too; returns fn's result. */
  function guard(inst, handler, fn, thisArg, args) {
    var prev = fx.current;
    var where = whereOf(inst, handler);
    fx.current = where;
    try {
      var r = fn.apply(thisArg, args || []);
      if (r && typeof r.then === 'function') {
        r.then(undefined, function (e) { fx.reportError(e, where, true, 'unhandledrejection', r); });
      }
      return r;
    } catch (e) {
      fx.reportError(e, where, true);
      return undefined;
    } finally {
      fx.current = prev;
    }
  }
  fx.guard = guard;

  /** Called by the engine after an uncatchable abort: resets state, returns where. */
  fx.abort = function () {
    var where = fx.current;
    fx.current = null;
    fx.reportingDepth = 0;
    observerDepth = 0;
    return JSON.stringify(where);
  };

  // ---------------------------------------------------------------- unhandled rejections
  // The binding installs no rejection tracker, so the prelude tracks rejections itself:
  // * the global Promise is a wrapper whose resolve/reject functions note rejections
  //   (it shares the native prototype, so `instanceof Promise` holds for every promise);
  // * the native species is that wrapper, so every promise made by then/catch/finally
  //   (also on promises of async functions) is tracked the same way;
  // * handling is observed by a getter on `constructor`, which `then` (so catch and
  //   finally) and `await` read (it answers the native constructor, so `await` keeps its
  //   one-tick fast path; `p.constructor === Promise` is the one visible difference);
  // * a promise resolved with another promise follows it: an internal observer notes
  //   the follower as rejected when the followed promise rejects.
  // Promises of async functions are native and reject silently; those of the app's
  // async methods (App, Page, Component) are observed the same way (trackAsync).
  // After the turn's jobs, the engine calls flushRejections: what is still unhandled
  // is reported once (docs/internals.md §2).
  var NativePromise = global.Promise;
  var promiseProto = NativePromise.prototype;
  var nativeThen = promiseProto.then;
  var nativeResolve = NativePromise.resolve;
  var handledPromises = new WeakSet();
  var pendingRejections = new Map();   // promise -> {reason, where}, in rejection order
  var observing = 0;                   // > 0 while the prelude itself calls then

  function markHandled(p) {
    handledPromises.add(p);
    if (pendingRejections.size) pendingRejections.delete(p);
  }

  function noteRejected(p, reason, where) {
    if (!handledPromises.has(p)) pendingRejections.set(p, { reason: reason, where: where || fx.current });
  }

  /** Notes `follower` as rejected when `p` (a promise it adopts) rejects. */
  function observe(p, follower, where) {
    observing++;
    try {
      nativeThen.call(p, undefined, function (r) { noteRejected(follower, r, where); });
    } catch (e) { /* not a native promise: a plain thenable cannot be observed */ } finally {
      observing--;
    }
  }

  function FxPromise(executor) {
    if (new.target === undefined) throw new TypeError("Promise constructor cannot be invoked without 'new'");
    if (typeof executor !== 'function') throw new TypeError('Promise resolver ' + String(executor) + ' is not a function');
    var res, rej, settled = false, where = fx.current;
    var p;
    if (new.target === FxPromise) {
      p = new NativePromise(function (a, b) { res = a; rej = b; });
    } else {
      p = Reflect.construct(NativePromise, [function (a, b) { res = a; rej = b; }], new.target);
      watchSubclass(new.target);
    }
    function resolveFn(v) {
      if (settled) return;
      settled = true;
      if (v !== null && (typeof v === 'object' || typeof v === 'function') && v instanceof NativePromise) observe(v, p, where);
      res(v);
    }
    function rejectFn(r) {
      if (settled) return;
      settled = true;
      noteRejected(p, r, where);
      rej(r);
    }
    try { executor(resolveFn, rejectFn); } catch (e) { rejectFn(e); }
    return p;
  }
  FxPromise.prototype = promiseProto;
  Object.setPrototypeOf(FxPromise, NativePromise);   // all, race, reject … with this = FxPromise
  Object.defineProperty(FxPromise, 'name', { value: 'Promise' });
  // Promise.resolve(p) returns p itself for a plain native promise, as before; a value
  // that is no thenable makes a promise that can never reject, so it needs no tracking.
  FxPromise.resolve = function resolve(v) {
    if (this === FxPromise) {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return nativeResolve.call(NativePromise, v);
      if (Object.getPrototypeOf(v) === promiseProto && !hasOwn.call(v, 'constructor')) return v;
    }
    return nativeResolve.call(this, v);
  };
  Object.defineProperty(NativePromise, Symbol.species, {
    configurable: true,
    get: function () { return this === NativePromise ? FxPromise : this; },
  });
  /** Makes reading `constructor` (then/catch/finally and await all do) mark a promise
   *  handled; the getter answers `ctor`. */
  function watchConstructor(proto, ctor) {
    Object.defineProperty(proto, 'constructor', {
      configurable: true,
      get: function () {
        if (!observing) markHandled(this);
        return ctor;
      },
      set: function (v) { Object.defineProperty(this, 'constructor', { value: v, writable: true, configurable: true, enumerable: true }); },
    });
  }
  watchConstructor(promiseProto, NativePromise);

  /** `class P extends Promise`: its prototype's own `constructor` gets the same getter. */
  function watchSubclass(C) {
    var proto = C.prototype;
    if (!proto || proto === promiseProto) return;
    var d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (d && 'value' in d && d.configurable && typeof d.value === 'function') watchConstructor(proto, d.value);
  }
  global.Promise = FxPromise;

  var ERROR_HOOK = /^(App\.)?(onUnhandledRejection|onError|on unhandledRejection|on error)$/;

  var AsyncFunctionProto = Object.getPrototypeOf(async function () {});
  var asyncWrappers = new WeakMap();

  /** Wraps an async function so that a rejection of the promise it returns is tracked
   *  like any other (used for the app's methods); other values are returned as is. */
  function trackAsync(fn) {
    if (typeof fn !== 'function' || Object.getPrototypeOf(fn) !== AsyncFunctionProto) return fn;
    var w = asyncWrappers.get(fn);
    if (w) return w;
    w = function () {
      var p = fn.apply(this, arguments);
      observe(p, p, fx.current);
      return p;
    };
    Object.defineProperty(w, 'name', { value: fn.name });
    Object.defineProperty(w, 'length', { value: fn.length });
    asyncWrappers.set(fn, w);
    return w;
  }
  fx.trackAsync = trackAsync;

  /** Reports the rejections still unhandled after the turn's jobs; returns how many. */
  fx.flushRejections = function () {
    if (!pendingRejections.size) return 0;
    var list = [];
    pendingRejections.forEach(function (rec, p) { list.push([p, rec]); });
    pendingRejections = new Map();
    for (var i = 0; i < list.length; i++) {
      var rec = list[i][1];
      handledPromises.add(list[i][0]);
      // A rejection made by an error hook is reported without calling the hooks again.
      var fromHook = !!(rec.where && ERROR_HOOK.test(rec.where.handler || ''));
      fx.reportError(rec.reason, rec.where, !fromHook, 'unhandledrejection', list[i][0]);
    }
    return list.length;
  };

  // ---------------------------------------------------------------- console
  var levels = ['log', 'info', 'warn', 'error', 'debug'];
  var consoleObj = {};
  levels.forEach(function (level) {
    consoleObj[level] = function () {
      var args = [];
      for (var i = 0; i < arguments.length; i++) args.push(fx.preview(arguments[i]));
      send({ type: 'console', level: level, args: args, source: callerSource() });
    };
  });
  consoleObj.trace = consoleObj.debug;
  consoleObj.table = consoleObj.log;
  consoleObj.dir = consoleObj.log;
  consoleObj.assert = function (cond) {
    if (cond) return;
    var args = ['Assertion failed'];
    for (var i = 1; i < arguments.length; i++) args.push(fx.preview(arguments[i]));
    send({ type: 'console', level: 'error', args: args, source: callerSource() });
  };
  var counts = {}, timeMarks = {};
  consoleObj.count = function (label) {
    label = label === undefined ? 'default' : String(label);
    counts[label] = (counts[label] || 0) + 1;
    consoleObj.log(label + ': ' + counts[label]);
  };
  consoleObj.time = function (label) { timeMarks[label === undefined ? 'default' : label] = Date.now(); };
  consoleObj.timeEnd = function (label) {
    label = label === undefined ? 'default' : label;
    if (timeMarks[label] !== undefined) consoleObj.log(label + ': ' + (Date.now() - timeMarks[label]) + 'ms');
    delete timeMarks[label];
  };
  consoleObj.group = consoleObj.groupEnd = consoleObj.groupCollapsed = function () {};
  global.console = consoleObj;

  // ---------------------------------------------------------------- Date on the runtime clock
  // Date.now(), new Date() and performance.now() follow the runtime clock: `fx.epoch` is
  // the wall-clock time (ms since 1970) of runtime time 0, `fx.now` the runtime time of
  // the current turn. With a real clock the time that passed inside the turn is added;
  // with a manual clock time stands still within a turn, so tests are deterministic.
  var NativeDate = Date;
  var nativeNow = NativeDate.now;
  var lastDateNow = -Infinity;

  /** Runtime-clock milliseconds now (fractional). */
  function runtimeNow() {
    return fx.clockIsReal ? fx.now + Math.max(0, nativeNow() - fx.turnStarted) : fx.now;
  }
  fx.markTurn = function (now) {
    if (typeof now === 'number') fx.now = now;
    if (fx.clockIsReal) fx.turnStarted = nativeNow();
  };

  function dateNow() {
    var t = Math.floor(fx.epoch + runtimeNow());
    if (t < lastDateNow) t = lastDateNow;   // a late timer runs at its due time: never go back
    lastDateNow = t;
    return t;
  }

  function FxDate(a, b, c, d, e, f, g) {
    var n = arguments.length;
    if (new.target === undefined) return new NativeDate(dateNow()).toString();
    if (new.target !== FxDate) {
      return Reflect.construct(NativeDate, n ? Array.prototype.slice.call(arguments) : [dateNow()], new.target);
    }
    // Exact arity: new Date(2020, 0, undefined) is an invalid date, new Date(2020, 0) is not.
    switch (n) {
      case 0: return new NativeDate(dateNow());
      case 1: return new NativeDate(a);
      case 2: return new NativeDate(a, b);
      case 3: return new NativeDate(a, b, c);
      case 4: return new NativeDate(a, b, c, d);
      case 5: return new NativeDate(a, b, c, d, e);
      case 6: return new NativeDate(a, b, c, d, e, f);
      default: return Reflect.construct(NativeDate, Array.prototype.slice.call(arguments), FxDate);
    }
  }
  FxDate.prototype = NativeDate.prototype;
  Object.defineProperty(NativeDate.prototype, 'constructor', { value: FxDate, writable: true, configurable: true });
  Object.defineProperty(FxDate, 'name', { value: 'Date' });
  FxDate.now = dateNow;
  FxDate.parse = NativeDate.parse;
  FxDate.UTC = NativeDate.UTC;
  global.Date = FxDate;
  // The engine's performance object has read-only members: replace it.
  global.performance = Object.defineProperties({}, {
    now: { value: runtimeNow, writable: true, configurable: true, enumerable: true },
    timeOrigin: { get: function () { return fx.epoch; }, configurable: true, enumerable: true },
  });

  // ---------------------------------------------------------------- timers
  var timers = {};            // id -> {id, due, seq, fn, args, interval, origin}
  var nextTimerId = 1;
  var timerSeq = 0;
  var runningTimer = null;    // the timer whose callback is running

  /** A timer whose callback was aborted (time budget, output budget, out of memory) is
   *  cleared, an interval too: it would abort again at every firing and keep the app's
   *  thread busy for good. Returns the note for the report ('' if no timer ran). */
  function stopRunningTimer(t) {
    t = t || runningTimer;
    runningTimer = null;
    if (!t || !timers[t.id]) return '';
    delete timers[t.id];
    return t.interval ? '; the setInterval was cleared' : '';
  }

  function addTimer(fn, delay, args, repeat) {
    if (typeof fn !== 'function') {
      warn((repeat ? 'setInterval' : 'setTimeout') + ' expects a function');
      return 0;
    }
    delay = Number(delay) || 0;
    if (delay < 0) delay = 0;
    var id = nextTimerId++;
    timers[id] = {
      id: id, due: fx.now + delay, seq: timerSeq++, fn: fn, args: args,
      interval: repeat ? Math.max(1, delay) : 0, origin: fx.current,
    };
    return id;
  }
  function clearTimer(id) { delete timers[id]; }

  global.setTimeout = function (fn, delay) {
    return addTimer(fn, delay, Array.prototype.slice.call(arguments, 2), false);
  };
  global.setInterval = function (fn, delay) {
    return addTimer(fn, delay, Array.prototype.slice.call(arguments, 2), true);
  };
  global.clearTimeout = clearTimer;
  global.clearInterval = clearTimer;

  function earliestTimer(limit) {
    var best = null;
    for (var k in timers) {
      var t = timers[k];
      if (limit !== undefined && t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }

  /** Earliest due time on the runtime clock, or null. */
  fx.nextTimer = function () {
    var t = earliestTimer();
    return t ? t.due : null;
  };

  /** Runs the earliest timer due at or before `now`; false if none. One turn each. */
  fx.runDueTimer = function (now) {
    var t = earliestTimer(now);
    if (!t) return false;
    fx.markTurn(t.due);
    if (t.interval) {
      t.due += t.interval;
      t.seq = timerSeq++;
    } else {
      delete timers[t.id];
    }
    var o = t.origin;
    var label = (t.interval ? 'setInterval' : 'setTimeout') + ' callback' + (o && o.handler ? ' (from ' + o.handler + ')' : '');
    var prev = fx.current;
    fx.current = { instanceId: o && o.instanceId || null, path: o && o.path || null, handler: label };
    runningTimer = t;
    try {
      t.fn.apply(undefined, t.args);
    } catch (e) {
      fx.reportError(e, fx.current, true);
    } finally {
      fx.current = prev;
      runningTimer = null;
    }
    return true;
  };

  global.queueMicrotask = function (fn) {
    if (typeof fn !== 'function') throw new TypeError('queueMicrotask expects a function');
    var where = fx.current;
    Promise.resolve().then(function () {
      var prev = fx.current;
      fx.current = where;
      try { fn(); } catch (e) { fx.reportError(e, where, true); } finally { fx.current = prev; }
    });
  };

  // ---------------------------------------------------------------- modules
  var moduleCache = {};
  fx.loading = [];            // stack of module ids being evaluated

  function dirname(id) {
    var i = id.lastIndexOf('/');
    return i === -1 ? '' : id.slice(0, i);
  }

  function normalize(path) {
    var out = [];
    path.split('/').forEach(function (seg) {
      if (seg === '' || seg === '.') return;
      if (seg === '..') out.pop(); else out.push(seg);
    });
    return out.join('/');
  }

  var EXTS = ['', '.js', '.ts', '.json', '/index.js', '/index.ts', '/index.json'];

  function findModule(base) {
    for (var i = 0; i < EXTS.length; i++) {
      if (hasOwn.call(fx.modules, base + EXTS[i])) return base + EXTS[i];
    }
    return null;
  }
  fx.findModule = findModule;

  /** Resolves a require() request made from module `fromId` (deps first). */
  function resolve(request, fromId) {
    var from = fromId ? fx.modules[fromId] : null;
    if (from && from.deps && hasOwn.call(from.deps, request)) return from.deps[request];
    var found = null;
    if (request.charAt(0) === '/') {
      found = findModule(normalize(request));
    } else if (request.indexOf('./') === 0 || request.indexOf('../') === 0) {
      found = findModule(normalize(dirname(fromId || '') + '/' + request));
    } else {
      found = findModule(normalize(request));
      var dir = dirname(fromId || '');
      while (!found) {
        found = findModule(normalize(dir + '/miniprogram_npm/' + request)) ||
          findModule(normalize(dir + '/node_modules/' + request));
        if (!dir) break;
        dir = dirname(dir);
      }
    }
    return found;
  }
  fx.resolve = resolve;

  var WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) {';

  function makeRequire(fromId) {
    function load(request) {
      if (typeof request !== 'string') throw new TypeError('require() expects a string');
      var id = resolve(request, fromId);
      if (!id) {
        throw new Error('module "' + request + '" is not defined' + (fromId ? ' (required from ' + fromId + ')' : ''));
      }
      return loadModule(id);
    }
    // WeChat's asynchronous (subpackage) form: require(path, onLoad, onError) loads the
    // module in a later job and hands it to onLoad (or the error to onError).
    var req = function (request, onLoad, onError) {
      if (typeof onLoad !== 'function' && typeof onError !== 'function') return load(request);
      req.async(request).then(function (m) { if (typeof onLoad === 'function') onLoad(m); },
        function (e) {
          if (typeof onError === 'function') onError({ mod: request, errMsg: String(e && e.message || e) });
          else throw e;
        });
    };
    req.resolve = function (request) { return resolve(request, fromId); };
    /** require.async(path) -> Promise of the module's exports. */
    req.async = function (request) {
      return Promise.resolve().then(function () { return load(request); });
    };
    return req;
  }

  function loadModule(id) {
    var cached = moduleCache[id];
    if (cached) return cached.exports;
    var def = fx.modules[id];
    if (!def) throw new Error('module "' + id + '" is not defined');
    var module = { id: id, exports: {}, loaded: false, filename: id };
    moduleCache[id] = module;
    var code = def.code;
    if (/\.json$/.test(id) && !/\bmodule\.exports\b|\bexports\b/.test(code)) {
      code = 'module.exports = ' + code;
    }
    var file = def.path || id;
    var base = fx.allocLines(file, countLines(code) + 1);
    var src = '\n'.repeat(base) + WRAP_HEAD + code + '\n})';
    fx.loading.push(id);
    try {
      var fn = (0, eval)(src);
      fn.call(module.exports, module.exports, makeRequire(id), module, '/' + id, '/' + dirname(id));
      module.loaded = true;
    } catch (e) {
      delete moduleCache[id];
      throw e;
    } finally {
      fx.loading.pop();
    }
    return module.exports;
  }
  fx.require = function (id) { return loadModule(id); };
  global.require = makeRequire(null);

  /** Evaluates developer code with its own line range; returns the value. */
  fx.evalScript = function (file, code) {
    var base = fx.allocLines(file, countLines(code));
    return (0, eval)('\n'.repeat(base) + code);
  };

  // ---------------------------------------------------------------- registries
  var pageDefs = {};          // route -> {options, isComponent}
  var componentDefs = {};     // path (no extension) -> options
  var instances = {};         // id -> page or component instance
  var pageStack = [];         // page instances, bottom first
  fx.instances = instances;

  function currentModulePath() {
    var id = fx.loading[fx.loading.length - 1];
    return id ? id.replace(/\.(js|ts)$/, '') : null;
  }

  function copyFields(target, options, skip) {
    for (var k in options) {
      if (!hasOwn.call(options, k) || skip.indexOf(k) !== -1) continue;
      var v = options[k];
      target[k] = typeof v === 'function' ? trackAsync(v) : v === null || typeof v !== 'object' ? v : jsonClone(v);
    }
  }

  function dataOf(def, thisArg) {
    var d = def.data;
    if (typeof d === 'function') d = d.call(thisArg);
    if (d === undefined || d === null) return {};
    return jsonClone(d);
  }

  // ---------------------------------------------------------------- App
  global.App = function (options) {
    if (fx.app) { warn('App() called more than once; ignored'); return; }
    options = options || {};
    var app = {};
    for (var k in options) if (hasOwn.call(options, k)) app[k] = trackAsync(options[k]);
    if (!app.globalData) app.globalData = {};
    fx.app = app;
  };
  global.getApp = function () { return fx.app; };
  global.getCurrentPages = function () { return pageStack.slice(); };

  function callApp(name, args) {
    var app = fx.app;
    if (app && typeof app[name] === 'function') return guard(null, 'App.' + name, app[name], app, args);
  }

  // ---------------------------------------------------------------- shared instance methods
  function baseInstance(id, path, kind) {
    var inst = {};
    Object.defineProperty(inst, '__id', { value: id });
    Object.defineProperty(inst, '__path', { value: path });
    Object.defineProperty(inst, '__kind', { value: kind });
    Object.defineProperty(inst, '__alive', { value: true, writable: true });
    Object.defineProperty(inst, '__mounted', { value: false, writable: true });
    Object.defineProperty(inst, '__prevSnapshot', { value: null, writable: true });
    inst.setData = function (obj, cb) { setData(inst, obj, cb); };
    inst.$spliceData = function (obj, cb) { spliceData(inst, obj, cb); };
    inst.$batchedUpdates = function (fn) { fn.call(inst); };
    inst.selectComponent = function (sel) { return selectComponents(inst, sel)[0] || null; };
    inst.selectAllComponents = function (sel) { return selectComponents(inst, sel); };
    // Alipay's names for them (2.8.0+), on pages and components
    inst.$selectComponent = inst.selectComponent;
    inst.$selectAllComponents = inst.selectAllComponents;
    inst.getPageId = function () { return inst.__pageId || id; };
    // Scoped view queries; the objects come from the bridge's objects.js.
    inst.createSelectorQuery = function () { return fx.createSelectorQuery(inst); };
    inst.createIntersectionObserver = function (o) { return fx.createIntersectionObserver(inst, o); };
    return inst;
  }

  // selectComponent(s): matches '#id', '.class' and tag-less combinations of them
  // (comma lists allowed) against the id/class props the container passed in
  // componentCreate, among the components whose template owner is `owner`.
  function matchesSelector(comp, sel) {
    var props = comp.__selectors || comp.__rawProps || {};
    var m = sel.trim().match(/^(#[\w-]+)?((?:\.[\w-]+)*)$/);
    if (!m || !sel.trim()) return false;
    if (m[1] && props.id !== m[1].slice(1)) return false;
    var classes = String(props['class'] || props.className || '').split(/\s+/);
    var want = m[2] ? m[2].split('.').slice(1) : [];
    for (var i = 0; i < want.length; i++) if (classes.indexOf(want[i]) === -1) return false;
    return true;
  }

  function selectComponents(owner, selector) {
    var sels = String(selector || '').split(',');
    var out = [];
    for (var id in instances) {
      var c = instances[id];
      if (c.__kind !== 'component' || c.__parentId !== owner.__id) continue;
      for (var i = 0; i < sels.length; i++) {
        if (matchesSelector(c, sels[i])) { out.push(c.__exportValue ? c.__exportValue() : c); break; }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- Page
  var PAGE_LIFECYCLES = ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload'];

  global.Page = function (options) {
    var route = currentModulePath();
    if (!route) { warn('Page() must be called while a page module loads'); return; }
    pageDefs[route] = { options: options || {}, isComponent: false };
  };

  function pageDef(route) {
    if (!hasOwn.call(pageDefs, route)) {
      var id = findModule(route);
      if (id) loadModule(id);
    }
    if (hasOwn.call(pageDefs, route)) return pageDefs[route];
    if (hasOwn.call(componentDefs, route)) return { options: componentDefs[route], isComponent: true };
    return null;
  }

  /** Loads a definition with `where` set to its module; false if loading threw. */
  function loadingAs(id, path, fn) {
    var prev = fx.current;
    fx.current = { instanceId: id, path: path, handler: 'module' };
    try {
      return fn();
    } catch (e) {
      fx.reportError(e, fx.current, true);
      return false;
    } finally {
      fx.current = prev;
    }
  }

  function createPage(msg) {
    var route = String(msg.route || '').replace(/^\//, '');
    var query = msg.query || {};
    var def = loadingAs(msg.pageId, route, function () { return pageDef(route); });
    if (def === false) return;
    if (!def) {
      send({ type: 'error', message: 'page "' + route + '" is not registered', stack: '', where: { instanceId: msg.pageId, path: route, handler: null }, kind: 'pageNotFound' });
      var notFound = { path: route, query: query, isEntryPage: pageStack.length === 0 };
      callApp('onPageNotFound', [notFound]);
      emitApiEvent('pageNotFound', notFound);   // my.onPageNotFound / wx.onPageNotFound
      return;
    }
    var inst;
    if (def.isComponent) {
      inst = createComponentInstance(msg.pageId, route, def.options, query, { pageId: msg.pageId, parentId: null, asPage: true });
    } else {
      inst = baseInstance(msg.pageId, route, 'page');
      var opts = def.options;
      copyFields(inst, opts, ['data', 'events']);
      inst.data = dataOf(opts, inst);
      inst.__events = opts.events || {};
      if (fx.dialect === 'alipay' && opts.events) inst.events = opts.events;
      // Alipay pages have observers too, with options.observers (04y1n6)
      if (fx.dialect === 'alipay' && opts.options && opts.options.observers === true) {
        var pageObs = [];
        for (var ok in opts.observers || {}) {
          if (hasOwn.call(opts.observers, ok) && typeof opts.observers[ok] === 'function') pageObs.push([ok, opts.observers[ok]]);
        }
        Object.defineProperty(inst, '__def', { value: { observers: pageObs } });
        Object.defineProperty(inst, '__afterSet', { value: function (paths) { fireObservers(inst, paths); } });
      }
    }
    inst.route = route;
    inst.__route__ = route;
    inst.options = query;
    var channelId = msg.eventChannelId;
    // The channel navigateTo({events}) opened (bridge api.js); an unconnected one otherwise.
    inst.getOpenerEventChannel = function () { return fx.getOpenerEventChannel ? fx.getOpenerEventChannel(channelId) : null; };
    inst.$viewId = msg.pageId;
    Object.defineProperty(inst, '__pageId', { value: msg.pageId });
    instances[msg.pageId] = inst;
    pageStack.push(inst);
    emitInitialData(inst);
    if (msg.defer) return;
    pageHook(inst, 'onLoad', [query]);
    pageHook(inst, 'onShow', []);
  }

  /** Calls a page lifecycle / page event (methods first, then Alipay `events`). */
  function pageHook(inst, name, args) {
    var result;
    if (typeof inst[name] === 'function') result = guard(inst, name, inst[name], inst, args);
    var ev = inst.__events;
    if (ev && typeof ev[name] === 'function') result = guard(inst, 'events.' + name, ev[name], inst, args);
    if (name === 'onShow' || name === 'onHide' || name === 'onResize') {
      var lt = name === 'onShow' ? 'show' : name === 'onHide' ? 'hide' : 'resize';
      forEachComponentOf(inst.__id, function (c) { componentPageLifetime(c, lt, args); });
    }
    // Alipay components' `rootEvents`: the page lifecycles and events of their page
    // (component_object, 2.8.6+).
    if (fx.dialect === 'alipay' && inst.__kind === 'page') {
      forEachComponentOf(inst.__id, function (c) {
        var root = c.__def.options.rootEvents;
        if (root && typeof root[name] === 'function') guard(c, 'rootEvents.' + name, root[name], c, args);
      });
    }
    return result;
  }

  function forEachComponentOf(pageId, fn) {
    for (var id in instances) {
      var c = instances[id];
      if (c.__kind === 'component' && c.__pageId === pageId && !c.__asPage) fn(c);
    }
  }

  function pageLifecycle(msg) {
    var inst = instances[msg.pageId];
    if (!inst) { warn('pageLifecycle ' + msg.name + ': no page ' + msg.pageId); return; }
    var name = msg.name, args = msg.args || [];
    if (name === 'onShow') {
      var i = pageStack.indexOf(inst);
      if (i !== -1 && i !== pageStack.length - 1) { pageStack.splice(i, 1); pageStack.push(inst); }
    }
    var result = pageHook(inst, name, args);
    if (/^on(ShareAppMessage|ShareTimeline|AddToFavorites)$/.test(name)) {
      send({ type: 'result', pageId: msg.pageId, name: name, value: fx.preview(result === undefined ? null : result) });
    }
    if (name === 'onUnload') destroyPage(inst);
  }

  function destroyPage(inst) {
    forEachComponentOf(inst.__id, function (c) { destroyComponent(c); });
    inst.__alive = false;
    delete instances[inst.__id];
    var i = pageStack.indexOf(inst);
    if (i !== -1) pageStack.splice(i, 1);
  }

  // ---------------------------------------------------------------- Component / Behavior
  // Alipay Mixin() (2.8.2+): a registered mixin, which may nest `mixins`; a component
  // asks `this.hasMixin(m)` (and hasMixin('ref') when it defines ref()).
  global.Mixin = function (options) {
    options = options || {};
    Object.defineProperty(options, '__fxMixin', { value: true });
    return options;
  };

  global.Behavior = function (options) {
    options = options || {};
    Object.defineProperty(options, '__fxBehavior', { value: true });
    return options;
  };

  global.Component = function (options) {
    var path = currentModulePath();
    if (!path) { warn('Component() must be called while a component module loads'); return; }
    componentDefs[path] = options || {};
  };

  function componentDef(path) {
    path = String(path).replace(/^\//, '').replace(/\.(js|ts)$/, '');
    if (!hasOwn.call(componentDefs, path)) {
      var id = findModule(path);
      if (id) loadModule(id);
    }
    return hasOwn.call(componentDefs, path) ? { path: path, options: componentDefs[path] } : null;
  }

  var PROP_DEFAULTS = { String: '', Number: 0, Boolean: false, Object: null, Array: [] };

  function typeName(t) {
    if (t === String) return 'String';
    if (t === Number) return 'Number';
    if (t === Boolean) return 'Boolean';
    if (t === Object) return 'Object';
    if (t === Array) return 'Array';
    return null;
  }

  function normalizeProperty(spec) {
    if (spec === null || typeof spec === 'function') {
      var tn = typeName(spec);
      return { type: tn, value: tn ? jsonClone(PROP_DEFAULTS[tn]) : null, observer: null };
    }
    var t = typeName(spec.type);
    var value = hasOwn.call(spec, 'value') ? spec.value : (t ? PROP_DEFAULTS[t] : null);
    return { type: t, value: jsonClone(value), observer: spec.observer || null };
  }

  function coerceProperty(prop, v) {
    if (v === undefined) return jsonClone(prop.value);
    switch (prop.type) {
      case 'Number': return typeof v === 'number' ? v : (isNaN(Number(v)) ? 0 : Number(v));
      case 'String': return v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
      case 'Boolean': return !!v;
      default: return resolveFunctionRef(v);
    }
  }

  /** Flattens WeChat behaviors / Alipay mixins into one definition. */
  function mergeDefinition(options) {
    var merged = {
      data: {}, props: {}, properties: {}, methods: {}, observers: [], lifetimes: {},
      pageLifetimes: {}, hooks: {}, behaviors: [], exportFn: null, options: options,
    };
    var seen = [];
    function addHook(table, name, fn) {
      if (typeof fn !== 'function') return;
      (table[name] || (table[name] = [])).push(fn);
    }
    function apply(def) {
      if (!def || typeof def !== 'object') {
        if (typeof def === 'string') merged.behaviors.push(def);
        return;
      }
      if (seen.indexOf(def) !== -1) return;
      seen.push(def);
      (def.behaviors || []).forEach(apply);
      (def.mixins || []).forEach(apply);
      if (def !== options) merged.behaviors.push(def);
      var d = def.data;
      if (d && typeof d === 'object') Object.assign(merged.data, jsonClone(d));
      if (def.props) Object.assign(merged.props, def.props);
      var props = def.properties || {};
      for (var pk in props) if (hasOwn.call(props, pk)) merged.properties[pk] = normalizeProperty(props[pk]);
      if (def.methods) Object.assign(merged.methods, def.methods);
      var obs = def.observers || {};
      for (var ok in obs) if (hasOwn.call(obs, ok) && typeof obs[ok] === 'function') merged.observers.push([ok, obs[ok]]);
      ['created', 'attached', 'ready', 'moved', 'detached', 'error'].forEach(function (n) {
        addHook(merged.lifetimes, n, def.lifetimes && def.lifetimes[n] ? def.lifetimes[n] : def[n]);
      });
      ['show', 'hide', 'resize', 'routeDone'].forEach(function (n) {
        addHook(merged.pageLifetimes, n, def.pageLifetimes && def.pageLifetimes[n]);
      });
      ['onInit', 'deriveDataFromProps', 'didMount', 'didUpdate', 'didUnmount'].forEach(function (n) {
        addHook(merged.hooks, n, def[n]);
      });
      if (typeof def.export === 'function') merged.exportFn = def.export;
      if (typeof def.ref === 'function') merged.refFn = def.ref;
    }
    apply(options);
    if (typeof options.data === 'function') merged.dataFn = options.data;
    return merged;
  }

  function runHooks(inst, table, name, args) {
    var fns = table[name];
    if (!fns) return;
    for (var i = 0; i < fns.length; i++) guard(inst, name, fns[i], inst, args);
  }

  // -- observers (WeChat; Alipay with options.observers)
  var observerDepth = 0;

  function parseObserverField(field) {
    field = field.trim();
    if (field === '**') return { parts: [], deep: true };
    var deep = /\.\*\*$/.test(field);
    if (deep) field = field.slice(0, -3);
    return { parts: parsePath(field) || [field], deep: deep };
  }

  function pathsOverlap(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
    return true;
  }

  /** What observer arguments read: WeChat the data (properties included), Alipay
   *  `{...this.props, ...this.data}` (04y1n6, 注意事项). */
  function observedData(inst) {
    return inst.props && fx.dialect === 'alipay' ? Object.assign({}, inst.props, inst.data) : inst.data;
  }

  function fireObservers(inst, changed) {
    var defs = inst.__def.observers;
    if (!defs.length) return;
    if (observerDepth > 32) {
      // An observer that sets what it observes never settles: stop and say where.
      if (observerDepth === 33) {
        observerDepth++;
        fx.reportError(new Error('observers keep calling setData on what they observe (33 nested runs): stopped'), whereOf(inst, 'observers'), true);
      }
      return;
    }
    observerDepth++;
    try {
      for (var i = 0; i < defs.length; i++) {
        var fields = defs[i][0].split(',').map(parseObserverField);
        var hit = false;
        for (var f = 0; f < fields.length && !hit; f++) {
          for (var c = 0; c < changed.length && !hit; c++) {
            var fp = fields[f].parts, cp = changed[c];
            // Without '**' a field fires when it or anything above it was set, or when
            // a sub-path of it changed (WeChat fires 'a' for setData({'a.b': 1})).
            if (pathsOverlap(fp, cp)) hit = true;
          }
        }
        if (!hit) continue;
        var src = observedData(inst);
        var args = fields.map(function (fld) { return fld.parts.length ? getPath(src, fld.parts) : src; });
        guard(inst, 'observers["' + defs[i][0] + '"]', defs[i][1], inst, args);
      }
    } finally {
      observerDepth--;
    }
  }

  function firePropertyObservers(inst, name, newVal, oldVal) {
    var p = inst.__def.properties[name];
    if (!p || !p.observer) return;
    var fn = typeof p.observer === 'string' ? inst[p.observer] : p.observer;
    if (typeof fn === 'function') guard(inst, 'properties.' + name + '.observer', fn, inst, [newVal, oldVal, [name]]);
  }

  function snapshot(inst) {
    return { props: jsonClone(inst.props || {}), data: jsonClone(inst.data) };
  }

  function makeParentCallback(compInst, name, handlerName) {
    return function () {
      var parent = instances[compInst.__parentId];
      if (!parent) { warn('props.' + name + ': parent of ' + compInst.__path + ' is gone'); return undefined; }
      var fn = parent[handlerName];
      if (typeof fn !== 'function') {
        warn('props.' + name + ': "' + handlerName + '" is not a method of ' + parent.__path);
        return undefined;
      }
      return fn.apply(parent, arguments);
    };
  }

  /** Alipay props: defaults, then passed values; onX / catchX strings call the parent.
   *  `ref` names the parent's ref callback (component2): it is no prop. */
  function alipayProps(inst, defaults, passed) {
    var props = jsonClone(defaults) || {};
    for (var k in defaults) if (typeof defaults[k] === 'function') props[k] = defaults[k];
    for (var p in passed) {
      if (!hasOwn.call(passed, p) || p === 'ref') continue;
      var v = passed[p];
      // The view sends event-bound props as {$handler: name} (docs/internals.md §4).
      if (v && typeof v === 'object' && typeof v.$handler === 'string') v = v.$handler;
      if (/^(on|catch)[A-Z]/.test(p) && typeof v === 'string') props[p] = makeParentCallback(inst, p, v);
      else props[p] = v;
    }
    return props;
  }

  /** An Alipay prop as the view renders it: JSON, with functions (defaults or parent
   *  callbacks) as truthy placeholders so `{{onTap ? 'onTap' : ''}}` reads as on Alipay. */
  function viewPropValue(inst, k) {
    var raw = inst.__rawProps[k];
    if (raw && typeof raw === 'object' && typeof raw.$handler === 'string') return raw;
    var v = inst.props[k];
    if (typeof v === 'function') return '[Function ' + (v.name || k) + ']';
    var c = cloneData(v, k, [], []);
    return c === undefined ? null : c;
  }

  /** The resolved props the view renders (`keys` null: all of them). */
  function viewProps(inst, keys) {
    var out = {};
    for (var k in inst.props) if (hasOwn.call(inst.props, k) && (!keys || keys.indexOf(k) !== -1)) out[k] = viewPropValue(inst, k);
    return out;
  }

  /** Alipay component2 `ref="name"` on a component tag: the owner's `name(ref)` runs once
   *  the component is created, with its `ref()` value when it defines one. */
  function callRefCallback(inst) {
    var name = inst.__rawProps.ref;
    if (typeof name !== 'string' || !name) return;
    var owner = instances[inst.__parentId];
    var fn = owner && owner[name];
    if (typeof fn !== 'function' && owner && owner.__events) fn = owner.__events[name];
    if (typeof fn !== 'function') {
      warn('ref="' + name + '": "' + name + '" is not a method of ' + (owner ? owner.__path : inst.__parentId));
      return;
    }
    guard(owner, 'ref ' + name, fn, owner, [inst.__exportValue ? inst.__exportValue() : inst]);
  }

  function createComponentInstance(id, path, options, passed, ctx) {
    var def = mergeDefinition(options);
    var inst = baseInstance(id, path, 'component');
    Object.defineProperty(inst, '__def', { value: def });
    Object.defineProperty(inst, '__pageId', { value: ctx.pageId });
    Object.defineProperty(inst, '__parentId', { value: ctx.parentId });
    Object.defineProperty(inst, '__asPage', { value: !!ctx.asPage });
    Object.defineProperty(inst, '__rawProps', { value: passed || {}, writable: true });
    inst.is = '/' + path;
    inst.id = passed && passed.id || '';
    // Alipay's component number; WeChat has none (antd-mini's WeChat build tests this.$id
    // to tell Alipay from WeChat)
    if (fx.dialect === 'alipay') inst.$id = parseInt(String(id).replace(/^\D+/, ''), 10) || 0;
    inst.$page = instances[ctx.pageId] || null;
    inst.router = null;
    for (var m in def.methods) if (hasOwn.call(def.methods, m)) inst[m] = trackAsync(def.methods[m]);
    inst.hasBehavior = function (b) { return def.behaviors.indexOf(b) !== -1; };
    inst.hasMixin = function (m) {
      return m === 'ref' ? !!def.refFn : !!(m && m.__fxMixin) && def.behaviors.indexOf(m) !== -1;
    };
    inst.triggerEvent = function (name, detail, opts) {
      send({ type: 'triggerEvent', compId: id, name: String(name), detail: eventDetail(detail === undefined ? {} : detail), options: toJson(opts || {}) });
    };
    inst.selectOwnerComponent = function () {
      var p = instances[ctx.parentId];
      return p && p.__kind === 'component' ? p : null;
    };
    var exportFn = fx.dialect === 'alipay' ? def.refFn : def.exportFn;
    if (exportFn) Object.defineProperty(inst, '__exportValue', { value: function () { return exportFn.call(inst); } });
    var data = def.data;
    if (def.dataFn) data = Object.assign(data, jsonClone(def.dataFn.call(inst)) || {});
    inst.data = data;
    instances[id] = inst;
    if (fx.dialect === 'alipay' && !ctx.asPage) {
      inst.props = alipayProps(inst, def.props, passed || {});
      Object.defineProperty(inst, '__viewProps', { value: function (keys) { return viewProps(inst, keys); } });
      var opts = def.options.options || {};
      if (opts.observers === true) {
        Object.defineProperty(inst, '__pendingObs', { value: null, writable: true });
        Object.defineProperty(inst, '__inLateObservers', { value: false, writable: true });
        Object.defineProperty(inst, '__afterSet', { value: function (paths) { alipayObserve(inst, paths); } });
      }
      Object.defineProperty(inst, '__lifetimes', { value: opts.lifetimes === true });
      if (inst.__lifetimes) runHooks(inst, def.lifetimes, 'created', []);
      if (fx.component2) {
        runHooks(inst, def.hooks, 'onInit', []);
        runHooks(inst, def.hooks, 'deriveDataFromProps', [inst.props]);
      }
      if (inst.__lifetimes) runHooks(inst, def.lifetimes, 'attached', []);
    } else {
      var props = def.properties;
      inst.properties = inst.data;
      for (var pk in props) {
        if (hasOwn.call(props, pk)) inst.data[pk] = jsonClone(props[pk].value);
      }
      runHooks(inst, def.lifetimes, 'created', []);
      Object.defineProperty(inst, '__afterSet', { value: function (paths) { fireObservers(inst, paths); } });
      if (ctx.asPage) applyQueryAsProperties(inst, passed || {});
      else applyProperties(inst, passed || {}, true);
      runHooks(inst, def.lifetimes, 'attached', []);
    }
    Object.defineProperty(inst, '__inDidUpdate', { value: false, writable: true });
    Object.defineProperty(inst, '__onFlushed', {
      value: fx.dialect === 'alipay' && !ctx.asPage ? function (prev) {
        // didUpdate runs when the data changed (a setData that changed nothing is no update).
        if (prev && JSON.stringify(prev.data) !== JSON.stringify(inst.data)) runDidUpdate(inst, prev);
        flushLateObservers(inst);
      } : null,
    });
    return inst;
  }

  /** Alipay observers: with component2 at once (after deriveDataFromProps, before the
   *  children update); without it after didMount/didUpdate, and a setData made by an
   *  observer then does not trigger observers again (04y1n6, 注意事项). */
  function alipayObserve(inst, paths) {
    if (fx.component2) { fireObservers(inst, paths); return; }
    if (inst.__inLateObservers) return;
    inst.__pendingObs = (inst.__pendingObs || []).concat(paths);
  }

  function flushLateObservers(inst) {
    var paths = inst.__pendingObs;
    if (!paths || !paths.length) return;
    inst.__pendingObs = null;
    // They belong to the update that ran didUpdate: their setData starts no new one.
    inst.__inLateObservers = true;
    inst.__inDidUpdate = true;
    try { fireObservers(inst, paths); } finally { inst.__inLateObservers = false; inst.__inDidUpdate = false; }
  }

  function runDidUpdate(inst, prev) {
    inst.__inDidUpdate = true;
    try {
      runHooks(inst, inst.__def.hooks, 'didUpdate', [prev.props, prev.data]);
    } finally {
      inst.__inDidUpdate = false;
    }
  }

  function applyQueryAsProperties(inst, query) {
    for (var k in query) {
      var p = inst.__def.properties[k];
      if (p) inst.data[k] = coerceProperty(p, query[k]);
    }
  }

  /** WeChat: sets passed properties, firing property observers and observers. */
  function applyProperties(inst, passed, initial) {
    var props = inst.__def.properties, changed = [], b = null;
    for (var k in passed) {
      if (!hasOwn.call(passed, k) || !hasOwn.call(props, k)) continue;
      var v = coerceProperty(props[k], passed[k]);
      var old = inst.data[k];
      if (old === v || (typeof v !== 'function' && typeof old !== 'function'
          && JSON.stringify(old) === JSON.stringify(v))) continue;
      inst.data[k] = v;
      if (!initial) {
        b = b || batchFor(inst);
        // a function property shows in the child's view as the reference it came as
        var shown = typeof v === 'function' ? passed[k] : v === undefined ? null : v;
        b.ops.push('["set",' + JSON.stringify(escapeKey(k)) + ',' + JSON.stringify(shown) + ']');
      }
      firePropertyObservers(inst, k, v, old);
      changed.push([k]);
    }
    if (changed.length) fireObservers(inst, changed);
  }

  function createComponent(msg) {
    var found = loadingAs(msg.compId, msg.path, function () { return componentDef(msg.path); });
    if (found === false) return;
    if (!found) {
      send({ type: 'error', message: 'component "' + msg.path + '" is not registered', stack: '', where: { instanceId: msg.compId, path: msg.path, handler: null }, kind: 'componentNotFound' });
      return;
    }
    var inst = createComponentInstance(msg.compId, found.path, found.options, msg.props || {},
      { pageId: msg.pageId, parentId: msg.parentId || msg.pageId, asPage: false });
    // The host tag's id and class (view componentCreate), else what props carry.
    var raw = msg.props || {};
    Object.defineProperty(inst, '__selectors', { value: {
      id: msg.id !== undefined ? msg.id : raw.id,
      'class': msg['class'] !== undefined ? msg['class'] : (raw['class'] || raw.className) } });
    if (msg.id !== undefined && !inst.id) inst.id = msg.id;
    emitInitialData(inst);
    if (fx.component2) callRefCallback(inst);
  }

  function componentProps(msg) {
    var inst = instances[msg.compId];
    if (!inst) return;
    var passed = msg.props || {};
    inst.__rawProps = Object.assign({}, inst.__rawProps, passed);
    if (passed.id !== undefined) inst.id = passed.id;
    if (fx.dialect === 'alipay') {
      var prev = snapshot(inst);
      var nextProps = alipayProps(inst, inst.__def.props, inst.__rawProps);
      if (fx.component2) runHooks(inst, inst.__def.hooks, 'deriveDataFromProps', [nextProps]);
      inst.props = nextProps;
      // The view seeded the passed values; a removed prop falls back to its default.
      var b = null;
      for (var k in passed) {
        if (!hasOwn.call(passed, k) || k === 'ref') continue;
        var shown = viewPropValue(inst, k);
        if (JSON.stringify(shown) === JSON.stringify(passed[k] === undefined ? null : passed[k])) continue;
        b = b || batchFor(inst);
        b.ops.push('["set",' + JSON.stringify('props.' + escapeKey(k)) + ',' + JSON.stringify(shown) + ']');
      }
      // Observers of props that are no data field (a same-named data field hides it).
      if (inst.__afterSet) {
        var propPaths = [];
        for (var pk in passed) if (hasOwn.call(passed, pk) && pk !== 'ref' && !hasOwn.call(inst.data, pk)) propPaths.push([pk]);
        if (propPaths.length) alipayObserve(inst, propPaths);
      }
      runDidUpdate(inst, prev);
      flushLateObservers(inst);
      inst.__prevSnapshot = null;   // this turn's didUpdate has run
    } else {
      applyProperties(inst, passed, false);
    }
  }

  function componentReady(msg) {
    var inst = instances[msg.compId];
    if (!inst) return;
    inst.__mounted = true;
    if (fx.dialect === 'alipay') {
      runHooks(inst, inst.__def.hooks, 'didMount', []);
      flushLateObservers(inst);
      if (inst.__lifetimes) runHooks(inst, inst.__def.lifetimes, 'ready', []);
    } else runHooks(inst, inst.__def.lifetimes, 'ready', []);
  }

  function componentPageLifetime(inst, name, args) {
    if (fx.dialect !== 'alipay') runHooks(inst, inst.__def.pageLifetimes, name, args || []);
  }

  function destroyComponent(inst) {
    if (!inst.__alive) return;
    if (fx.dialect === 'alipay') {
      runHooks(inst, inst.__def.hooks, 'didUnmount', []);
      if (inst.__lifetimes) runHooks(inst, inst.__def.lifetimes, 'detached', []);
    } else runHooks(inst, inst.__def.lifetimes, 'detached', []);
    inst.__alive = false;
    delete instances[inst.__id];
  }

  // ---------------------------------------------------------------- events
  // WeChat runs a triggerEvent's listeners in the same JS context, so a detail may be any
  // object (antd-mini's form items send themselves: triggerEvent('ref', this)). Such a
  // detail stays here; the event crosses the view with a token and gets it back.
  var heldDetails = {}, heldOrder = [], nextHeld = 1, HELD_MAX = 256;

  function plainJson(v, depth) {
    if (v === null || typeof v !== 'object') return typeof v !== 'function' && typeof v !== 'symbol';
    if (depth > 32) return false;
    var proto = Object.getPrototypeOf(v);
    if (Array.isArray(v)) return v.every(function (x) { return plainJson(x, depth + 1); });
    if (proto !== Object.prototype && proto !== null) return false;
    for (var k in v) if (hasOwn.call(v, k) && !plainJson(v[k], depth + 1)) return false;
    return true;
  }

  function eventDetail(detail) {
    if (plainJson(detail, 0)) return toJson(detail);
    var token = nextHeld++;
    heldDetails[token] = detail;
    heldOrder.push(token);
    if (heldOrder.length > HELD_MAX) delete heldDetails[heldOrder.shift()];
    return { $fxHeldDetail: token, preview: fx.preview(detail) };
  }

  function withHeldDetail(event) {
    var d = event && event.detail;
    if (!d || typeof d !== 'object' || !hasOwn.call(d, '$fxHeldDetail') || !hasOwn.call(heldDetails, d.$fxHeldDetail)) return event;
    var out = {};
    for (var k in event) if (hasOwn.call(event, k)) out[k] = event[k];
    out.detail = heldDetails[d.$fxHeldDetail];
    return out;
  }

  function handleEvent(msg) {
    var inst = instances[msg.instanceId];
    if (!inst) { warn('event ' + msg.handler + ': no instance ' + msg.instanceId); return; }
    var name = msg.handler;
    var fn = inst[name];
    if (typeof fn !== 'function' && inst.__kind === 'page' && inst.__events) fn = inst.__events[name];
    if (typeof fn !== 'function') {
      warn((inst.__kind === 'page' ? 'Page "' : 'Component "') + inst.__path + '" does not have a method "' + name + '" to handle event');
      return;
    }
    guard(inst, name, fn, inst, [msg.event === undefined ? {} : withHeldDetail(msg.event)]);
  }

  // ---------------------------------------------------------------- bridge hooks
  var apiCalls = {};
  var nextCallId = 1;
  var apiListeners = {};

  /** Sends an `api` message; the promise settles on the matching `apiResult`. */
  fx.invokeApi = function (name, args) {
    var callId = nextCallId;
    // Sent before the promise exists: past the output budget the call throws to the
    // caller (a rejection would let a runaway loop go on).
    send({ type: 'api', callId: callId, name: String(name), args: toJson(args) });
    nextCallId++;
    return new Promise(function (resolveFn, rejectFn) {
      apiCalls[callId] = { resolve: resolveFn, reject: rejectFn };
    });
  };

  /** Registers a listener for host `apiEvent`s; returns a function that removes it. */
  fx.onApiEvent = function (name, fn) {
    (apiListeners[name] || (apiListeners[name] = [])).push(fn);
    return function () { fx.offApiEvent(name, fn); };
  };
  fx.offApiEvent = function (name, fn) {
    var list = apiListeners[name];
    if (!list) return;
    if (fn === undefined) { delete apiListeners[name]; return; }
    var i = list.indexOf(fn);
    if (i !== -1) list.splice(i, 1);
  };

  function apiResult(msg) {
    var call = apiCalls[msg.callId];
    if (!call) return;
    delete apiCalls[msg.callId];
    if (msg.ok) call.resolve(msg.result);
    else call.reject(msg.result);
  }

  /** Calls the listeners of a host event (also fired by the runtime: error, unhandledRejection). */
  function emitApiEvent(name, payload) {
    var list = apiListeners[name];
    if (!list || !list.length) return;
    list = list.slice();
    for (var i = 0; i < list.length; i++) guard(null, 'on ' + name, list[i], undefined, [payload]);
  }

  function apiEvent(msg) { emitApiEvent(msg.name, msg.payload); }

  /** JSON merge patch (RFC 7386) into the mirrored *Sync state. */
  function mergePatch(target, patch) {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
    if (target === null || typeof target !== 'object' || Array.isArray(target)) target = {};
    for (var k in patch) {
      if (!hasOwn.call(patch, k)) continue;
      if (patch[k] === null) delete target[k];
      else target[k] = mergePatch(target[k], patch[k]);
    }
    return target;
  }
  fx.mergePatch = mergePatch;

  function devEval(msg) {
    var prev = fx.current;
    fx.current = { instanceId: null, path: null, handler: 'eval' };
    try {
      var v = fx.evalScript('eval', String(msg.code));
      send({ type: 'evalResult', ok: true, value: fx.preview(v) });
    } catch (e) {
      send({ type: 'evalResult', ok: false, value: fx.errorText(e) });
    } finally {
      fx.current = prev;
    }
  }

  // ---------------------------------------------------------------- dispatch
  var handlers = {
    appLaunch: function (m) {
      var o = m.options || {};
      callApp('onLaunch', [o]);
      callApp('onShow', [o]);
    },
    appShow: function (m) {
      callApp('onShow', [m.options || {}]);
      var top = pageStack[pageStack.length - 1];
      if (top) pageHook(top, 'onShow', []);
    },
    appHide: function () {
      var top = pageStack[pageStack.length - 1];
      if (top) pageHook(top, 'onHide', []);
      callApp('onHide', []);
    },
    pageCreate: createPage,
    pageReady: function (m) {
      var inst = instances[m.pageId];
      if (!inst) return;
      if (inst.__asPage) runHooks(inst, inst.__def.lifetimes, 'ready', []);
      pageHook(inst, 'onReady', []);
    },
    pageLifecycle: pageLifecycle,
    componentCreate: createComponent,
    componentProps: componentProps,
    componentReady: componentReady,
    componentDestroy: function (m) { var c = instances[m.compId]; if (c) destroyComponent(c); },
    event: handleEvent,
    // model:value two-way binding: the view reports the new value, the owner's data follows.
    modelUpdate: function (m) {
      var inst = instances[m.instanceId];
      if (!inst) return;
      var patch = {};
      patch[m.path] = m.value;
      guard(inst, 'model:' + m.path, function () { setData(inst, patch); }, inst, []);
    },
    apiResult: apiResult,
    apiEvent: apiEvent,
    flushed: function (m) { runFlushed(m.ids || []); },
    eval: devEval,
    syncState: function (m) { fx.syncState = mergePatch(fx.syncState, m.patch); },
  };

  /** Entry point of a turn: one inbound message (JSON text) at runtime time `now`. */
  fx.dispatch = function (json, now) {
    fx.markTurn(now);
    var msg = JSON.parse(json);
    var h = handlers[msg.type];
    if (!h) { warn('unknown inbound message type "' + msg.type + '"'); return; }
    h(msg);
  };

  /** Loads the app's entry module (app.js) as the boot turn. */
  fx.boot = function () {
    var id = findModule('app');
    if (!id) return;
    var prev = fx.current;
    fx.current = { instanceId: null, path: id, handler: 'module' };
    try { loadModule(id); } catch (e) { fx.reportError(e, fx.current, false); } finally { fx.current = prev; }
  };

  /** Drops everything the turn produced (the engine could not end it). */
  fx.dropTurn = function () {
    fx.outbox = [];
    batches = {};
    batchOrder = [];
    resetBudget();
  };

  /** Ends a turn: emits batched setData, returns the outbox as a JSON array text. */
  fx.endTurn = function () {
    if (overflow && !overflow.reported) reportOverflow(null);
    flushBatches();
    resetBudget();
    // join() yields a flat string; '+' can yield a rope the binding cannot convert.
    var out = ['[', fx.outbox.join(','), ']'].join('');
    fx.outbox = [];
    return out;
  };

  // Empty API namespaces until the bridge's api.js fills them.
  global.my = global.my || {};
  global.wx = global.wx || {};
  global.global = global;
  if (fx.dialect === 'wechat') global.__wxConfig = fx.appConfig;
})(globalThis);
