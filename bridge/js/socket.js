/* fanxing bridge: SocketTask (what connectSocket returns) and the routing of socket
 * events (bridge/socket.py) to a task's listeners and to the global on<Socket*> ones,
 * which only hear the default socket (WeChat: the latest; Alipay: the one opened
 * without `multiple`).
 */
(function (global) {
  'use strict';

  var fx = global.__fx;
  var kit = fx && fx.apiKit;
  if (!kit) return;
  var tasks = {};
  var defaultId = null;
  var nextId = 1;
  var EVENTS = { socketOpen: 'Open', socketMessage: 'Message', socketError: 'Error',
    socketClose: 'Close' };

  function strip(payload) {
    var out = {};
    for (var k in payload) if (k !== 'taskId') out[k] = payload[k];
    if (kit.isWx) delete out.isBuffer;
    return out;
  }

  Object.keys(EVENTS).forEach(function (event) {
    fx.apiEventFilters[event] = function (payload) {
      return payload && payload.taskId === defaultId ? strip(payload) : undefined;
    };
    fx.onApiEvent(event, function (payload) {
      var task = payload && tasks[payload.taskId];
      if (!task) return;
      var data = strip(payload);
      if (event === 'socketMessage') data = kit.revive(data);
      if (event === 'socketClose') { task.readyState = 3; delete tasks[payload.taskId]; }
      if (event === 'socketOpen') task.readyState = 1;
      task._fire(EVENTS[event], data);
    });
  });

  // Global message payloads carry ArrayBuffers too.
  var messageFilter = fx.apiEventFilters.socketMessage;
  fx.apiEventFilters.socketMessage = function (payload) {
    var out = messageFilter(payload);
    return out === undefined ? undefined : kit.revive(out);
  };

  function call(name, args, opts) {
    var split = kit.splitArgs({}, [opts]);
    for (var k in split.args) args[k] = split.args[k];
    if (args.data !== undefined && typeof args.data !== 'string') {
      args.data = { __fxArrayBuffer: kit.arrayBufferToBase64(args.data) };
    }
    return kit.deliverResult(fx.invokeApi(name, args), split.callbacks, null);
  }

  fx.apiFactories.socketTask = function (full, args) {
    var id = 'ws' + nextId++;
    args.taskId = id;
    if (kit.isWx || !args.multiple) defaultId = id;
    var ns = full.slice(0, full.lastIndexOf('.'));
    var listeners = {};
    var task = {
      readyState: 0,
      send: function (opts) { return call(ns + '.sendSocketMessage', { taskId: id }, opts); },
      close: function (opts) { return call(ns + '.closeSocket', { taskId: id }, opts); },
      _fire: function (name, data) {
        (listeners[name] || []).slice().forEach(function (fn) { kit.callSafely(fn, data); });
      },
    };
    Object.defineProperty(task, '_fire', { enumerable: false });
    ['Open', 'Message', 'Error', 'Close'].forEach(function (name) {
      task['on' + name] = function (fn) { (listeners[name] || (listeners[name] = [])).push(fn); };
      task['off' + name] = function (fn) {
        listeners[name] = fn === undefined ? [] : (listeners[name] || []).filter(function (l) { return l !== fn; });
      };
    });
    tasks[id] = task;
    // WeChat always hands back the task; Alipay only with `multiple: true`.
    return kit.isWx || args.multiple ? task : null;
  };
})(globalThis);
