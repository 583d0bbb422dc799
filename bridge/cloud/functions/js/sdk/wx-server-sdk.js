/* fanxing's local wx-server-sdk: what `require('wx-server-sdk')` gives a cloud function
 * run by fanxing. Every call goes to the local cloud through the worker (worker.js). */
'use strict';

const { createDatabase } = global.__fxCloud.databaseModule;

const rt = () => global.__fxCloud;
let env = null;

function call(op, args, name) {
  return rt().call(op, args).then((value) => value, (e) => {
    e.errMsg = `${name}:fail ${e.message}`;
    e.message = e.errMsg;
    throw e;
  });
}

function callbacks(promise, opts) {
  if (opts && (opts.success || opts.fail || opts.complete)) {
    promise.then((r) => { opts.success && opts.success(r); opts.complete && opts.complete(r); },
      (e) => { opts.fail && opts.fail(e); opts.complete && opts.complete(e); });
  }
  return promise;
}

function ok(name, value) { return Object.assign({ errMsg: `${name}:ok` }, value); }

const DYNAMIC_CURRENT_ENV = Symbol.for('DYNAMIC_CURRENT_ENV');

const cloud = {
  DYNAMIC_CURRENT_ENV,
  SYMBOL_CURRENT_ENV: DYNAMIC_CURRENT_ENV,
  init(options) { env = options && typeof options.env === 'string' ? options.env : null; },
  getWXContext() {
    const c = (rt().current || {}).caller || {};
    return { OPENID: c.openId, APPID: c.appId, UNIONID: c.unionId, ENV: c.env || env || 'local',
      SOURCE: c.source || 'wx_client', CLIENTIP: '127.0.0.1', CLIENTIPV6: '::1' };
  },
  database(options) {
    return createDatabase((req, name) => call('db', req, name).then((r) => ok(name, r)),
      { env: options && options.env, server: true });
  },
  callFunction(opts) {
    return callbacks(call('callFunction', { name: opts.name, data: opts.data || {} },
      'cloud.callFunction').then((r) => ok('cloud.callFunction', r)), opts);
  },
  uploadFile(opts) {
    const content = Buffer.isBuffer(opts.fileContent) ? opts.fileContent
      : Buffer.from(opts.fileContent || '');
    return callbacks(call('storage.upload', { cloudPath: opts.cloudPath,
      base64: content.toString('base64') }, 'cloud.uploadFile').then((r) => ok('cloud.uploadFile', r)), opts);
  },
  downloadFile(opts) {
    return callbacks(call('storage.download', { fileID: opts.fileID }, 'cloud.downloadFile')
      .then((r) => ok('cloud.downloadFile', { fileContent: Buffer.from(r.base64, 'base64') })), opts);
  },
  getTempFileURL(opts) {
    return callbacks(call('storage.tempURL', { fileList: opts.fileList }, 'cloud.getTempFileURL')
      .then((r) => ok('cloud.getTempFileURL', r)), opts);
  },
  deleteFile(opts) {
    return callbacks(call('storage.delete', { fileList: opts.fileList }, 'cloud.deleteFile')
      .then((r) => ok('cloud.deleteFile', r)), opts);
  },
  cloudPay: {
    unifiedOrder(opts) {
      return call('pay.unifiedOrder', opts || {}, 'cloudPay.unifiedOrder')
        .then((r) => ok('cloudPay.unifiedOrder', r));
    },
    queryOrder(opts) {
      return call('pay.queryOrder', opts || {}, 'cloudPay.queryOrder')
        .then((r) => ok('cloudPay.queryOrder', r));
    },
  },
  code2Session(opts) {
    return call('auth.code2Session', opts || {}, 'auth.code2Session');
  },
  logger() {
    const log = (level) => (obj) => console[level](typeof obj === 'string' ? obj : JSON.stringify(obj));
    return { log: log('log'), info: log('info'), warn: log('warn'), error: log('error') };
  },
  registerService() {},
  callWXSvrkit() {
    return Promise.reject(new Error('cloud.callWXSvrkit: WeChat-internal services are not available in the local cloud'));
  },
};

// cloud.openapi.<group>.<method>(params): open-platform calls by name.
cloud.openapi = new Proxy({}, {
  get(_, group) {
    if (typeof group !== 'string') return undefined;
    return new Proxy({}, {
      get(__, method) {
        if (typeof method !== 'string') return undefined;
        return (params) => call('openapi', { name: `${group}.${method}`, params: params || {} },
          `openapi.${group}.${method}`).then((r) => ok(`openapi.${group}.${method}`, r));
      },
    });
  },
});

module.exports = cloud;
