"""Built-ins look like the dialect and host they run under (real Chromium, computed styles).

The ``app`` message carries ``dialect``, ``profile`` and the profile's ``theme``; the client
draws Alipay-family apps with Alipay's button/switch/checkbox/radio/slider/progress look
in the host's brand colour, and WeChat apps as before."""

from __future__ import annotations

from typing import Any

import pytest
from fanxing.bridge.profiles import load_profile
from fanxing.compiler.render_tree import text
from fanxing.runtime.view import protocol as P
from test_builtins_chromium import N, mount  # same folder (rootdir on sys.path)

BLUE = "rgb(22, 119, 255)"      # Alipay brand #1677ff
ORANGE = "rgb(255, 80, 0)"      # Taobao brand #ff5000
GREEN = "rgb(7, 193, 96)"       # WeChat #07c160


def app_message(profile: str) -> dict[str, Any]:
    prof = load_profile(profile)
    return {"v": P.PROTOCOL_VERSION, "type": "app", "dialect": prof.dialect or "alipay",
            "profile": prof.name, "theme": prof.get("theme") or {}}


def builtins(page, profile: str) -> None:
    page.evaluate("m => FX.receive(m)", app_message(profile))
    mount(page,
          N("button", text("default"), id="b-default"),
          N("button", text("primary"), id="b-primary", type="primary"),
          N("button", text("ghost"), id="b-ghost", type="ghost"),
          N("button", text("warn"), id="b-warn", type="warn"),
          N("button", text("mini"), id="b-mini", type="primary", size="mini"),
          N("switch", id="sw", checked=True),
          N("switch", id="sw-off"),
          N("checkbox", id="cb", checked=True),
          N("radio", id="rd", checked=True),
          N("slider", id="sl", value=40),
          N("progress", id="pg", percent=60),
          css=".fx-page { padding: 8px; } button { margin-top: 8px; }")


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, "(e, p) => getComputedStyle(e).getPropertyValue(p)", prop)


def pseudo(page, selector: str, which: str, prop: str) -> str:
    return page.eval_on_selector(
        selector, "(e, a) => getComputedStyle(e, a[0]).getPropertyValue(a[1])", [which, prop])


def test_alipay_builtins_look_like_alipay(page, shots):
    builtins(page, "alipay")
    page.wait_for_timeout(50)
    page.screenshot(path=str(shots / "look-alipay.png"), full_page=True)
    assert page.get_attribute("#fx-app", "fx-dialect") == "alipay"
    # buttons: full width, 47 px, white default with a hairline border, filled brand primary
    assert style(page, "#b-default", "height") == "47px"
    assert float(style(page, "#b-default", "width")[:-2]) > 300
    assert style(page, "#b-default", "background-color") == "rgb(255, 255, 255)"
    assert style(page, "#b-default", "color") == "rgb(51, 51, 51)"
    assert style(page, "#b-default", "font-size") == "18px"
    assert style(page, "#b-primary", "background-color") == BLUE
    assert style(page, "#b-primary", "color") == "rgb(255, 255, 255)"
    assert style(page, "#b-ghost", "background-color") == "rgba(0, 0, 0, 0)"
    assert style(page, "#b-ghost", "color") == BLUE
    assert style(page, "#b-ghost", "border-top-color") == BLUE
    assert style(page, "#b-warn", "background-color") == "rgb(255, 49, 65)"
    assert style(page, "#b-mini", "display") == "inline-block"
    assert style(page, "#b-mini", "height") == "30px"
    assert style(page, "#b-mini", "font-size") == "14px"
    # switch, checkbox, radio, slider, progress in the brand colour
    assert style(page, "#sw .fx-switch-icon", "background-color") == BLUE
    assert style(page, "#sw .fx-switch-icon", "width") == "51px"
    assert style(page, "#sw-off .fx-switch-icon", "background-color") == "rgb(229, 229, 229)"
    assert style(page, "#cb .fx-checkbox-icon", "background-color") == BLUE
    assert pseudo(page, "#cb .fx-checkbox-icon", "::after", "border-right-color") == "rgb(255, 255, 255)"
    assert style(page, "#rd .fx-radio-icon", "background-color") == BLUE
    assert style(page, "#sl .fx-slider-active", "background-color") == BLUE
    assert style(page, "#sl .fx-slider-track", "height") == "4px"
    assert style(page, "#sl .fx-slider-handle", "width") == "22px"
    assert style(page, "#pg .fx-progress-inner", "background-color") == BLUE
    # the navigation bar takes the host's defaults (white for Alipay)
    assert style(page, ".fx-navbar", "background-color") == "rgb(255, 255, 255)"


def test_wechat_builtins_keep_wechat_look(page, shots):
    builtins(page, "wechat")
    page.wait_for_timeout(50)
    page.screenshot(path=str(shots / "look-wechat.png"), full_page=True)
    assert style(page, "#b-default", "width") == "184px"
    assert style(page, "#b-default", "color") == "rgb(6, 174, 86)"
    assert style(page, "#b-primary", "background-color") == GREEN
    assert style(page, "#b-ghost", "background-color") == "rgb(242, 242, 242)"  # no ghost on WeChat
    assert style(page, "#b-mini", "font-size") == "13px"
    assert style(page, "#sw .fx-switch-icon", "background-color") == "rgb(4, 190, 2)"
    assert style(page, "#cb .fx-checkbox-icon", "background-color") == "rgb(255, 255, 255)"
    assert style(page, "#rd .fx-radio-icon", "background-color") == GREEN
    assert style(page, "#sl .fx-slider-handle", "width") == "28px"
    assert style(page, "#pg .fx-progress-inner", "background-color") == "rgb(9, 187, 7)"
    assert style(page, ".fx-navbar", "background-color") == "rgb(247, 247, 247)"


@pytest.mark.parametrize("profile,brand,nav", [
    ("taobao", ORANGE, ORANGE),
    ("dingtalk", "rgb(0, 137, 255)", "rgb(255, 255, 255)"),
])
def test_alipay_family_hosts_use_their_brand(page, profile, brand, nav):
    builtins(page, profile)
    assert page.get_attribute("#fx-app", "fx-host") == profile
    assert style(page, "#b-primary", "background-color") == brand
    assert style(page, "#sw .fx-switch-icon", "background-color") == brand
    assert style(page, "#b-default", "height") == "47px"
    assert style(page, ".fx-navbar", "background-color") == nav


def test_app_styles_still_win_over_the_host_look(page):
    page.evaluate("m => FX.receive(m)", app_message("alipay"))
    # as on the phones, `button[type=primary]` outranks a bare class; a default one does not
    mount(page, N("button", text("x"), id="b", cls="mine"),
          N("button", text("y"), id="c"),
          css=".mine { background: rgb(1, 2, 3); height: 60px; } button { width: 120px; }")
    assert style(page, "#b", "background-color") == "rgb(1, 2, 3)"
    assert style(page, "#b", "height") == "60px"
    assert style(page, "#c", "width") == "120px"


def test_color_attributes_override_the_brand(page):
    page.evaluate("m => FX.receive(m)", app_message("alipay"))
    mount(page, N("switch", id="sw", checked=True, color="rgb(9, 8, 7)"),
          N("checkbox", id="cb", checked=True, color="rgb(1, 2, 3)"),
          N("slider", id="sl", value=10, active_color="rgb(4, 5, 6)", handle_size=16, track_size=6))
    assert style(page, "#sw .fx-switch-icon", "background-color") == "rgb(9, 8, 7)"
    assert style(page, "#cb .fx-checkbox-icon", "background-color") == "rgb(1, 2, 3)"
    assert style(page, "#sl .fx-slider-active", "background-color") == "rgb(4, 5, 6)"
    assert style(page, "#sl .fx-slider-handle", "width") == "16px"
    assert style(page, "#sl .fx-slider-track", "height") == "6px"


def test_alipay_checkbox_and_radio_carry_alipay_state_classes(page):
    """Alipay's native checkbox/radio have a-checkbox-checked / a-radio-disabled…; UI
    libraries select on them (mini-antui's am-checkbox draws its circle by them). A class
    patch from the app keeps a control's own state classes."""
    from fanxing.runtime.view.page_view import PageView

    page.evaluate("m => FX.receive(m)", app_message("alipay"))
    view = PageView("p1", lambda d: [
        N("checkbox", id="cb", checked=d.get("on", True), cls=d.get("cls", "box")),
        N("radio", id="rd", disabled=True)], route="pages/index/index", dialect="alipay")
    page.evaluate("m => FX.receive(m)", P.page_message("p1", "create", route="pages/index/index", css=""))
    page.evaluate("m => FX.receive(m)", view.mount().patch)
    classes = "s => document.querySelector(s).className"
    assert {"box", "fx-checked", "a-checkbox-checked"} <= set(page.evaluate(classes, "#cb").split())
    assert "a-radio-disabled" in page.evaluate(classes, "#rd").split()
    page.evaluate("m => FX.receive(m)", view.apply("p1", [["set", "cls", "box big"]]).patch)
    assert {"box", "big", "fx-checked", "a-checkbox-checked"} <= set(page.evaluate(classes, "#cb").split())
    page.evaluate("m => FX.receive(m)", view.apply("p1", [["set", "on", False]]).patch)
    after = set(page.evaluate(classes, "#cb").split())
    assert "big" in after and not {"fx-checked", "a-checkbox-checked"} & after


def test_wechat_checkbox_has_no_alipay_classes(page):
    builtins(page, "wechat")
    assert "a-checkbox-checked" not in page.get_attribute("#cb", "class").split()
