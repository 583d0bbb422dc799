/* fanxing cloud: the database query builder both sides share.
 *
 * Runs in the mini-program's logic context (wx.cloud.database(), a cloud context's
 * database()) and in Node cloud functions (the local wx-server-sdk and
 * @alipay/faas-server-sdk). It only builds JSON requests and hands them to
 * send(request) -> Promise; fanxing.bridge.cloud.database runs them. Commands travel as
 * {$cmd, $args}, dates as {$date: ms}.
 */
(function (root) {
  'use strict';

  function Command(name, args) { this.$cmd = name; this.$args = args; }
  Command.prototype.and = function () {
    return new Command('and', [this].concat(Array.prototype.slice.call(arguments)));
  };
  Command.prototype.or = function () {
    return new Command('or', [this].concat(Array.prototype.slice.call(arguments)));
  };

  function cmd(name) {
    return function () { return new Command(name, Array.prototype.slice.call(arguments)); };
  }

  var command = {};
  ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'size', 'all', 'elemMatch',
    'mod', 'nor', 'not', 'set', 'remove', 'inc', 'mul', 'push', 'pull', 'pullAll', 'addToSet',
    'pop', 'shift', 'unshift', 'min', 'max', 'rename'].forEach(function (n) { command[n] = cmd(n); });
  command.and = function () { return new Command('and', Array.prototype.slice.call(arguments)); };
  command.or = function () { return new Command('or', Array.prototype.slice.call(arguments)); };

  function encode(v) {
    if (v instanceof Date) return { $date: v.getTime() };
    if (v instanceof Command) return { $cmd: v.$cmd, $args: encode(v.$args) };
    if (Array.isArray(v)) return v.map(encode);
    if (v !== null && typeof v === 'object') {
      var out = {};
      for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined) out[k] = encode(v[k]);
      return out;
    }
    return v;
  }

  function decode(v) {
    if (Array.isArray(v)) return v.map(decode);
    if (v !== null && typeof v === 'object') {
      var keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$date' && typeof v.$date === 'number') return new Date(v.$date);
      for (var i = 0; i < keys.length; i++) v[keys[i]] = decode(v[keys[i]]);
    }
    return v;
  }

  /** Callbacks and a Promise, as both platforms' database calls offer. */
  function finish(promise, opts) {
    opts = opts || {};
    var has = typeof opts.success === 'function' || typeof opts.fail === 'function' ||
      typeof opts.complete === 'function';
    promise.then(function (r) {
      if (typeof opts.success === 'function') opts.success(r);
      if (typeof opts.complete === 'function') opts.complete(r);
    }, function (e) {
      if (typeof opts.fail === 'function') opts.fail(e);
      if (typeof opts.complete === 'function') opts.complete(e);
    });
    if (has) promise.then(null, function () {});
    return promise;
  }

  function createDatabase(send, options) {
    options = options || {};
    var txn = options.transaction || null;

    function run(name, req, opts) {
      req.txn = txn;
      var p = send(encode(req), name).then(function (res) { return decode(res); });
      return finish(p, opts);
    }

    function Query(coll, state) {
      this._coll = coll;
      this._s = state || { where: null, orderBy: [], skip: 0, limit: null, field: null };
    }
    function derive(q, key, value) {
      var s = {};
      for (var k in q._s) s[k] = q._s[k];
      s[key] = value;
      return new Query(q._coll, s);
    }
    Query.prototype.where = function (w) {
      if (w === null || typeof w !== 'object') throw new Error('collection.where: condition must be an object');
      return derive(this, 'where', w);
    };
    Query.prototype.orderBy = function (field, order) {
      return derive(this, 'orderBy', this._s.orderBy.concat([[field, order || 'asc']]));
    };
    Query.prototype.skip = function (n) { return derive(this, 'skip', n); };
    Query.prototype.limit = function (n) { return derive(this, 'limit', n); };
    Query.prototype.field = function (f) { return derive(this, 'field', f); };
    Query.prototype._req = function (op, extra) {
      var r = { op: op, collection: this._coll, where: this._s.where, orderBy: this._s.orderBy,
        skip: this._s.skip, limit: this._s.limit, field: this._s.field };
      for (var k in extra || {}) r[k] = extra[k];
      return r;
    };
    Query.prototype.get = function (o) { return run('collection.get', this._req('get'), o); };
    Query.prototype.count = function (o) { return run('collection.count', this._req('count'), o); };
    Query.prototype.update = function (o) {
      o = o || {};
      return run('collection.update', this._req('update', { data: o.data }), o);
    };
    Query.prototype.remove = function (o) { return run('collection.remove', this._req('remove'), o); };
    Query.prototype.watch = function (o) {
      if (!options.watch) throw new Error('watch() is only available in the mini-program');
      return options.watch(encode(this._req('watch')), o || {});
    };

    function Collection(name) { Query.call(this, name); this.collectionName = name; }
    Collection.prototype = Object.create(Query.prototype);
    Collection.prototype.doc = function (id) { return new Doc(this._coll, id); };
    Collection.prototype.add = function (o) {
      o = o || {};
      return run('collection.add', { op: 'add', collection: this._coll, data: o.data }, o);
    };
    Collection.prototype.aggregate = function () {
      throw new Error('collection.aggregate: not supported by the local cloud');
    };

    function Doc(coll, id) { this._coll = coll; this._id = id; }
    Doc.prototype._req = function (op, data) {
      return { op: op, collection: this._coll, doc: this._id, data: data };
    };
    Doc.prototype.get = function (o) { return run('document.get', this._req('doc.get'), o); };
    Doc.prototype.set = function (o) { o = o || {}; return run('document.set', this._req('doc.set', o.data), o); };
    Doc.prototype.update = function (o) { o = o || {}; return run('document.update', this._req('doc.update', o.data), o); };
    Doc.prototype.remove = function (o) { return run('document.remove', this._req('doc.remove'), o); };
    Doc.prototype['delete'] = Doc.prototype.remove;
    Doc.prototype.watch = function (o) {
      if (!options.watch) throw new Error('watch() is only available in the mini-program');
      return options.watch(encode({ op: 'watch', collection: this._coll, where: { _id: this._id } }), o || {});
    };

    var db = {
      command: command,
      collection: function (name) { return new Collection(name); },
      serverDate: function (o) { return new Command('serverDate', [o || {}]); },
      RegExp: function (o) { return new Command('regex', [{ regexp: o.regexp, options: o.options || '' }]); },
      createCollection: function (name) { return run('database.createCollection', { op: 'createCollection', collection: name }); },
      config: { env: options.env },
    };
    if (options.server) {
      db.startTransaction = function () {
        return send({ op: 'txn.start' }, 'database.startTransaction').then(function (r) {
          var t = createDatabase(send, { env: options.env, transaction: r.id });
          return {
            collection: t.collection,
            commit: function () { return send({ op: 'txn.commit', txn: r.id }, 'transaction.commit'); },
            rollback: function (reason) {
              return send({ op: 'txn.rollback', txn: r.id }, 'transaction.rollback').then(function () {
                return { errMsg: 'transaction.rollback:ok', reason: reason };
              });
            },
          };
        });
      };
      db.runTransaction = function (fn) {
        return db.startTransaction().then(function (t) {
          var rolledBack = false, reason;
          var origRollback = t.rollback;
          t.rollback = function (r) { rolledBack = true; reason = r; return Promise.resolve(); };
          return Promise.resolve().then(function () { return fn(t); }).then(function (value) {
            if (rolledBack) return origRollback(reason).then(function () { throw reason; });
            return t.commit().then(function () { return value; });
          }, function (err) {
            return origRollback(err).then(function () { throw err; });
          });
        });
      };
    }
    return db;
  }

  var api = { createDatabase: createDatabase, Command: Command, encode: encode, decode: decode };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.__fxCloudDatabase = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
