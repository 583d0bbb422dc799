"""Profiles, devices and which namespaces each host exposes."""

from __future__ import annotations

import json

import pytest
from fanxing.bridge import builtin_devices, builtin_profiles, load_device, load_profile

from .conftest import ALL_PROFILES


def test_builtin_profiles_load_with_their_dialects():
    assert set(ALL_PROFILES) <= set(builtin_profiles())
    for name in ALL_PROFILES:
        p = load_profile(name)
        assert p.name == name
        assert p.dialect == ("wechat" if name == "wechat" else "alipay")


@pytest.mark.parametrize("profile,present,absent", [
    ("alipay", ["my", "my.ap"], ["wx", "dd", "my.tb", "my.tg"]),
    ("tmallgenie", ["my", "my.tg"], ["wx", "dd", "my.tb"]),
    ("taobao", ["my", "my.tb"], ["wx", "dd", "my.ap"]),
    ("dingtalk", ["my", "dd"], ["wx", "my.tb", "my.ap"]),
    ("amap", ["my"], ["wx", "dd", "my.tb", "my.ap"]),
    ("wechat", ["wx"], ["my", "dd"]),
])
def test_namespaces_present_only_in_their_host(make_js, profile, present, absent):
    js = make_js(profile)
    for ns in present:
        assert js.eval(f"typeof {ns}") == "object", ns
    for ns in absent:
        root, _, sub = ns.partition(".")
        expr = f"typeof {root}" if not sub else f"typeof {root} === 'undefined' ? 'undefined' : typeof {ns}"
        assert js.eval(expr) == "undefined", ns


def test_host_extension_apis_work(make_js):
    tb = make_js("taobao")
    tb.exec("my.tb.openDetail({itemId: '123'}).then(function (r) { log.push(r) })")
    assert tb.get("log") == [{"success": True}]
    assert tb.bridge.host.log[-1][1] == "openHostPage"
    assert tb.bridge.host.log[-1][2]["itemId"] == "123"
    dd = make_js("dingtalk")
    assert dd.eval("typeof dd.showToast") == "function"  # dd mirrors my in DingTalk


def test_tmall_genie_extension_speaks_and_hears_move_to_front(make_js):
    # tmallgenie-miniapp-api-demo: App.onLaunch calls my.tg.onMoveToFront, pages
    # my.tg.playTTS({text, openMic}) and my.tg.closeAdvertise({type}).
    tg = make_js("tmallgenie")
    tg.exec("my.tg.onMoveToFront(function (e) { log.push(['front', e]) });"
            "my.tg.playTTS({text: 'hello', openMic: true}).then(function (r) { log.push(r) });"
            "my.tg.closeAdvertise({type: 'video'});"
            "my.tg.playTTS({}).catch(function (e) { log.push(e.error) })")
    tg.fire("moveToFront", {"query": {"number": 1}})
    assert tg.get("log") == [{"success": True}, 2, ["front", {"query": {"number": 1}}]]
    ui = [(kind, payload) for method, kind, payload in tg.bridge.host.log if method == "ui"]
    assert ui == [("playTTS", {"text": "hello", "openMic": True}),
                  ("closeAdvertise", {"type": "video"})]
    info = tg.bridge.call_sync("my.getSystemInfo", {})
    assert info["app"] == "TmallGenie"
    assert tg.eval("my.canIUse('tg.playTTS') && !my.canIUse('tradePay')") is True


def test_user_profile_extends_a_builtin(tmp_path, make_bridge):
    f = tmp_path / "myhost.json"
    f.write_text(json.dumps({"extends": "alipay", "name": "myhost", "app": "MyHost",
                             "namespaces": ["my"], "exclude": ["my.tradePay"],
                             "client": {"name": "myhost", "version": "1.2.3"}}))
    p = load_profile(f)
    assert p.dialect == "alipay" and p.get("SDKVersion") == load_profile("alipay").get("SDKVersion")
    b = make_bridge(str(f))
    info = b.call_sync("my.getSystemInfo", {})
    assert info["app"] == "MyHost" and info["version"] == "1.2.3"
    assert not b.has_api("my.tradePay") and b.has_api("my.getLocation")
    assert "my.ap.openURL" not in b.api_table()["apis"]


@pytest.mark.parametrize("content,message", [
    ('{"name": "x"', "1:13: invalid JSON"),
    ('{"name": "x"}', "missing dialect"),
    ('{"extends": "nope"}', "unknown profile 'nope'"),
    ('{"extends": "alipay", "dialect": "swan"}', "dialect must be"),
])
def test_bad_profiles_fail_clearly(tmp_path, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_profile(f)


def test_unknown_builtin_profile_lists_the_known_ones():
    with pytest.raises(ValueError, match="builtin: alipay, amap"):
        load_profile("swan")


@pytest.mark.parametrize("profile,app", [("alipay", "alipay"), ("taobao", "TB"),
                                         ("dingtalk", "DingTalk"), ("amap", "amap")])
def test_get_system_info_app_value_per_host(make_bridge, profile, app):
    info = make_bridge(profile).call_sync("my.getSystemInfo", {})
    assert info["app"] == app
    assert info["platform"] == "iOS"


def test_devices_feed_system_info_and_rpx(make_bridge):
    assert {"iphone-14", "iphone-se", "pixel-7", "ipad"} <= set(builtin_devices())
    for name in builtin_devices():
        d = load_device(name)
        for profile in ("alipay", "wechat"):
            b = make_bridge(profile, device=name)
            info = b.call_sync(f"{b.profile.base}.getSystemInfo", {})
            assert info["screenWidth"] == d.screen_width
            assert info["pixelRatio"] == d.pixel_ratio
            assert info["model"] == d.model
            assert info["statusBarHeight"] == d.status_bar_height
            assert info["windowHeight"] == d.screen_height - d.status_bar_height - d.title_bar_height
            assert b.sync_state()["rpx"] == pytest.approx(d.screen_width / 750)
    android = make_bridge("wechat", device="pixel-7").call_sync("wx.getSystemInfo", {})
    assert android["platform"] == "android"


def test_unknown_device_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown device 'nokia'"):
        load_device("nokia")


def test_env_and_sdk_version_props(make_js):
    js = make_js("dingtalk")
    assert js.eval("my.SDKVersion") == load_profile("dingtalk").get("SDKVersion")
    assert js.eval("my.env.clientName") == "dingtalk"
    wx = make_js("wechat")
    assert wx.eval("wx.getSystemInfoSync().SDKVersion") == load_profile("wechat").get("SDKVersion")
    assert wx.eval("typeof wx.env.USER_DATA_PATH") == "string"
