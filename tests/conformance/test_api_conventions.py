"""API call conventions, error shapes and canIUse.

Alipay: https://opendocs.alipay.com/mini/api/overview (async APIs take success/fail/
complete and return a Promise; a fail result carries `error` and `errorMessage`; *Sync
APIs return their result and throw on failure; my.on*/my.off* listeners),
https://opendocs.alipay.com/mini/api/can-i-use (API.object/return/callback forms,
component.attribute.option forms). WeChat:
https://developers.weixin.qq.com/miniprogram/dev/framework/app-service/api.html
(errMsg "name:ok" / "name:fail …", a Promise only without callbacks).
"""

from __future__ import annotations

from .kit import logs, unit

PAGE = "pages/index/index"


def test_alipay_async_callbacks_and_promise(app):
    js = """Page({ async onLoad() {
      const order = [];
      const p = my.getStorage({ key: 'none', success: r => order.push('success'),
        complete: r => order.push('complete') });
      const r = await p;
      console.log('res', r.data === null || r.data === undefined, typeof p.then);
      my.setStorageSync({ key: 'k', data: { v: 1 } });
      console.log('sync', JSON.stringify(my.getStorageSync({ key: 'k' })));
      setTimeout(() => console.log('order', order.join(',')), 0);
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)}, launch={"settle_ms": 10})
    assert logs(mp, "res") == [[True, "function"]]
    assert logs(mp, "sync") == ['{"data":{"v":1}}']
    assert logs(mp, "order") == ["success,complete"]


def test_alipay_fail_shape_and_rejection(app):
    js = """Page({ onLoad() {
      my.getStorage({ key: 1, fail: e => console.log('fail', typeof e.error, typeof e.errorMessage) });
      my.getStorage({ key: 1 }).catch(e => console.log('catch', e.error));
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)})
    assert logs(mp, "fail") == [["number", "string"]]
    assert logs(mp, "catch") == [2]


def test_wechat_err_msg_and_promise_only_without_callbacks(app):
    js = """Page({ onLoad() {
      const r = wx.getStorage({ key: 'none', fail: e => console.log('fail', e.errMsg) });
      console.log('ret', r === undefined);
      wx.setStorage({ key: 'k', data: 1 }).then(r => console.log('ok', r.errMsg));
    } });"""
    mp = app("wechat", {PAGE: unit("<view/>", js)})
    assert logs(mp, "ret") == [True]
    assert logs(mp, "fail")[0].startswith("getStorage:fail")
    assert logs(mp, "ok") == ["setStorage:ok"]


def test_sync_failures_throw_in_both_dialects(app):
    ali = ("Page({ onLoad() { try { my.setStorageSync({ key: 'k', data: 'x'.repeat(300000) });"
           " console.log('r', 'no throw'); } catch (e) { console.log('r', e.error, typeof e.message); } } });")
    wx = ("Page({ onLoad() { try { wx.getStorageSync(1); console.log('r', 'no throw'); }"
          " catch (e) { console.log('r', e.message.split(':')[0]); } } });")
    assert logs(app("alipay", {PAGE: unit("<view/>", ali)}), "r") == [[14, "string"]]
    assert logs(app("wechat", {PAGE: unit("<view/>", wx)}), "r") == ["getStorageSync"]


def test_alipay_on_off_listener_pairs(app):
    js = """Page({ onLoad() {
      const fn = e => console.log('net', e.networkType);
      my.onNetworkStatusChange(fn);
      this.fn = fn;
    }, off() { my.offNetworkStatusChange(this.fn); } });"""
    mp = app("alipay", {PAGE: unit('<view class="off" onTap="off"/>', js)})
    mp.container.bridge.set_network_type("4g")
    mp.settle()
    mp.page.get(".off").tap()
    mp.container.bridge.set_network_type("wifi")
    mp.settle()
    assert logs(mp, "net") == ["4G"]  # Alipay names network types in capitals


def test_alipay_can_i_use_forms(app):
    js = """Page({ onLoad() { console.log('c', [
      my.canIUse('getLocation'), my.canIUse('getLocation.object.type'),
      my.canIUse('getLocation.return.city'), my.canIUse('getSystemInfo.callback.brand'),
      my.canIUse('button.open-type.share'), my.canIUse('button.open-type'),
      my.canIUse('lifestyle'), my.canIUse('noSuchApi'), my.canIUse('button.open-type.nope'),
      my.canIUse('getLocation.object.nope')]); } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)})
    assert logs(mp, "c") == [[True, True, True, True, True, True, True, False, False, False]]


def test_wechat_can_i_use_forms(app):
    js = """Page({ onLoad() { console.log('c', [
      wx.canIUse('getLocation'), wx.canIUse('getSystemInfo.success.SDKVersion'),
      wx.canIUse('button.open-type.share'), wx.canIUse('noSuchApi')]); } });"""
    mp = app("wechat", {PAGE: unit("<view/>", js)})
    assert logs(mp, "c") == [[True, True, True, False]]
