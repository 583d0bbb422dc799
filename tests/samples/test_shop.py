"""samples/shop: one Alipay-dialect shop under the alipay, taobao, dingtalk and amap hosts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fanxing.testing import MiniProgram

from .driver import SAMPLES, build, cli, page_text, tab, text

PROFILES = ["alipay", "taobao", "dingtalk", "amap"]
HOME, CART, ME, DETAIL = ("pages/home/home", "pages/cart/cart", "pages/me/me",
                          "pages/detail/detail")


@pytest.fixture
def shop(miniprogram) -> Callable[..., MiniProgram]:
    """``shop(profile, page=None, **answers)``: the shop running under a host profile."""

    def run(profile: str, page: str | None = None, **answers: Any) -> MiniProgram:
        return miniprogram(build("shop"), profile=profile, page=page, answers=answers)

    return run


def api(mp: MiniProgram, name: str) -> list[dict[str, Any]]:
    return [c for c in mp.api_calls if c["name"] == name]


def test_compiles_without_diagnostics() -> None:
    app = build("shop")
    assert app.dialect == "alipay"
    assert app.diagnostics == []
    assert set(app.pages) == {HOME, CART, ME, DETAIL}
    assert [i.page_path for i in app.config.tab_bar.items] == [HOME, CART, ME]


def test_cli_compile_is_clean() -> None:
    out = cli("compile", str(SAMPLES / "shop"))
    assert out.returncode == 0, out.stderr
    assert "warning" not in out.stderr + out.stdout
    assert "error:" not in out.stderr + out.stdout


def test_readme_render_command(tmp_path) -> None:
    """The checkout walk the README shows, through ``fanxing render``."""
    out = cli("render", str(SAMPLES / "shop"), "--profile", "alipay", "--answer", "pay=6001",
              "--data-dir", str(tmp_path), "--strict", "--do", "tap:.product-card",
              "--do", "tap:.add", "--do", "tap:.go", "--do", "tap:.pay")
    assert out.returncode == 0, out.stderr
    assert '<view class="result-code">Result 6001</view>' in out.stdout
    assert "You cancelled the payment." in out.stdout


@pytest.mark.parametrize("profile", PROFILES)
def test_home_adapts_to_host(profile: str, shop) -> None:
    mp = shop(profile)
    assert mp.errors == []
    assert mp.page.route == HOME
    assert len(mp.page.query_selector_all(".product-card")) == 6
    # each host shows its own banner and no other
    for banner in PROFILES:
        shown = mp.page.query_selector(f".host-banner.{banner}") is not None
        assert shown == (banner == profile), (profile, banner)
    host = mp.page.data["host"]
    assert host["canPay"] == (profile != "dingtalk")
    assert host["taobaoShop"] == (profile == "taobao")
    assert host["dingtalk"] == (profile == "dingtalk")
    assert "Longjing green tea" in page_text(mp) and "¥68.00" in page_text(mp)


def test_renders_differently_per_host(shop) -> None:
    texts = {p: page_text(shop(p)) for p in PROFILES}
    assert len(set(texts.values())) == len(PROFILES)
    assert "Follow shop" in texts["taobao"] and "Follow shop" not in texts["alipay"]
    assert "DingTalk: order for your team" in texts["dingtalk"]
    assert "stores are on the map" in texts["amap"]
    assert "Running in Amap 13.10.0" in texts["amap"]


def test_taobao_follow_shop_calls_my_tb(shop) -> None:
    mp = shop("taobao")
    mp.page.get(".taobao button").tap()
    assert mp.errors == []
    [call] = api(mp, "my.tb.openShop")
    assert call["ok"] and call["args"]["shopId"] == "starshop-001"
    assert text(mp, ".notice") == "Opened Star Shop in Taobao."
    assert any(u["kind"] == "openHostPage" and u["payload"]["page"] == "shop"
               for u in mp.ui_log)


def test_amap_map_hint_opens_location(shop) -> None:
    mp = shop("amap")
    mp.page.get(".amap button").tap()
    assert mp.errors == []
    [call] = api(mp, "my.openLocation")
    assert call["ok"] and call["args"]["name"] == "West Lake store"
    assert any(u["kind"] == "openLocation" for u in mp.ui_log)


def add_product(mp: MiniProgram, index: int, times: int = 1) -> None:
    """Home → product detail (navigateTo with ?id=) → add to cart → back."""
    mp.page.query_selector_all(".product-card")[index].tap()
    assert mp.page.route == DETAIL
    for _ in range(times):
        mp.page.get(".add").tap()
    mp.back()


@pytest.mark.parametrize("profile", PROFILES)
def test_product_detail_and_cart(profile: str, shop) -> None:
    mp = shop(profile)
    mp.page.query_selector_all(".product-card")[2].tap()
    assert mp.page.route == DETAIL
    assert mp.page.query == {"id": "3"}
    assert text(mp, ".name") == "Silk notebook"
    assert mp.page.window["navigationBarTitleText"] == "Silk notebook"
    assert (mp.page.query_selector(".tb-sku") is not None) == (profile == "taobao")
    mp.page.get(".add").tap()
    mp.page.get(".add").tap()
    assert text(mp, ".go") == "Go to cart (2)"
    assert text(mp, ".message") == "Silk notebook is in your cart."
    assert mp.storage["cart"] == [{"id": 3, "qty": 2}]
    mp.page.get(".go").tap()
    assert mp.page.route == CART
    assert "Silk notebook" in page_text(mp)
    assert text(mp, ".total") == "Total ¥64.00 (2 items)"
    assert mp.errors == []


def test_unknown_product_id(shop) -> None:
    mp = shop("alipay", page="pages/detail/detail?id=42")
    assert text(mp, ".missing") == "No product with id 42."
    assert mp.errors == []


def test_cart_quantity_buttons(shop) -> None:
    mp = shop("alipay")
    add_product(mp, 0)
    tab(mp, CART)
    assert text(mp, ".total") == "Total ¥68.00 (1 item)"
    minus, plus = mp.page.query_selector_all(".qty-btn")
    plus.tap()
    assert "× 2" in text(mp, ".line") and text(mp, ".total") == "Total ¥136.00 (2 items)"
    minus.tap()
    mp.page.get(".qty-btn").tap()
    assert mp.page.query_selector(".line") is None
    assert mp.page.query_selector(".empty") is not None
    assert "cart" in mp.storage and mp.storage["cart"] == []
    assert mp.errors == []


@pytest.mark.parametrize(("code", "message", "paid"), [
    ("9000", "Paid. Thank you!", True),
    ("6001", "You cancelled the payment.", False),
    ("4000", "Payment failed.", False),
    ("8000", "Payment is processing; we will let you know.", False),
    ("6002", "Network error; please try again.", False),
])
@pytest.mark.parametrize("profile", ["alipay", "taobao", "amap"])
def test_checkout_result_codes(profile: str, code: str, message: str, paid: bool,
                               shop) -> None:
    mp = shop(profile, pay=code)
    add_product(mp, 1, times=2)
    tab(mp, CART)
    assert text(mp, ".pay") == "Pay ¥90.00"
    mp.page.get(".pay").tap()
    assert mp.errors == []
    assert text(mp, ".result-code") == f"Result {code}"
    assert text(mp, ".result-text") == message
    [pay] = api(mp, "my.tradePay")
    assert pay["result"]["resultCode"] == code
    assert text(mp, ".result").endswith(pay["args"]["tradeNO"])
    assert ("ok" in mp.page.get(".result").classes) == paid
    assert ("cart" not in mp.storage) == paid
    assert (mp.page.query_selector(".empty") is not None) == paid
    assert mp.page.data["paying"] is False
    cashier = [u for u in mp.ui_log if u["kind"] == "cashier"]
    assert cashier and cashier[0]["payload"]["tradeNO"] == pay["args"]["tradeNO"]


def test_checkout_hidden_where_payment_is_missing(shop) -> None:
    mp = shop("dingtalk")
    add_product(mp, 0)
    tab(mp, CART)
    assert mp.page.query_selector(".pay") is None
    assert "Payment is not available in DingTalk" in text(mp, ".no-pay")
    assert api(mp, "my.tradePay") == []
    assert mp.errors == []


@pytest.mark.parametrize("profile", PROFILES)
def test_sign_in_with_consent(profile: str, shop) -> None:
    mp = shop(profile, consent="allow")
    tab(mp, ME)
    mp.page.get(".login").tap()
    assert mp.errors == []
    [call] = api(mp, "my.getAuthCode")
    assert call["ok"] and call["args"]["scopes"] == "auth_user"
    code = call["result"]["authCode"]
    assert code and text(mp, ".auth-code .code") == code
    asked = [u for u in mp.ui_log if u["kind"] == "consent"]
    assert asked and asked[0]["payload"]["scope"] == "userInfo"
    # the shop's backend exchanges the code, once
    who = mp.container.bridge.identity.exchange(code, mp.container.app_id)
    assert who["scopes"] == ["auth_user"] and who["profile"]


def test_sign_in_denied(shop) -> None:
    mp = shop("alipay", consent="deny")
    tab(mp, ME)
    mp.page.get(".login").tap()
    assert mp.errors == []
    assert mp.page.query_selector(".auth-code") is None
    assert text(mp, ".auth-error").startswith("Sign-in failed (")


def test_dingtalk_work_sign_in(shop) -> None:
    mp = shop("dingtalk")
    tab(mp, ME)
    mp.page.get(".dd-login").tap()
    [call] = api(mp, "dd.getAuthCode")
    assert call["ok"] and call["args"] == {"corpId": "ding-starshop-demo"}
    assert text(mp, ".dd-code") == f"DingTalk code {call['result']['authCode']}"
    assert mp.errors == []


@pytest.mark.parametrize("profile", ["alipay", "taobao", "amap"])
def test_no_dingtalk_sign_in_elsewhere(profile: str, shop) -> None:
    mp = shop(profile)
    tab(mp, ME)
    assert mp.page.query_selector(".login") is not None
    assert mp.page.query_selector(".dd-login") is None


@pytest.mark.parametrize("profile", PROFILES)
def test_store_near_me_allowed(profile: str, shop) -> None:
    mp = shop(profile, consent="allow")
    tab(mp, ME)
    mp.page.get(".locate").tap()
    assert mp.errors == []
    [call] = api(mp, "my.getLocation")
    pos = call["result"]
    assert isinstance(pos["latitude"], str) and isinstance(pos["longitude"], str)
    store = mp.page.data["store"]
    # the simulated position defaults to Hangzhou: the nearest store is one of the two there
    assert store["address"].endswith("Hangzhou") and store["km"] < 20
    assert text(mp, ".store-name") == f"{store['name']} · {store['km']} km"
    assert f"You are at {pos['latitude']}, {pos['longitude']}" in text(mp, ".store")
    assert mp.page.query_selector(".location-error") is None


def test_store_near_me_follows_the_position(shop) -> None:
    mp = shop("alipay", consent="allow")
    mp.container.bridge.location.move_to(31.2304, 121.4737, city="Shanghai")
    tab(mp, ME)
    mp.page.get(".locate").tap()
    assert mp.page.data["store"]["name"] == "Bund store"


def test_store_near_me_denied_shows_2001(shop) -> None:
    mp = shop("alipay", consent="deny")
    tab(mp, ME)
    mp.page.get(".locate").tap()
    assert mp.errors == []
    assert mp.page.query_selector(".store") is None
    assert "Location permission was denied (error 2001)." in text(mp, ".location-error")
    assert mp.page.data["locating"] is False


def test_denied_location_then_allowed_in_settings(shop) -> None:
    mp = shop("alipay", consent="deny", openSetting={"location": True})
    tab(mp, ME)
    mp.page.get(".locate").tap()
    assert "2001" in text(mp, ".location-error")
    mp.page.get(".location-error button").tap()
    assert mp.errors == []
    assert mp.page.query_selector(".location-error") is None
    assert mp.page.data["store"]["address"].endswith("Hangzhou")
