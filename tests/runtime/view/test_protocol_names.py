"""The protocol's window and tab-bar names: one translation (``fanxing.runtime.protocol``)
from the compiler's neutral names and the navigation-bar API payloads, used by the
container; ``ClientFeed`` only records and replays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fanxing.compiler.build import compile_app
from fanxing.compiler.config import TabBar, TabBarItem, WindowConfig
from fanxing.runtime.container.container import Container
from fanxing.runtime.devtools.client_feed import ClientFeed
from fanxing.runtime.view import protocol as P

WECHAT_APP = {
    "app.json": {"pages": ["pages/a/a", "pages/b/b", "pages/c/c"],
                 "window": {"navigationBarTitleText": "App", "backgroundColor": "#eeeeee",
                            "enablePullDownRefresh": True},
                 "tabBar": {"color": "#111111",
                            "list": [{"pagePath": "pages/a/a", "text": "A"},
                                     {"pagePath": "pages/b/b", "text": "B"}]}},
    "app.js": "App({});",
    "pages/a/a.json": {"navigationBarTitleText": "Page A"},
    "pages/a/a.wxml": "<view>a</view>",
    "pages/a/a.js": """Page({
        color() { wx.setNavigationBarColor({frontColor: '#ffffff', backgroundColor: '#ff0000'}); },
        title() { wx.setNavigationBarTitle({title: 'Renamed'}); },
    });""",
    "pages/b/b.json": {},
    "pages/b/b.wxml": "<view>b</view>",
    "pages/b/b.js": "Page({});",
    "pages/c/c.json": {},
    "pages/c/c.wxml": "<view>c</view>",
    "pages/c/c.js": "Page({});",
}


def write(root: Path, files: dict) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content) if isinstance(content, dict) else content, "utf-8")
    return root


@pytest.fixture
def container(tmp_path):
    app = compile_app(write(tmp_path / "app", WECHAT_APP))
    assert app.ok, app.diagnostics
    c = Container(app, data_dir=tmp_path / "data")
    seen: list[dict] = []
    c.subscribe(seen.append)
    c.seen = seen
    c.launch()
    c.settle(1000)
    yield c
    c.close()


def test_window_config_in_protocol_names():
    win = WindowConfig(title="T", title_bar_color="#000000", title_text_style="white",
                       background_color="#f5f5f5", pull_down_refresh=True,
                       allows_bounce_vertical=False, extra={"optionMenu": {"icon": "x"}})
    assert P.protocol_window(win.to_json()) == {
        "navigationBarTitleText": "T", "navigationBarBackgroundColor": "#000000",
        "navigationBarTextStyle": "white", "backgroundColor": "#f5f5f5",
        "enablePullDownRefresh": True, "allowsBounceVertical": False,
        "optionMenu": {"icon": "x"}}


@pytest.mark.parametrize(("payload", "window"), [
    ({"frontColor": "#ffffff", "backgroundColor": "#ff0000", "animation": None},
     {"navigationBarTextStyle": "white", "navigationBarBackgroundColor": "#ff0000"}),
    ({"frontColor": "#000000"}, {"navigationBarTextStyle": "black"}),
    ({"title": "Hi", "backgroundColor": "#123456", "image": "https://x/t.png"},
     {"navigationBarTitleText": "Hi", "navigationBarBackgroundColor": "#123456",
      "titleImage": "https://x/t.png"}),
])
def test_navigation_bar_payloads(payload, window):
    assert P.protocol_navigation_bar(payload) == window


def test_tab_bar_takes_theme_colors_where_the_app_sets_none():
    tab = TabBar(items=[TabBarItem("pages/a/a", "A", "a.png", "a-on.png")], color="#111111")
    theme = {"tabBar": {"color": "#404040", "selectedColor": "#1677ff",
                        "backgroundColor": "#f5f5f9", "borderStyle": "black"}}
    out = P.protocol_tab_bar(tab, theme)
    assert out["color"] == "#111111"  # the app's own wins
    assert (out["selectedColor"], out["backgroundColor"], out["borderStyle"]) == (
        "#1677ff", "#f5f5f9", "black")
    assert out["list"] == [{"pagePath": "pages/a/a", "text": "A", "iconPath": "a.png",
                            "selectedIconPath": "a-on.png"}]
    assert P.protocol_tab_bar(TabBar(), theme) is None
    assert P.protocol_tab_bar(None, theme) is None


def test_container_speaks_protocol_names(container):
    app_msg = next(m for m in container.seen if m["type"] == "app" and "tabBar" in m)
    theme = container.bridge.profile.get("theme")["tabBar"]
    assert app_msg["tabBar"]["color"] == "#111111"
    assert app_msg["tabBar"]["selectedColor"] == theme["selectedColor"]
    assert [i["pagePath"] for i in app_msg["tabBar"]["list"]] == ["pages/a/a", "pages/b/b"]
    assert app_msg["window"]["navigationBarTitleText"] == "App"
    create = next(m for m in container.seen if m["type"] == "page" and m["action"] == "create")
    assert create["window"]["navigationBarTitleText"] == "Page A"
    assert create["window"]["backgroundColor"] == "#eeeeee"
    assert create["window"]["enablePullDownRefresh"] is True
    assert not any("title" in m.get("window", {}) for m in container.seen)


def test_navigation_bar_api_updates_the_window(container):
    top = container.stack.top.page_id
    for handler in ("color", "title"):
        container.post({"type": "event", "instanceId": top, "handler": handler,
                        "event": {"type": "tap"}})
        container.settle(1000)
    updates = [m["window"] for m in container.seen
               if m["type"] == "page" and m["action"] == "window"]
    assert updates[-1]["navigationBarTitleText"] == "Renamed"
    assert updates[-1]["navigationBarTextStyle"] == "white"
    assert updates[-1]["navigationBarBackgroundColor"] == "#ff0000"
    assert updates[-1]["backgroundColor"] == "#eeeeee"  # the page background is untouched


def test_selected_tab_follows_every_shown_tab_page(container):
    def selected() -> list[str]:
        return [m["selected"] for m in container.seen
                if m["type"] == "app" and m.get("selected") and "tabBar" not in m]

    assert selected() == ["pages/a/a"]
    container.navigate("switchTab", "/pages/b/b")
    container.settle(1000)
    container.navigate("switchTab", "/pages/a/a")  # kept tab page: shown, not created
    container.settle(1000)
    container.navigate("navigateTo", "/pages/c/c")  # not a tab page: nothing selected
    container.settle(1000)
    assert selected() == ["pages/a/a", "pages/b/b", "pages/a/a"]


def test_feed_replays_app_selection_and_live_pages(container):
    feed = ClientFeed()
    for msg in container.seen:
        feed.record(msg)
    container.seen.clear()
    container.navigate("switchTab", "/pages/b/b")
    container.navigate("reLaunch", "/pages/c/c")
    container.settle(1000)
    for msg in container.seen:
        feed.record(msg)
    replay = feed.replay()
    assert replay[0]["type"] == "app" and replay[0]["tabBar"]["list"]
    assert replay[1] == {"v": P.PROTOCOL_VERSION, "type": "app", "selected": "pages/b/b"}
    live = {m["pageId"] for m in replay if m["type"] in ("page", "patch")}
    assert live == {container.stack.top.page_id}  # destroyed pages are not replayed
