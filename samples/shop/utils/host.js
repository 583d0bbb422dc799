// One mini-program, many hosts: find out once what the host app offers.
//
// Rule of thumb: ask `my.canIUse` about an API before showing the feature that
// needs it, and hide the feature when the answer is no. Host extension namespaces
// (`my.tb` in Taobao, `dd` in DingTalk, `my.ap` in Alipay) are simply undefined
// elsewhere, so check they exist before touching them.

const NAMES = { alipay: 'Alipay', TB: 'Taobao', DingTalk: 'DingTalk', amap: 'Amap' };

export function detectHost() {
  const info = my.getSystemInfoSync();
  const app = info.app || 'alipay';
  return {
    app,
    name: NAMES[app] || app,
    version: info.version || '',
    // core capabilities: present in most hosts, but not all
    canPay: my.canIUse('tradePay'),
    canLocate: my.canIUse('getLocation'),
    canLogin: my.canIUse('getAuthCode'),
    canOpenMap: my.canIUse('openLocation'),
    canOpenSetting: my.canIUse('openSetting'),
    // host extensions
    taobaoShop: typeof my.tb !== 'undefined' && my.canIUse('tb.openShop'),
    alipayPage: typeof my.ap !== 'undefined' && my.canIUse('ap.navigateToAlipayPage'),
    dingtalk: typeof dd !== 'undefined' && typeof dd.getAuthCode === 'function',
    amap: app === 'amap',
  };
}

export function currentHost() {
  const app = getApp();
  if (!app.globalData.host) app.globalData.host = detectHost();
  return app.globalData.host;
}

export default { detectHost, currentHost };
