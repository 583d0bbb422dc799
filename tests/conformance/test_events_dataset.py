"""Events: bubbling, catch, capture, dataset, the event object.

Alipay: https://opendocs.alipay.com/mini/framework/events (on/catch prefixes, capture-on /
capture-catch), https://opendocs.alipay.com/mini/framework/event-object (target.dataset is
the bound node's, target.targetDataset the node that was hit; data-alpha-beta becomes
alphaBeta). WeChat: https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html
"""

from __future__ import annotations

import pytest

from .kit import logs, unit

PAGE = "pages/index/index"

TEMPLATES = {
    "alipay": ('<view id="outer" onTap="h1" data-level="outer">'
               '<view id="middle" catchTap="h2" data-alpha-beta="{{1}}">'
               '<view id="inner" onTap="h3" data-level="inner">x</view></view></view>'),
    "wechat": ('<view id="outer" bindtap="h1" data-level="outer">'
               '<view id="middle" catchtap="h2" data-alpha-beta="{{1}}">'
               '<view id="inner" bindtap="h3" data-level="inner">x</view></view></view>'),
}
JS = """Page({
  h1(e) { console.log('ev', 'h1'); },
  h2(e) { console.log('ev', 'h2', e.type, e.currentTarget.id, e.target.id,
          JSON.stringify(e.currentTarget.dataset), JSON.stringify(e.target.dataset),
          JSON.stringify(e.target.targetDataset || null)); },
  h3(e) { console.log('ev', 'h3', e.currentTarget.dataset.level); },
});"""


@pytest.mark.parametrize("dialect", ["alipay", "wechat"])
def test_bubbling_catch_and_dataset(app, dialect):
    mp = app(dialect, {PAGE: unit(TEMPLATES[dialect], JS)})
    mp.page.get("#inner").tap()
    got = logs(mp, "ev")
    assert got[0] == ["h3", "inner"]
    h2 = got[1]
    assert h2[:4] == ["h2", "tap", "middle", "inner"]
    assert h2[4] == '{"alphaBeta":1}'  # data-alpha-beta -> alphaBeta, typed value kept
    if dialect == "alipay":
        # event-object: target.dataset is the bound node's, targetDataset the hit node's
        assert h2[5] == '{"alphaBeta":1}' and h2[6] == '{"level":"inner"}'
    else:
        assert h2[5] == '{"level":"inner"}'  # WeChat target: the node that was tapped
    assert len(got) == 2  # catchTap stops the event: h1 never runs


def test_alipay_capture_phase(app):
    """events: capture-on runs from the outside in before the bubble phase."""
    tpl = ('<view id="outer" onTouchStart="h1" capture-onTouchStart="h2">'
           '<view id="inner" onTouchStart="h3" capture-onTouchStart="h4">x</view></view>')
    js = "Page({ " + ", ".join(f"h{i}() {{ console.log('c', 'h{i}'); }}" for i in range(1, 5)) + " });"
    mp = app("alipay", {PAGE: unit(tpl, js)})
    mp.page.get("#inner").dispatch("touchstart", {})
    assert logs(mp, "c") == ["h2", "h4", "h3", "h1"]


def test_alipay_capture_catch_stops_everything(app):
    tpl = ('<view id="outer" onTouchStart="h1" capture-catchTouchStart="h2">'
           '<view id="inner" onTouchStart="h3" capture-onTouchStart="h4">x</view></view>')
    js = "Page({ " + ", ".join(f"h{i}() {{ console.log('c', 'h{i}'); }}" for i in range(1, 5)) + " });"
    mp = app("alipay", {PAGE: unit(tpl, js)})
    mp.page.get("#inner").dispatch("touchstart", {})
    assert logs(mp, "c") == ["h2"]


def test_alipay_component_callback_prop_gets_arguments(app):
    """component_object#props: functions passed as on* props are called with what the
    component hands over (`this.props.onXX({...})`)."""
    comp = unit('<view class="b" onTap="tap"/>',
                "Component({ props: { onHit: () => {} }, methods: { tap(e) {"
                " this.props.onHit({ n: 1, from: e.type }); } } });")
    page = unit('<c onHit="got"/>', "Page({ got(x) { console.log('got', x.n, x.from); } });",
                {"usingComponents": {"c": "/components/c/index"}})
    mp = app("alipay", {PAGE: page}, components={"components/c/index": comp})
    mp.page.get(".b").tap()
    assert logs(mp, "got") == [[1, "tap"]]


def test_wechat_trigger_event_detail(app):
    comp = unit('<view class="b" bindtap="tap"/>',
                "Component({ methods: { tap() { this.triggerEvent('hit', { n: 1 }); } } });")
    page = unit('<c bind:hit="got"/>', "Page({ got(e) { console.log('got', e.type, e.detail.n); } });",
                {"usingComponents": {"c": "/components/c/index"}})
    mp = app("wechat", {PAGE: page}, components={"components/c/index": comp})
    mp.page.get(".b").tap()
    assert logs(mp, "got") == [["hit", 1]]


def test_wechat_label_tap_runs_its_own_handler_and_triggers_its_control(app):
    """component/label: a tap in a label triggers the control it stands for (the first
    inside); the tap itself still bubbles to the label's own bindtap. So a label that binds
    the same handler to its tap and to the inner checkbox-group's change runs it twice per
    tap on WeChat too — the antd-mini 3.4 Checkbox double toggle (ant-design-mini#1519)."""
    page = unit('<label class="l" bindtap="onTap"><checkbox-group bindchange="onChange">'
                '<checkbox value="a"/></checkbox-group><view class="text">agree</view></label>',
                "Page({ onTap() { console.log('ev', 'tap'); },"
                " onChange(e) { console.log('ev', 'change ' + e.detail.value.join()); } });")
    mp = app("wechat", {PAGE: page})
    mp.page.get(".text").tap()
    assert sorted(logs(mp, "ev")) == ["change a", "tap"]  # one each; no order is documented
    mp.page.get(".text").tap()
    assert sorted(logs(mp, "ev")[2:]) == ["change ", "tap"]
    assert mp.errors == []
