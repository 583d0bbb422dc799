"""UI and navigation: everything goes to the Host; dialogs answered by ScriptedHost."""

from __future__ import annotations

import pytest
from fanxing.bridge import ApiError, ScriptedHost

from .conftest import ALIPAY_FAMILY


@pytest.mark.parametrize("profile", ALIPAY_FAMILY)
def test_alipay_ui_calls_reach_the_host(make_bridge, profile):
    b = make_bridge(profile)
    b.call_sync("my.showToast", {"content": "hi", "type": "success"})
    b.call_sync("my.showLoading", {"content": "wait"})
    b.call_sync("my.hideLoading", {})
    b.call_sync("my.setNavigationBar", {"title": "T", "backgroundColor": "#ff0000"})
    b.call_sync("my.setTabBarBadge", {"index": 1, "text": "3"})
    b.call_sync("my.stopPullDownRefresh", {})
    b.call_sync("my.pageScrollTo", {"scrollTop": 100})
    kinds = [(k, p) for m, k, p in b.host.log if m == "ui"]
    assert kinds[0] == ("showToast", {"title": "hi", "icon": "success", "duration": 2000})
    assert kinds[1][0] == "showLoading" and kinds[1][1]["title"] == "wait"
    assert [k for k, _ in kinds[2:]] == ["hideLoading", "setNavigationBar", "setTabBarBadge",
                                         "stopPullDownRefresh", "pageScrollTo"]
    assert kinds[3][1]["title"] == "T"


def test_wechat_ui_calls_reach_the_host(make_bridge):
    b = make_bridge("wechat")
    assert b.call_sync("wx.showToast", {"title": "ok"}) == {"errMsg": "showToast:ok"}
    b.call_sync("wx.setNavigationBarTitle", {"title": "Hi"})
    b.call_sync("wx.setNavigationBarColor", {"frontColor": "#ffffff", "backgroundColor": "#000"})
    b.call_sync("wx.startPullDownRefresh", {})
    b.call_sync("wx.hideTabBar", {})
    assert [k for m, k, _ in b.host.log] == ["showToast", "setNavigationBar", "setNavigationBar",
                                             "startPullDownRefresh", "hideTabBar"]
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.setNavigationBarColor", {"frontColor": "red", "backgroundColor": "#000"})
    assert "parameter.frontColor should be one of" in e.value.payload["errMsg"]


@pytest.mark.parametrize("answer,confirmed", [("ok", True), ("cancel", False)])
def test_confirm_both_outcomes(make_bridge, answer, confirmed):
    assert make_bridge("alipay", {"confirm": answer}).call_sync(
        "my.confirm", {"content": "sure?"}) == {"confirm": confirmed}
    assert make_bridge("wechat", {"confirm": answer}).call_sync(
        "wx.showModal", {"content": "sure?"}) == {"confirm": confirmed, "cancel": not confirmed,
                                                  "errMsg": "showModal:ok"}


@pytest.mark.parametrize("profile", ALIPAY_FAMILY)
def test_alipay_show_modal(make_bridge, profile):
    # alipay-mini-shop (a real app) calls my.showModal 38 times; it is in Alipay's
    # official typings (@mini-types/my) and answers {confirm[, content]}, no `cancel`.
    b = make_bridge(profile, {"confirm": ["ok", "cancel"], "prompt": "Ada"})
    assert b.call_sync("my.showModal", {"title": "t", "content": "sure?"}) == {"confirm": True}
    assert b.call_sync("my.showModal", {"content": "sure?"}) == {"confirm": False}
    assert b.call_sync("my.showModal", {"editable": True}) == {"confirm": True, "content": "Ada"}
    assert b.call_sync("my.showModal", {"showCancel": False}) == {"confirm": True}
    asked = [(k, p["content"]) for m, k, p in b.host.log if m == "ask"]
    assert asked[:2] == [("confirm", "sure?"), ("confirm", "sure?")]


def test_alert_prompt_and_editable_modal(make_bridge):
    b = make_bridge("alipay", {"prompt": ["Ada", "cancel"]})
    assert b.call_sync("my.alert", {"content": "x"}) == {"success": True}
    assert b.call_sync("my.prompt", {"title": "name?"}) == {"ok": True, "inputValue": "Ada"}
    assert b.call_sync("my.prompt", {"title": "name?"}) == {"ok": False, "inputValue": ""}
    w = make_bridge("wechat", {"prompt": {"ok": True, "text": "Bob"}})
    res = w.call_sync("wx.showModal", {"editable": True})
    assert res["confirm"] is True and res["content"] == "Bob"
    res = make_bridge("wechat").call_sync("wx.showModal", {"showCancel": False})
    assert res["confirm"] is True


def test_action_sheet_both_dialects_and_cancel(make_bridge):
    b = make_bridge("alipay", {"actionSheet": [1, "cancel"]})
    assert b.call_sync("my.showActionSheet", {"items": ["a", "b"]}) == {"index": 1}
    assert b.call_sync("my.showActionSheet", {"items": ["a", "b"]}) == {"index": -1}
    w = make_bridge("wechat", {"actionSheet": [0, "cancel"]})
    assert w.call_sync("wx.showActionSheet", {"itemList": ["a"]})["tapIndex"] == 0
    with pytest.raises(ApiError) as e:
        w.call_sync("wx.showActionSheet", {"itemList": ["a"]})
    assert e.value.payload == {"errMsg": "showActionSheet:fail cancel"}


@pytest.mark.parametrize("profile", ["alipay", "wechat"])
def test_navigation_stack_and_failures(make_bridge, profile):
    pages = [f"pages/p{i}/index" for i in range(12)]
    host = ScriptedHost(pages=pages, tab_pages=["pages/p0/index"])
    b = make_bridge(profile, host=host)
    ns = b.profile.base
    for i in range(1, 10):
        b.call_sync(f"{ns}.navigateTo", {"url": f"/pages/p{i}/index?x={i}"})
    assert len(host.stack) == 10
    with pytest.raises(ApiError) as e:
        b.call_sync(f"{ns}.navigateTo", {"url": "/pages/p10/index"})
    assert "limit" in str(e.value.payload)
    b.call_sync(f"{ns}.navigateBack", {"delta": 3})
    assert host.stack[-1] == "pages/p6/index"
    b.call_sync(f"{ns}.redirectTo", {"url": "pages/p11/index"})
    assert host.stack[-1] == "pages/p11/index" and len(host.stack) == 7
    with pytest.raises(ApiError) as e:
        b.call_sync(f"{ns}.navigateTo", {"url": "pages/missing/index"})
    assert "not found" in str(e.value.payload)
    with pytest.raises(ApiError):
        b.call_sync(f"{ns}.switchTab", {"url": "pages/p3/index"})
    b.call_sync(f"{ns}.switchTab", {"url": "/pages/p0/index"})
    assert host.stack == ["pages/p0/index"]
    b.call_sync(f"{ns}.reLaunch", {"url": "pages/p5/index?a=1"})
    assert host.stack == ["pages/p5/index"]
    assert ("navigate", "reLaunch", {"url": "pages/p5/index?a=1", "delta": 1}) in host.log


def test_navigate_to_event_channel_in_js(make_js):
    js = make_js("wechat")
    js.exec("""
      wx.navigateTo({url: '/pages/a/a', events: {fromOpened: function (d) { log.push(['opener got', d]) }},
        success: function (res) { res.eventChannel.emit('fromOpener', {n: 1}); }});
    """)
    nav = [p for m, k, p in js.bridge.host.log if k == "navigateTo"][0]
    channel_id = nav["eventChannelId"]
    js.exec(f"""
      var ch = __fx.getOpenerEventChannel({channel_id!r});
      ch.on('fromOpener', function (d) {{ log.push(['opened got', d]); }});
      ch.emit('fromOpened', {{m: 2}});
    """)
    assert js.get("log") == [["opened got", {"n": 1}], ["opener got", {"m": 2}]]
