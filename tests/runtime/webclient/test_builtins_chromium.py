"""Built-in components of the web client in real Chromium: real mouse and keyboard in,
event messages (name + detail) and DOM state out. Patches come from PageView."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from typing import Any

import pytest
from fanxing.compiler.render_tree import EventBinding, Node, text
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.page_view import PageView
from fanxing.runtime.webclient.bundle import page_html


def png(width: int, height: int) -> str:
    """A data URL of a blank RGB PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(body).decode()


def N(tag: str, *children: Node, on: tuple[str, ...] = (), id: str | None = None,
      style: str = "", cls: str = "", **attrs: Any) -> Node:
    """An element; attribute names use `_` for `-`; `on` lists the events listened for."""
    return Node(tag, attrs={k.replace("_", "-"): v for k, v in attrs.items()},
                children=list(children), id=id, style=style, cls=cls,
                events=[EventBinding(name, "on_" + name) for name in on])


def mount(page, *nodes: Node, css: str = "") -> PageView:
    view = PageView("p1", lambda d: list(nodes), route="pages/index/index")
    page.evaluate("m => FX.receive(m)", P.page_message("p1", "create", route="pages/index/index",
                                                      css=css, window={"navigationBarTitleText": "builtins"}))
    page.evaluate("() => FX.client.transport.sent.splice(0)")
    # events that happen on their own (image load) may follow the patch at once: keep them
    page.evaluate("m => FX.receive(m)", json.loads(json.dumps(view.mount().patch)))
    return view


def events(page, kind: str = "event") -> list[dict[str, Any]]:
    out = page.evaluate("() => FX.client.transport.sent.splice(0)")
    return [m for m in out if m["type"] == kind]


def named(page) -> list[tuple[str, Any]]:
    return [(m["name"], m["detail"]) for m in events(page)]


def wait_event(page, name: str) -> None:
    page.wait_for_function(
        "n => FX.client.transport.sent.some(m => m.type === 'event' && m.name === n)", arg=name)


def node_id(page, selector: str) -> int:
    return page.eval_on_selector(selector, "e => e.__fxId")


# ---- text, image, icon -------------------------------------------------------------------

def test_text_decode_space_selectable_and_escaping(page):
    mount(page,
          N("text", text("a&lt;b&gt;&amp;&nbsp;c"), id="dec", decode=True),
          N("text", text("a&lt;b"), id="raw"),
          N("text", text("a  b"), id="sp", space="emsp"),
          N("text", text("<b>bold?</b>"), id="esc", selectable=True))
    assert page.text_content("#dec") == "a<b>&\u00a0c"
    assert page.text_content("#raw") == "a&lt;b"
    assert page.text_content("#sp") == "a\u2003\u2003b"
    assert page.eval_on_selector("#esc", "e => e.children.length") == 0
    assert page.eval_on_selector("#esc", "e => getComputedStyle(e).userSelect") == "text"
    assert page.eval_on_selector("#raw", "e => getComputedStyle(e).userSelect") == "none"


def test_text_decode_follows_text_updates(page):
    view = PageView("p1", lambda d: [N("text", text(d.get("t", "x&amp;y")), id="t", decode=True)],
                    route="pages/index/index")
    page.evaluate("m => FX.receive(m)", P.page_message("p1", "create", route="pages/index/index", css=""))
    page.evaluate("m => FX.receive(m)", view.mount().patch)
    assert page.text_content("#t") == "x&y"
    page.evaluate("m => FX.receive(m)", view.apply("p1", [["set", "t", "&lt;&amp;lt;&gt;"]]).patch)
    assert page.text_content("#t") == "<&lt;>"  # decoded once, never twice


def test_image_modes_load_and_error(page):
    modes = ["scaleToFill", "aspectFit", "aspectFill", "widthFix", "heightFix", "top", "bottom right"]
    mount(page, *[N("image", id=f"m{i}", src=png(4, 2), mode=m, on=("load",))
                  for i, m in enumerate(modes)],
          N("image", id="bad", src="data:image/png;base64,AAAA", on=("error",)),
          N("image", id="lazy", src=png(1, 1), lazy_load=True))
    page.wait_for_function("() => FX.client.transport.sent.filter(m => m.type === 'event').length === 8")
    got = events(page)
    loads = [m for m in got if m["name"] == "load"]
    assert {m["nodeId"] for m in loads} == {node_id(page, f"#m{i}") for i in range(7)}
    assert all(m["detail"] == {"width": 4, "height": 2} for m in loads)
    fits = page.eval_on_selector_all("image[id^=m] img", "els => els.map(e => getComputedStyle(e).objectFit)")
    assert fits == ["fill", "contain", "cover", "fill", "fill", "none", "none"]
    assert page.eval_on_selector("#m6 img", "e => getComputedStyle(e).objectPosition") == "100% 100%"
    # widthFix: the height follows the picture's ratio (default width 320px → 160px)
    assert page.eval_on_selector("#m3", "e => e.getBoundingClientRect().height") == 160
    assert page.eval_on_selector("#lazy img", "e => e.loading") == "lazy"
    [err] = [m for m in got if m["name"] != "load"]
    assert err["name"] == "error" and err["nodeId"] == node_id(page, "#bad") and "errMsg" in err["detail"]


def test_icon_draws_svg_with_type_size_and_color(page):
    mount(page, N("icon", id="ok", type="success", size=40),
          N("icon", id="warn", type="warn", color="rgb(1, 2, 3)"),
          N("icon", id="search", type="search"))
    assert page.eval_on_selector("#ok", "e => e.getBoundingClientRect().width") == 40
    assert page.eval_on_selector("#ok circle", "e => getComputedStyle(e).fill") == "rgb(7, 193, 96)"
    assert page.eval_on_selector("#warn circle", "e => getComputedStyle(e).fill") == "rgb(1, 2, 3)"
    assert page.eval_on_selector("#search", "e => e.getBoundingClientRect().width") == 23
    assert page.eval_on_selector("#search path", "e => getComputedStyle(e).stroke") == "rgb(178, 178, 178)"


# ---- button, navigator ---------------------------------------------------------------------

def test_button_tap_disabled_open_type_and_hover(page):
    mount(page,
          N("button", text("Go"), id="go", type="primary", on=("tap",)),
          N("button", text("No"), id="off", disabled=True, on=("tap", "getuserinfo"),
            open_type="getUserInfo"),
          N("button", text("Who"), id="who", open_type="getUserInfo", on=("getuserinfo",)),
          N("button", text("Auth"), id="auth", open_type="getAuthorize", scope="userInfo",
            on=("getauthorize",)),
          N("button", text("Share"), id="share", open_type="share"),
          N("button", text("Busy"), id="busy", loading=True, size="mini", hover_class="pressed"))
    page.click("#go")
    [(name, detail)] = named(page)
    assert name == "tap" and set(detail) == {"x", "y"}
    page.click("#off", force=True)
    assert named(page) == []
    page.click("#who")
    [(name, detail)] = named(page)
    assert name == "getuserinfo" and detail["errMsg"] == "getUserInfo:ok" and "userInfo" in detail
    page.click("#auth")
    assert named(page) == [("getauthorize", {})]
    page.click("#share")
    [share] = events(page, "lifecycle")
    assert share["name"] == "onShareAppMessage" and share["args"][0]["from"] == "button"
    assert page.eval_on_selector("#busy", "e => getComputedStyle(e, '::before').animationName") == "fx-spin"
    box = page.locator("#busy").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.wait_for_selector("#busy.pressed")
    page.mouse.up()
    page.wait_for_selector("#busy:not(.pressed)")
    # a tap shorter than hover-start-time still shows the class (from start time)
    page.evaluate("""() => { window.__shown = false; new MutationObserver(() => {
        if (document.querySelector('#busy.pressed')) window.__shown = true;
    }).observe(document.querySelector('#busy'), { attributes: true }); }""")
    page.mouse.down()
    page.mouse.up()
    page.wait_for_function("window.__shown")
    page.wait_for_selector("#busy:not(.pressed)")


def test_navigator_sends_navigate_messages(page):
    mount(page, N("navigator", text("Detail"), id="to", url="/pages/detail/detail?id=3"),
          N("navigator", text("Back"), id="back", open_type="navigateBack", delta=2),
          N("navigator", text("Tab"), id="tab", open_type="switchTab", url="/pages/me/me"),
          N("navigator", text("Other app"), id="other", open_type="miniProgram", target="miniProgram"),
          N("navigator", text("Half"), id="half", open_type="navigateBack", delta=1.5))
    page.click("#to")
    page.click("#back")
    page.click("#tab")
    page.click("#other")  # not something this host does: no message
    page.click("#half")
    sent = events(page, "navigate")
    msgs = [(m["openType"], m["url"], m["delta"]) for m in sent]
    assert msgs == [("navigate", "/pages/detail/detail?id=3", 1), ("navigateBack", None, 2),
                    ("switchTab", "/pages/me/me", 1), ("navigateBack", None, 1)]
    for m in sent:  # every one is a valid client message
        assert P.check_client_message(m) is m


# ---- input, textarea ---------------------------------------------------------------------

def test_fast_typing_is_not_overwritten_by_older_values(page):
    # the app echoes each keystroke's value (value="{{draft}}" bindinput): a value it set
    # before it saw the last keystroke must not overwrite what was typed since
    view = mount(page, N("input", on=("input",), id="in"))
    node_id = view.root.children[0].id
    page.click("#in")
    page.keyboard.type("Cal")
    typed = events(page)
    assert [m["detail"]["value"] for m in typed if m["name"] == "input"] == ["C", "Ca", "Cal"]
    cid, last = typed[-1]["eid"][0], typed[-1]["eid"][1]

    def value_patch(value, after):
        return P.patch_message("p1", [P.op_set_attr(node_id, "value", value)], 9) | {"after": after}

    page.evaluate("m => FX.receive(m)", value_patch("Ca", {cid: last - 1}))  # stale echo
    assert page.input_value("#in") == "Cal"
    page.evaluate("m => FX.receive(m)", value_patch("CAL", {cid: last}))  # caught up: wins
    assert page.input_value("#in") == "CAL"
    page.evaluate("m => FX.receive(m)", value_patch("", {"other-client": 99}))  # not ours
    assert page.input_value("#in") == "CAL"  # it has not seen our last keystroke either
    page.evaluate("document.activeElement.blur()")
    page.evaluate("m => FX.receive(m)", value_patch("", {}))  # not focused: the app's value
    assert page.input_value("#in") == ""


def test_input_events_types_and_limits(page):
    mount(page,
          N("input", id="name", placeholder="name", on=("input", "focus", "blur", "confirm")),
          N("input", id="num", type="number", on=("input",)),
          N("input", id="short", maxlength=3),
          N("input", id="pw", password=True, value="secret"),
          N("input", id="off", disabled=True))
    page.click("#name")
    page.keyboard.type("ab")
    page.keyboard.press("Enter")
    got = named(page)
    assert got[0] == ("focus", {"value": "", "height": 0})
    assert got[1:3] == [("input", {"value": "a", "cursor": 1, "keyCode": 97}),
                        ("input", {"value": "ab", "cursor": 2, "keyCode": 98})]
    assert ("confirm", {"value": "ab"}) in got and ("blur", {"value": "ab", "cursor": 2}) in got
    page.click("#num")
    page.keyboard.type("1a2")
    assert page.input_value("#num") == "12"
    assert [d["value"] for n, d in named(page) if n == "input"] == ["1", "1", "12"]
    page.fill("#short", "abcdef")
    assert page.input_value("#short") == "abc"
    assert page.eval_on_selector("#pw", "e => e.type") == "password" and page.input_value("#pw") == "secret"
    assert page.eval_on_selector("#name", "e => e.maxLength") == 140  # the platforms' default
    assert page.is_disabled("#off")


def test_textarea_auto_height_and_linechange(page):
    mount(page, N("textarea", id="t", auto_height=True, style="width: 200px",
                  on=("input", "linechange")))
    h0 = page.eval_on_selector("#t", "e => e.getBoundingClientRect().height")
    page.click("#t")
    page.keyboard.type("one")
    page.keyboard.press("Enter")
    page.keyboard.type("two")
    got = named(page)
    assert [d["lineCount"] for n, d in got if n == "linechange"] == [2]
    assert [n for n, d in got].count("input") == 7
    assert page.eval_on_selector("#t", "e => e.getBoundingClientRect().height") > h0


# ---- choices -----------------------------------------------------------------------------

def test_checkbox_group_radio_group_switch_and_label(page):
    view = mount(page,
                 N("checkbox-group",
                   N("label", N("checkbox", value="a", id="ca"), text("Apple")),
                   N("label", N("checkbox", value="b", checked=True, id="cb"), text("Banana"), id="lb"),
                   N("checkbox", value="c", disabled=True, id="cc"),
                   id="cg", on=("change",)),
                 N("radio-group", N("radio", value="x", id="rx", checked=True), N("radio", value="y", id="ry"),
                   id="rg", on=("change",)),
                 N("switch", id="sw", on=("change",)),
                 N("switch", id="sc", type="checkbox", checked=True, on=("change",)),
                 N("label", text("toggle the switch"), id="lsw", **{"for": "sw"}))
    page.click("#ca")
    page.click("text=Banana")  # label wrapping: unchecks b
    page.click("#cc")  # disabled
    got = events(page)
    assert [(m["name"], m["detail"], m["nodeId"]) for m in got] == [
        ("change", {"value": ["a", "b"]}, node_id(page, "#cg")),  # document order
        ("change", {"value": ["a"]}, node_id(page, "#cg"))]
    [call] = view.handle_event(got[1])
    assert call["handler"] == "on_change" and call["event"]["detail"] == {"value": ["a"]}
    page.click("#ry")
    page.click("#ry")  # already chosen: no event
    assert named(page) == [("change", {"value": "y"})]
    assert page.eval_on_selector("#rx", "e => e.classList.contains('fx-checked')") is False
    page.click("#sw")
    page.click("#lsw")  # label for=sw toggles it back
    page.click("#sc")
    assert named(page) == [("change", {"value": True}), ("change", {"value": False}),
                           ("change", {"value": False})]


LOOKS = """els => els.map(e => {
  const icon = e.firstElementChild, s = getComputedStyle(icon), tick = getComputedStyle(icon, "::after");
  return [e.id, e.classList.contains("fx-checked"), s.backgroundColor,
          tick.content !== "none" ? tick.borderRightColor : null];
})"""
RED, WHITE = "rgb(255, 0, 0)", "rgb(255, 255, 255)"


def test_colored_radio_and_checkbox_look_checked_only_when_checked(page):
    # `color` is the checked color: a radio is filled with it (white tick), a checkbox's
    # tick takes it; an unchecked one stays white with no tick
    mount(page, N("radio-group", N("radio", value="x", id="rx", color="#ff0000"),
                  N("radio", value="y", id="ry", color="#ff0000", checked=True)),
          N("checkbox-group", N("checkbox", value="a", id="ca", color="#ff0000"),
            N("checkbox", value="b", id="cb", color="#ff0000", checked=True)))
    looks = lambda: page.eval_on_selector_all("radio, checkbox", LOOKS)  # noqa: E731
    assert looks() == [["rx", False, WHITE, None], ["ry", True, RED, WHITE],
                       ["ca", False, WHITE, None], ["cb", True, WHITE, RED]]
    page.click("#rx")  # the user picks x, ticks a and unticks b
    page.click("#ca")
    page.click("#cb")
    assert looks() == [["rx", True, RED, WHITE], ["ry", False, WHITE, None],
                       ["ca", True, WHITE, RED], ["cb", False, WHITE, None]]
    # the view unchecks x and a by data (setAttr checked false)
    ops = [["setAttr", node_id(page, sel), "checked", False] for sel in ("#rx", "#ca")]
    page.evaluate("m => FX.receive(m)", P.patch_message("p1", ops, 2))
    assert looks() == [["rx", False, WHITE, None], ["ry", False, WHITE, None],
                       ["ca", False, WHITE, None], ["cb", False, WHITE, None]]


def test_slider_drag_and_tap(page):
    mount(page, N("slider", id="s", min=0, max=50, step=5, value=10, show_value=True,
                  active_color="rgb(255, 0, 0)", on=("changing", "change")))
    assert page.text_content("#s .fx-slider-value") == "10"
    track = page.locator("#s .fx-slider-track").bounding_box()
    y = track["y"] + 1
    handle = page.locator("#s .fx-slider-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.5, y, steps=4)
    page.mouse.move(track["x"] + track["width"] * 0.9, y, steps=4)
    page.mouse.up()
    got = named(page)
    changing = [d["value"] for n, d in got if n == "changing"]
    assert changing == sorted(set(changing)) and changing[-1] == 45 and 25 in changing
    assert got[-1] == ("change", {"value": 45})
    assert all(v % 5 == 0 for v in changing)
    page.mouse.click(track["x"] + 1, y)  # a tap at the start
    assert named(page)[-1] == ("change", {"value": 0})
    assert page.text_content("#s .fx-slider-value") == "0"
    assert page.eval_on_selector("#s .fx-slider-active", "e => getComputedStyle(e).backgroundColor") == "rgb(255, 0, 0)"


# ---- pickers ------------------------------------------------------------------------------

def test_picker_selector_sheet_change_and_cancel(page):
    mount(page, N("picker", N("view", text("Pick a fruit"), id="trigger"), id="p",
                  range=[{"n": "Apple"}, {"n": "Banana"}, {"n": "Cherry"}], range_key="n", value=0,
                  on=("change", "cancel")))
    page.click("#trigger")
    items = page.eval_on_selector_all(".fx-picker-item", "els => els.map(e => e.textContent)")
    assert items == ["Apple", "Banana", "Cherry"]
    page.click(".fx-picker-item >> text=Cherry")
    page.wait_for_function("() => Math.abs(document.querySelector('.fx-picker-column').scrollTop - 68) < 2")
    page.click(".fx-picker-confirm")
    assert named(page) == [("change", {"value": 2})]
    assert page.query_selector(".fx-picker-sheet") is None
    page.click("#trigger")  # opens at the chosen item
    assert page.eval_on_selector(".fx-picker-column", "e => e.scrollTop") == 68
    page.click(".fx-picker-cancel")
    assert named(page) == [("cancel", {})]


def test_picker_multiselector_columnchange_date_and_time(page):
    mount(page,
          N("picker", N("view", text("multi"), id="tm"), mode="multiSelector",
            range=[["a", "b"], ["x", "y", "z"]], value=[0, 1], on=("change", "columnchange")),
          N("picker", N("view", text("date"), id="td"), mode="date", value="2024-02-10",
            start="2020-01-01", end="2030-12-31", on=("change",)),
          N("picker", N("view", text("time"), id="tt"), mode="time", value="09:30", on=("change",)))
    page.click("#tm")
    assert page.eval_on_selector_all(".fx-picker-column", "els => els.map(e => e.scrollTop)") == [0, 34]
    page.click(".fx-picker-column >> nth=1 >> text=z")
    page.click(".fx-picker-confirm")
    assert named(page) == [("columnchange", {"column": 1, "value": 2}), ("change", {"value": [0, 2]})]
    page.click("#td")
    cols = page.eval_on_selector_all(".fx-picker-column", "els => els.map(e => e.children[0].children.length)")
    assert cols == [11, 12, 29]  # 2020..2030, months, February 2024
    page.click(".fx-picker-column >> nth=2 >> text=29")
    page.click(".fx-picker-confirm")
    assert named(page) == [("change", {"value": "2024-02-29"})]
    page.click("#tt")
    page.click(".fx-picker-column >> nth=0 >> text=17")
    page.click(".fx-picker-confirm")
    assert named(page) == [("change", {"value": "17:30"})]


def test_picker_view_wheel_and_tap(page):
    item = "height: 40px; line-height: 40px"
    mount(page, N("picker-view",
                  N("picker-view-column", *[N("view", text(f"y{i}"), style=item) for i in range(10)]),
                  N("picker-view-column", *[N("view", text(f"m{i}"), style=item, id=f"m{i}") for i in range(5)]),
                  id="pv", value=[1, 2], style="height: 200px; width: 300px",
                  on=("change", "pickstart", "pickend")))
    tops = page.eval_on_selector_all("#pv picker-view-column", "els => els.map(e => e.scrollTop)")
    assert tops == [40, 80]
    col = page.locator("#pv picker-view-column").first.bounding_box()
    page.mouse.move(col["x"] + 20, col["y"] + 100)
    page.mouse.wheel(0, 125)
    wait_event(page, "pickend")
    got = named(page)
    assert ("change", {"value": [4, 2]}) in got and got[0] == ("pickstart", {}) and got[-1] == ("pickend", {})
    page.wait_for_function("() => document.querySelector('#pv picker-view-column').scrollTop === 160")
    page.click("#m4")
    assert named(page) == [("change", {"value": [4, 4]})]


def test_picker_view_without_a_height_stays_its_size(page):
    # no height given: as tall as its items plus the padding that centres the first and
    # last; measuring with that padding grew it on every resize, without end
    item = "height: 40px; line-height: 40px"
    mount(page, N("picker-view", N("picker-view-column",
                                   *[N("view", text(f"y{i}"), style=item) for i in range(5)]),
                  id="pv", style="width: 300px"))
    page.wait_for_timeout(300)
    first = page.eval_on_selector("#pv", "e => e.getBoundingClientRect().height")
    page.wait_for_timeout(700)
    assert page.eval_on_selector("#pv", "e => e.getBoundingClientRect().height") == first
    assert 200 <= first <= 400  # 5 items of 40 px and the padding of the middle band


# ---- form ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_form_submit_and_reset_collect_every_named_field(page, dialect):
    page.evaluate("m => FX.receive(m)", {"v": P.PROTOCOL_VERSION, "type": "app", "dialect": dialect})
    mount(page, N("form",
                  N("input", name="user", value="ann", id="user"),
                  N("textarea", name="note", id="note"),
                  N("switch", name="agree", id="agree"),
                  N("slider", name="age", value=30, id="age"),
                  N("checkbox-group", N("checkbox", value="a", id="ca"), N("checkbox", value="b", checked=True),
                    name="tags"),
                  N("radio-group", N("radio", value="x"), N("radio", value="y", id="ry"), name="pick"),
                  N("picker", N("view", text("choose"), id="pk"), name="fruit", range=["a", "b"], value=1),
                  N("picker", N("view", text("day")), name="day", mode="date", value="2024-05-01"),
                  N("picker-view", N("picker-view-column", *[N("view", text(str(i))) for i in range(3)]),
                    name="wheel", value=[2], style="height: 100px"),
                  N("input", id="anon"),
                  N("button", text("Submit"), id="submit", form_type="submit"),
                  N("button", text("Reset"), id="reset", form_type="reset"),
                  id="f", on=("submit", "reset")))
    page.fill("#user", "bob")
    page.fill("#note", "hello")
    page.click("#agree")
    page.click("#ca")
    page.click("#ry")
    page.click("#submit")
    [(name, detail)] = named(page)
    assert name == "submit"
    assert detail["value"] == {"user": "bob", "note": "hello", "agree": True, "age": 30,
                               "tags": ["a", "b"], "pick": "y", "fruit": 1, "day": "2024-05-01",
                               "wheel": [2]}
    page.click("#reset")
    page.click("#submit")
    got = named(page)
    assert got[0] == ("reset", {})
    if dialect == "wechat":  # WeChat clears every field
        assert got[1][1]["value"] == {"user": "", "note": "", "agree": False, "age": 0,
                                      "tags": [], "pick": "", "fruit": 0, "day": "", "wheel": [0]}
        assert page.input_value("#user") == ""
    else:  # Alipay restores what the attributes give
        assert got[1][1]["value"] == {"user": "ann", "note": "", "agree": False, "age": 30,
                                      "tags": ["b"], "pick": "", "fruit": 1, "day": "2024-05-01",
                                      "wheel": [2]}
        assert page.input_value("#user") == "ann"
    ticked = page.eval_on_selector_all("checkbox", "els => els.map(e => e.classList.contains('fx-checked'))")
    assert ticked == [False, dialect == "alipay"]


# ---- scroll-view, swiper, movable -------------------------------------------------------------

def test_scroll_view_events_thresholds_and_attrs(page):
    rows = [N("view", text(f"row {i}"), id=f"r{i}", style="height: 50px") for i in range(20)]
    view = PageView("p1", lambda d: [N("scroll-view", *rows, id="sv", scroll_y=True, style="height: 200px",
                                       lower_threshold=20, on=("scroll", "scrolltolower", "scrolltoupper"),
                                       **({"scroll_into_view": d["into"]} if d.get("into") else {}))],
                    route="pages/index/index")
    page.evaluate("m => FX.receive(m)", P.page_message("p1", "create", route="pages/index/index", css=""))
    page.evaluate("m => FX.receive(m)", view.mount().patch)
    events(page)
    box = page.locator("#sv").bounding_box()
    page.mouse.move(box["x"] + 50, box["y"] + 50)
    page.mouse.wheel(0, 900)
    wait_event(page, "scrolltolower")
    # the scroll that reached the bottom is the last one (it may come after scrolltolower)
    page.wait_for_function("() => FX.client.transport.sent.some(m => m.type === 'event'"
                           " && m.name === 'scroll' && m.detail.scrollTop === 800)")
    got = events(page)
    scrolls = [m["detail"] for m in got if m["name"] == "scroll"]
    last = scrolls[-1]
    assert last["scrollTop"] == 800 and last["scrollHeight"] == 1000 and last["scrollLeft"] == 0
    assert set(last) == {"scrollLeft", "scrollTop", "scrollHeight", "scrollWidth", "deltaX", "deltaY"}
    assert sum(d["deltaY"] for d in scrolls) == -800
    assert [m["detail"] for m in got if m["name"] == "scrolltolower"] == [{"direction": "bottom"}]
    page.mouse.wheel(0, -900)
    wait_event(page, "scrolltoupper")
    assert [m["detail"] for m in events(page) if m["name"] == "scrolltoupper"] == [{"direction": "top"}]
    page.evaluate("m => FX.receive(m)", view.apply("p1", [["set", "into", "r7"]]).patch)
    page.wait_for_function("() => document.querySelector('#sv').scrollTop === 350")


def test_swiper_swipe_autoplay_dots_and_current(page):
    slides = [N("swiper-item", N("view", text(f"slide {i}")), id=f"s{i}") for i in range(3)]
    mount(page, N("swiper", *slides, id="sw", indicator_dots=True, indicator_active_color="rgb(255, 0, 0)",
                  duration=100, current=1, on=("change", "animationfinish", "tap")),
          N("swiper", *[N("swiper-item", text(f"auto {i}")) for i in range(2)], id="auto", autoplay=True,
            interval=150, circular=True, duration=0, on=("change",)))
    assert page.eval_on_selector_all("#sw .fx-swiper-dot", "els => els.length") == 3
    page.wait_for_function("() => document.querySelector('#sw .fx-swiper-dot-active') === "
                           "document.querySelectorAll('#sw .fx-swiper-dot')[1]")
    box = page.locator("#sw").bounding_box()
    y = box["y"] + 50
    page.mouse.move(box["x"] + 300, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 100, y, steps=5)
    page.mouse.up()
    wait_event(page, "animationfinish")
    got = [(m["name"], m["detail"], m["nodeId"]) for m in events(page) if m["nodeId"] == node_id(page, "#sw")]
    assert got[0] == ("change", {"current": 2, "currentItemId": "", "source": "touch"}, node_id(page, "#sw"))
    assert got[1][0] == "animationfinish" and all(n != "tap" for n, _, _ in got)  # a swipe is no tap
    assert page.eval_on_selector("#sw .fx-swiper-dot-active", "e => getComputedStyle(e).backgroundColor") == "rgb(255, 0, 0)"
    assert page.locator("#s2").bounding_box()["x"] == box["x"]
    page.mouse.move(box["x"] + 300, y)  # past the last slide without circular: stays
    page.mouse.down()
    page.mouse.move(box["x"] + 50, y, steps=5)
    page.mouse.up()
    page.wait_for_function("() => FX.client.transport.sent.filter(m => m.name === 'change' && m.detail.source === 'autoplay').length >= 2")
    autos = [m["detail"] for m in events(page) if m["name"] == "change"]
    assert all(d["source"] == "autoplay" for d in autos)
    currents = [d["current"] for d in autos]
    assert 0 in currents and all(a != b for a, b in zip(currents, currents[1:], strict=False))  # circular: 1 → 0


def test_movable_view_drag_clamps_and_reports(page):
    mount(page, N("movable-area",
                  N("movable-view", text("drag"), id="mv", direction="all", x=10, y=10,
                    style="width: 50px; height: 50px; background: #07c160", on=("change", "changeend")),
                  N("movable-view", id="mh", direction="horizontal", style="width: 20px; height: 20px; top: 60px",
                    on=("change",)),
                  id="ma", style="width: 200px; height: 150px; background: #eee"))
    page.wait_for_function("() => document.querySelector('#mv').style.transform === 'translate(10px, 10px)'")
    area = page.locator("#ma").bounding_box()
    page.mouse.move(area["x"] + 30, area["y"] + 30)
    page.mouse.down()
    page.mouse.move(area["x"] + 80, area["y"] + 60, steps=4)
    page.mouse.move(area["x"] + 400, area["y"] + 400, steps=4)  # beyond the area: clamped
    page.mouse.up()
    got = named(page)
    assert got[-1] == ("changeend", {"x": 150, "y": 100})
    changes = [d for n, d in got if n == "change"]
    assert {"x": 60, "y": 40, "source": "touch"} in changes and changes[-1] == {"x": 150, "y": 100, "source": "touch"}
    h = page.locator("#mh").bounding_box()
    page.mouse.move(h["x"] + 5, h["y"] + 5)
    page.mouse.down()
    page.mouse.move(h["x"] + 45, h["y"] + 45, steps=3)
    page.mouse.up()
    assert named(page)[-1] == ("change", {"x": 40, "y": 0, "source": "touch"})


# ---- progress, rich-text, web-view ------------------------------------------------------------

def test_progress_percent_info_and_active_end(page):
    mount(page, N("progress", id="p", percent=40, show_info=True, stroke_width=10,
                  active_color="rgb(0, 0, 255)", style="width: 300px"),
          N("progress", id="a", percent=20, active=True, duration=5, on=("activeend",)))
    page.wait_for_function("() => document.querySelector('#p .fx-progress-inner').style.width === '40%'")
    assert page.text_content("#p .fx-progress-info") == "40%"
    assert page.eval_on_selector("#p .fx-progress-bar", "e => e.getBoundingClientRect().height") == 10
    assert page.eval_on_selector("#p .fx-progress-inner", "e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 255)"
    wait_event(page, "activeend")
    assert named(page) == [("activeend", {"curPercent": 20})]


def test_rich_text_is_sanitized_and_inert(page):
    evil = ("<p class='x' style='color: red; background: url(javascript:alert(1)); width: expression(alert(2))'>"
            "hi <b>bold</b><script>window.__pwned = 1</script>"
            "<img src=x onerror='window.__pwned = 2'><img src='javascript:window.__pwned = 3'>"
            "<a href='javascript:window.__pwned = 4' onclick='window.__pwned = 5'>link</a>"
            "<iframe src='https://example.com'></iframe><style>*{display:none}</style>"
            "<svg onload='window.__pwned = 6'></svg><blink>kept</blink></p>")
    mount(page, N("rich-text", id="rt", nodes=evil),
          N("rich-text", id="arr", nodes=[
              {"name": "div", "attrs": {"style": "color: rgb(0, 128, 0)", "onclick": "window.__pwned = 7"},
               "children": [{"type": "text", "text": "<i>text</i>"},
                            {"name": "script", "children": [{"type": "text", "text": "window.__pwned = 8"}]},
                            {"name": "img", "attrs": {"src": png(2, 2), "width": "20"}}]}]))
    page.click("#rt a")
    page.click("#arr div")
    page.wait_for_timeout(50)
    assert page.evaluate("() => window.__pwned") is None
    rt = page.eval_on_selector("#rt", """e => ({
        tags: [...e.querySelectorAll('*')].map(n => n.tagName.toLowerCase()),
        attrs: [...e.querySelectorAll('*')].flatMap(n => [...n.attributes].map(a => a.name + '=' + a.value)),
        text: e.textContent})""")
    assert "script" not in rt["tags"] and "iframe" not in rt["tags"] and "style" not in rt["tags"]
    assert "svg" not in rt["tags"] and "blink" not in rt["tags"]
    assert not any(a.startswith(("on", "href", "src=javascript")) for a in rt["attrs"])
    assert "style=color: red;" in rt["attrs"]  # the harmless declaration survives alone
    assert rt["text"] == "hi boldlinkkept"
    arr = page.eval_on_selector("#arr", "e => e.innerHTML")
    assert "&lt;i&gt;text&lt;/i&gt;" in arr and "onclick" not in arr and "script" not in arr
    assert page.eval_on_selector("#arr img", "e => e.getAttribute('width')") == "20"


def test_web_view_only_http_in_sandbox(page):
    mount(page, N("web-view", id="ok", src="https://example.com/page"))
    frame = page.eval_on_selector("#ok iframe", "e => [e.getAttribute('src'), e.getAttribute('sandbox')]")
    assert frame[0] == "https://example.com/page" and "allow-same-origin" not in frame[1]
    page.close()


def test_web_view_refuses_other_urls(browser):
    p = browser.new_page()
    p.set_content(page_html())
    mount(p, N("web-view", id="bad", src="javascript:window.__pwned = 1", on=("error",)))
    assert p.query_selector("#bad iframe") is None
    [(name, detail)] = named(p)
    assert name == "error" and detail["src"].startswith("javascript:")
    assert p.evaluate("() => window.__pwned") is None
    p.close()


# ---- gallery --------------------------------------------------------------------------------

def test_gallery_screenshot(page, shots):
    row = "display: flex; align-items: center; gap: 8px; padding: 6px 12px"
    mount(page,
          N("view", *[N("icon", type=t, size=26) for t in
                      ["success", "success_no_circle", "info", "warn", "waiting", "cancel", "download",
                       "search", "clear"]], style=row),
          N("view", N("button", text("Primary"), type="primary", size="mini"),
            N("button", text("Default"), size="mini"), N("button", text("Warn"), type="warn", size="mini"),
            N("button", text("Plain"), plain=True, type="primary", size="mini"),
            N("button", text("Load"), loading=True, size="mini", disabled=True), style=row),
          N("view", N("checkbox-group", N("checkbox", text("A"), checked=True), N("checkbox", text("B"))),
            N("radio-group", N("radio", text("X"), checked=True), N("radio", text("Y"))),
            N("switch", checked=True), N("switch"), N("switch", type="checkbox", checked=True), style=row),
          N("slider", value=60, show_value=True),
          N("progress", percent=70, show_info=True, style="padding: 0 12px"),
          N("view", N("input", placeholder="input here", style="border-bottom: 1px solid #ddd"),
            style="padding: 6px 12px"),
          N("view", N("text", text("decoded: &lt;text&gt;&nbsp;&amp;"), decode=True),
            N("rich-text", nodes="<b>rich</b> <i>text</i> <span style='color:#fa5151'>red</span>"),
            style="padding: 6px 12px"),
          N("swiper", *[N("swiper-item", text(f"slide {i}"),
                          style=f"background: hsl({i * 120}, 60%, 80%); text-align:center; line-height:120px")
                        for i in range(3)], indicator_dots=True, style="height: 120px; margin: 6px 12px"),
          N("picker-view", N("picker-view-column", *[N("view", text(f"{2020 + i}"), style="line-height: 34px")
                                                     for i in range(8)]),
            N("picker-view-column", *[N("view", text(f"{i + 1:02d}"), style="line-height: 34px")
                                      for i in range(12)]), value=[3, 5], style="height: 170px"),
          N("picker", N("view", text("open picker"), id="open"), range=["Apple", "Banana", "Cherry"], value=1))
    page.wait_for_timeout(100)
    page.screenshot(path=str(shots / "builtins_gallery.png"))
    page.click("#open")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "builtins_picker_sheet.png"))
    assert (shots / "builtins_gallery.png").stat().st_size > 5000
    assert page.eval_on_selector_all("picker-view-column", "els => els.map(e => e.scrollTop)") == [102, 170]
