/* fanxing cloud: one Node worker process running one cloud function.
 *
 * Python (fanxing.bridge.cloud.functions.pool) writes JSON lines on stdin and reads JSON
 * lines on stdout; nothing else may reach stdout, so console output and
 * process.stdout.write are captured per request. One invocation at a time: the pool
 * starts more workers for concurrency, so the SDK's "current caller" is simply the
 * invocation in progress.
 *
 *   in:  {t:'invoke', rid, event, context, caller}   {t:'reply', cid, ok, value, error}
 *   out: {t:'ready'}  {t:'log', rid, level, text}  {t:'call', rid, cid, op, args}
 *        {t:'done', rid, ok, value, error:{message, stack, code}}
 */
'use strict';

const path = require('path');
const Module = require('module');
const util = require('util');

const fnDir = process.argv[2];
const sdkDir = path.join(__dirname, 'sdk');
const SHIMS = {
  'wx-server-sdk': path.join(sdkDir, 'wx-server-sdk.js'),
  '@alipay/faas-server-sdk': path.join(sdkDir, 'faas-server-sdk.js'),
};

// The server SDKs resolve to fanxing's local implementations, whatever node_modules holds.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (Object.prototype.hasOwnProperty.call(SHIMS, request)) return SHIMS[request];
  return resolve.call(this, request, parent, ...rest);
};

const out = process.stdout.write.bind(process.stdout);
function send(msg) { out(JSON.stringify(msg) + '\n'); }

const runtime = global.__fxCloud = {
  current: null, // {rid, caller, context}
  nextCall: 1,
  pending: new Map(),
  databaseModule: require(process.argv[3]), // bridge/cloud/js/database.js, shared with the client
  call(op, args) {
    const inv = runtime.current;
    if (!inv) return Promise.reject(new Error('cloud SDK used outside an invocation'));
    const cid = runtime.nextCall++;
    return new Promise((resolve, reject) => {
      runtime.pending.set(cid, { resolve, reject });
      send({ t: 'call', rid: inv.rid, cid, op, args });
    });
  },
};

function log(level, args) {
  const rid = runtime.current ? runtime.current.rid : null;
  send({ t: 'log', rid, level, text: util.format(...args) });
}
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => log(level, args);
}
process.stdout.write = (chunk) => { log('log', [String(chunk).replace(/\n$/, '')]); return true; };
process.stderr.write = (chunk) => { log('error', [String(chunk).replace(/\n$/, '')]); return true; };

let main = null;
function load() {
  if (main) return main;
  const mod = require(path.join(fnDir, 'index.js'));
  main = mod && typeof mod.main === 'function' ? mod.main : null;
  if (!main) throw new Error(`${path.basename(fnDir)}/index.js does not export main`);
  return main;
}

function errorInfo(e) {
  if (e instanceof Error) return { message: e.message, stack: e.stack, code: e.errCode || e.code };
  return { message: typeof e === 'string' ? e : JSON.stringify(e) };
}

async function invoke(msg) {
  runtime.current = { rid: msg.rid, caller: msg.caller, context: msg.context };
  try {
    const fn = load();
    const value = await new Promise((resolve, reject) => {
      // Legacy callback style: main(event, context, callback).
      const r = fn(msg.event, msg.context, (err, v) => (err ? reject(err) : resolve(v)));
      if (r !== undefined || fn.length < 3) Promise.resolve(r).then(resolve, reject);
    });
    let json;
    try {
      json = value === undefined ? null : JSON.parse(JSON.stringify(value));
    } catch (e) {
      throw new Error('the function returned a value that is not JSON: ' + e.message);
    }
    send({ t: 'done', rid: msg.rid, ok: true, value: json });
  } catch (e) {
    send({ t: 'done', rid: msg.rid, ok: false, error: errorInfo(e) });
  } finally {
    runtime.current = null;
  }
}

process.on('unhandledRejection', (reason) => log('error', ['Unhandled rejection:', reason]));
process.on('uncaughtException', (e) => log('error', ['Uncaught exception:', e && e.stack || e]));

let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (!line.trim()) continue;
    const msg = JSON.parse(line);
    if (msg.t === 'invoke') invoke(msg);
    else if (msg.t === 'reply') {
      const p = runtime.pending.get(msg.cid);
      if (!p) continue;
      runtime.pending.delete(msg.cid);
      if (msg.ok) p.resolve(msg.value);
      else {
        const err = new Error(msg.error.message);
        err.errCode = msg.error.code;
        err.errMsg = msg.error.errMsg || msg.error.message;
        p.reject(err);
      }
    }
  }
});
process.stdin.on('end', () => process.exit(0));
send({ t: 'ready' });
