"""samples/gallery: every built-in component on a few WeChat pages, each showing the
events it received."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fanxing.testing import MiniProgram

from .driver import SAMPLES, build, cli, text

PAGES = {
    "pages/index/index": {"navigator", "image", "view"},
    "pages/basic/basic": {"view", "text", "icon", "progress", "rich-text", "button"},
    "pages/buttons/buttons": {"button"},
    "pages/form/form": {"form", "input", "textarea", "checkbox-group", "checkbox", "label",
                        "radio-group", "radio", "switch", "slider", "button"},
    "pages/pickers/pickers": {"picker", "picker-view", "picker-view-column"},
    "pages/scroll/scroll": {"scroll-view", "swiper", "swiper-item", "movable-area",
                            "movable-view", "slider"},
    "pages/media/media": {"image"},
    "pages/nav/nav": {"navigator"},
    "pages/webview/webview": {"web-view"},
}
# The built-in components issue 6 asks the gallery to show.
EVERY_COMPONENT = {
    "view", "text", "image", "icon", "button", "input", "textarea", "checkbox",
    "checkbox-group", "radio", "radio-group", "switch", "slider", "picker", "picker-view",
    "form", "label", "navigator", "scroll-view", "swiper", "progress", "rich-text",
    "movable-area", "movable-view", "web-view",
}


@pytest.fixture
def gallery(miniprogram) -> Callable[..., MiniProgram]:
    """``gallery(page)``: the gallery opened on ``page``."""

    def run(page: str = "pages/index/index") -> MiniProgram:
        return miniprogram(build("gallery"), page=page)

    return run


def tags(mp: MiniProgram) -> set[str]:
    return {n.tag for n in mp.page.query_selector_all("*")}


def last_event(mp: MiniProgram) -> dict:
    """The newest entry of the page's event log, its detail parsed."""
    entry = mp.page.data["events"][0]
    return {**entry, "detail": json.loads(entry["detail"])}


def test_compiles_without_diagnostics() -> None:
    app = build("gallery")
    assert app.dialect == "wechat"
    assert app.diagnostics == []
    assert set(app.pages) == set(PAGES)


def test_cli_compile_is_clean() -> None:
    out = cli("compile", str(SAMPLES / "gallery"))
    assert out.returncode == 0, out.stderr
    assert "warning" not in out.stderr + out.stdout


def test_readme_render_command(tmp_path) -> None:
    out = cli("render", str(SAMPLES / "gallery"), "--page", "pages/form/form", "--strict",
              "--data-dir", str(tmp_path), "--do", "input:.name=Ada",
              "--do", "change:.volume=75", "--do", "tap:.submit")
    assert out.returncode == 0, out.stderr
    assert 'name="Ada"' in out.stdout and "volume=75" in out.stdout


def test_pages_cover_every_component() -> None:
    assert set().union(*PAGES.values()) >= EVERY_COMPONENT


@pytest.mark.parametrize("route", sorted(PAGES))
def test_page_launches_and_renders(route: str, gallery) -> None:
    mp = gallery(route)
    assert mp.errors == []
    assert mp.page.route == route
    assert tags(mp) >= PAGES[route]
    if route not in ("pages/index/index", "pages/webview/webview"):
        log = mp.page.get("event-log")
        assert "Interact with a component above." in log.text


@pytest.mark.parametrize("route", sorted(set(PAGES) - {"pages/index/index",
                                                       "pages/webview/webview"}))
def test_index_links_to_every_page(route: str, gallery) -> None:
    mp = gallery()
    name = route.split("/")[1]
    mp.page.get(f"navigator[url='/pages/{name}/{name}']").tap()
    assert mp.errors == []
    assert mp.page.route == route
    assert len(mp.pages) == 2


def test_view_tap_bubbles_unless_caught(gallery) -> None:
    mp = gallery("pages/basic/basic")
    inner, caught = mp.page.query_selector_all(".inner")
    inner.tap()
    assert [e["label"] for e in mp.page.data["events"]] == ["outer view", "inner view"]
    assert "taps: 1" in text(mp, ".outer")
    caught.tap()
    assert mp.page.data["events"][0]["label"] == "inner view"
    assert "taps: 1" in text(mp, ".outer")
    mp.page.get(".outer").longpress()
    assert last_event(mp)["type"] == "longpress"
    assert mp.errors == []


def test_text_decode_and_icons(gallery) -> None:
    mp = gallery("pages/basic/basic")
    decoded = [n.text for n in mp.page.query_selector_all("text[decode]")]
    assert any("<tag> &" in t and "\u00a0" in t for t in decoded)
    icons = mp.page.query_selector_all(".icons icon")
    assert [i.attr("type") for i in icons][:3] == ["success", "success_no_circle", "info"]
    mp.page.get(".grow-icons").tap()
    assert {i.attr("size") for i in mp.page.query_selector_all(".icons icon")} == {32}


def test_progress_buttons(gallery) -> None:
    mp = gallery("pages/basic/basic")
    assert mp.page.get(".bar").attr("percent") == 30
    mp.page.get(".add-progress").tap()
    mp.page.get(".add-progress").tap()
    assert mp.page.get(".bar").attr("percent") == 70
    mp.page.get(".reset-progress").tap()
    assert mp.page.get(".bar").attr("percent") == 0


def test_rich_text_gets_both_node_forms(gallery) -> None:
    mp = gallery("pages/basic/basic")
    assert "<b>HTML</b>" in mp.page.get(".rich-html").attr("nodes")
    nodes = mp.page.get(".rich-nodes").attr("nodes")
    assert nodes[0]["name"] == "p" and nodes[0]["children"][1]["name"] == "strong"


def test_buttons_disabled_and_loading(gallery) -> None:
    mp = gallery("pages/buttons/buttons")
    mp.page.get(".disabled").tap()
    assert mp.page.data["events"] == []
    mp.page.get(".toggle-disabled").tap()
    mp.page.get(".disabled").tap()
    assert last_event(mp)["label"] == "disabled button"
    mp.page.get(".toggle-loading").tap()
    assert mp.page.get(".loading").attr("loading") is True
    assert text(mp, ".loading") == "Loading…"
    mp.page.get("button[type='warn']").tap()
    assert last_event(mp)["label"] == "button warn" and mp.page.data["taps"] == 1
    assert mp.errors == []


def test_button_open_types_are_declared(gallery) -> None:
    mp = gallery("pages/buttons/buttons")
    kinds = {b.attr("open-type") for b in mp.page.query_selector_all("button.open")}
    assert kinds == {"share", "openSetting", "getPhoneNumber", "getUserInfo", "chooseAvatar",
                     "contact", "feedback"}
    mp.page.get("button.setting").dispatch("opensetting", {"authSetting": {}})
    assert last_event(mp) == {**last_event(mp), "label": "open-type openSetting",
                              "type": "opensetting", "detail": {"authSetting": {}}}


def fill_form(mp: MiniProgram) -> None:
    page = mp.page
    page.get(".name").input("Ada")
    page.get(".age").input("36")
    page.get(".pin").input("12345678")  # maxlength=6 keeps 6
    page.get(".area").input("first line")
    page.query_selector_all(".fruits checkbox")[2].tap()  # tick Peach
    page.query_selector_all(".sizes radio")[2].tap()  # choose Large
    page.get(".notify").tap()  # switch off
    page.get(".volume").change(75)


def test_form_submit_collects_values(gallery) -> None:
    mp = gallery("pages/form/form")
    fill_form(mp)
    mp.page.get(".submit").tap()
    assert mp.errors == []
    submitted = mp.page.data["submitted"]
    assert submitted["name"] == "Ada" and submitted["age"] == "36"
    assert submitted["pin"] == "123456"
    assert submitted["note"] == "first line"
    assert submitted["fruits"] == ["apple", "peach"]
    assert submitted["size"] == "l"
    assert submitted["notify"] is False and submitted["agreed"] is False
    assert submitted["volume"] == 75
    assert submitted["fixed"] == "disabled value"
    shown = text(mp, ".submitted-text")
    assert 'name="Ada"' in shown and 'fruits=["apple","peach"]' in shown and "volume=75" in shown
    event = last_event(mp)
    assert event["type"] == "submit" and event["detail"]["value"] == submitted


def test_form_reset(gallery) -> None:
    mp = gallery("pages/form/form")
    fill_form(mp)
    mp.page.get(".submit").tap()
    mp.page.get(".reset").tap()
    assert mp.page.data["submitted"] is None
    assert text(mp, ".resets") == "reset 1 time(s)"
    assert last_event(mp)["type"] == "reset"
    assert mp.page.get(".name").value == ""


def test_input_events(gallery) -> None:
    mp = gallery("pages/form/form")
    mp.page.get(".search").input("tea")
    assert text(mp, ".typed") == "tea"
    assert last_event(mp)["detail"]["value"] == "tea"
    mp.page.get(".search").confirm()
    assert text(mp, ".confirmed") == "tea"
    assert last_event(mp)["type"] == "confirm"
    mp.page.get(".name").focus()
    assert last_event(mp)["label"] == "input focus"


def test_switch_change(gallery) -> None:
    mp = gallery("pages/form/form")
    mp.page.get(".notify").tap()
    assert mp.page.data["notify"] is False
    assert "notify: false" in text(mp, ".notify + text")
    assert last_event(mp)["detail"] == {"value": False}
    mp.page.get(".notify").change(True)
    assert mp.page.data["notify"] is True


def test_label_for_toggles_its_switch(gallery) -> None:
    mp = gallery("pages/form/form")
    mp.page.get("label[for='agree'] text").tap()
    assert mp.page.data["agreed"] is True
    assert last_event(mp)["label"] == "switch (checkbox type)"


def test_checkbox_group_change(gallery) -> None:
    mp = gallery("pages/form/form")
    mp.page.query_selector_all(".fruits label")[1].tap()  # the label ticks Pear
    event = last_event(mp)
    assert event["label"] == "checkbox-group"
    assert event["detail"] == {"value": ["apple", "pear"]}
    assert [f["checked"] for f in mp.page.data["fruits"]] == [True, True, False]


def test_slider_change(gallery) -> None:
    mp = gallery("pages/form/form")
    mp.page.get(".volume").change(55)
    assert mp.page.data["volume"] == 55
    assert text(mp, ".volume-value") == "55"
    assert last_event(mp) == {**last_event(mp), "label": "slider", "type": "change",
                              "detail": {"value": 55}}


def test_pickers(gallery) -> None:
    mp = gallery("pages/pickers/pickers")
    mp.page.get(".color-picker").change(2)
    assert text(mp, ".color") == "Blue"
    mp.page.get(".plan-picker").change(1)
    assert text(mp, ".plan") == "Pro"
    mp.page.get(".region-picker").dispatch("columnchange", {"column": 0, "value": 2})
    assert mp.page.data["region"][1] == ["Guangzhou", "Shenzhen", "Zhuhai", "Foshan"]
    mp.page.get(".region-picker").change([2, 1])
    assert text(mp, ".region") == "Guangdong / Shenzhen"
    mp.page.get(".date-picker").change("2025-01-31")
    assert text(mp, ".date") == "2025-01-31"
    mp.page.get(".time-picker").change("18:45")
    assert text(mp, ".time") == "18:45"
    assert last_event(mp)["detail"] == {"value": "18:45"}
    assert mp.errors == []


def test_picker_view(gallery) -> None:
    mp = gallery("pages/pickers/pickers")
    assert text(mp, ".chosen") == "2024-5"
    mp.page.get(".year-month").change([3, 11])
    assert text(mp, ".chosen") == "2025-12"
    assert last_event(mp)["detail"] == {"value": [3, 11]}


def test_scroll_view_events(gallery) -> None:
    mp = gallery("pages/scroll/scroll")
    blocks = mp.page.get(".blocks")
    blocks.scroll(top=120)
    assert text(mp, ".scroll-top") == "120"
    scrolled = [e for e in mp.page.data["events"] if e["type"] == "scroll"][0]
    assert json.loads(scrolled["detail"])["scrollTop"] == 120
    mp.page.query_selector_all(".jump")[3].tap()
    assert text(mp, ".to-view") == "block3"
    assert blocks.attr("scroll-into-view") == "block3"
    blocks.dispatch("scrolltolower", {"direction": "bottom"})
    assert text(mp, ".edge") == "bottom"
    blocks.dispatch("scrolltoupper", {"direction": "top"})
    assert text(mp, ".edge") == "top"
    assert mp.errors == []


def test_swiper(gallery) -> None:
    mp = gallery("pages/scroll/scroll")
    swiper = mp.page.get(".slides")
    assert swiper.attr("indicator-dots") is True and swiper.attr("autoplay") is False
    swiper.change(2)
    assert text(mp, ".current") == "2"
    assert last_event(mp)["detail"]["current"] == 2
    mp.page.get(".autoplay").tap()
    assert swiper.attr("autoplay") is True
    mp.page.get(".interval").change(3500)
    assert swiper.attr("interval") == 3500
    mp.page.get(".next-slide").tap()
    assert swiper.attr("current") == 0


def test_movable_view(gallery) -> None:
    mp = gallery("pages/scroll/scroll")
    mover = mp.page.get(".mover")
    mover.dispatch("change", {"x": 42.4, "y": 17.6, "source": "touch"})
    assert text(mp, ".position") == "42, 18"
    mp.page.get(".move-to").tap()
    assert (mover.attr("x"), mover.attr("y")) == (120, 60)


def test_image_modes(gallery) -> None:
    mp = gallery("pages/media/media")
    pics = mp.page.query_selector_all(".pic")
    modes = [p.attr("mode") for p in pics]
    assert len(modes) == 12 and {"aspectFit", "widthFix", "bottom right"} <= set(modes)
    assert {p.attr("src") for p in pics} == {"/images/landscape.png"}
    pics[1].dispatch("load", {"width": 240, "height": 140})
    assert last_event(mp)["label"] == "image aspectFit"
    mp.page.get(".broken").dispatch("error", {"errMsg": "GET /images/missing.png 404"})
    assert last_event(mp)["type"] == "error"


def test_images_ship_with_the_sample() -> None:
    app = build("gallery")
    root = app.root
    for name in ("landscape.png", "tower.png", "logo.svg"):
        assert (root / "images" / name).is_file()


def test_navigator_open_types(gallery) -> None:
    mp = gallery("pages/nav/nav")
    mp.page.get(".push").tap()
    assert len(mp.pages) == 2 and text(mp, ".query") == "navigator"
    assert text(mp, ".depth") == "2"
    mp.page.get(".redirect").tap()
    assert len(mp.pages) == 2 and text(mp, ".query") == "redirect"
    mp.page.get(".back").tap()
    assert len(mp.pages) == 1 and text(mp, ".query") == "none"
    mp.page.get(".web").tap()
    assert mp.page.route == "pages/webview/webview"
    assert mp.page.get("web-view").attr("src").startswith("https://")
    mp.back()
    mp.page.get(".web-local").tap()
    assert mp.page.get("web-view").attr("src") == "http://127.0.0.1:8000/"
    mp.back()
    mp.page.get(".relaunch").tap()
    assert [p.route for p in mp.pages] == ["pages/index/index"]
    assert mp.errors == []


def test_web_view_messages(gallery) -> None:
    mp = gallery("pages/webview/webview")
    mp.page.get("web-view").dispatch("message", {"data": [{"hello": 1}, {"bye": 2}]})
    assert mp.page.data["messages"] == [{"hello": 1}, {"bye": 2}]
    assert mp.errors == []
