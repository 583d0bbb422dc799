"""System APIs: network type and its event, clipboard, vibrate, phone calls, scanning."""

from __future__ import annotations

import pytest
from fanxing.bridge import ApiError

from .conftest import ALIPAY_FAMILY


def test_network_type_and_status_events_in_js(make_js):
    js = make_js("wechat")
    js.exec("""
      var f = function (r) { log.push(r) };
      wx.onNetworkStatusChange(f);
      wx.getNetworkType().then(function (r) { log.push(r.networkType) });
    """)
    js.bridge.set_network_type("4g")
    js.forward_host()
    js.exec("wx.offNetworkStatusChange(f)")
    js.fire("networkStatusChange", {"isConnected": False, "networkType": "none"})
    assert js.get("log") == ["wifi", {"isConnected": True, "networkType": "4g"}]
    assert js.get("__fx.syncState.networkType") == "4g"


@pytest.mark.parametrize("profile", ALIPAY_FAMILY)
def test_alipay_network_type(make_bridge, profile):
    b = make_bridge(profile)
    b.set_network_type("none")
    assert b.call_sync("my.getNetworkType", {}) == {"networkAvailable": False,
                                                    "networkType": "NONE"}


def test_clipboard_both_dialects(make_bridge):
    a = make_bridge("alipay")
    a.call_sync("my.setClipboard", {"text": "hello"})
    assert a.call_sync("my.getClipboard", {}) == {"text": "hello"}
    w = make_bridge("wechat")
    w.call_sync("wx.setClipboardData", {"data": "copied"})
    assert w.call_sync("wx.getClipboardData", {})["data"] == "copied"
    assert w.host.log[0][1] == "showToast"  # WeChat confirms with a toast


def test_vibrate(make_bridge):
    b = make_bridge("wechat")
    b.call_sync("wx.vibrateShort", {"type": "heavy"})
    b.call_sync("wx.vibrateLong", {})
    assert [p["type"] for m, k, p in b.host.log if k == "vibrate"] == ["heavy", "long"]


@pytest.mark.parametrize("answer", ["ok", "cancel"])
def test_make_phone_call(make_bridge, answer):
    a = make_bridge("alipay", {"phoneCall": answer})
    w = make_bridge("wechat", {"phoneCall": answer})
    if answer == "ok":
        assert a.call_sync("my.makePhoneCall", {"number": "10086"}) == {"success": True}
        assert w.call_sync("wx.makePhoneCall", {"phoneNumber": "10086"})["errMsg"] == \
            "makePhoneCall:ok"
        assert a.host.log[0][2]["number"] == "10086"
    else:
        with pytest.raises(ApiError) as e:
            a.call_sync("my.makePhoneCall", {"number": "10086"})
        assert e.value.payload["error"] == 11
        with pytest.raises(ApiError) as e:
            w.call_sync("wx.makePhoneCall", {"phoneNumber": "10086"})
        assert e.value.payload == {"errMsg": "makePhoneCall:fail cancel"}


def test_scan_code(make_bridge):
    a = make_bridge("alipay", {"scanCode": ["https://x.example/1", "cancel"]})
    assert a.call_sync("my.scan", {})["code"] == "https://x.example/1"
    with pytest.raises(ApiError) as e:
        a.call_sync("my.scan", {})
    assert e.value.payload["error"] == 10
    w = make_bridge("wechat", {"scan": "ABC"})
    assert w.call_sync("wx.scanCode", {})["result"] == "ABC"


def test_sync_state_mirrors_system_info(make_js):
    js = make_js("alipay")
    info = js.eval("my.getSystemInfoSync()")
    assert info == js.bridge.call_sync("my.getSystemInfo", {})
    assert js.eval("my.getAccountInfoSync().miniProgram.appId") == "app1"
    js.exec("var i = my.getSystemInfoSync(); i.model = 'changed'")
    assert js.eval("my.getSystemInfoSync().model") == info["model"]  # a copy each time
