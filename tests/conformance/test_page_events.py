"""Page events and the page event channel.

Alipay: https://opendocs.alipay.com/mini/framework/page-detail (onTitleClick,
onOptionMenuClick, onPullDownRefresh({from: manual|code}), `events`: onBack,
onKeyboardHeight, onTabItemTap({from}), beforeTabItemTap, onSelectedTabItemTap),
https://opendocs.alipay.com/mini/api/zwi8gx (my.navigateTo `events`, page
getOpenerEventChannel). WeChat:
https://developers.weixin.qq.com/miniprogram/dev/api/route/wx.navigateTo.html
"""

from __future__ import annotations

import pytest

from .kit import logs, unit

A, B = "pages/a/index", "pages/b/index"

EVENTS = """Page({
  onTitleClick() { console.log('ev', 'title'); },
  onOptionMenuClick() { console.log('ev', 'menu'); },
  onPullDownRefresh(e) { console.log('ev', 'pull', e && e.from); },
  startPull() { my.startPullDownRefresh(); },
  events: {
    onBack() { console.log('ev', 'back'); },
    onKeyboardHeight(e) { console.log('ev', 'kb', e.height); },
  },
});"""


def test_alipay_page_events(app):
    tpl = '<input class="in"/><view class="pull" onTap="startPull"/>'
    mp = app("alipay", {A: unit("<view/>"), B: unit(tpl, EVENTS)},
             app_json={"window": {"pullRefresh": True}})
    mp.navigate("/" + B)
    mp.title_click()
    mp.option_menu_click()
    mp.pull_down_refresh()
    mp.page.get(".pull").tap()
    field = mp.page.get(".in")
    field.focus()
    field.blur()
    mp.back()
    got = logs(mp, "ev")
    height = mp.container.bridge.device.keyboard_height
    assert got == ["title", "menu", ["pull", "manual"], ["pull", "code"],
                   ["kb", height], ["kb", 0], "back"]
    assert height > 0 and mp.page.route == A


def test_alipay_tab_events(app):
    tab = {"tabBar": {"items": [{"pagePath": A, "name": "A"}, {"pagePath": B, "name": "B"}]}}
    js = ("Page({ events: { onTabItemTap(e) { console.log('tab', 'tap', e.from, e.pagePath, e.index); },"
          " beforeTabItemTap() { console.log('tab', 'before'); },"
          " onSelectedTabItemTap(e) { console.log('tab', 'again', e.pagePath); } } });")
    mp = app("alipay", {A: unit("<view/>", js), B: unit("<view/>", js)}, app_json=tab)
    mp.tab_tap(A)
    mp.tab_tap(B)
    assert logs(mp, "tab") == [["again", A], "before", ["tap", "user", B, 1]]
    assert mp.page.route == B


@pytest.mark.parametrize("dialect", ["alipay", "wechat"])
def test_navigate_to_events_and_opener_event_channel(app, dialect):
    api = "my" if dialect == "alipay" else "wx"
    opener = (f"Page({{ go() {{ {api}.navigateTo({{ url: '/{B}', events: {{"
              " ack(d) { console.log('ch', 'opener got', d.n); } },"
              " success(res) { res.eventChannel.emit('hello', { n: 1 }); } }); } });")
    opened = ("Page({ onLoad() { const ch = this.getOpenerEventChannel();"
              " ch.on('hello', d => { console.log('ch', 'opened got', d.n);"
              " ch.emit('ack', { n: d.n + 1 }); }); } });")
    tap = 'onTap="go"' if dialect == "alipay" else 'bindtap="go"'
    mp = app(dialect, {A: unit(f'<view class="go" {tap}/>', opener), B: unit("<view/>", opened)})
    mp.page.get(".go").tap()
    assert mp.page.route == B
    assert logs(mp, "ch") == [["opened got", 1], ["opener got", 2]]


def test_wechat_pull_down_has_no_from(app):
    js = "Page({ onPullDownRefresh(e) { console.log('pull', e === undefined); } });"
    mp = app("wechat", {A: unit("<view/>", js)})
    mp.pull_down_refresh()
    assert logs(mp, "pull") == [True]


def test_alipay_component_root_events(app):
    """component_object (rootEvents, 2.8.6): a component hears its page's lifecycles and
    events, with `this` the component."""
    comp = unit("<view/>", "Component({ data: { k: 'c' }, rootEvents: {"
                           " onShow() { console.log('root', 'show', this.data.k); },"
                           " onPullDownRefresh(e) { console.log('root', 'pull', e.from); } } });")
    page = unit("<my-c/>", "Page({});", {"usingComponents": {"my-c": "/components/c/index"}})
    mp = app("alipay", {A: page}, components={"components/c/index": comp})
    mp.pull_down_refresh()
    mp.hide()
    mp.show()
    assert logs(mp, "root") == [["pull", "manual"], ["show", "c"]]
