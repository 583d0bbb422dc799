"""Lifecycle order and component models in both dialects, on real QuickJS."""

from __future__ import annotations

from logic_harness import Harness, log_lines, of_type, set_ops

APP = """
App({
  globalData: {n: 1},
  onLaunch(o) { console.log('App.onLaunch', o.path, o.scene, JSON.stringify(o.query)) },
  onShow(o) { console.log('App.onShow') },
  onHide() { console.log('App.onHide') },
});
"""


def page_src(name: str) -> str:
    hooks = ["onLoad", "onShow", "onReady", "onHide", "onUnload", "onPullDownRefresh", "onReachBottom"]
    body = ",\n".join(
        f"  {h}(a) {{ console.log('{name}.{h}' + (a && a.id ? ' ' + a.id : '')) }}" for h in hooks
    )
    return f"Page({{\n  data: {{}},\n{body},\n  onShareAppMessage() {{ return {{title: '{name}'}} }},\n}});\n"


WX_COMP = """
Component({
  properties: {title: {type: String, value: 'none', observer(n, o) { console.log('comp.observer', o, '->', n) }}},
  lifetimes: {
    created() { console.log('comp.created', this.data.title) },
    attached() { console.log('comp.attached', this.data.title) },
    ready() { console.log('comp.ready') },
    detached() { console.log('comp.detached') },
  },
  pageLifetimes: { show() { console.log('comp.page.show') }, hide() { console.log('comp.page.hide') } },
});
"""

MY_COMP = """
Component({
  props: {title: 'none'},
  data: {x: 1},
  onInit() { console.log('comp.onInit', this.props.title, this.$page.route) },
  deriveDataFromProps(next) { console.log('comp.derive', next.title) },
  didMount() { console.log('comp.didMount') },
  didUpdate(prevProps, prevData) { console.log('comp.didUpdate', prevProps.title, '->', this.props.title) },
  didUnmount() { console.log('comp.didUnmount') },
});
"""


def lifecycle_app(dialect: str) -> Harness:
    files = {
        "app.js": APP,
        "pages/index/index.js": page_src("A"),
        "pages/detail/detail.js": page_src("B"),
        "components/c/c.js": WX_COMP if dialect == "wechat" else MY_COMP,
    }
    return Harness(files, dialect=dialect)


def test_wechat_launch_navigate_back_order() -> None:
    h = lifecycle_app("wechat")
    seq = h.launch(path="pages/index/index", query={"id": "7"})
    seq += h.page("p1", "pages/index/index", {"id": "7"})
    seq += h.send({"type": "componentCreate", "compId": "c1", "pageId": "p1", "parentId": "p1",
                   "path": "components/c/c", "props": {"title": "hi"}})
    seq += h.send({"type": "componentReady", "compId": "c1"})
    seq += h.send({"type": "pageReady", "pageId": "p1"})
    # navigateTo: current onHide, new onLoad / onShow / onReady
    seq += h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onHide", "args": []})
    seq += h.page("p2", "pages/detail/detail", {"id": "9"})
    seq += h.send({"type": "pageReady", "pageId": "p2"})
    assert h.js("getCurrentPages().map(p => p.route)") == ["pages/index/index", "pages/detail/detail"]
    # navigateBack: top onUnload, below onShow
    seq += h.send({"type": "pageLifecycle", "pageId": "p2", "name": "onUnload", "args": []})
    seq += h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onShow", "args": []})
    assert log_lines(seq) == [
        'App.onLaunch pages/index/index 1001 {"id":"7"}',
        "App.onShow",
        "A.onLoad 7",
        "A.onShow",
        "comp.created none",
        "comp.observer none -> hi",
        "comp.attached hi",
        "comp.ready",
        "A.onReady",
        "A.onHide",
        "comp.page.hide",
        "B.onLoad 9",
        "B.onShow",
        "B.onReady",
        "B.onUnload",
        "A.onShow",
        "comp.page.show",
    ]
    assert h.js("getCurrentPages().map(p => p.route)") == ["pages/index/index"]
    # Unloading a page detaches its components.
    out = h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onUnload", "args": []})
    assert log_lines(out) == ["A.onUnload", "comp.detached"]


def test_alipay_launch_and_component_order() -> None:
    h = lifecycle_app("alipay")
    seq = h.launch()
    seq += h.page("p1", "pages/index/index")
    seq += h.send({"type": "componentCreate", "compId": "c1", "pageId": "p1", "parentId": "p1",
                   "path": "components/c/c", "props": {"title": "hi"}})
    seq += h.send({"type": "componentReady", "compId": "c1"})
    seq += h.send({"type": "pageReady", "pageId": "p1"})
    seq += h.send({"type": "componentProps", "compId": "c1", "props": {"title": "next"}})
    seq += h.send({"type": "componentDestroy", "compId": "c1"})
    assert log_lines(seq) == [
        "App.onLaunch pages/index/index 1001 {}",
        "App.onShow",
        "A.onLoad",
        "A.onShow",
        "comp.onInit hi pages/index/index",
        "comp.derive hi",
        "comp.didMount",
        "A.onReady",
        "comp.derive next",
        "comp.didUpdate hi -> next",
        "comp.didUnmount",
    ]


def test_app_show_hide_reach_top_page_and_share_result() -> None:
    h = lifecycle_app("wechat")
    h.launch()
    h.page("p1", "pages/index/index")
    out = h.send({"type": "appHide", "options": {}})
    out += h.send({"type": "appShow", "options": {}})
    out += h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onPullDownRefresh", "args": []})
    assert log_lines(out) == ["A.onHide", "App.onHide", "App.onShow", "A.onShow", "A.onPullDownRefresh"]
    out = h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onShareAppMessage", "args": [{}]})
    assert of_type(out, "result") == [
        {"type": "result", "pageId": "p1", "name": "onShareAppMessage", "value": {"title": "A"}}
    ]


def test_page_data_function_events_and_get_app() -> None:
    h = Harness(
        {
            "app.js": "App({globalData: {user: 'u1'}})",
            "pages/index/index.js": """
            Page({
              data() { return {user: getApp().globalData.user, route: this.route || null} },
              events: { onBack() { console.log('events.onBack') } },
              tap(e) { console.log('tap', e.detail.v, this.route) },
            });
            """,
        },
        dialect="alipay",
    )
    h.launch()
    out = h.page("p1", "pages/index/index")
    assert set_ops(out, "p1")[0] == ["set", "user", "u1"]
    out = h.event("p1", "tap", {"detail": {"v": 3}})
    out += h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onBack", "args": []})
    assert log_lines(out) == ["tap 3 pages/index/index", "events.onBack"]
    out = h.event("p1", "missing")
    assert "does not have a method" in out[0]["args"][0]


def test_page_not_found_calls_on_page_not_found() -> None:
    h = Harness({"app.js": "App({onPageNotFound(r) { console.log('nf', r.path, r.isEntryPage) }})"})
    out = h.page("p1", "pages/nope/nope")
    assert log_lines(out) == ["nf pages/nope/nope true"]
    assert of_type(out, "error")[0]["kind"] == "pageNotFound"


def test_wechat_observers_behaviors_methods_trigger_event_select() -> None:
    files = {
        "app.js": "App({})",
        "behaviors/b.js": """
        module.exports = Behavior({
          data: {fromBehavior: 1},
          methods: { hello() { return 'behavior ' + this.data.fromBehavior } },
          lifetimes: { attached() { console.log('behavior.attached') } },
        });
        """,
        "components/list/list.js": """
        const b = require('../../behaviors/b');
        Component({
          behaviors: [b, 'wx://form-field'],
          properties: {items: Array, count: Number},
          data: {a: {b: 1}, list: [1, 2], sum: 0},
          observers: {
            'a.b': function (v) { console.log('obs a.b', v) },
            'list[0]': function (v) { console.log('obs list[0]', v) },
            'items, count': function (items, count) { this.setData({sum: items.length + count}) },
            'a.**': function (a) { console.log('obs a.**', JSON.stringify(a)) },
            '**': function () { console.log('obs **') },
          },
          lifetimes: { attached() { console.log('comp.attached', this.hello()) } },
          methods: {
            poke(e) { this.setData({'a.b': 2}) },
            pokeList() { this.setData({'list[0]': 9}) },
            fire() { this.triggerEvent('change', {v: 1}, {bubbles: true}) },
          },
        });
        """,
        "pages/index/index.js": """
        Page({
          find() {
            const one = this.selectComponent('#first');
            const all = this.selectAllComponents('.item');
            console.log('found', one && one.is, all.length, this.selectComponent('.nope'));
          },
        });
        """,
    }
    h = Harness(files, deps={"components/list/list.js": {"../../behaviors/b": "behaviors/b.js"}})
    h.launch()
    h.page("p1", "pages/index/index")
    out = h.send({"type": "componentCreate", "compId": "c1", "pageId": "p1", "parentId": "p1",
                  "path": "components/list/list", "props": {"id": "first", "class": "item x", "items": [1, 2], "count": "3"}})
    # '**' fires for the observer's own setData (sum) and for the properties.
    assert log_lines(out) == ["obs **", "obs **", "behavior.attached", "comp.attached behavior 1"]
    assert h.data("c1")["sum"] == 5 and h.data("c1")["count"] == 3
    assert h.data("c1")["fromBehavior"] == 1
    out = h.event("c1", "poke")
    assert log_lines(out) == ["obs a.b 2", "obs a.** {\"b\":2}", "obs **"]
    out = h.event("c1", "pokeList")
    assert log_lines(out) == ["obs list[0] 9", "obs **"]
    out = h.send({"type": "componentProps", "compId": "c1", "props": {"count": 10}})
    assert ["set", "count", 10] in set_ops(out, "c1") and ["set", "sum", 12] in set_ops(out, "c1")
    out = h.event("c1", "fire")
    assert of_type(out, "triggerEvent") == [
        {"type": "triggerEvent", "compId": "c1", "name": "change", "detail": {"v": 1}, "options": {"bubbles": True}}
    ]
    h.send({"type": "componentCreate", "compId": "c2", "pageId": "p1", "parentId": "p1",
            "path": "components/list/list", "props": {"class": "item"}})
    out = h.event("p1", "find")
    assert log_lines(out) == ["found /components/list/list 2 null"]


def test_alipay_props_callbacks_mixins_and_did_update_after_set_data() -> None:
    files = {
        "app.js": "App({})",
        "mixins/m.js": "module.exports = { data: {m: 1}, didMount() { console.log('mixin.didMount') }, methods: { who() { return 'mixin' } } };",
        "components/btn/btn.js": """
        const m = require('/mixins/m');
        Component({
          mixins: [m],
          props: {label: 'default', onTap: () => 'no handler'},
          data: {clicks: 0},
          didMount() { console.log('didMount', this.who(), this.props.label, this.$id) },
          didUpdate(prevProps, prevData) { console.log('didUpdate clicks', prevData.clicks, '->', this.data.clicks) },
          methods: {
            click() {
              this.setData({clicks: this.data.clicks + 1});
              console.log('parent said', this.props.onTap(this.data.clicks));
            },
          },
        });
        """,
        "pages/index/index.js": """
        Page({
          data: {},
          handleTap(n) { console.log('page got', n, this.route); return 'ok' },
        });
        """,
    }
    h = Harness(files, dialect="alipay", deps={"components/btn/btn.js": {"/mixins/m": "mixins/m.js"}})
    h.launch()
    h.page("p1", "pages/index/index")
    h.send({"type": "componentCreate", "compId": "c7", "pageId": "p1", "parentId": "p1",
            "path": "components/btn/btn", "props": {"onTap": "handleTap"}})
    out = h.send({"type": "componentReady", "compId": "c7"})
    assert log_lines(out) == ["mixin.didMount", "didMount mixin default 7"]
    out = h.event("c7", "click")
    assert log_lines(out) == ["page got 1 pages/index/index", "parent said ok"]
    flush = of_type(out, "setData")[0]["flushId"]
    out = h.send({"type": "flushed", "ids": [flush]})
    assert log_lines(out) == ["didUpdate clicks 0 -> 1"]
    # A component without the callback prop uses the default.
    h.send({"type": "componentCreate", "compId": "c8", "pageId": "p1", "parentId": "p1",
            "path": "components/btn/btn", "props": {}})
    out = h.event("c8", "click")
    assert log_lines(out) == ["parent said no handler"]


def test_wechat_page_built_with_component() -> None:
    h = Harness(
        {
            "app.js": "App({})",
            "pages/index/index.js": """
            Component({
              properties: {id: String},
              data: {n: 1},
              lifetimes: { attached() { console.log('attached') } },
              methods: {
                onLoad(q) { console.log('onLoad', q.id, this.data.id) },
                onReady() { console.log('onReady') },
                tap() { this.setData({n: 2}) },
              },
            });
            """,
        }
    )
    out = h.page("p1", "pages/index/index", {"id": "42"})
    out += h.send({"type": "pageReady", "pageId": "p1"})
    out += h.event("p1", "tap")
    assert log_lines(out) == ["attached", "onLoad 42 42", "onReady"]
    assert h.data("p1")["n"] == 2


def test_deferred_page_create_gives_wechat_component_first_order() -> None:
    h = lifecycle_app("wechat")
    seq = h.send({"type": "pageCreate", "pageId": "p1", "route": "pages/index/index", "query": {"id": "1"}, "defer": True})
    seq += h.send({"type": "componentCreate", "compId": "c1", "pageId": "p1", "parentId": "p1",
                   "path": "components/c/c", "props": {}})
    seq += h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onLoad", "args": [{"id": "1"}]})
    seq += h.send({"type": "pageLifecycle", "pageId": "p1", "name": "onShow", "args": []})
    seq += h.send({"type": "componentReady", "compId": "c1"})
    seq += h.send({"type": "pageReady", "pageId": "p1"})
    assert log_lines(seq) == [
        "comp.created none", "comp.attached none", "A.onLoad 1", "A.onShow", "comp.page.show",
        "comp.ready", "A.onReady",
    ]
