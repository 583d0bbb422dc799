"""Alipay APIs: template config, the old request name, host events, OCR, map and
web-view contexts, sync failures.

https://opendocs.alipay.com/mini/api/getextconfig (and getExtConfigSync: errors 20/21),
my.request FAQ (my.httpRequest: form-encoded by default),
https://opendocs.alipay.com/mini/api/overview (my.on/my.off; sync APIs throw),
https://opendocs.alipay.com/mini/api/createmapcontext (MapContext),
mPaaS "原生应用向小程序发送自定义事件" (my.on(name, fn) for host events).
"""

from __future__ import annotations

import json

from .kit import logs, unit

PAGE = "pages/index/index"


def test_get_ext_config_sync_and_async(app):
    js = """Page({ onLoad() {
      console.log('sync', my.getExtConfigSync());
      my.getExtConfig({ success: r => console.log('async', r.data, r.extConfig) });
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)},
             files={"ext.json": json.dumps({"extEnable": True, "ext": {"shop": "A1"}})})
    assert logs(mp, "sync") == [{"shop": "A1"}]
    assert logs(mp, "async") == [[{"shop": "A1"}, {"shop": "A1"}]]


def test_get_ext_config_errors(app):
    js = """Page({ onLoad() {
      try { my.getExtConfigSync(); } catch (e) { console.log('sync', e.error); }
      my.getExtConfig({ fail: e => console.log('async', e.error) });
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)})
    assert logs(mp, "sync") == [20] and logs(mp, "async") == [20]
    mp2 = app("alipay", {PAGE: unit("<view/>", js)},
              files={"ext.json": json.dumps({"extEnable": False, "ext": {"a": 1}})})
    assert logs(mp2, "sync") == [21] and logs(mp2, "async") == [21]


def test_wechat_get_ext_config(app):
    js = """Page({ onLoad() {
      console.log('sync', wx.getExtConfigSync());
      wx.getExtConfig({ success: r => console.log('async', r.extConfig) });
    } });"""
    mp = app("wechat", {PAGE: unit("<view/>", js)},
             files={"ext.json": json.dumps({"extEnable": True, "ext": {"k": 1}})})
    assert logs(mp, "sync") == [{"k": 1}] and logs(mp, "async") == [{"k": 1}]


def test_http_request_is_form_encoded(app):
    js = """Page({ onLoad() {
      my.httpRequest({ url: 'https://api.example.com/x', method: 'POST', data: { a: 1, b: 'z' },
        success: r => console.log('ok', r.status, r.data) });
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)},
             launch={"mocks": {"https://api.example.com/x": {"done": True}}, "url_check": False})
    assert logs(mp, "ok") == [[200, {"done": True}]]
    sent = mp.network[0]
    ctype = {k.lower(): v for k, v in sent["requestHeaders"].items()}["content-type"]
    assert ctype == "application/x-www-form-urlencoded"
    assert sorted(sent["requestBody"].split("&")) == ["a=1", "b=z"]


def test_my_on_receives_host_events_and_off_removes(app):
    js = """Page({ onLoad() {
      this.h = my.on('nativeToTiny', d => console.log('got', d.key));
    }, stop() { my.off('nativeToTiny'); } });"""
    mp = app("alipay", {PAGE: unit('<view class="stop" onTap="stop"/>', js)})
    mp.container.bridge.send_event("nativeToTiny", {"key": "v1"})
    mp.settle()
    mp.page.get(".stop").tap()
    mp.container.bridge.send_event("nativeToTiny", {"key": "v2"})
    mp.settle()
    assert logs(mp, "got") == ["v1"]


def test_ocr_through_the_provider(app, tmp_path):
    js = """Page({ go() {
      my.chooseImage({ success: r => my.ocr({ ocrType: 'ocr_bank_card', path: r.apFilePaths[0],
        success: res => console.log('ocr', res.result.cardNum),
        fail: e => console.log('fail', e.error, e.errorMessage) }) });
    }, bad() { my.ocr({ ocrType: 'ocr_nothing', path: 'x', fail: e => console.log('bad', e.error) }); } });"""
    png = tmp_path / "card.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    mp = app("alipay", {PAGE: unit('<view class="go" onTap="go"/><view class="bad" onTap="bad"/>', js)},
             launch={"answers": {"chooseImage": [str(png)]}})
    mp.container.bridge.ocr.answer("ocr_bank_card", {"cardNum": "6217000011112222"})
    mp.page.get(".go").tap()
    mp.page.get(".bad").tap()
    assert logs(mp, "ocr") == ["6217000011112222"]
    assert logs(mp, "bad") == [2]


def test_map_context(app):
    js = """Page({ onReady() {
      const map = my.createMapContext('m');
      map.getCenterLocation({ success: r => console.log('center', r.latitude, r.longitude) });
      map.getScale({ success: r => console.log('scale', r.scale) });
      map.calculateDistance({ points: [{ latitude: 30, longitude: 120 }, { latitude: 30.01, longitude: 120 }],
        success: r => console.log('dist', r.distance) });
      map.polygonContainsPoint({ point: { latitude: 1, longitude: 1 },
        polygon: [{ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 2 }, { latitude: 2, longitude: 2 }, { latitude: 2, longitude: 0 }],
        success: r => console.log('inside', r.isInPolygon) });
      map.moveToLocation({ success: () => console.log('moved', true) });
    } });"""
    mp = app("alipay", {PAGE: unit('<map id="m" latitude="30.27" longitude="120.15" scale="14"/>', js)})
    assert logs(mp, "center") == [[30.27, 120.15]]
    assert logs(mp, "scale") == [14]
    assert logs(mp, "dist") == [1112]
    assert logs(mp, "inside") == [True]
    assert logs(mp, "moved") == [True]
    assert any(u["kind"] == "mediaContext" and u["payload"]["kind"] == "map"
               and u["payload"]["method"] == "moveToLocation" for u in mp.ui_log)


def test_web_view_context_posts_to_the_host(app):
    js = "Page({ onReady() { my.createWebViewContext('w').postMessage({ hi: 1 }); } });"
    mp = app("alipay", {PAGE: unit('<web-view id="w" src="https://example.com"/>', js)})
    calls = [u["payload"] for u in mp.ui_log if u["kind"] == "mediaContext"]
    assert calls and calls[0]["kind"] == "webview" and calls[0]["args"] == [{"hi": 1}]


def test_server_time_and_app_id(app):
    js = """Page({ onLoad() {
      my.getServerTime({ success: r => console.log('t', typeof r.time, r.time > 1.6e12) });
      console.log('id', typeof my.getAppIdSync().appId);
      console.log('enter', my.getEnterOptionsSync().path);
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)})
    assert logs(mp, "t") == [["number", True]]
    assert logs(mp, "id") == ["string"]


def test_other_mini_program_and_exit_reach_the_host(app):
    js = """Page({ onLoad() {
      my.navigateToMiniProgram({ appId: '2021000000000000', path: 'pages/a', extraData: { k: 1 },
        success: () => console.log('nav', 'ok') });
      my.exitMiniProgram({ success: () => console.log('exit', 'ok') });
    } });"""
    mp = app("alipay", {PAGE: unit("<view/>", js)})
    assert logs(mp, "nav") == ["ok"] and logs(mp, "exit") == ["ok"]
    kinds = [u["kind"] for u in mp.ui_log]
    assert "navigateToMiniProgram" in kinds and "exitMiniProgram" in kinds


def test_on_page_not_found(app):
    """A page listed in app.json whose script never calls Page(): App.onPageNotFound and
    my.onPageNotFound listeners hear it."""
    app_js = ("App({ onPageNotFound(r) { console.log('nf', 'app', r.path); } });"
              "my.onPageNotFound(r => console.log('nf', 'listener', r.path));")
    mp = app("alipay", {PAGE: unit("<view/>", "Page({});"),
                        "pages/ghost/index": unit("<view/>", "// no Page() here")},
             app_js=app_js)
    mp.navigate("/pages/ghost/index")
    assert logs(mp, "nf") == [["app", "pages/ghost/index"], ["listener", "pages/ghost/index"]]
