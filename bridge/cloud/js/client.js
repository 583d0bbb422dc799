/* fanxing cloud: the mini-program side (logic context), after api.js and database.js.
 *
 * Factories for the profile table's sync entries:
 *   cloudInit      wx.cloud.init({env})
 *   cloudDatabase  wx.cloud.database() -> the shared query builder (database.js)
 *   cloudContext   my.cloud.createCloudContext({env}) -> {init, callFunction, database,
 *                  uploadFile, downloadFile, getTempFileURL, deleteFile}
 * Database requests go to fx.cloudDb, Alipay context calls to fx.cloudCall / fx.cloudFile;
 * wx.cloud.callFunction & co. are ordinary async APIs of the table.
 */
(function (global) {
  'use strict';

  var fx = global.__fx;
  var kit = fx && fx.apiKit;
  var dbKit = global.__fxCloudDatabase;
  if (!kit || !dbKit) return;
  var factories = fx.apiFactories;
  var state = { env: null };

  /** A failure payload renamed after the SDK call that failed (collection.get:fail …). */
  function renamed(err, name) {
    if (err && typeof err.errMsg === 'string') {
      err.errMsg = name + err.errMsg.slice(err.errMsg.indexOf(':'));
    }
    return err;
  }

  function sendDb(req, name) {
    return fx.invokeApi('fx.cloudDb', req).then(function (res) {
      if (kit.isWx && kit.isObject(res)) res.errMsg = name + ':ok';
      else if (kit.isObject(res)) { delete res.success; }
      return res;
    }, function (err) { throw renamed(err, name); });
  }

  // ---------------------------------------------------------------- watch()
  var watchers = {};
  var nextWatch = 1;
  var watching = false;

  function watch(req, opts) {
    var id = 'w' + nextWatch++;
    var closed = false;
    watchers[id] = opts;
    if (!watching) {
      watching = true;
      fx.onApiEvent('cloudWatch', function (payload) {
        var o = watchers[payload.watchId];
        if (!o) return;
        if (payload.error) { kit.callSafely(o.onError, payload.error); return; }
        kit.callSafely(o.onChange, dbKit.decode(payload.snapshot));
      });
    }
    fx.invokeApi('fx.cloudDb', { op: 'watch', watchId: id, query: req }).then(null, function (err) {
      delete watchers[id];
      kit.callSafely(opts.onError, renamed(err, 'watch'));
    });
    return {
      close: function () {
        if (closed) return Promise.resolve();
        closed = true;
        delete watchers[id];
        return fx.invokeApi('fx.cloudDb', { op: 'unwatch', watchId: id });
      },
    };
  }

  function database(options) {
    return dbKit.createDatabase(sendDb, { env: (options && options.env) || state.env, watch: watch });
  }

  factories.cloudInit = function (full, argv) {
    var o = argv[0];
    if (kit.isObject(o) && o.env) state.env = typeof o.env === 'string' ? o.env : o.env.database;
    return undefined;
  };
  factories.cloudDatabase = function (full, argv) { return database(argv[0]); };

  // ---------------------------------------------------------------- Alipay cloud context
  function call(apiName, name, args, opts) {
    var p = fx.invokeApi(apiName, args).then(function (res) {
      res = kit.revive(res);
      if (kit.isObject(res)) delete res.success;
      return res;
    });
    return kit.deliverResult(p, opts || {}, null) || p;
  }

  factories.cloudContext = function (full, argv) {
    var o = kit.isObject(argv[0]) ? argv[0] : {};
    var env = o.env || null;
    function split(opts) { return kit.splitArgs({}, [opts || {}]); }
    var ctx = {
      env: env,
      init: function (opts) { return kit.deliverResult(Promise.resolve({ success: true }), split(opts).callbacks, null); },
      callFunction: function (opts) {
        var s = split(opts);
        return call('fx.cloudCall', 'callFunction', { name: s.args.name, data: s.args.data, env: env }, s.callbacks);
      },
      database: function () { return dbKit.createDatabase(sendDb, { env: env, watch: watch }); },
    };
    ['uploadFile', 'downloadFile', 'getTempFileURL', 'deleteFile'].forEach(function (op) {
      ctx[op] = function (opts) {
        var s = split(opts);
        var args = {};
        for (var k in s.args) args[k] = s.args[k];
        args.op = op;
        return call('fx.cloudFile', op, args, s.callbacks);
      };
    });
    return ctx;
  };
})(globalThis);
