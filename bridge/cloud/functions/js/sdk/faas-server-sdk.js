/* fanxing's local @alipay/faas-server-sdk: what `require('@alipay/faas-server-sdk')` gives
 * an Alipay cloud function run by fanxing. Calls go to the local cloud (worker.js). */
'use strict';

const { createDatabase } = global.__fxCloud.databaseModule;

const rt = () => global.__fxCloud;
let config = {};

function call(op, args) { return rt().call(op, args); }

const cloud = {
  init(options) { config = Object.assign({}, options || {}); return cloud; },
  /** Who called: the Alipay user and the mini-program, from the host's identity service. */
  getContext() {
    const c = (rt().current || {}).caller || {};
    return { appId: c.appId, userId: c.userId, openId: c.openId, env: c.env || config.env || 'local',
      requestId: (rt().current || {}).rid };
  },
  database() {
    return createDatabase((req) => call('db', req), { env: config.env, server: true });
  },
  callFunction(param) {
    if (!param || !param.name) return Promise.reject(new Error('callFunction: name is required'));
    return call('callFunction', { name: param.name, data: param.data || {} })
      .then((r) => ({ result: r.result, requestId: r.requestID, requestID: r.requestID }));
  },
  uploadFile(opts) {
    const content = Buffer.isBuffer(opts.fileContent) ? opts.fileContent : Buffer.from(opts.fileContent || '');
    return call('storage.upload', { cloudPath: opts.cloudPath, base64: content.toString('base64') });
  },
  downloadFile(opts) {
    return call('storage.download', { fileID: opts.fileID })
      .then((r) => ({ fileContent: Buffer.from(r.base64, 'base64') }));
  },
  getTempFileURL(opts) { return call('storage.tempURL', { fileList: opts.fileList }); },
  deleteFile(opts) { return call('storage.delete', { fileList: opts.fileList }); },
  /** Open-platform calls: openapi.invoke('alipay.trade.create', bizContent). */
  openapi: {
    invoke(method, bizContent) { return call('openapi', { name: method, params: bizContent || {} }); },
  },
};

module.exports = cloud;
