"""Location: consent (asked once, remembered, both outcomes), coordinates per dialect,
settings, choose/open location."""

from __future__ import annotations

import pytest
from fanxing.bridge import ApiError, FixedLocation

from .conftest import ALIPAY_FAMILY


def asks(bridge, kind="consent"):
    return [p for m, k, p in bridge.host.log if m == "ask" and k == kind]


@pytest.mark.parametrize("profile", ALIPAY_FAMILY)
def test_alipay_location_allowed_strings_and_types(make_bridge, profile):
    b = make_bridge(profile, {"consent": "allow"})
    r0 = b.call_sync("my.getLocation", {})
    assert r0["latitude"] == "30.274084" and r0["longitude"] == "120.15507"
    assert isinstance(r0["accuracy"], str) and "city" not in r0
    r1 = b.call_sync("my.getLocation", {"type": 1})
    assert r1["city"] == "杭州市" and "streetNumber" not in r1
    r2 = b.call_sync("my.getLocation", {"type": 2})
    assert r2["streetNumber"]["street"] and "pois" not in r2
    r3 = b.call_sync("my.getLocation", {"type": 3})
    assert r3["pois"][0]["name"]
    assert len(asks(b)) == 1  # asked once, remembered
    assert asks(b)[0]["scope"] == "location"


@pytest.mark.parametrize("profile,payload", [
    ("alipay", {"error": 2001, "errorMessage": "user denied location authorization"}),
    ("taobao", {"error": 2001, "errorMessage": "user denied location authorization"}),
    ("wechat", {"errMsg": "getLocation:fail auth deny"}),
])
def test_location_denied_and_remembered(make_bridge, profile, payload):
    b = make_bridge(profile, {"consent.location": "deny"})
    ns = b.profile.base
    for _ in range(2):
        with pytest.raises(ApiError) as e:
            b.call_sync(f"{ns}.getLocation", {})
        assert e.value.payload == payload
    assert len(asks(b)) == 1
    # Remembered across runs too.
    again = make_bridge(profile, {"consent": "allow"})
    with pytest.raises(ApiError):
        again.call_sync(f"{ns}.getLocation", {})
    assert asks(again) == []
    # ...but per app.
    other = make_bridge(profile, {"consent": "allow"}, app_id="other")
    assert other.call_sync(f"{ns}.getLocation", {})["latitude"]


def test_wechat_numbers(make_bridge):
    r = make_bridge("wechat").call_sync("wx.getLocation", {"type": "gcj02"})
    assert r["latitude"] == pytest.approx(30.274084) and isinstance(r["longitude"], float)
    assert r["errMsg"] == "getLocation:ok"


def test_position_is_configurable(make_bridge):
    loc = FixedLocation()
    loc.move_to(39.9042, 116.4074, city="北京市")
    b = make_bridge("alipay", location=loc)
    r = b.call_sync("my.getLocation", {"type": 1})
    assert (r["latitude"], r["longitude"], r["city"]) == ("39.9042", "116.4074", "北京市")


@pytest.mark.parametrize("profile,key", [("alipay", "location"), ("wechat", "scope.userLocation")])
def test_get_setting_and_open_setting(make_bridge, profile, key):
    b = make_bridge(profile, {"consent": "deny", "openSetting": {key: True}})
    ns = b.profile.base
    assert b.call_sync(f"{ns}.getSetting", {})["authSetting"] == {}
    with pytest.raises(ApiError):
        b.call_sync(f"{ns}.getLocation", {})
    assert b.call_sync(f"{ns}.getSetting", {})["authSetting"] == {key: False}
    assert b.call_sync(f"{ns}.openSetting", {})["authSetting"] == {key: True}
    assert b.call_sync(f"{ns}.getLocation", {})["latitude"]


def test_wx_authorize(make_bridge):
    b = make_bridge("wechat", {"consent": ["deny"]})
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.authorize", {"scope": "scope.userLocation"})
    assert e.value.payload == {"errMsg": "authorize:fail auth deny"}
    with pytest.raises(ApiError):
        b.call_sync("wx.authorize", {"scope": "scope.nothing"})


def test_choose_and_open_location(make_bridge):
    spot = {"name": "西湖", "address": "杭州", "latitude": 30.25, "longitude": 120.14}
    b = make_bridge("alipay", {"chooseLocation": [spot, "cancel"]})
    r = b.call_sync("my.chooseLocation", {})
    assert r["name"] == "西湖" and r["latitude"] == 30.25
    with pytest.raises(ApiError) as e:
        b.call_sync("my.chooseLocation", {})
    assert e.value.payload["error"] == 11
    w = make_bridge("wechat")
    w.call_sync("wx.openLocation", {"latitude": 30.2, "longitude": 120.1, "name": "x"})
    assert w.host.log[-1][1] == "openLocation"
    with pytest.raises(ApiError) as e:
        w.call_sync("wx.openLocation", {"latitude": "abc", "longitude": 1})
    assert "parameter.latitude" in e.value.payload["errMsg"]
