"""Call conventions: validation, error shapes, callbacks and Promises, unknown APIs."""

from __future__ import annotations

import pytest
from fanxing.bridge import ApiError
from fanxing.bridge.registry import ApiSpec

from .conftest import ALL_PROFILES


@pytest.mark.parametrize("profile", ALL_PROFILES)
def test_every_table_api_is_callable_or_mirrored(make_bridge, profile):
    b = make_bridge(profile)
    table = b.api_table()
    assert table["profile"] == profile
    for name, entry in table["apis"].items():
        assert entry["kind"] in ("async", "sync", "on", "off"), name
        if entry["kind"] == "sync":
            assert entry.get("mirror"), name
        assert not name.startswith("fx."), name


def test_non_object_options_fail_per_dialect(make_bridge):
    with pytest.raises(ApiError) as e:
        make_bridge("alipay").call_sync("my.showToast", "hello")
    assert e.value.payload == {"error": 2, "errorMessage":
                               "parameter error: options should be Object instead of String"}
    with pytest.raises(ApiError) as e:
        make_bridge("wechat").call_sync("wx.showToast", [1])
    assert e.value.payload["errMsg"].startswith("showToast:fail parameter error: options")


@pytest.mark.parametrize("profile,call,args,fragment", [
    ("alipay", "my.showToast", {"type": "boom"}, "parameter.type should be one of"),
    ("wechat", "wx.showToast", {}, "parameter.title should be String instead of Undefined"),
    ("alipay", "my.getLocation", {"type": "1"}, "parameter.type should be Number instead of String"),
    ("wechat", "wx.navigateTo", {"url": None}, "parameter.url should be String instead of Null"),
    ("taobao", "my.tb.openDetail", {}, "parameter.itemId should be String or Number"),
    ("dingtalk", "dd.getAuthCode", {}, "parameter.corpId should be String instead of Undefined"),
])
def test_bad_arguments_name_the_parameter(make_bridge, profile, call, args, fragment):
    with pytest.raises(ApiError) as e:
        make_bridge(profile).call_sync(call, args)
    payload = e.value.payload
    text = payload.get("errMsg") or payload["errorMessage"]
    assert fragment in text
    if profile == "wechat":
        assert text.startswith(call.split(".")[-1] + ":fail ")
    else:
        assert payload["error"] == 2


def test_unknown_api_fails_cleanly(make_bridge):
    with pytest.raises(ApiError) as e:
        make_bridge("amap").call_sync("my.tb.openCart", {})
    assert e.value.payload["error"] == 1
    with pytest.raises(ApiError) as e:
        make_bridge("wechat").call_sync("wx.nope", {})
    assert e.value.payload == {"errMsg": "nope:fail not supported"}


def test_handler_bug_becomes_an_api_error(make_bridge):
    b = make_bridge("wechat")

    def broken(ctx, args):
        raise ZeroDivisionError("oops")

    b._extra.add_spec(ApiSpec(name="boom", family="wechat", handler=broken))
    b._apis = b._resolve()
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.boom", {})
    assert e.value.payload == {"errMsg": "boom:fail internal error: ZeroDivisionError: oops"}


def test_call_listeners_see_every_call(make_bridge):
    b = make_bridge("alipay")
    seen = []
    b.listeners.append(lambda name, args, ok, result: seen.append((name, ok, result)))
    b.call_sync("my.getNetworkType", {})
    with pytest.raises(ApiError):
        b.call_sync("my.alert", {"title": 3})
    assert seen[0] == ("my.getNetworkType", True, {"networkAvailable": True,
                                                   "networkType": "WIFI"})
    assert seen[1][0] == "my.alert" and seen[1][1] is False and seen[1][2]["error"] == 2


def test_js_callbacks_and_promise_alipay(make_js):
    js = make_js("alipay", {"confirm": ["ok", "cancel"]})
    js.exec("""
      var p = my.confirm({title: 't', success: function (r) { log.push(['s', r]) },
                          complete: function (r) { log.push(['c', r]) }});
      log.push(typeof p.then);
      my.confirm({}).then(function (r) { log.push(['p', r]) });
      my.showToast({type: 'bad', fail: function (e) { log.push(['f', e.error]) }})
        .catch(function (e) { log.push(['caught', e.error]) });
    """)
    log = js.get("log")
    assert log[0] == "function"
    assert ["s", {"confirm": True}] in log and ["c", {"confirm": True}] in log
    assert ["p", {"confirm": False}] in log
    assert ["f", 2] in log and ["caught", 2] in log


def test_js_wechat_returns_promise_only_without_callbacks(make_js):
    js = make_js("wechat")
    assert js.eval("typeof wx.hideToast({success: function () {}})") == "undefined"
    js.exec("wx.hideToast().then(function (r) { log.push(r) })")
    assert js.get("log") == [{"errMsg": "hideToast:ok"}]


def test_errors_in_user_callbacks_are_reported_not_swallowed(make_js):
    js = make_js("wechat")
    js.exec("wx.hideToast({success: function () { throw new Error('mine') },"
            " complete: function () { log.push('complete still ran') }})")
    assert js.get("log") == ["complete still ran"]
    assert js.get("__fx.errors") == ["Error: mine"]


def test_js_sync_bad_arguments_alipay_throws(make_js):
    """Sync APIs throw on failure (opendocs.alipay.com/mini/api/overview, 同步型功能 API)."""
    js = make_js("alipay")
    res = js.eval("""(function () { try { my.getStorageSync({key: 1}); return null; }
      catch (e) { return {error: e.error, errorMessage: e.errorMessage, message: e.message}; } })()""")
    text = "parameter error: parameter.key should be String instead of Number"
    assert res == {"error": 2, "errorMessage": text, "message": text}
