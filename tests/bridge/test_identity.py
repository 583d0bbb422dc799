"""Identity: auth codes (silent and with consent), the host-side exchange, profile and
phone number, WeChat login and getUserProfile, DingTalk auth codes."""

from __future__ import annotations

import json

import pytest
from fanxing.bridge import ApiError, AuthCodeError, IdentityService

from .conftest import ALIPAY_FAMILY


def consent_asks(b):
    return [p for m, k, p in b.host.log if k == "consent"]


@pytest.mark.parametrize("profile", ALIPAY_FAMILY)
def test_auth_base_is_silent_and_exchanges_once(make_bridge, profile):
    b = make_bridge(profile, {"consent": "deny"})
    res = b.call_sync("my.getAuthCode", {})
    assert res["authSuccessScopes"] == ["auth_base"] and consent_asks(b) == []
    who = b.identity.exchange(res["authCode"], "app1")
    assert who["userId"] == "u1" and "profile" not in who
    assert who["openId"] == b.identity.open_id("app1", "u1")
    with pytest.raises(AuthCodeError, match="already used"):
        b.identity.exchange(res["authCode"])


@pytest.mark.parametrize("answer", ["allow", "deny"])
def test_auth_user_asks_consent(make_bridge, answer):
    b = make_bridge("alipay", {"consent.userInfo": answer})
    if answer == "allow":
        res = b.call_sync("my.getAuthCode", {"scopes": ["auth_user"]})
        assert b.identity.exchange(res["authCode"])["profile"]["nickName"]
    else:
        with pytest.raises(ApiError) as e:
            b.call_sync("my.getAuthCode", {"scopes": "auth_user"})
        assert e.value.payload["error"] == 11
    assert len(consent_asks(b)) == 1


def test_codes_expire_and_belong_to_their_app():
    now = [1000.0]
    ids = IdentityService(ttl=60, clock=lambda: now[0])
    code = ids.issue("a", "u", ("auth_base",))
    now[0] += 61
    with pytest.raises(AuthCodeError, match="expired"):
        ids.exchange(code)
    code = ids.issue("a", "u", ("auth_base",))
    with pytest.raises(AuthCodeError, match="another mini-program"):
        ids.exchange(code, "b")


def test_open_user_info_and_phone_number(make_bridge):
    ids = IdentityService(users={"u1": {"nickName": "小明", "mobile": "13912345678"}})
    b = make_bridge("alipay", {"consent": "allow"}, identity=ids)
    info = json.loads(b.call_sync("my.getOpenUserInfo", {})["response"])["response"]
    assert info["nickName"] == "小明" and info["code"] == "10000"
    phone = b.call_sync("my.getPhoneNumber", {})["response"]
    assert ids.decrypt_phone(phone)["mobile"] == "13912345678"
    denied = make_bridge("alipay", {"consent": "deny"}, app_id="other")
    with pytest.raises(ApiError) as e:
        denied.call_sync("my.getPhoneNumber", {})
    assert e.value.payload["error"] == 11
    assert not make_bridge("amap").has_api("my.getPhoneNumber")


@pytest.mark.parametrize("answer", ["allow", "deny"])
def test_wechat_login_and_user_profile(make_bridge, answer):
    b = make_bridge("wechat", {"consent": answer})
    code = b.call_sync("wx.login", {})["code"]
    assert b.identity.exchange(code)["userId"] == "u1"
    if answer == "allow":
        res = b.call_sync("wx.getUserProfile", {"desc": "展示头像"})
        assert res["userInfo"]["nickName"] and res["errMsg"] == "getUserProfile:ok"
        b.call_sync("wx.getUserProfile", {"desc": "again"})
        assert len(consent_asks(b)) == 2  # WeChat asks every time
    else:
        with pytest.raises(ApiError) as e:
            b.call_sync("wx.getUserProfile", {"desc": "x"})
        assert e.value.payload == {"errMsg": "getUserProfile:fail auth deny"}
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.getUserProfile", {})
    assert "parameter.desc" in e.value.payload["errMsg"]


def test_dingtalk_auth_code_with_corp_id(make_js):
    js = make_js("dingtalk")
    js.exec("dd.getAuthCode({corpId: 'ding123', success: function (r) { log.push(r.authCode) }})")
    code = js.get("log")[0]
    assert js.bridge.identity.exchange(code)["corpId"] == "ding123"
    # my.getAuthCode keeps Alipay's shape in DingTalk.
    js.exec("my.getAuthCode({}).then(function (r) { log.push(r.authSuccessScopes) })")
    assert js.get("log")[1] == ["auth_base"]
