/* fanxing bridge: managers and contexts for hardware (evaluated after objects.js).
 *
 * RecorderManager, InnerAudioContext and BackgroundAudioManager (one playback engine), live pusher / player and camera contexts,
 * WeChat's old canvas API (createContext + drawCanvas), MediaQueryObserver, Worker, and
 * the start/stop gate of the motion sensors. Methods go to the host as
 * fx.mediaContext {kind, id, method, args, state} (bridge/media_sessions.py); the host
 * or simulator drives events with the host event mediaEvent {kind, id, event, data}.
 * Timed events (a recording's automatic stop, audio's timeUpdate / ended)
 * run on the runtime clock through setTimeout / setInterval.
 */
(function (global) {
  'use strict';

  var fx = global.__fx;
  var kit = fx && fx.apiKit;
  var media = fx && fx.mediaKit;
  if (!kit || !media) return;
  var factories = fx.apiFactories;
  var hasOwn = Object.prototype.hasOwnProperty;
  var noop = function () {};
  var objects = {};  // media objects by id, for mediaEvent
  var hasTimers = typeof global.setTimeout === 'function';

  function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  /** on<Event> / off<Event> methods on `target`; returns fire(name, payload). */
  function emitter(target, names) {
    var listeners = {};
    names.forEach(function (name) {
      target['on' + name] = function (fn) {
        if (typeof fn === 'function') (listeners[name] || (listeners[name] = [])).push(fn);
      };
      target['off' + name] = function (fn) {
        listeners[name] = fn === undefined ? []
          : (listeners[name] || []).filter(function (l) { return l !== fn; });
      };
    });
    return function fire(name, payload) {
      (listeners[name] || []).slice().forEach(function (fn) { kit.callSafely(fn, payload); });
    };
  }

  /** A fail payload of an internal call, named as the platform names it. */
  function renamed(err, name) {
    if (err && typeof err.errMsg === 'string') {
      var i = err.errMsg.indexOf(':fail');
      if (i >= 0) err.errMsg = name + err.errMsg.slice(i);
    }
    return err;
  }

  function failure(name, message) {
    return kit.isWx ? { errMsg: name + ':fail ' + message } : { error: 3, errorMessage: message };
  }

  /** Runs an options object's success / fail / complete for a host call; never rejects
   * unhandled (context methods return nothing). */
  function settle(promise, opts, name, shape) {
    var cbs = kit.isObject(opts) ? opts : {};
    promise.then(function (res) {
      var out = shape ? shape(res || {}) : {};
      if (kit.isWx) out.errMsg = name + ':ok';
      kit.callSafely(cbs.success, out);
      kit.callSafely(cbs.complete, out);
    }, function (err) {
      err = renamed(err, name);
      kit.callSafely(cbs.fail, err);
      kit.callSafely(cbs.complete, err);
    });
  }

  fx.onApiEvent('mediaEvent', function (p) {
    var obj = p && objects[p.id];
    if (obj) obj.hostEvent(p.event, kit.revive(p.data || {}));
  });

  // ---------------------------------------------------------------- RecorderManager
  var RECORDER_EVENTS = ['Start', 'Pause', 'Resume', 'Stop', 'FrameRecorded', 'Error',
    'InterruptionBegin', 'InterruptionEnd'];
  var recorder = null;
  var pendingRecord = null;  // a legacy startRecord waiting for its file

  function makeRecorder() {
    var id = 'recorder', rec = {}, fire = emitter(rec, RECORDER_EVENTS);
    var status = 'idle', opts = {}, since = 0, elapsed = 0, timer = null, stopAsked = false;
    function spent() { return elapsed + (status === 'recording' ? Date.now() - since : 0); }
    function call(method, extra) {
      var state = { format: opts.format, sampleRate: opts.sampleRate,
        numberOfChannels: opts.numberOfChannels, encodeBitRate: opts.encodeBitRate,
        duration: opts.duration, elapsed: Math.min(spent(), opts.duration || 0) };
      for (var k in extra || {}) state[k] = extra[k];
      return media.send('recorder', id, method, [], state);
    }
    function fail(err) {
      status = 'idle';
      if (pendingRecord) { pendingRecord.reject(err); pendingRecord = null; }
      fire('Error', renamed(err, 'operateRecorder'));
    }
    function arm() {
      if (hasTimers) timer = setTimeout(function () { timer = null; rec.stop(); }, Math.max(0, opts.duration - spent()));
    }
    function disarm() { if (timer !== null) { clearTimeout(timer); timer = null; } }

    rec.start = function (o) {
      if (status !== 'idle') { fire('Error', failure('operateRecorder', 'is recording or paused')); return; }
      o = kit.isObject(o) ? o : {};
      opts = { duration: Math.min(Number(o.duration) || 60000, 600000),
        sampleRate: Number(o.sampleRate) || 8000, numberOfChannels: Number(o.numberOfChannels) || 2,
        encodeBitRate: Number(o.encodeBitRate) || 48000, format: o.format || 'aac',
        frameSize: o.frameSize, audioSource: o.audioSource || 'auto' };
      status = 'starting'; elapsed = 0; stopAsked = false;
      call('start').then(function () {
        status = 'recording'; since = Date.now(); arm();
        fire('Start', {});
        if (stopAsked) rec.stop();
      }, fail);
    };
    rec.pause = function () {
      if (status !== 'recording') return;
      elapsed = spent(); status = 'paused'; disarm();
      call('pause').then(function () { fire('Pause', {}); }, fail);
    };
    rec.resume = function () {
      if (status !== 'paused') return;
      status = 'recording'; since = Date.now(); arm();
      call('resume').then(function () { fire('Resume', {}); }, fail);
    };
    rec.stop = function () {
      if (status === 'starting') { stopAsked = true; return; }
      if (status !== 'recording' && status !== 'paused') return;
      var ms = Math.min(spent(), opts.duration);
      disarm(); elapsed = ms; status = 'stopping';
      call('stop', { elapsed: ms }).then(function (res) {
        status = 'idle';
        var out = { tempFilePath: res.tempFilePath, duration: res.duration, fileSize: res.fileSize };
        if (pendingRecord) { pendingRecord.resolve({ tempFilePath: out.tempFilePath }); pendingRecord = null; }
        fire('Stop', out);
      }, fail);
    };
    rec.hostEvent = function (event, data) {
      if (event === 'interruptionBegin') { fire('InterruptionBegin', data); rec.pause(); return; }
      if (event === 'error') { disarm(); status = 'idle'; }
      fire(cap(event), data);
    };
    objects[id] = rec;
    return rec;
  }

  factories.recorderManager = function () { return recorder || (recorder = makeRecorder()); };

  // ---------------------------------------------------------------- audio playback
  var AUDIO_EVENTS = ['Canplay', 'Waiting', 'Error', 'Play', 'Pause', 'Seeking', 'Seeked',
    'Ended', 'Stop', 'TimeUpdate'];
  var TICK_MS = 250;
  var nextAudio = 1;

  /** The playback InnerAudioContext and BackgroundAudioManager share, on `target`:
   * `src` / `duration` / `currentTime` / `paused` / `buffered`, play / pause / stop / seek
   * sent to the host as fx.mediaContext `kind`, timeUpdate on the runtime clock (the
   * host's play answer may give the `duration` that ends it), the host's mediaEvents and
   * on<Event> listeners. `o`: `name` (of errors), `state()` (the object's own fields for
   * the host), `rate()`, `startTime()`, `loop()` (restart at the end instead of ending),
   * `srcSet()` (run when a non-empty src is set). Returns the `fire` of the listeners. */
  function audioPlayer(kind, id, target, events, o) {
    var fire = emitter(target, events);
    var src = '', duration = 0, currentTime = 0, paused = true, ticker = null, fresh = false;
    Object.defineProperty(target, 'src', { enumerable: true, get: function () { return src; },
      set: function (v) { src = String(v || ''); fresh = true; duration = 0; if (src) o.srcSet(); } });
    [['duration', function () { return duration; }], ['currentTime', function () { return currentTime; }],
      ['paused', function () { return paused; }], ['buffered', function () { return duration; }]]
      .forEach(function (p) { Object.defineProperty(target, p[0], { enumerable: true, get: p[1] }); });

    function state() { var s = o.state(); s.src = src; return s; }
    function call(method, args) { return media.send(kind, id, method, args || [], state()); }
    function untick() { if (ticker !== null) { clearInterval(ticker); ticker = null; } }
    function tick() {
      untick();
      if (!hasTimers) return;
      ticker = setInterval(function () {
        currentTime += TICK_MS / 1000 * (Number(o.rate()) || 1);
        if (duration > 0 && currentTime >= duration) {
          if (!o.loop()) { currentTime = duration; ended(); return; }
          currentTime = 0;  // a looping source starts over without ending
        }
        fire('TimeUpdate', {});
      }, TICK_MS);
    }
    function ended() { untick(); paused = true; fire('Ended', {}); }
    function fail(err) { untick(); paused = true; fire('Error', renamed(err, o.name)); }

    target.play = function () {
      if (!src) { fire('Error', failure(o.name, 'src is empty')); return; }
      call('play').then(function (res) {
        if (res && res.duration) duration = Number(res.duration);
        if (fresh) { currentTime = Number(o.startTime()) || 0; fresh = false; fire('Canplay', {}); }
        paused = false; tick();
        fire('Play', {});
      }, fail);
    };
    target.pause = function () {
      untick(); paused = true;
      call('pause').then(function () { fire('Pause', {}); }, fail);
    };
    target.stop = function () {
      untick(); paused = true; currentTime = 0; fresh = true;
      call('stop').then(function () { fire('Stop', {}); }, fail);
    };
    target.seek = function (position) {
      fire('Seeking', {});
      currentTime = Math.max(0, Number(position) || 0);
      call('seek', [currentTime]).then(function () { fire('Seeked', {}); }, fail);
    };
    target.hostEvent = function (event, data) {
      if (typeof data.currentTime === 'number') currentTime = data.currentTime;
      if (typeof data.duration === 'number') duration = data.duration;
      if (event === 'ended') return ended();
      if (event === 'error') return fail(data);
      if (event === 'play') { paused = false; tick(); }
      if (event === 'pause' || event === 'stop') { untick(); paused = true; }
      fire(cap(event), data);
    };
    target.destroy = function () {
      untick(); paused = true;
      delete objects[id];
      events.forEach(function (name) { target['off' + name](); });
      call('destroy').then(noop, noop);
    };
    objects[id] = target;
    return fire;
  }

  // ---------------------------------------------------------------- InnerAudioContext
  var INNER_PROPS = { startTime: 0, autoplay: false, loop: false, volume: 1, playbackRate: 1,
    obeyMuteSwitch: true };

  factories.audioContext = function (full, argv) {
    var ctx = {}, opts = argv[0];
    for (var k in INNER_PROPS) if (hasOwn.call(INNER_PROPS, k)) ctx[k] = INNER_PROPS[k];
    audioPlayer('audio', 'audio' + nextAudio++, ctx, AUDIO_EVENTS, {
      name: 'innerAudioContext',
      state: function () {
        return { startTime: ctx.startTime, loop: ctx.loop, volume: ctx.volume,
          playbackRate: ctx.playbackRate, autoplay: ctx.autoplay };
      },
      rate: function () { return ctx.playbackRate; },
      startTime: function () { return ctx.startTime; },
      loop: function () { return !!ctx.loop; },
      srcSet: function () { if (ctx.autoplay) ctx.play(); },
    });
    if (kit.isObject(opts)) for (var o in opts) if (hasOwn.call(opts, o)) ctx[o] = opts[o];
    return ctx;
  };

  // ---------------------------------------------------------------- BackgroundAudioManager
  var BGM_PROPS = ['title', 'epname', 'singer', 'coverImgUrl', 'webUrl', 'protocol',
    'startTime', 'playbackRate', 'referrerPolicy', 'audioBizType'];
  var backgroundAudio = null;

  function makeBackgroundAudio() {
    var bam = {};
    var props = { title: '', epname: '', singer: '', coverImgUrl: '', webUrl: '', protocol: 'http',
      startTime: 0, playbackRate: 1, referrerPolicy: 'origin', audioBizType: '' };
    BGM_PROPS.forEach(function (k) {
      Object.defineProperty(bam, k, { enumerable: true,
        get: function () { return props[k]; }, set: function (v) { props[k] = v; } });
    });
    audioPlayer('backgroundAudio', 'backgroundAudio', bam, AUDIO_EVENTS.concat(['Prev', 'Next']), {
      name: 'backgroundAudio',
      state: function () {
        var s = {};
        for (var k in props) if (hasOwn.call(props, k)) s[k] = props[k];
        return s;
      },
      rate: function () { return props.playbackRate; },
      startTime: function () { return props.startTime; },
      loop: function () { return false; },
      srcSet: function () { bam.play(); },  // setting src starts playing, as on the hosts
    });
    delete bam.destroy;  // the manager lives as long as the app
    return bam;
  }

  factories.backgroundAudioManager = function () {
    return backgroundAudio || (backgroundAudio = makeBackgroundAudio());
  };

  // ---------------------------------------------------------------- WeChat's legacy audio APIs
  /** An async-style API (callbacks + Promise) answered in JS by `run(args) -> Promise`. */
  function jsAsync(run) {
    return function (full, argv, entry) {
      var split = kit.splitArgs(entry, argv);
      var name = kit.shortName(full);
      var promise = run(kit.isObject(split.args) ? split.args : {}).then(function (res) {
        res = res || {};
        if (kit.isWx) res.errMsg = name + ':ok';
        return res;
      }, function (err) { return Promise.reject(renamed(err, name)); });
      return kit.deliverResult(promise, split.callbacks, null);
    };
  }

  function bgm() { return factories.backgroundAudioManager(); }

  factories.playBackgroundAudio = jsAsync(function (a) {
    var m = bgm();
    if (a.title !== undefined) m.title = a.title;
    if (a.coverImgUrl !== undefined) m.coverImgUrl = a.coverImgUrl;
    m.src = a.dataUrl || '';
    return Promise.resolve({});
  });
  factories.pauseBackgroundAudio = jsAsync(function () { bgm().pause(); return Promise.resolve({}); });
  factories.stopBackgroundAudio = jsAsync(function () { bgm().stop(); return Promise.resolve({}); });
  factories.seekBackgroundAudio = jsAsync(function (a) { bgm().seek(a.position); return Promise.resolve({}); });
  factories.getBackgroundAudioPlayerState = jsAsync(function () {
    var m = bgm();
    return Promise.resolve({ duration: m.duration, currentPosition: m.currentTime,
      status: !m.src ? 2 : (m.paused ? 0 : 1), downloadPercent: m.src ? 100 : 0, dataUrl: m.src });
  });
  ['Play', 'Pause', 'Stop'].forEach(function (ev) {
    factories['onBackgroundAudio' + ev] = function (full, argv) { bgm()['on' + ev](argv[0]); };
  });

  // startRecord / stopRecord: the recorder manager, answering with the file at the end.
  factories.startRecord = jsAsync(function () {
    var r = factories.recorderManager();
    return new Promise(function (resolve, reject) {
      pendingRecord = { resolve: resolve, reject: reject };
      r.start({ duration: 60000 });
    });
  });
  factories.stopRecord = jsAsync(function () {
    factories.recorderManager().stop();
    return Promise.resolve({});
  });

  // playVoice / pauseVoice / stopVoice: an audio context, done when stopped or ended.
  var voice = null;
  factories.playVoice = jsAsync(function (a) {
    if (voice) voice.ctx.stop();
    var ctx = factories.audioContext('playVoice', []);
    return new Promise(function (resolve) {
      voice = { ctx: ctx, done: resolve };
      ctx.onEnded(function () { resolve({}); });
      ctx.onStop(function () { resolve({}); });
      ctx.src = a.filePath || '';
      ctx.play();
      if (hasTimers && a.duration) setTimeout(function () { resolve({}); }, Number(a.duration) * 1000);
    });
  });
  factories.pauseVoice = jsAsync(function () { if (voice) voice.ctx.pause(); return Promise.resolve({}); });
  factories.stopVoice = jsAsync(function () {
    if (voice) { voice.ctx.stop(); voice = null; }
    return Promise.resolve({});
  });

  // ---------------------------------------------------------------- live / camera contexts
  var nextContext = 1;

  /** A context whose methods take {success, fail, complete} and go to the host. */
  function hostContext(kind, id, scope, methods, shapes) {
    var ctx = {};
    methods.forEach(function (m) {
      ctx[m] = function (opts) {
        var args = [];
        if (kit.isObject(opts)) {
          var plain = {};
          for (var k in opts) if (hasOwn.call(opts, k) && typeof opts[k] !== 'function') plain[k] = opts[k];
          args.push(plain);
        } else if (opts !== undefined) {
          args.push(opts);
        }
        settle(media.send(kind, id, m, args, scope), opts, m, shapes && shapes[m]);
      };
    });
    ctx.hostEvent = noop;
    objects[id] = ctx;
    return ctx;
  }

  function photo(res) {
    var out = { tempImagePath: res.tempImagePath };
    if (res.width) { out.width = res.width; out.height = res.height; }
    return out;
  }

  var PUSHER_METHODS = ['start', 'stop', 'pause', 'resume', 'switchCamera', 'snapshot',
    'toggleTorch', 'playBGM', 'stopBGM', 'pauseBGM', 'resumeBGM', 'setBGMVolume',
    'setMICVolume', 'startPreview', 'stopPreview', 'sendMessage', 'startAudioRecord',
    'stopAudioRecord', 'setZoom', 'getMaxZoom', 'mute'];
  var PLAYER_METHODS = ['play', 'stop', 'mute', 'pause', 'resume', 'requestFullScreen',
    'exitFullScreen', 'snapshot', 'requestPictureInPicture', 'exitPictureInPicture',
    'startRecord', 'stopRecord'];

  factories.livePusherContext = function (full, argv) {
    var id = typeof argv[0] === 'string' ? argv[0] : 'livePusher';
    return hostContext('livePusher', 'livePusher:' + id, media.scopeOf(null), PUSHER_METHODS,
      { snapshot: photo, getMaxZoom: function (r) { return { maxZoom: r.maxZoom || 1 }; } });
  };

  factories.livePlayerContext = function (full, argv) {
    return hostContext('livePlayer', 'livePlayer:' + String(argv[0]), media.scopeOf(argv[1]),
      PLAYER_METHODS, { snapshot: photo });
  };

  factories.cameraContext = function (full, argv) {
    var id = 'camera' + nextContext++;
    var ctx = hostContext('camera', id, media.scopeOf(kit.isObject(argv[0]) ? argv[0] : null),
      ['takePhoto', 'startRecord', 'stopRecord', 'setZoom'],
      { takePhoto: photo,
        stopRecord: function (r) { return { tempVideoPath: r.tempVideoPath, tempThumbPath: r.tempThumbPath }; },
        setZoom: function (r) { return { zoom: r.zoom || 1 }; } });
    var frameListeners = [], framesOn = false;
    ctx.onCameraFrame = function (fn) {
      if (typeof fn === 'function') frameListeners.push(fn);
      return {
        start: function (opts) {
          framesOn = true;
          settle(media.send('camera', id, 'startFrames', [], {}), opts, 'start');
        },
        stop: function (opts) {
          framesOn = false;
          settle(media.send('camera', id, 'stopFrames', [], {}), opts, 'stop');
        },
      };
    };
    ctx.hostEvent = function (event, data) {
      if (event === 'cameraFrame' && framesOn) {
        frameListeners.slice().forEach(function (fn) { kit.callSafely(fn, data); });
      }
    };
    return ctx;
  };

  // ---------------------------------------------------------------- old canvas API
  /** wx.createContext(): records like a canvas context; wx.drawCanvas sends getActions(). */
  factories.oldCanvasContext = function () {
    var rec = media.recorder(null);
    rec.api.getActions = function () { return rec.take(); };
    rec.api.clearActions = function () { rec.take(); };
    return rec.ctx;
  };

  // ---------------------------------------------------------------- MediaQueryObserver
  function windowSize() {
    var info = kit.state().systemInfo || {};
    return { width: info.windowWidth || 0, height: info.windowHeight || 0 };
  }

  function matchesQuery(q, size) {
    var w = size.width, h = size.height;
    if (q.minWidth !== undefined && w < q.minWidth) return false;
    if (q.maxWidth !== undefined && w > q.maxWidth) return false;
    if (q.width !== undefined && w !== q.width) return false;
    if (q.minHeight !== undefined && h < q.minHeight) return false;
    if (q.maxHeight !== undefined && h > q.maxHeight) return false;
    if (q.height !== undefined && h !== q.height) return false;
    if (q.orientation === 'landscape' && w <= h) return false;
    if (q.orientation === 'portrait' && w > h) return false;
    return true;
  }

  var queryObservers = [];
  fx.onApiEvent('windowResize', function (p) {
    var size = p && p.size ? { width: p.size.windowWidth, height: p.size.windowHeight } : windowSize();
    queryObservers.slice().forEach(function (o) { o.check(size); });
  });

  factories.mediaQueryObserver = function () {
    var entry = null;
    return {
      observe: function (descriptor, cb) {
        var q = kit.isObject(descriptor) ? descriptor : {};
        var last = null;
        entry = { check: function (size) {
          var now = matchesQuery(q, size);
          if (now !== last) { last = now; kit.callSafely(cb, { matches: now }); }
        } };
        queryObservers.push(entry);
        var mine = entry;
        Promise.resolve().then(function () { if (queryObservers.indexOf(mine) >= 0) mine.check(windowSize()); });
      },
      disconnect: function () {
        queryObservers = queryObservers.filter(function (o) { return o !== entry; });
      },
    };
  };

  // ---------------------------------------------------------------- Worker
  var workers = {}, nextWorker = 1, liveWorkers = 0;

  fx.onApiEvent('workerMessage', function (p) {
    var w = p && workers[p.workerId];
    if (w) w.fire('Message', p.data);
  });
  fx.onApiEvent('workerError', function (p) {
    var w = p && workers[p.workerId];
    if (!w) return;
    if (w.hasErrorListener()) w.fire('Error', { message: p.message });
    else kit.report(new Error('worker ' + w.script + ': ' + p.message));
  });

  factories.worker = function (full, argv) {
    var script = argv[0];
    if (typeof script !== 'string' || !script) {
      return kit.syncFail(full, kit.failure(full, 'parameter error: scriptPath should be String', 2));
    }
    if (liveWorkers >= 1) {
      return kit.syncFail(full, kit.failure(full, 'exceed max number of workers (1)', 3));
    }
    var id = 'worker' + nextWorker++, terminated = false, errorListeners = 0;
    var w = {};
    var fire = emitter(w, ['Message', 'Error', 'ProcessKilled']);
    var onError = w.onError;
    w.onError = function (fn) { if (typeof fn === 'function') errorListeners++; onError(fn); };
    liveWorkers++;
    function internal(op, extra) {
      var args = { op: op, workerId: id };
      for (var k in extra || {}) args[k] = extra[k];
      return fx.invokeApi('fx.worker', args);
    }
    internal('create', { script: script }).then(null, function (err) {
      liveWorkers--; terminated = true; delete workers[id];
      kit.report(new Error('createWorker(' + script + ') failed: ' + (err.errMsg || err.errorMessage)));
    });
    w.postMessage = function (data) {
      if (terminated) return;
      internal('post', { data: kit.clone(data) }).then(null, function (err) {
        kit.report(new Error('Worker.postMessage failed: ' + (err.errMsg || err.errorMessage)));
      });
    };
    w.terminate = function () {
      if (terminated) return;
      terminated = true; liveWorkers--; delete workers[id];
      internal('terminate').then(null, noop);
    };
    workers[id] = { fire: fire, script: script,
      hasErrorListener: function () { return errorListeners > 0; } };
    return w;
  };

  // ---------------------------------------------------------------- sensors
  var SENSORS = {
    compass: ['compassChange', 'CompassChange', 'startCompass', 'stopCompass'],
    accelerometer: ['accelerometerChange', 'AccelerometerChange', 'startAccelerometer', 'stopAccelerometer'],
    gyroscope: ['gyroscopeChange', 'GyroscopeChange', 'startGyroscope', 'stopGyroscope'],
    deviceMotion: ['deviceMotionChange', 'DeviceMotionChange', 'startDeviceMotionListening',
      'stopDeviceMotionListening'],
  };
  var running = {};

  function nsOf(full) {
    var parts = full.split('.').slice(0, -1), obj = global;
    for (var i = 0; i < parts.length && obj; i++) obj = obj[parts[i]];
    return obj;
  }

  function switchSensor(sensor, on) {
    running[sensor] = on;
    fx.invokeApi('fx.sensor', { sensor: sensor, running: on }).then(null, noop);
  }

  Object.keys(SENSORS).forEach(function (sensor) {
    var s = SENSORS[sensor];
    // Events of a sensor that is not running are dropped: nothing arrives after stop*.
    var previous = fx.apiEventFilters[s[0]];
    fx.apiEventFilters[s[0]] = function (payload) {
      if (!running[sensor]) return undefined;
      return previous ? previous(payload) : payload;
    };
    Object.keys(kit.table.apis).forEach(function (full) {
      var short = kit.shortName(full), ns = nsOf(full);
      if (!ns || typeof ns[short] !== 'function') return;
      var orig = ns[short];
      if (short === 'on' + s[1]) {
        // Listening starts with the first listener, as on the phones.
        ns[short] = function (fn) { orig(fn); if (!running[sensor]) switchSensor(sensor, true); };
      } else if (short === 'off' + s[1] && !kit.isWx) {
        // Alipay: offXxxChange() without a callback stops listening.
        ns[short] = function (fn) { orig(fn); if (fn === undefined && running[sensor]) switchSensor(sensor, false); };
      } else if (short === s[2]) {
        ns[short] = function () { running[sensor] = true; return orig.apply(this, arguments); };
      } else if (short === s[3]) {
        ns[short] = function () { running[sensor] = false; return orig.apply(this, arguments); };
      }
    });
  });
})(globalThis);
