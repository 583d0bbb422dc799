"""samples/shop: one Alipay-dialect shop under the alipay, taobao, dingtalk and amap hosts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .driver import SAMPLES, Driver, build

PROFILES = ["alipay", "taobao", "dingtalk", "amap"]
# Which host banner each profile shows on the home page (and no other).
BANNERS = {"alipay": "alipay", "taobao": "taobao", "dingtalk": "dingtalk", "amap": "amap"}


@pytest.fixture
def launch(tmp_path) -> Iterator[Callable[..., Driver]]:
    """``launch(profile, path=None, **answers)`` runs the shop; each run has its own data."""
    drivers: list[Driver] = []

    def make(profile: str, path: str | None = None, **answers: Any) -> Driver:
        d = Driver(build("shop"), profile=profile, answers=answers, path=path,
                   data_dir=tmp_path / f"run{len(drivers)}")
        drivers.append(d)
        return d

    yield make
    for d in drivers:
        d.close()


def test_compiles_without_diagnostics() -> None:
    app = build("shop")
    assert app.dialect == "alipay"
    assert app.diagnostics == []
    assert set(app.pages) == {"pages/home/home", "pages/cart/cart", "pages/me/me",
                              "pages/detail/detail"}
    assert [i.page_path for i in app.config.tab_bar.items] == [
        "pages/home/home", "pages/cart/cart", "pages/me/me"]


def test_cli_compile_is_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "fanxing.runtime.cli", "compile",
                          str(SAMPLES / "shop")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "warning" not in out.stderr + out.stdout


@pytest.mark.parametrize("profile", PROFILES)
def test_home_adapts_to_host(profile: str, launch) -> None:
    d = launch(profile)
    assert d.errors == []
    assert d.route == "pages/home/home"
    assert len(d.all("product-card")) == 6
    for p, banner in BANNERS.items():
        assert (d.find(banner) is not None) == (p == profile), (profile, banner)
    host = d.data["host"]
    assert host["canPay"] == (profile != "dingtalk")
    assert host["taobaoShop"] == (profile == "taobao")
    assert host["dingtalk"] == (profile == "dingtalk")
    assert "Longjing green tea" in d.text() and "¥68.00" in d.text()


def test_renders_differently_per_host(launch) -> None:
    texts = {}
    for p in PROFILES:
        d = launch(p)
        texts[p] = d.text()
    assert len(set(texts.values())) == len(PROFILES)
    assert "Follow shop" in texts["taobao"] and "Follow shop" not in texts["alipay"]
    assert "DingTalk: order for your team" in texts["dingtalk"]
    assert "stores are on the map" in texts["amap"]


def test_taobao_follow_shop_calls_my_tb(launch) -> None:
    d = launch("taobao")
    d.tap(d.one("taobao").get("children")[1])
    assert d.errors == []
    call = d.c.api_calls[-1]
    assert (call.name, call.ok, call.args["shopId"]) == ("my.tb.openShop", True, "starshop-001")
    assert d.text("notice") == "Opened Star Shop in Taobao."
    assert any(u["kind"] == "openHostPage" and u["payload"]["page"] == "shop"
               for u in d.c.ui_log)


def test_amap_map_hint_opens_location(launch) -> None:
    d = launch("amap")
    d.tap(d.one("amap").get("children")[1])
    assert d.errors == []
    assert [c.name for c in d.c.api_calls if c.ok] == ["my.openLocation"]
    assert any(u["kind"] == "openLocation" for u in d.c.ui_log)


def add_product(d: Driver, index: int, times: int = 1) -> None:
    """Home → product detail (navigateTo with ?id=) → add to cart."""
    d.tap(d.all("product-card")[index])
    assert d.route == "pages/detail/detail"
    for _ in range(times):
        d.tap("add")
    d.c.back()
    d.c.settle()


@pytest.mark.parametrize("profile", PROFILES)
def test_product_detail_and_cart(profile: str, launch) -> None:
    d = launch(profile)
    d.tap(d.all("product-card")[2])
    assert d.route == "pages/detail/detail"
    assert d.c.current.entry.query == {"id": "3"}
    assert d.text("name") == "Silk notebook"
    assert (d.find("tb-sku") is not None) == (profile == "taobao")
    d.tap("add")
    d.tap("add")
    assert d.text("go") == "Go to cart (2)"
    assert "Silk notebook is in your cart." in d.text("message")
    assert d.c.storage()["cart"] == '[{"id":3,"qty":2}]'
    d.tap("go")
    assert d.route == "pages/cart/cart"
    assert "Silk notebook" in d.text() and "¥64.00" in d.text("total")
    assert d.errors == []


def test_unknown_product_id(launch) -> None:
    d = launch("alipay", path="pages/detail/detail?id=42")
    assert d.text("missing") == "No product with id 42."
    assert d.errors == []


def test_cart_quantity_buttons(launch) -> None:
    d = launch("alipay")
    add_product(d, 0)
    d.tab("pages/cart/cart")
    plus, minus = d.all("qty-btn")[1], d.all("qty-btn")[0]
    d.tap(plus)
    assert "× 2" in d.text("line") and "¥136.00" in d.text("total")
    d.tap(d.all("qty-btn")[0])
    d.tap(d.all("qty-btn")[0])
    assert d.find("line") is None and d.find("empty") is not None
    assert minus["nodeId"] != plus["nodeId"]
    assert d.errors == []


@pytest.mark.parametrize(("code", "text", "cleared"), [
    ("9000", "Paid. Thank you!", True),
    ("6001", "You cancelled the payment.", False),
    ("4000", "Payment failed.", False),
    ("8000", "Payment is processing; we will let you know.", False),
])
@pytest.mark.parametrize("profile", ["alipay", "taobao"])
def test_checkout_result_codes(profile: str, code: str, text: str, cleared: bool,
                               launch) -> None:
    d = launch(profile, pay=code)
    add_product(d, 1, times=2)
    d.tab("pages/cart/cart")
    d.tap("pay")
    assert d.errors == []
    assert d.text("result-code") == f"Result {code}"
    assert d.text("result-text") == text
    pay = [c for c in d.c.api_calls if c.name == "my.tradePay"]
    assert len(pay) == 1 and pay[0].result["resultCode"] == code
    assert d.text("result").endswith(pay[0].args["tradeNO"])
    assert ("ok" in d.one("result")["cls"].split()) == cleared
    assert ("cart" not in d.c.storage()) == cleared
    assert (d.find("empty") is not None) == cleared
    assert d.data["paying"] is False


def test_checkout_hidden_where_payment_is_missing(launch) -> None:
    d = launch("dingtalk")
    add_product(d, 0)
    d.tab("pages/cart/cart")
    assert d.find("pay") is None
    assert "Payment is not available in DingTalk" in d.text("no-pay")
    assert d.errors == []


@pytest.mark.parametrize("profile", PROFILES)
def test_sign_in_with_consent(profile: str, launch) -> None:
    d = launch(profile, consent="allow")
    d.tab("pages/me/me")
    d.tap("login")
    assert d.errors == []
    call = [c for c in d.c.api_calls if c.name == "my.getAuthCode"][-1]
    assert call.ok and call.args["scopes"] == "auth_user"
    code = call.result["authCode"]
    assert code and d.text("code") == code
    asked = [u for u in d.c.ui_log if u["kind"] == "consent"]
    assert asked and asked[0]["payload"]["scope"] == "userInfo"
    # the shop's backend exchanges the code once
    who = d.c.bridge.identity.exchange(code, d.c.app_id)
    assert who["scopes"] == ["auth_user"] and who["profile"]


def test_sign_in_denied(launch) -> None:
    d = launch("alipay", consent="deny")
    d.tab("pages/me/me")
    d.tap("login")
    assert d.errors == []
    assert d.find("auth-code") is None
    assert d.text("auth-error").startswith("Sign-in failed (")


def test_dingtalk_work_sign_in(launch) -> None:
    d = launch("dingtalk")
    d.tab("pages/me/me")
    d.tap("dd-login")
    call = d.c.api_calls[-1]
    assert call.name == "dd.getAuthCode" and call.ok
    assert call.args == {"corpId": "ding-starshop-demo"}
    assert d.text("dd-code") == f"DingTalk code {call.result['authCode']}"
    assert d.errors == []


@pytest.mark.parametrize("profile", ["alipay", "taobao", "amap"])
def test_no_dingtalk_sign_in_elsewhere(profile: str, launch) -> None:
    d = launch(profile)
    d.tab("pages/me/me")
    assert d.find("login") is not None and d.find("dd-login") is None


@pytest.mark.parametrize("profile", PROFILES)
def test_store_near_me_allowed(profile: str, launch) -> None:
    d = launch(profile, consent="allow")
    d.tab("pages/me/me")
    d.tap("locate")
    assert d.errors == []
    pos = [c for c in d.c.api_calls if c.name == "my.getLocation"][-1].result
    assert isinstance(pos["latitude"], str) and isinstance(pos["longitude"], str)
    # the simulated default position is Hangzhou: the nearest store is one of the two there
    assert d.data["store"]["address"].endswith("Hangzhou")
    assert d.text("store-name").startswith(d.data["store"]["name"])
    assert f"You are at {pos['latitude']}, {pos['longitude']}" in d.text("store")
    assert d.find("location-error") is None


def test_store_near_me_denied_shows_2001(launch) -> None:
    d = launch("alipay", consent="deny")
    d.tab("pages/me/me")
    d.tap("locate")
    assert d.errors == []
    assert d.find("store") is None
    assert "Location permission was denied (error 2001)." in d.text("location-error")
    assert d.data["locating"] is False


def test_denied_location_then_allowed_in_settings(launch) -> None:
    d = launch("alipay", consent="deny", openSetting={"location": True})
    d.tab("pages/me/me")
    d.tap("locate")
    assert "2001" in d.text("location-error")
    d.tap(d.one("location-error")["children"][-1])
    assert d.errors == []
    assert d.find("location-error") is None
    assert d.data["store"]["address"].endswith("Hangzhou")
