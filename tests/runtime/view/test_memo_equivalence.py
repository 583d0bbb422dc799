"""Loop memos through the whole view: after any sequence of setData batches, the client
built from patches shows exactly what a fresh page mounted on the final data shows
(compiled templates, component hosts and slots inside memoized loops, both dialects)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.templates import TemplateSet, compile_template_set
from fanxing.runtime.view.page_view import ComponentDef, PageView
from hypothesis import given, settings
from hypothesis import strategies as st
from view_dom_model import DomModel, El

CARD = "components/card/card"
PAGES = {
    "wechat": (
        '<view class="head">{{title}}</view>'
        '<view wx:for="{{list}}" wx:key="id" class="row {{item.done ? \'done\' : \'\'}}" '
        'data-id="{{item.id}}" bindtap="onTap">'
        '<card title="{{item.name}}" extra="{{suffix}}"><text>{{index}}-{{item.done}}</text></card>'
        '</view>'
        '<view wx:for="{{list}}" wx:key="id"><text wx:if="{{item.done}}">{{title}}</text></view>',
        '<view class="card"><text>{{title}}{{extra}}</text>'
        '<view wx:for="{{[1, 2]}}" wx:key="*this">{{title}}-{{item}}</view><slot/></view>'),
    "alipay": (
        '<view class="head">{{title}}</view>'
        '<view a:for="{{list}}" a:key="id" class="row {{item.done ? \'done\' : \'\'}}" '
        'data-id="{{item.id}}" onTap="onTap">'
        '<card title="{{item.name}}" extra="{{suffix}}"><text>{{index}}-{{item.done}}</text>'
        '<view slot="footer" slot-scope="s">{{s.label}}/{{title}}/{{item.id}}</view></card>'
        '</view>'
        '<view a:for="{{list}}" a:key="id"><text a:if="{{item.done}}">{{title}}</text></view>',
        '<view class="card"><text>{{props.title}}{{props.extra}}</text>'
        '<view a:for="{{[1, 2]}}" a:key="*this">{{props.title}}-{{item}}</view><slot/>'
        '<slot name="footer" label="{{props.title}}"/></view>'),
}
EXT = {"wechat": "wxml", "alipay": "axml"}


class _NoModules:
    def call_module(self, module_id, member, args):
        raise AssertionError(module_id)

    def module_member(self, module_id, member):
        raise AssertionError(module_id)


def _sources(dialect: str) -> dict[str, str]:
    page, card = PAGES[dialect]
    sink = DiagnosticSink()
    ts = compile_template_set({f"pages/index/index.{EXT[dialect]}": page,
                               f"{CARD}.{EXT[dialect]}": card}, dialect, sink)
    assert sink.items == []
    return ts.sources


def _page(dialect: str, sources: dict[str, str], data: dict[str, Any]) -> PageView:
    """A page view over its own TemplateSet (so its loop memos are its own)."""
    ts = TemplateSet.from_sources(sources)
    ctx, ext = _NoModules(), EXT[dialect]
    counter = itertools.count(1)
    card = ComponentDef(CARD, lambda d: ts.render(f"{CARD}.{ext}", d, ctx))
    return PageView("p1", lambda d: ts.render(f"pages/index/index.{ext}", d, ctx),
                    dialect=dialect, route="pages/index/index", using_components={"card": CARD},
                    components={CARD: card}, new_component_id=lambda: f"c{next(counter)}",
                    data=data)


def _shown(el: El) -> Any:
    """Everything a client shows for a node, including dataset and listened events."""
    if el.tag == "#text":
        return el.text
    return {"tag": el.tag, "attrs": el.attrs, "class": el.cls, "style": el.style,
            "id": el.dom_id, "dataset": el.dataset, "events": el.events,
            "children": [_shown(c) for c in el.children]}


def _screen(dom: DomModel) -> list[Any]:
    return [_shown(c) for c in dom.root.children]


def _mounted(dialect: str, sources: dict[str, str], data: dict[str, Any]) -> list[Any]:
    dom = DomModel()
    dom.apply(_page(dialect, sources, data).mount().patch)
    return _screen(dom)


_names = st.sampled_from(["x", "y", "", "long name"])
_item = st.builds(lambda i, n, d: {"id": i, "name": n, "done": d},
                  st.integers(0, 5), _names, st.booleans())
_op = st.one_of(
    st.builds(lambda i, v: ["set", f"list[{i}].name", v], st.integers(0, 3), _names),
    st.builds(lambda i, v: ["set", f"list[{i}].done", v], st.integers(0, 3), st.booleans()),
    st.builds(lambda i, v: ["set", f"list[{i}]", v], st.integers(0, 3), _item),
    st.builds(lambda s, c, items: ["splice", "list", s, c, items],
              st.integers(0, 4), st.integers(0, 2), st.lists(_item, max_size=2)),
    st.builds(lambda v: ["set", "title", v], _names),
    st.builds(lambda v: ["set", "suffix", v], _names),
    st.builds(lambda v: ["set", "list", v], st.lists(_item, max_size=4)),
)


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
@settings(max_examples=20, deadline=None)
@given(batches=st.lists(st.lists(_op, min_size=1, max_size=3), min_size=1, max_size=5))
def test_patched_screen_equals_a_fresh_mount(dialect: str, batches: list) -> None:
    sources = _sources(dialect)
    data = {"title": "T", "suffix": "!",
            "list": [{"id": i, "name": f"n{i}", "done": i % 2 == 0} for i in range(4)]}
    view, dom = _page(dialect, sources, data), DomModel()
    dom.apply(view.mount().patch)
    for ops in batches:
        up = view.apply("p1", ops)
        if up.patch is not None:
            dom.apply(up.patch)
        assert _screen(dom) == _mounted(dialect, sources, view.data)


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_one_changed_item_patches_only_that_item(dialect: str) -> None:
    sources = _sources(dialect)
    data = {"title": "T", "suffix": "!",
            "list": [{"id": i, "name": f"n{i}", "done": False} for i in range(50)]}
    view, dom = _page(dialect, sources, data), DomModel()
    dom.apply(view.mount().patch)
    up = view.apply("p1", [["set", "list[25].name", "changed"]])
    dom.apply(up.patch)
    # Only nodes inside the changed row (its card's texts, Alipay's slot label) change.
    row = dom.root.children[1 + 25]
    inside, stack = set(), [row]
    while stack:
        el = stack.pop()
        inside.add(el.id)
        stack.extend(el.children)
    assert up.patch["ops"] and all(op[0].startswith("set") and op[1] in inside
                                   for op in up.patch["ops"])
    assert [op for op in up.patch["ops"] if op[0] == "setText"][0][2] == "changed!"
    assert up.messages == [{"type": "componentProps", "compId": "c26",
                            "props": {"title": "changed"}}]
    assert _screen(dom) == _mounted(dialect, sources, view.data)
