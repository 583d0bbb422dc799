/* fanxing bridge: FileSystemManager (wx.getFileSystemManager / my.getFileSystemManager).
 *
 * Asynchronous methods run in Python (bridge/files.py) through fx.fs {op, …}. *Sync
 * methods answer from __fx.syncState.files — {virtual path: [isDir, size, mtime,
 * base64 or null]} — update it at once and persist through fx.fs, as storage does.
 * Argument styles: WeChat positional / {filePath…} objects; Alipay objects.
 */
(function (global) {
  'use strict';

  var fx = global.__fx;
  var kit = fx && fx.apiKit;
  if (!kit) return;
  var hasOwn = Object.prototype.hasOwnProperty;
  var isWx = kit.isWx;

  function files() { var s = kit.state(); return s.files || (s.files = {}); }
  function areas() { return kit.state().fileAreas || {}; }

  // ---------------------------------------------------------------- bytes
  function utf8Encode(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  }

  function utf8Decode(b) {
    var s = '', i = 0;
    while (i < b.length) {
      var c = b[i++];
      if (c >= 0xf0 && i + 2 < b.length + 1) c = ((c & 7) << 18) | ((b[i++] & 63) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
      else if (c >= 0xe0) c = ((c & 15) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
      else if (c >= 0xc0) c = ((c & 31) << 6) | (b[i++] & 63);
      s += String.fromCodePoint(c);
    }
    return s;
  }

  function toBytes(data, enc) {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    var s = String(data);
    enc = enc || 'utf8';
    if (enc === 'base64') return new Uint8Array(kit.base64ToArrayBuffer(s));
    if (enc === 'hex') {
      var h = new Uint8Array(s.length >> 1);
      for (var i = 0; i < h.length; i++) h[i] = parseInt(s.substr(i * 2, 2), 16);
      return h;
    }
    if (enc === 'utf8' || enc === 'utf-8') return utf8Encode(s);
    var out = new Uint8Array(s.length);
    for (var j = 0; j < s.length; j++) out[j] = s.charCodeAt(j) & 0xff;
    return out;
  }

  function fromBytes(b, enc) {
    if (!enc) return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    if (enc === 'base64') return kit.arrayBufferToBase64(b);
    if (enc === 'hex') {
      var h = '';
      for (var i = 0; i < b.length; i++) h += (b[i] < 16 ? '0' : '') + b[i].toString(16);
      return h;
    }
    if (enc === 'utf8' || enc === 'utf-8') return utf8Decode(b);
    var s = '';
    for (var j = 0; j < b.length; j++) s += String.fromCharCode(b[j]);
    return s;
  }

  /** Data for fx.fs: strings stay, bytes travel as {__fxArrayBuffer: base64}. */
  function wire(data) {
    if (typeof data === 'string') return data;
    return { __fxArrayBuffer: kit.arrayBufferToBase64(toBytes(data)) };
  }

  // ---------------------------------------------------------------- mirror
  function fail(full, reason, path, op) {
    var text = reason + (path ? ', ' + (op || 'open') + ' ' + path : '');
    return kit.syncFail(full, kit.failure(full, text, 3));
  }

  function parentOf(p) { return p.slice(0, p.lastIndexOf('/')); }

  /** Only the user-data area is writable; '..' never. */
  function writable(p) {
    var usr = areas().usr;
    return typeof p === 'string' && !!usr && (p === usr || p.indexOf(usr + '/') === 0) &&
      p.split('/').indexOf('..') < 0;
  }

  function readable(p) {
    return typeof p === 'string' && p.split('/').indexOf('..') < 0;
  }

  function stats(entry) {
    return { mode: entry[0] ? 16877 : 33188, size: entry[1], lastAccessedTime: entry[2],
      lastModifiedTime: entry[2],
      isDirectory: function () { return !!entry[0]; },
      isFile: function () { return !entry[0]; } };
  }

  function persist(op, args) {
    args.op = op;
    fx.invokeApi('fx.fs', args).then(null, function (err) {
      kit.report(new Error('fs.' + op + ' could not be saved: ' + JSON.stringify(err)));
    });
  }

  function put(p, bytes) {
    files()[p] = [0, bytes.length, Math.floor(Date.now() / 1000), kit.arrayBufferToBase64(bytes)];
  }

  var sync = {
    access: function (full, a) {
      if (!readable(a.path) || !files()[a.path]) return fail(full, 'no such file or directory', a.path, 'access');
    },
    stat: function (full, a) {
      var e = readable(a.path) && files()[a.path];
      if (!e) return fail(full, 'no such file or directory', a.path, 'stat');
      if (!a.recursive || !e[0]) return stats(e);
      var out = [{ path: '/', stats: stats(e) }];
      Object.keys(files()).sort().forEach(function (k) {
        if (k.indexOf(a.path + '/') === 0) out.push({ path: k.slice(a.path.length), stats: stats(files()[k]) });
      });
      return out;
    },
    readdir: function (full, a) {
      var e = readable(a.dirPath) && files()[a.dirPath];
      if (!e) return fail(full, 'no such file or directory', a.dirPath, 'readdir');
      if (!e[0]) return fail(full, 'not a directory', a.dirPath, 'readdir');
      return Object.keys(files()).filter(function (k) { return parentOf(k) === a.dirPath; })
        .map(function (k) { return k.slice(a.dirPath.length + 1); }).sort();
    },
    mkdir: function (full, a) {
      if (!writable(a.dirPath)) return fail(full, 'permission denied', a.dirPath, 'mkdir');
      if (files()[a.dirPath]) return fail(full, 'file already exists', a.dirPath, 'mkdir');
      var missing = [], p = a.dirPath;
      while (!files()[p] && p !== areas().usr) { missing.push(p); p = parentOf(p); }
      if (missing.length > 1 && !a.recursive) return fail(full, 'no such file or directory', a.dirPath, 'mkdir');
      missing.forEach(function (m) { files()[m] = [1, 0, Math.floor(Date.now() / 1000), null]; });
      persist('mkdir', { dirPath: a.dirPath, recursive: !!a.recursive });
    },
    rmdir: function (full, a) {
      if (!writable(a.dirPath) || a.dirPath === areas().usr) return fail(full, 'permission denied', a.dirPath, 'rmdir');
      var e = files()[a.dirPath];
      if (!e || !e[0]) return fail(full, 'no such file or directory', a.dirPath, 'rmdir');
      var inside = Object.keys(files()).filter(function (k) { return k.indexOf(a.dirPath + '/') === 0; });
      if (inside.length && !a.recursive) return fail(full, 'directory not empty', a.dirPath, 'rmdir');
      inside.concat([a.dirPath]).forEach(function (k) { delete files()[k]; });
      persist('rmdir', { dirPath: a.dirPath, recursive: !!a.recursive });
    },
    readFile: function (full, a) {
      var e = readable(a.filePath) && files()[a.filePath];
      if (!e) return fail(full, 'no such file or directory', a.filePath);
      if (e[0]) return fail(full, 'illegal operation on a directory', a.filePath);
      if (e[3] === null) return fail(full, 'file too large to read synchronously (use readFile)', a.filePath);
      var b = new Uint8Array(kit.base64ToArrayBuffer(e[3]));
      var start = a.position || 0;
      b = b.subarray(start, a.length === undefined ? b.length : start + a.length);
      return fromBytes(b, a.encoding);
    },
    writeFile: function (full, a) {
      if (!writable(a.filePath)) return fail(full, 'permission denied', a.filePath);
      var e = files()[a.filePath];
      if (e && e[0]) return fail(full, 'illegal operation on a directory', a.filePath);
      var parent = files()[parentOf(a.filePath)];
      if (!parent || !parent[0]) return fail(full, 'no such file or directory', a.filePath);
      var bytes = toBytes(a.data === undefined ? '' : a.data, a.encoding);
      if (a.append) {
        if (!e) return fail(full, 'no such file or directory', a.filePath);
        var old = e[3] === null ? null : new Uint8Array(kit.base64ToArrayBuffer(e[3]));
        if (old) { var both = new Uint8Array(old.length + bytes.length); both.set(old); both.set(bytes, old.length); put(a.filePath, both); }
      } else {
        put(a.filePath, bytes);
      }
      persist('writeFile', { filePath: a.filePath, data: wire(bytes), append: !!a.append });
    },
    unlink: function (full, a) {
      if (!writable(a.filePath)) return fail(full, 'permission denied', a.filePath, 'unlink');
      var e = files()[a.filePath];
      if (!e) return fail(full, 'no such file or directory', a.filePath, 'unlink');
      if (e[0]) return fail(full, 'operation not permitted', a.filePath, 'unlink');
      delete files()[a.filePath];
      persist('unlink', { filePath: a.filePath });
    },
    rename: function (full, a) {
      if (!writable(a.oldPath) || !writable(a.newPath)) return fail(full, 'permission denied', a.oldPath, 'rename');
      if (!files()[a.oldPath]) return fail(full, 'no such file or directory', a.oldPath, 'rename');
      if (!files()[parentOf(a.newPath)]) return fail(full, 'no such file or directory', a.newPath, 'rename');
      Object.keys(files()).forEach(function (k) {
        if (k === a.oldPath || k.indexOf(a.oldPath + '/') === 0) {
          files()[a.newPath + k.slice(a.oldPath.length)] = files()[k];
          delete files()[k];
        }
      });
      persist('rename', { oldPath: a.oldPath, newPath: a.newPath });
    },
    copyFile: function (full, a) {
      var e = readable(a.srcPath) && files()[a.srcPath];
      if (!e || e[0]) return fail(full, 'no such file or directory', a.srcPath, 'copyFile');
      if (!writable(a.destPath)) return fail(full, 'permission denied', a.destPath, 'copyFile');
      if (!files()[parentOf(a.destPath)]) return fail(full, 'no such file or directory', a.destPath, 'copyFile');
      files()[a.destPath] = e.slice();
      persist('copyFile', { srcPath: a.srcPath, destPath: a.destPath });
    },
  };

  // Positional parameter names of the WeChat *Sync methods.
  var POSITIONAL = {
    access: ['path'], stat: ['path', 'recursive'], readdir: ['dirPath'],
    mkdir: ['dirPath', 'recursive'], rmdir: ['dirPath', 'recursive'],
    readFile: ['filePath', 'encoding', 'position', 'length'],
    writeFile: ['filePath', 'data', 'encoding'], appendFile: ['filePath', 'data', 'encoding'],
    unlink: ['filePath'], rename: ['oldPath', 'newPath'], copyFile: ['srcPath', 'destPath'],
    saveFile: ['tempFilePath', 'filePath'],
  };
  // What a successful async call hands its success callback.
  var RESULT = { stat: 'stats', readdir: 'files', readFile: 'data' };

  function argsOf(op, argv) {
    var first = argv[0];
    if (kit.isObject(first) && !(first instanceof ArrayBuffer)) return first;
    var a = {}, names = POSITIONAL[op] || [];
    for (var i = 0; i < names.length; i++) if (argv[i] !== undefined) a[names[i]] = argv[i];
    return a;
  }

  function syncMethod(op) {
    var full = (isWx ? 'wx' : 'my') + '.' + op + 'Sync';
    return function () {
      var a = argsOf(op, arguments), name = op;
      if (op === 'appendFile') { a.append = true; name = 'writeFile'; }
      var out = sync[name](full, a);
      if (out && (out.errMsg || out.error)) return out;
      if (isWx) return out;
      if (out === undefined) return { success: true };
      var r = { success: true };
      r[RESULT[name] || 'data'] = out;
      return r;
    };
  }

  function asyncMethod(op) {
    var full = (isWx ? 'wx' : 'my') + '.' + op;
    return function (opts) {
      var split = kit.splitArgs({}, [opts]);
      var a = split.args;
      if (op === 'appendFile') a.append = true;
      if (a.data !== undefined && typeof a.data !== 'string') a.data = wire(a.data);
      a.op = op === 'appendFile' ? 'writeFile' : op;
      var p = fx.invokeApi('fx.fs', a).then(function (res) {
        res = kit.revive(res);
        if (kit.isObject(res) && op === 'stat' && res.stats) {
          var s = res.stats;
          var wrap = function (x) { return stats([x.isDir ? 1 : 0, x.size, x.lastModifiedTime]); };
          res.stats = Array.isArray(s) ? s.map(function (i) { return { path: i.path, stats: wrap(i.stats) }; }) : wrap(s);
        }
        if (isWx && kit.isObject(res)) res.errMsg = op + ':ok';
        return res;
      }, function (err) {
        if (kit.isObject(err) && err.errMsg) err.errMsg = err.errMsg.replace(/^fs:/, op + ':');
        throw err;
      });
      return kit.deliverResult(p, split.callbacks, null);
    };
  }

  var OPS = ['access', 'stat', 'readdir', 'mkdir', 'rmdir', 'readFile', 'writeFile',
    'appendFile', 'unlink', 'rename', 'copyFile', 'saveFile', 'getFileInfo',
    'getSavedFileList', 'removeSavedFile'];

  var manager = null;
  fx.apiFactories.fileSystemManager = function () {
    if (manager) return manager;
    manager = {};
    OPS.forEach(function (op) {
      manager[op] = asyncMethod(op);
      if (hasOwn.call(POSITIONAL, op) && op !== 'saveFile') manager[op + 'Sync'] = syncMethod(op);
    });
    return manager;
  };
})(globalThis);
