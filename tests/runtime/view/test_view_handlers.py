"""WXS functions run by the page view (view_handlers): ComponentDescriptor selectors over
the owner's template, overlays reaching the client as patch ops, requestAnimationFrame,
observers, and what happens without a module context. Real compiled templates, a real
ViewModules (QuickJS) and the patch-applying DOM model."""

from __future__ import annotations

import itertools

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.render_tree import ViewFunction
from fanxing.compiler.templates import compile_template_set
from fanxing.runtime.view.page_view import ComponentDef, PageView
from fanxing.runtime.view.script_modules import ViewModules
from view_dom_model import DomModel

CARD = "components/card/card"

PAGE = """<wxs module="m" src="/probe.wxs"/>
<view id="go" class="outer" data-k="outer" bindtap="{{m.probe}}">
  <view class="box" data-k="b1" id="b1"/>
  <view class="mid" data-k="mid"><view class="box inner" data-k="b2"/></view>
  <card data-k="card"><view class="box" data-k="slotted"/></card>
</view>
<view id="frames" bindtap="{{m.frames}}"/>
<view id="plain" bindtap="{{m.plain}}" class="p" style="color: blue"/>"""

CARD_SRC = '<view class="box" data-k="in-card"><slot/></view>'

PROBE = """
function ids(list) { return list.map(function (d) { return d.getDataset().k }) }
var frameRuns = 0
module.exports = {
  probe: function (e, owner) {
    owner.callMethod('r', {
      all: ids(owner.selectAllComponents('.box')),
      child: ids(owner.selectAllComponents('.outer > .box')),
      desc: ids(owner.selectAllComponents('.outer .box')),
      list: ids(owner.selectAllComponents('#b1, .inner')),
      compound: ids(owner.selectAllComponents('view.box.inner')),
      none: owner.selectComponent('.nothing'),
      own: ids(e.instance.selectAllComponents('.mid .box')),
      host: owner.selectComponent('card').getDataset().k,
      has: [owner.selectComponent('#b1').hasClass('box'), owner.selectComponent('#b1').hasClass('x')]
    })
  },
  frames: function (e, owner) {
    var me = e.instance
    me.requestAnimationFrame(function () {
      frameRuns++
      me.setStyle({ opacity: 0.5 })
      me.requestAnimationFrame(function () { frameRuns++; me.addClass('later') })
    })
    owner.callMethod('frames', frameRuns)
  },
  plain: function (e) {
    e.instance.setStyle({ fontSize: '20rpx', marginTop: 3 }).addClass('on').removeClass('p')
  }
}
"""


def make_view() -> tuple[PageView, DomModel]:
    files = {"pages/a/a.wxml": PAGE, f"{CARD}.wxml": CARD_SRC}
    sink = DiagnosticSink()
    ts = compile_template_set(files, "wechat", sink)
    assert sink.items == []
    modules = ViewModules({"probe.wxs": JsModule("probe.wxs", "probe.wxs", PROBE, {})})
    counter = itertools.count(1)
    view = PageView("p1", lambda d: ts.render("pages/a/a.wxml", d, modules), dialect="wechat",
                    using_components={"card": CARD}, new_component_id=lambda: f"c{next(counter)}",
                    components={CARD: ComponentDef(CARD, lambda d: ts.render(f"{CARD}.wxml", d,
                                                                             modules))},
                    modules=modules)
    dom = DomModel()
    dom.apply(view.mount().patch)
    return view, dom


def node_id(view: PageView, dom_id: str) -> int:
    return next(i for i, v in view._differ.nodes.items() if v.node.id == dom_id)


def tap(view: PageView, dom: DomModel, dom_id: str):
    up = view.event({"type": "event", "pageId": "p1", "nodeId": node_id(view, dom_id),
                     "name": "tap", "detail": {"x": 0, "y": 0}})
    if up.patch is not None:
        dom.apply(up.patch)
    return up


def test_handlers_are_view_functions_in_the_tree():
    view, _ = make_view()
    go = view._differ.nodes[node_id(view, "go")]
    assert go.node.events[0].handler == ViewFunction("probe.wxs", "probe")
    assert go.node.events[0].to_json()["handler"] == {"wxs": "probe.wxs", "member": "probe"}


def test_selectors_see_the_owner_template_only():
    view, dom = make_view()
    up = tap(view, dom, "go")
    (msg,) = up.messages
    assert msg["type"] == "event" and msg["instanceId"] == "p1" and msg["handler"] == "r"
    assert msg["event"] == {
        # the card's own .box is the component's; the slotted one is the page's
        "all": ["b1", "b2", "slotted"],
        "child": ["b1"],
        "desc": ["b1", "b2", "slotted"],
        "list": ["b1", "b2"],
        "compound": ["b2"],
        "none": None,
        "own": ["b2"],
        "host": "card",
        "has": [True, False],
    }
    assert up.patch is None  # nothing was restyled


def test_style_and_class_overlay_reach_the_client():
    view, dom = make_view()
    tap(view, dom, "plain")
    el = dom.nodes[node_id(view, "plain")]
    assert el.style == "color: blue; font-size: 20rpx; margin-top: 3"
    assert el.cls == "on"  # the template's `p` removed, `on` added (page prefix: none)


def test_animation_frames_run_after_the_handler_one_round_per_call():
    view, dom = make_view()
    up = tap(view, dom, "frames")
    assert up.messages[0]["event"] == 0  # the frame had not run when callMethod was called
    el = dom.nodes[node_id(view, "frames")]
    assert el.style == "opacity: 0.5" and el.cls == ""
    up = tap(view, dom, "frames")
    assert up.messages[0]["event"] == 1  # the frame asked for by a frame waited ...
    assert el.cls == "later"  # ... and ran after this second handler


def test_without_modules_wxs_handlers_are_skipped():
    files = {"p.wxml": '<wxs module="m">module.exports = {f: function () {}}</wxs>'
                       '<view bindtap="{{m.f}}"/>'}
    sink = DiagnosticSink()
    ts = compile_template_set(files, "wechat", sink)
    modules = ViewModules({k: JsModule(k, k, v, {}) for k, v in ts.inline_modules.items()})
    view = PageView("p1", lambda d: ts.render("p.wxml", d, modules), dialect="wechat")
    view.mount()
    (vid,) = [i for i, v in view._differ.nodes.items() if v.node.tag == "view"]
    assert view.handle_event({"type": "event", "pageId": "p1", "nodeId": vid,
                              "name": "tap"}) == []


def test_snapshot_version_follows_what_selectors_see():
    files = {"p.wxml": '<wxs module="m">module.exports = {f: function (e, o) {'
                       ' o.callMethod("n", o.selectAllComponents(".row").length) }}</wxs>'
                       '<view id="go" bindtap="{{m.f}}"/>'
                       '<view wx:for="{{list}}" wx:key="*this" class="row">{{label}}</view>'}
    sink = DiagnosticSink()
    ts = compile_template_set(files, "wechat", sink)
    modules = ViewModules({k: JsModule(k, k, v, {}) for k, v in ts.inline_modules.items()})
    view = PageView("p1", lambda d: ts.render("p.wxml", d, modules), dialect="wechat",
                    data={"list": [1, 2], "label": "a"}, modules=modules)
    dom = DomModel()
    dom.apply(view.mount().patch)
    assert tap(view, dom, "go").messages[0]["event"] == 2
    version = view.tree_version
    view.apply("p1", [["set", "label", "b"]])  # text only: the cached snapshot holds
    assert view.tree_version == version
    view.apply("p1", [["set", "list", [1, 2, 3]]])  # a new node: resent
    assert view.tree_version > version
    assert tap(view, dom, "go").messages[0]["event"] == 3
