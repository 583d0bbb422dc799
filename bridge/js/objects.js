/* fanxing bridge: API objects built in JS (evaluated after api.js).
 *
 * SelectorQuery / NodesRef, IntersectionObserver, Animation, canvas / video contexts,
 * getPerformance, nextTick, getExptInfoSync. Whatever needs the view goes to
 * the host through internal calls (fx.viewQuery, fx.observe); whatever a context does
 * (play, draw…) is sent as fx.mediaContext {kind, id, method, args} and recorded by the
 * host. Registered as __fx.apiFactories[name] (profile table mirror 'new:<name>').
 */
(function (global) {
  'use strict';

  var fx = global.__fx;
  var kit = fx && fx.apiKit;
  if (!kit) return;
  var factories = fx.apiFactories;
  var hasOwn = Object.prototype.hasOwnProperty;
  var noop = function () {};

  function currentPage() {
    var pages = typeof global.getCurrentPages === 'function' ? global.getCurrentPages() : [];
    return pages.length ? pages[pages.length - 1] : null;
  }

  /** {pageId, scopeId} of a page or component instance (default: the current page). */
  function scopeOf(inst) {
    inst = inst || currentPage();
    if (!inst) return { pageId: null, scopeId: null };
    var id = inst.__id || null;
    var pageId = typeof inst.getPageId === 'function' ? inst.getPageId() : id;
    return { pageId: pageId, scopeId: id === pageId ? null : id };
  }

  function internal(name, args) {
    return fx.invokeApi(name, args);
  }

  // ---------------------------------------------------------------- SelectorQuery
  function SelectorQuery(inst) {
    this._scope = inst || null;
    this._requests = [];
    this._callbacks = [];
  }

  SelectorQuery.prototype['in'] = function (inst) { this._scope = inst; return this; };
  SelectorQuery.prototype.select = function (sel) { return new NodesRef(this, sel, false, false); };
  SelectorQuery.prototype.selectAll = function (sel) { return new NodesRef(this, sel, true, false); };
  SelectorQuery.prototype.selectViewport = function () { return new NodesRef(this, null, false, true); };
  SelectorQuery.prototype.exec = function (cb) {
    var self = this, scope = scopeOf(this._scope);
    var requests = this._requests, callbacks = this._callbacks;
    this._requests = []; this._callbacks = [];
    var done = internal('fx.viewQuery', { pageId: scope.pageId, scopeId: scope.scopeId,
      requests: requests });
    done.then(function (results) {
      results = Array.isArray(results) ? results.map(reviveNodes) : [];
      for (var i = 0; i < callbacks.length; i++) kit.callSafely(callbacks[i], results[i]);
      kit.callSafely(cb, results);
    }, function (err) {
      kit.report(new Error('SelectorQuery.exec failed: ' + JSON.stringify(err)));
    });
    return self;
  };

  function NodesRef(query, selector, all, viewport) {
    this._query = query;
    this._selector = selector;
    this._all = all;
    this._viewport = viewport;
  }

  NodesRef.prototype.fields = function (fields, cb) {
    var f = {};
    for (var k in fields) if (hasOwn.call(fields, k)) f[k] = fields[k];
    this._query._requests.push({ selector: this._selector, all: this._all,
      viewport: this._viewport, fields: f });
    this._query._callbacks.push(cb);
    return this._query;
  };
  NodesRef.prototype.boundingClientRect = function (cb) {
    return this.fields({ id: true, dataset: true, rect: true, size: true }, cb);
  };
  NodesRef.prototype.scrollOffset = function (cb) {
    return this.fields({ id: true, dataset: true, scrollOffset: true }, cb);
  };
  NodesRef.prototype.context = function (cb) { return this.fields({ context: true }, cb); };
  NodesRef.prototype.node = function (cb) { return this.fields({ node: true }, cb); };

  fx.createSelectorQuery = function (inst) { return new SelectorQuery(inst); };
  factories.selectorQuery = function () { return new SelectorQuery(null); };

  // ---------------------------------------------------------------- IntersectionObserver
  function IntersectionObserver(inst, options) {
    options = options || {};
    this._scope = inst || null;
    this._thresholds = Array.isArray(options.thresholds) && options.thresholds.length
      ? options.thresholds.slice() : [0];
    this._initial = typeof options.initialRatio === 'number' ? options.initialRatio : 0;
    this._all = !!(options.observeAll || options.selectAll);
    this._relative = [];
    this._live = true;
  }

  IntersectionObserver.prototype.relativeTo = function (sel, margins) {
    this._relative.push({ selector: sel, margins: margins || {} });
    return this;
  };
  IntersectionObserver.prototype.relativeToViewport = function (margins) {
    this._relative.push({ selector: null, margins: margins || {} });
    return this;
  };
  IntersectionObserver.prototype.observe = function (target, cb) {
    var self = this, scope = scopeOf(this._scope);
    if (!this._relative.length) this._relative.push({ selector: null, margins: {} });
    internal('fx.observe', { pageId: scope.pageId, scopeId: scope.scopeId, target: target,
      all: this._all, relativeTo: this._relative, thresholds: this._thresholds })
      .then(function (records) {
        (records || []).forEach(function (r) {
          if (self._live && crosses(self._initial, r.intersectionRatio, self._thresholds)) {
            kit.callSafely(cb, r);
          }
        });
      }, function (err) {
        kit.report(new Error('IntersectionObserver.observe failed: ' + JSON.stringify(err)));
      });
    return this;
  };
  IntersectionObserver.prototype.disconnect = function () { this._live = false; };

  /** A callback fires when the ratio moved across one of the thresholds. */
  function crosses(from, to, thresholds) {
    for (var i = 0; i < thresholds.length; i++) {
      var t = thresholds[i];
      if ((from < t && to >= t && to > from) || (from >= t && to < t)) return true;
      if (t === 0 && from === 0 && to > 0) return true;
    }
    return false;
  }

  fx.createIntersectionObserver = function (inst, options) {
    return new IntersectionObserver(inst, options);
  };
  factories.intersectionObserver = function (full, argv) {
    // wx.createIntersectionObserver(component, options) / my.createIntersectionObserver(options)
    var a = argv[0], b = argv[1];
    if (a && typeof a === 'object' && a.__id) return new IntersectionObserver(a, b);
    return new IntersectionObserver(null, a);
  };

  // ---------------------------------------------------------------- Animation
  var ANIMATION_METHODS = ['opacity', 'backgroundColor', 'width', 'height', 'top', 'left',
    'bottom', 'right', 'rotate', 'rotateX', 'rotateY', 'rotateZ', 'rotate3d', 'scale', 'scaleX',
    'scaleY', 'scaleZ', 'scale3d', 'translate', 'translateX', 'translateY', 'translateZ',
    'translate3d', 'skew', 'skewX', 'skewY', 'matrix', 'matrix3d'];

  function Animation(options) {
    options = options || {};
    this._defaults = {
      duration: options.duration === undefined ? 400 : options.duration,
      timingFunction: options.timingFunction || 'linear',
      delay: options.delay || 0,
      transformOrigin: options.transformOrigin || '50% 50% 0',
    };
    this._animates = [];
    this._actions = [];
  }

  ANIMATION_METHODS.forEach(function (name) {
    Animation.prototype[name] = function () {
      this._animates.push({ type: name, args: Array.prototype.slice.call(arguments) });
      return this;
    };
  });
  Animation.prototype.step = function (options) {
    var o = {}, d = this._defaults, k;
    for (k in d) if (hasOwn.call(d, k)) o[k] = d[k];
    for (k in options || {}) if (hasOwn.call(options, k)) o[k] = options[k];
    this._actions.push({ animates: this._animates, option: {
      transition: { duration: o.duration, timingFunction: o.timingFunction, delay: o.delay },
      transformOrigin: o.transformOrigin } });
    this._animates = [];
    return this;
  };
  /** The animation data for an `animation` attribute; clears the recorded steps. */
  Animation.prototype['export'] = function () {
    if (this._animates.length) this.step();
    var out = { actions: this._actions };
    this._actions = [];
    return out;
  };

  factories.animation = function (full, argv) { return new Animation(argv[0]); };

  // ---------------------------------------------------------------- contexts
  function send(kind, id, method, args, state) {
    return internal('fx.mediaContext', { kind: kind, id: id, method: method, args: args || [],
      state: state || {} });
  }

  /** A 2D context that records every call and property write. With `flush`, the
   * recorded actions are handed over once per job (Canvas 2D nodes draw at once). */
  function recorder(flush) {
    var actions = [], fontSize = 10, scheduled = false;
    function record(a) {
      actions.push(a);
      if (flush && !scheduled) {
        scheduled = true;
        Promise.resolve().then(function () { scheduled = false; flush(take()); });
      }
    }
    function take() { var sent = actions; actions = []; return sent; }
    var api = {
      measureText: function (text) {
        var w = 0, s = String(text);
        for (var i = 0; i < s.length; i++) w += s.charCodeAt(i) > 0x2e80 ? 1 : 0.55;
        return { width: w * fontSize };
      },
      setFontSize: function (n) { fontSize = Number(n) || fontSize; record({ method: 'setFontSize', data: [n] }); },
    };
    var proxy = new Proxy(api, {
      get: function (target, key) {
        if (hasOwn.call(target, key)) return target[key];
        if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return undefined;
        return function () { record({ method: key, data: Array.prototype.slice.call(arguments) }); };
      },
      set: function (target, key, value) {
        if (key === 'font') {
          var m = /(\d+(?:\.\d+)?)px/.exec(String(value));
          if (m) fontSize = Number(m[1]);
        }
        record({ method: 'set', data: [key, value] });
        return true;
      },
    });
    return { ctx: proxy, api: api, take: take };
  }

  /** The old canvas API: draw() sends what was recorded. */
  function canvasContext(canvasId, inst) {
    var rec = recorder(null);
    rec.api.draw = function (reserve, cb) {
      if (typeof reserve === 'function') { cb = reserve; reserve = false; }
      send('canvas', canvasId, 'draw', [rec.take(), !!reserve], scopeOf(inst))
        .then(function () { kit.callSafely(cb); }, kit.report);
    };
    return rec.ctx;
  }

  /** A <canvas type="2d"> node from a SelectorQuery `node` field. WebGL is not
   * available headless: getContext('webgl') answers null. */
  function canvasNode(id, size) {
    var rec = null;
    var node = {
      width: size.width || 300, height: size.height || 150,
      getContext: function (type) {
        if (type !== '2d') return null;
        if (!rec) {
          rec = recorder(function (actions) {
            send('canvas', id, 'draw', [actions, true], { width: node.width, height: node.height })
              .then(null, kit.report);
          });
        }
        return rec.ctx;
      },
      requestAnimationFrame: function (cb) { return setTimeout(function () { cb(Date.now()); }, 16); },
      cancelAnimationFrame: function (h) { clearTimeout(h); },
      createImage: function () {
        var img = { width: 0, height: 0, onload: null, onerror: null, _src: '' };
        Object.defineProperty(img, 'src', {
          get: function () { return img._src; },
          set: function (v) {
            img._src = String(v);
            setTimeout(function () { kit.callSafely(img.onload, {}); }, 0);
          },
        });
        return img;
      },
      toDataURL: function () { return 'data:image/png;base64,'; },
    };
    return node;
  }

  /** Turns the host's node markers ({__fxNode: tag}) into node objects. */
  function reviveNodes(result) {
    if (Array.isArray(result)) return result.map(reviveNodes);
    if (result && result.node && result.node.__fxNode === 'canvas') {
      result.node = canvasNode(result.node.id || '', result.node);
    }
    return result;
  }

  factories.canvasContext = function (full, argv) { return canvasContext(String(argv[0]), argv[1]); };

  // What managers.js builds on (old canvas API, live / camera contexts).
  fx.mediaKit = { recorder: recorder, send: send, scopeOf: scopeOf };

  var VIDEO_METHODS = ['play', 'pause', 'stop', 'seek', 'playbackRate', 'sendDanmu',
    'requestFullScreen', 'exitFullScreen', 'showStatusBar', 'hideStatusBar',
    'requestPictureInPicture', 'exitPictureInPicture', 'mute', 'requestBackgroundPlayback',
    'exitBackgroundPlayback'];

  factories.videoContext = function (full, argv) {
    var id = String(argv[0]), scope = scopeOf(argv[1]), ctx = {};
    VIDEO_METHODS.forEach(function (m) {
      ctx[m] = function () {
        var args = Array.prototype.slice.call(arguments);
        var cbs = kit.isObject(args[0]) ? args[0] : null;
        send('video', id, m, args.filter(function (a) { return typeof a !== 'function'; }), scope)
          .then(function (r) { if (cbs) { kit.callSafely(cbs.success, r); kit.callSafely(cbs.complete, r); } },
            function (e) { if (cbs) { kit.callSafely(cbs.fail, e); kit.callSafely(cbs.complete, e); } });
      };
    });
    return ctx;
  };

  // InnerAudioContext (factories.audioContext) is in managers.js, with background audio.

  // ---------------------------------------------------------------- MapContext
  // Getters read the <map>'s own attributes through a selector query; pure geometry
  // (calculateDistance, polygonContainsPoint) is computed here; everything else is a
  // call the host records (fx.mediaContext kind 'map'), answered with what it says.
  var MAP_CALLS = ['moveToLocation', 'includePoints', 'translateMarker', 'showRoute',
    'clearRoute', 'setMapType', 'changeMarkers', 'gestureEnable', 'showsScale',
    'showsCompass', 'updateComponents', 'setCenterOffset', 'smoothMoveMarker',
    'smoothMovePolyline', 'mapToScreen', 'screenToMap', 'getMapProperties',
    'addMarkers', 'removeMarkers', 'setZoom'];

  function settle(opts, promise) {
    promise.then(function (r) { if (opts) { kit.callSafely(opts.success, r); kit.callSafely(opts.complete, r); } },
      function (e) { if (opts) { kit.callSafely(opts.fail, e); kit.callSafely(opts.complete, e); } });
    return promise;
  }

  function mapAttrs(id, scope, names) {
    return new Promise(function (resolve) {
      var q = new SelectorQuery(scope);
      q.select('#' + id).fields({ properties: names }).exec(function (r) { resolve(r[0] || {}); });
    });
  }

  function metres(a, b) {
    var rad = Math.PI / 180, R = 6371008.8;
    var dLat = (b.latitude - a.latitude) * rad, dLng = (b.longitude - a.longitude) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a.latitude * rad) *
      Math.cos(b.latitude * rad) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function inPolygon(p, poly) {
    var inside = false;
    for (var i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      var a = poly[i], b = poly[j];
      if ((a.latitude > p.latitude) !== (b.latitude > p.latitude) &&
          p.longitude < (b.longitude - a.longitude) * (p.latitude - a.latitude) / (b.latitude - a.latitude) + a.longitude) inside = !inside;
    }
    return inside;
  }

  factories.mapContext = function (full, argv) {
    var id = String(argv[0]), scope = argv[1] || null, ctx = {};
    MAP_CALLS.forEach(function (m) {
      ctx[m] = function (opts) {
        var o = kit.isObject(opts) ? opts : {};
        var args = {};
        for (var k in o) if (hasOwn.call(o, k) && typeof o[k] !== 'function') args[k] = o[k];
        return settle(o, send('map', id, m, [args], scopeOf(scope)));
      };
    });
    ctx.getCenterLocation = function (opts) {
      return settle(opts, mapAttrs(id, scope, ['latitude', 'longitude']).then(function (a) {
        return { latitude: Number(a.latitude) || 0, longitude: Number(a.longitude) || 0 };
      }));
    };
    ctx.getScale = function (opts) {
      return settle(opts, mapAttrs(id, scope, ['scale']).then(function (a) {
        return { scale: Number(a.scale) || 16 };
      }));
    };
    ctx.getRotate = function (opts) {
      return settle(opts, mapAttrs(id, scope, ['rotate']).then(function (a) { return { rotate: Number(a.rotate) || 0 }; }));
    };
    ctx.getSkew = function (opts) {
      return settle(opts, mapAttrs(id, scope, ['skew']).then(function (a) { return { skew: Number(a.skew) || 0 }; }));
    };
    ctx.calculateDistance = function (opts) {
      var pts = (opts && opts.points) || [], d = 0;
      for (var i = 1; i < pts.length; i++) d += metres(pts[i - 1], pts[i]);
      return settle(opts, Promise.resolve({ distance: Math.round(d) }));
    };
    ctx.polygonContainsPoint = function (opts) {
      var o = opts || {};
      return settle(o, Promise.resolve({ isInPolygon: inPolygon(o.point || {}, o.polygon || []) }));
    };
    return ctx;
  };

  // Alipay <web-view> messaging: my.createWebViewContext(id).postMessage(data)
  factories.webViewContext = function (full, argv) {
    var id = String(argv[0]);
    return {
      postMessage: function (data) { send('webview', id, 'postMessage', [data === undefined ? null : data], {}); },
    };
  };

  // ---------------------------------------------------------------- my.on / my.off
  // Custom events a host app sends (Bridge.send_event): my.on(name, fn) -> {remove()}.
  function nativeName(name) { return 'native:' + String(name); }
  factories.nativeOn = function (full, argv) {
    var name = argv[0], fn = argv[1];
    if (typeof fn !== 'function') return { remove: function () {} };
    var off = fx.onApiEvent(nativeName(name), function (data) { kit.callSafely(fn, data); });
    (nativeWrapped[nativeName(name)] = nativeWrapped[nativeName(name)] || []).push([fn, off]);
    return { remove: off };
  };
  var nativeWrapped = {};
  factories.nativeOff = function (full, argv) {
    var key = nativeName(argv[0]), fn = argv[1], list = nativeWrapped[key] || [];
    nativeWrapped[key] = list.filter(function (pair) {
      if (fn !== undefined && pair[0] !== fn) return true;
      pair[1]();
      return false;
    });
  };

  // my.getServerTime: the runtime clock (a manual clock in tests governs it too)
  factories.serverTime = function (full, argv) {
    var opts = kit.isObject(argv[0]) ? argv[0] : {};
    return kit.deliverResult(Promise.resolve({ time: Date.now() }), {
      success: opts.success, fail: opts.fail, complete: opts.complete }, null);
  };

  // ---------------------------------------------------------------- small sync helpers
  factories.nextTick = function (full, argv) {
    var fn = argv[0];
    Promise.resolve().then(function () { kit.callSafely(fn); });
  };

  factories.emptyObject = function () { return {}; };

  factories.performance = function () {
    var start = Date.now();
    var entries = [{ name: 'appLaunch', entryType: 'navigation', startTime: start, duration: 0 }];
    return {
      now: function () { return Date.now(); },
      getEntries: function () { return entries.slice(); },
      getEntriesByName: function (n) { return entries.filter(function (e) { return e.name === n; }); },
      getEntriesByType: function (t) { return entries.filter(function (e) { return e.entryType === t; }); },
      setBufferSize: noop,
      createObserver: function (cb) {
        return { observe: function () { kit.callSafely(cb, { getEntries: function () { return entries.slice(); } }); },
          disconnect: noop };
      },
    };
  };
})(globalThis);
