// fanxing's build worker: one Node process per build host, answering JSON lines on
// stdin/stdout. Requests: {id, op, ...}; answers: {id, ok: true, ...} or
// {id, ok: false, error: {message, file, line, col}} (1-based line and column).
//   op "ts":   {source, file, tsconfig}   -> {code, map}      (esbuild transform, loader ts)
//   op "less": {source, file, roots}       -> {css, imports}  (the reference less compiler)
//   op "sass": {source, file, syntax, roots} -> {css, imports} (dart-sass, scss or indented)
// (roots: the folders @import may read from; file: the stylesheet's absolute path)
//   op "versions": {}                      -> {less, sass, esbuild} (what is installed)
// Engines load on first use from the tools folder given as argv[2], so a build that
// needs only TypeScript never loads Less.
'use strict';
const path = require('path');
const readline = require('readline');

const toolsDir = process.argv[2];
const engines = {};

function engine(name) {
  if (!engines[name]) {
    try {
      engines[name] = require(require.resolve(name, { paths: [toolsDir] }));
    } catch (e) {
      const err = new Error(`the npm package ${name} is not installed in ${toolsDir}`);
      err.missing = name;
      throw err;
    }
  }
  return engines[name];
}

function version(name) {
  try {
    const file = require.resolve(name, { paths: [toolsDir] });
    let dir = path.dirname(file);
    while (dir !== path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      try {
        const data = JSON.parse(require('fs').readFileSync(manifest, 'utf8'));
        if (data.name === name) return data.version;
      } catch (e) { /* keep looking up */ }
      dir = path.dirname(dir);
    }
  } catch (e) { /* not installed */ }
  return null;
}

function transformTs(req) {
  const esbuild = engine('esbuild');
  try {
    const out = esbuild.transformSync(req.source, {
      loader: 'ts',
      sourcefile: req.file,
      sourcemap: 'external',
      target: 'esnext',
      legalComments: 'none',
      tsconfigRaw: { compilerOptions: req.tsconfig || {} },
    });
    return { code: out.code, map: out.map };
  } catch (e) {
    const first = (e.errors || [])[0];
    if (!first) throw e;
    const loc = first.location || {};
    const err = new Error(first.text);
    err.where = { file: loc.file || req.file, line: loc.line || 1, col: (loc.column || 0) + 1 };
    throw err;
  }
}

function inside(file, roots) {
  const abs = path.resolve(file);
  return roots.some((r) => abs === r || abs.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

// Less reads @imports itself: keep it to local files under the allowed folders (an app's
// stylesheet reaches neither the network nor the rest of the disk).
function rootedFiles(less, roots) {
  class Rooted extends less.FileManager {
    supports() { return true; }
    supportsSync() { return true; }
    // also data-uri(), which loads synchronously (options.syncImport) and gets
    // {error} instead of a rejected promise
    loadFile(filename, dir, options, env, callback) {
      const sync = Boolean(options && options.syncImport);
      const refuse = (message) => (sync ? { error: { type: 'File', message } }
        : Promise.reject({ type: 'File', message }));
      if (/^([a-z][a-z0-9+.-]*:)?\/\//i.test(filename)) {
        return refuse(`remote file is not allowed: ${filename}`);
      }
      const outside = (file) => file && file.filename && !inside(file.filename, roots);
      const result = super.loadFile(filename, dir, options, env, callback);
      if (sync) return outside(result) ? refuse(`file outside the project: ${filename}`) : result;
      return result.then((file) => {
        if (outside(file)) throw { type: 'File', message: `@import outside the project: ${filename}` };
        return file;
      });
    }
  }
  return { install(l, pluginManager) { pluginManager.addFileManager(new Rooted()); } };
}

async function compileLess(req) {
  const less = engine('less');
  try {
    // javascriptEnabled stays false: an app's stylesheet never runs code at build time.
    const out = await less.render(req.source, {
      filename: req.file, javascriptEnabled: false, math: 'parens-division',
      plugins: [rootedFiles(less, req.roots || [path.dirname(req.file)])],
    });
    return { css: out.css, imports: out.imports || [] };
  } catch (e) {
    const err = new Error(e.message || String(e));
    err.where = { file: e.filename || req.file, line: e.line || 1, col: (e.column || 0) + 1 };
    throw err;
  }
}

function compileSass(req) {
  const sass = engine('sass');
  const url = require('url');
  try {
    const out = sass.compileString(req.source, {
      url: url.pathToFileURL(req.file),
      syntax: req.syntax === 'indented' ? 'indented' : 'scss',
      loadPaths: [path.dirname(req.file)],
      style: 'expanded',
      logger: sass.Logger ? sass.Logger.silent : undefined,
    });
    const imports = out.loadedUrls.filter((u) => u.protocol === 'file:').map((u) => url.fileURLToPath(u));
    const outside = imports.find((f) => !inside(f, req.roots || [path.dirname(req.file)]));
    if (outside) throw Object.assign(new Error(`@import outside the project: ${outside}`), { span: null });
    return { css: out.css, imports };
  } catch (e) {
    const span = e.span;
    const err = new Error(e.sassMessage || e.message || String(e));
    if (span) {
      err.where = {
        file: span.url ? url.fileURLToPath(span.url) : req.file,
        line: span.start.line + 1, col: span.start.column + 1,
      };
    }
    throw err;
  }
}

const ops = {
  ts: transformTs,
  less: compileLess,
  sass: compileSass,
  versions: () => ({ less: version('less'), sass: version('sass'), esbuild: version('esbuild') }),
};

function reply(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', async (line) => {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    reply({ id: null, ok: false, error: { message: 'bad request: ' + e.message } });
    return;
  }
  try {
    const op = ops[req.op];
    if (!op) throw new Error('unknown op ' + req.op);
    const result = await op(req);
    reply(Object.assign({ id: req.id, ok: true }, result));
  } catch (e) {
    reply({ id: req.id, ok: false,
      error: Object.assign({ message: e.message || String(e), missing: e.missing || null }, e.where || {}) });
  }
});
rl.on('close', () => process.exit(0));
