"""Page chrome in real Chromium: pull-down refresh, onReachBottom and pageScroll
throttling, and the tab bar's `ui` messages (badges, red dots, style, items, show/hide)."""

from __future__ import annotations

import json

from fanxing.compiler.render_tree import Node, text
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.page_view import PageView

SCROLLER = ".fx-page-scroll"


def send(page, msg):
    page.evaluate("m => FX.receive(m)", json.loads(json.dumps(msg)))


def sent(page, kind=None, name=None):
    out = page.evaluate("() => FX.client.transport.sent.splice(0)")
    return [m for m in out if (kind is None or m["type"] == kind)
            and (name is None or m.get("name") == name)]


def ui(page, kind, **payload):
    send(page, {"v": 1, "type": "ui", "kind": kind, "payload": payload, "pageId": "p1"})


def frames(page, n=2):
    page.evaluate("n => new Promise(r => { const f = k => k ? requestAnimationFrame(() => f(k - 1)) : r(); f(n); })", n)


def open_tall_page(page, **window):
    send(page, P.page_message("p1", "create", route="pages/index/index", window=window))
    view = PageView("p1", lambda d: [Node("view", style="height: 3000px",
                                          children=[text("tall")])])
    send(page, view.mount().patch)
    sent(page)


def drag_down(page, dy):
    box = page.locator(SCROLLER).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 20
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + dy / 2)
    page.mouse.move(x, y + dy)
    page.mouse.up()


def refreshing(page) -> bool:
    return page.evaluate("() => document.querySelector('.fx-page-frame').classList.contains('fx-refreshing')"
                         " && getComputedStyle(document.querySelector('.fx-refresh')).display !== 'none'")


# ---- pull-down refresh ----------------------------------------------------------------

def test_drag_down_at_top_refreshes_until_stopped(page):
    open_tall_page(page, enablePullDownRefresh=True)
    assert not refreshing(page)
    drag_down(page, 20)  # too short: nothing
    assert sent(page, "lifecycle") == [] and not refreshing(page)
    drag_down(page, 120)
    assert sent(page, "lifecycle") == [{"type": "lifecycle", "pageId": "p1",
                                        "name": "onPullDownRefresh", "args": [], "v": 1}]
    assert refreshing(page)
    page.mouse.wheel(0, -200)  # while refreshing, no second refresh
    drag_down(page, 120)
    assert sent(page, "lifecycle") == []
    ui(page, "stopPullDownRefresh")
    assert not refreshing(page)
    ui(page, "startPullDownRefresh")  # the container runs the handler; the client shows it
    assert refreshing(page) and sent(page, "lifecycle") == []
    ui(page, "stopPullDownRefresh")
    page.mouse.move(100, 300)
    page.mouse.wheel(0, -100)  # the wheel at the top also pulls
    page.wait_for_function("() => FX.client.transport.sent.some(m => m.type === 'lifecycle')")
    assert [m["name"] for m in sent(page, "lifecycle")] == ["onPullDownRefresh"]


def test_drag_below_the_top_or_on_a_disabled_page_does_not_refresh(page):
    open_tall_page(page, enablePullDownRefresh=True)
    page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop = 300")
    frames(page)
    sent(page)
    drag_down(page, 120)
    assert sent(page, "lifecycle") == [] and not refreshing(page)
    send(page, P.page_message("p1", "destroy"))
    open_tall_page(page)
    drag_down(page, 120)
    page.mouse.wheel(0, -200)
    frames(page)
    assert sent(page, "lifecycle") == [] and not refreshing(page)


# ---- reach bottom and pageScroll ---------------------------------------------------------

SCROLL_TO = """([top, times]) => { const s = document.querySelector('.fx-page-scroll');
  s.scrollTop = top === 'end' ? s.scrollHeight : top;
  for (let i = 0; i < times; i++) s.dispatchEvent(new Event('scroll')); }"""


def test_reach_bottom_once_per_arrival(page):
    open_tall_page(page, onReachBottomDistance=100)
    height = page.evaluate(f"() => {{ const s = document.querySelector('{SCROLLER}');"
                           " return s.scrollHeight - s.clientHeight; }")
    page.evaluate(SCROLL_TO, [height - 150, 1])
    frames(page)
    assert sent(page, "lifecycle") == []
    page.evaluate(SCROLL_TO, [height - 80, 3])  # within 100 px: once
    page.evaluate(SCROLL_TO, ["end", 3])        # still there: not again
    frames(page)
    assert [m["name"] for m in sent(page, "lifecycle")] == ["onReachBottom"]
    page.evaluate(SCROLL_TO, [0, 1])            # leave, come back: once more
    page.evaluate(SCROLL_TO, ["end", 1])
    frames(page)
    assert [m["name"] for m in sent(page, "lifecycle")] == ["onReachBottom"]


def test_default_reach_bottom_distance_is_50(page):
    open_tall_page(page)
    height = page.evaluate(f"() => {{ const s = document.querySelector('{SCROLLER}');"
                           " return s.scrollHeight - s.clientHeight; }")
    page.evaluate(SCROLL_TO, [height - 60, 1])
    frames(page)
    assert sent(page, "lifecycle") == []
    page.evaluate(SCROLL_TO, [height - 40, 1])
    frames(page)
    assert [m["name"] for m in sent(page, "lifecycle")] == ["onReachBottom"]


def test_page_scroll_is_sent_once_per_frame_with_the_latest_position(page):
    open_tall_page(page)
    page.evaluate("""() => { const s = document.querySelector('.fx-page-scroll');
      for (let i = 1; i <= 20; i++) { s.scrollTop = i * 10; s.dispatchEvent(new Event('scroll')); } }""")
    frames(page)
    scrolls = sent(page, "pageScroll")
    assert scrolls == [{"type": "pageScroll", "pageId": "p1", "scrollTop": 200, "v": 1}]


# ---- tab bar ----------------------------------------------------------------------------

TAB_BAR = {"color": "rgb(1, 2, 3)", "selectedColor": "rgb(4, 5, 6)",
           "list": [{"pagePath": "pages/index/index", "text": "Home"},
                    {"pagePath": "pages/me/me", "text": "Me"}]}


def open_tab_page(page):
    send(page, {"v": 1, "type": "app", "tabBar": TAB_BAR, "selected": "pages/index/index"})
    open_tall_page(page)


def tab(page, i):
    return page.locator(".fx-tabbar .fx-tab").nth(i)


def test_badges_and_red_dots(page):
    open_tab_page(page)
    ui(page, "setTabBarBadge", index=1, text="3")
    assert tab(page, 1).locator(".fx-tab-badge").text_content() == "3"
    assert tab(page, 1).locator(".fx-tab-badge").is_visible()
    ui(page, "setTabBarBadge", index=1, text="12345")  # over 4 characters
    assert tab(page, 1).locator(".fx-tab-badge").text_content() == "\u2026"
    ui(page, "showTabBarRedDot", index=0)
    assert tab(page, 0).locator(".fx-tab-reddot").is_visible()
    ui(page, "hideTabBarRedDot", index=0)
    assert tab(page, 0).locator(".fx-tab-reddot").count() == 0
    ui(page, "removeTabBarBadge", index=1)
    assert tab(page, 1).locator(".fx-tab-badge").count() == 0
    sent(page)
    ui(page, "setTabBarBadge", index=5, text="1")
    errors = sent(page, "clientError")
    assert len(errors) == 1 and "setTabBarBadge: no tab at index 5" in errors[0]["message"]


def test_tab_bar_style_item_and_visibility(page):
    open_tab_page(page)
    color = "e => getComputedStyle(e).color"
    assert tab(page, 0).evaluate(color) == "rgb(4, 5, 6)"
    ui(page, "setTabBarStyle", color="#ff0000", selectedColor="#00ff00", backgroundColor="#0000ff")
    assert tab(page, 0).evaluate(color) == "rgb(0, 255, 0)"
    assert tab(page, 1).evaluate(color) == "rgb(255, 0, 0)"
    assert page.locator(".fx-tabbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 255)"
    ui(page, "setTabBarItem", index=1, text="Mine")
    assert tab(page, 1).locator(".fx-tab-label").text_content() == "Mine"
    ui(page, "hideTabBar")
    assert not page.locator(".fx-tabbar").is_visible()
    assert page.evaluate("() => document.querySelector('.fx-has-tabbar') === null")
    ui(page, "showTabBar")
    assert page.locator(".fx-tabbar").is_visible()


# ---- pageScrollTo and the window background -------------------------------------------

def scroll_top(page) -> float:
    return page.locator(SCROLLER).evaluate("e => e.scrollTop")


def test_page_scroll_to_a_position_or_an_element(page):
    send(page, P.page_message("p1", "create", route="pages/index/index"))
    view = PageView("p1", lambda d: [Node("view", style="height: 1000px"),
                                     Node("view", cls="mark", style="height: 2000px")])
    send(page, view.mount().patch)
    ui(page, "pageScrollTo", scrollTop=250, duration=0)  # 0 jumps
    assert scroll_top(page) == 250
    ui(page, "pageScrollTo", scrollTop=600, duration=120)  # animated, then exactly there
    page.wait_for_function("() => document.querySelector('.fx-page-scroll').scrollTop === 600")
    ui(page, "pageScrollTo", selector=".mark", offsetTop=-40, duration=0)
    assert scroll_top(page) == 960
    ui(page, "pageScrollTo", scrollTop=99999, duration=0)  # clamped to the end
    assert scroll_top(page) == page.locator(SCROLLER).evaluate("e => e.scrollHeight - e.clientHeight")
    ui(page, "pageScrollTo", scrollTop=0)  # default duration 300 ms, eased
    page.wait_for_function("() => document.querySelector('.fx-page-scroll').scrollTop === 0")
    sent(page)
    ui(page, "pageScrollTo", selector=".nope")
    errors = sent(page, "clientError")
    assert len(errors) == 1 and "no element matches selector .nope" in errors[0]["message"]


def test_set_background_color_and_text_style(page):
    open_tall_page(page, enablePullDownRefresh=True, backgroundColor="#101010")
    bg = "e => getComputedStyle(e).backgroundColor"
    frame, refresh = page.locator(".fx-page-frame"), page.locator(".fx-refresh")
    assert frame.evaluate(bg) == "rgb(16, 16, 16)"
    ui(page, "setBackgroundColor", backgroundColor="#ff0000", backgroundColorTop="#00ff00",
       backgroundColorBottom="#0000ff")
    assert frame.evaluate(bg) == "rgb(255, 0, 0)"
    assert refresh.evaluate(bg) == "rgb(0, 255, 0)"  # above the page while pulling down
    assert page.locator(".fx-page-viewport").evaluate(bg) == "rgb(0, 0, 255)"
    dot = refresh.locator("span").first
    assert dot.evaluate(bg) == "rgba(0, 0, 0, 0.35)"
    ui(page, "setBackgroundTextStyle", textStyle="light")
    assert dot.evaluate(bg) == "rgba(255, 255, 255, 0.7)"
    ui(page, "setBackgroundTextStyle", textStyle="dark")
    assert dot.evaluate(bg) == "rgba(0, 0, 0, 0.35)"


# ---- navigation bar title ------------------------------------------------------------

def test_title_tap_is_on_title_click_under_alipay(page):
    send(page, {"v": 1, "type": "app", "dialect": "alipay"})
    open_tall_page(page, navigationBarTitleText="Shop")
    page.click(".fx-navbar-title")
    assert [m["name"] for m in sent(page, "lifecycle")] == ["onTitleClick"]
    send(page, {"v": 1, "type": "app", "dialect": "wechat"})
    page.click(".fx-navbar-title")
    assert sent(page, "lifecycle") == []  # WeChat has no title event
