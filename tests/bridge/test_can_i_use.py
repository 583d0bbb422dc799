"""canIUse in JS: API names, api.object.param(.value), api.return.field,
component.attr.value, per profile."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("profile,query,expected", [
    ("alipay", "getLocation", True),
    ("alipay", "my.getLocation", True),
    ("alipay", "getLocation.object.type", True),
    ("alipay", "getLocation.object.type.3", True),
    ("alipay", "getLocation.object.type.7", False),
    ("alipay", "getLocation.object.nope", False),
    ("alipay", "getLocation.return.pois", True),
    ("alipay", "getSystemInfo.return.app", True),
    ("alipay", "getSystemInfo.return.SDKVersion", False),
    ("alipay", "tradePay", True),
    ("alipay", "ap.openURL", True),
    ("alipay", "tb.openDetail", False),
    ("taobao", "tb.openDetail", True),
    ("taobao", "tb.openDetail.object.itemId", True),
    ("dingtalk", "tradePay", False),
    ("amap", "getPhoneNumber", False),
    ("alipay", "button.open-type.getAuthorize", True),
    ("alipay", "button.open-type.getUserInfo", False),
    ("alipay", "lifestyle", True),
    ("taobao", "lifestyle", False),
    ("alipay", "onNetworkStatusChange", True),
    ("alipay", "getStorageSync", True),
    ("alipay", "SDKVersion", True),
    ("alipay", "nothing", False),
    ("wechat", "getUserProfile", True),
    ("wechat", "getUserProfile.object.desc", True),
    ("wechat", "showToast.object.icon.error", True),
    ("wechat", "showToast.object.icon.fail", False),
    ("wechat", "getSystemInfo.success.SDKVersion", True),
    ("wechat", "getSystemInfoSync.return.safeArea", True),
    ("wechat", "button.open-type.getUserInfo", True),
    ("wechat", "button.open-type.getAuthorize", False),
    ("wechat", "tradePay", False),
    ("wechat", "getAuthCode", False),
])
def test_can_i_use(make_js, profile, query, expected):
    js = make_js(profile)
    ns = "wx" if profile == "wechat" else "my"
    assert js.eval(f"{ns}.canIUse({query!r})") is expected


def test_adapting_sample_logic_differs_by_profile(make_js):
    """What a page does with canIUse: pay if it can, else explain."""
    code = ("my.canIUse('tradePay') ? my.tradePay({tradeNO: 'X'}).then(function (r) "
            "{ log.push(r.resultCode) }) : log.push('no payment here')")
    ali = make_js("alipay")
    ali.exec(code)
    ding = make_js("dingtalk")
    ding.exec(code)
    assert ali.get("log") == ["9000"] and ding.get("log") == ["no payment here"]
