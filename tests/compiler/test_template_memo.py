"""Loop memos: unchanged loop items reuse their nodes, and output never differs from a
fresh render (random setData sequences, both dialects)."""

from __future__ import annotations

from typing import Any

import pytest
from fanxing.compiler import template_runtime as rt
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.render_tree import Node
from fanxing.compiler.template_memo import loop_inputs
from fanxing.compiler.templates import TemplateSet, compile_template_set
from fanxing.runtime.view.data import apply_ops
from hypothesis import given, settings
from hypothesis import strategies as st
from template_helpers import DIALECTS, JsModules, compile_files, dialectize

# One page exercising what a loop body can read: the item, the index, outer data, outer
# loop variables, nested loops, includes, template calls, conditions and a module.
FILES = {
    "page.xml": """<import src="./row.xml"/>
<view class="head">{{title}}</view>
<view @:for="{{list}}" @:key="id" class="row {{item.done ? 'done' : ''}}" data-id="{{item.id}}">
  <text>{{index}}: {{item.name}}</text><text @:if="{{flag}}">{{suffix}}</text>
  <text>{{m.up(item.name || '')}}</text>
</view>
<view @:for="{{groups}}" @:for-item="g" @:for-index="gi" @:key="id">
  <block @:for="{{g.items}}" @:key="*this">
    <text>{{g.name}}/{{gi}}/{{item}}</text>
  </block>
  <template is="row" data="{{...g, title}}"/>
  <include src="./inc.xml"/>
</view>
<view @:for="{{list}}"><view @:for="{{list}}" @:for-item="x">{{item.id}}-{{x.id}}</view></view>
""",
    "row.xml": '<template name="row"><view>{{name}} {{title}} {{items.length}}</view></template>',
    "inc.xml": "<text>{{suffix}}{{g.id}}</text>",
}
MODULE = "module.exports = {up: function (s) { return String(s).toUpperCase(); }};"


def _with_module(dialect: str) -> dict[str, str]:
    tag = ('<wxs src="./m.wxs" module="m"/>' if dialect == "wechat"
           else '<import-sjs from="./m.sjs" name="m"/>')
    return {**FILES, "page.xml": tag + FILES["page.xml"]}


def _compile(dialect: str) -> tuple[TemplateSet, Any, str]:
    ts, diags = compile_files(_with_module(dialect), dialect)
    assert diags == []
    ext = "wxs" if dialect == "wechat" else "sjs"
    return ts, JsModules({f"m.{ext}": MODULE}), dialectize("page.xml", dialect)


def _data() -> dict[str, Any]:
    return {
        "title": "T", "flag": True, "suffix": "!",
        "list": [{"id": i, "name": f"n{i}", "done": i % 2 == 0} for i in range(4)],
        "groups": [{"id": g, "name": f"g{g}", "items": [f"a{g}", f"b{g}"]} for g in range(3)],
    }


def _json(nodes: list[Node]) -> list[dict[str, Any]]:
    return [n.to_json() for n in nodes]


def _fresh(ts: TemplateSet, path: str, data: dict[str, Any], ctx: Any) -> list[dict[str, Any]]:
    """A render with no memo at all: the same generated code loaded anew."""
    return _json(TemplateSet.from_sources(ts.sources).render(path, data, ctx))


# ---- random setData ops ----------------------------------------------------------------

_names = st.sampled_from(["x", "y", "n1", "", "Zz"])
_item = st.builds(lambda i, n, d: {"id": i, "name": n, "done": d},
                  st.integers(0, 6), _names, st.booleans())
_op = st.one_of(
    st.builds(lambda i, v: ["set", f"list[{i}].name", v], st.integers(0, 3), _names),
    st.builds(lambda i, v: ["set", f"list[{i}].done", v], st.integers(0, 3), st.booleans()),
    st.builds(lambda i, v: ["set", f"list[{i}]", v], st.integers(0, 3), _item),
    st.builds(lambda s, c, items: ["splice", "list", s, c, items],
              st.integers(0, 4), st.integers(0, 2), st.lists(_item, max_size=2)),
    st.builds(lambda v: ["set", "title", v], _names),
    st.builds(lambda v: ["set", "suffix", v], _names),
    st.builds(lambda v: ["set", "flag", v], st.booleans()),
    st.builds(lambda g, j, v: ["set", f"groups[{g}].items[{j}]", v],
              st.integers(0, 2), st.integers(0, 1), _names),
    st.builds(lambda g, v: ["set", f"groups[{g}].name", v], st.integers(0, 2), _names),
    st.builds(lambda v: ["set", "list", v], st.lists(_item, max_size=4)),
)


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=25, deadline=None)
@given(batches=st.lists(st.lists(_op, min_size=1, max_size=3), min_size=1, max_size=6))
def test_memoized_render_equals_fresh_render(dialect: str, batches: list) -> None:
    ts, ctx, path = _compile(dialect)
    data = _data()
    before = _json(ts.render(path, data, ctx))
    assert before == _fresh(ts, path, data, ctx)
    for ops in batches:
        old_tree = ts.render(path, data, ctx)
        old_json = _json(old_tree)
        data = apply_ops(data, ops)
        assert _json(ts.render(path, data, ctx)) == _fresh(ts, path, data, ctx)
        assert _json(old_tree) == old_json  # nodes shared with a later render never change


# ---- reuse really happens ------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_unchanged_items_reuse_nodes_and_changed_ones_do_not(dialect: str) -> None:
    ts, ctx, path = _compile(dialect)
    data = _data()
    first = ts.render(path, data, ctx)
    data = apply_ops(data, [["set", "list[2].name", "changed"]])
    second = ts.render(path, data, ctx)
    rows1 = [n for n in first if n.tag == "view" and n.dataset.get("id") is not None]
    rows2 = [n for n in second if n.tag == "view" and n.dataset.get("id") is not None]
    assert [a is b for a, b in zip(rows1, rows2, strict=True)] == [True, True, False, True]
    groups1 = [n for n in first if n.tag == "view" and n.key is not None and n not in rows1]
    groups2 = [n for n in second if n.tag == "view" and n.key is not None and n not in rows2]
    assert len(groups1) == 3 and all(a is b for a, b in zip(groups1, groups2, strict=True))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_outer_data_read_by_the_body_invalidates_every_item(dialect: str) -> None:
    ts, ctx, path = _compile(dialect)
    data = _data()
    first = ts.render(path, data, ctx)
    data = apply_ops(data, [["set", "suffix", "?"]])
    second = ts.render(path, data, ctx)
    rows = [(a, b) for a, b in zip(first, second, strict=True)
            if a.tag == "view" and a.dataset.get("id") is not None]
    assert rows and all(a is not b for a, b in rows)
    assert "?" in str(_json(second)) and _json(second) == _fresh(ts, path, data, ctx)


def test_keys_set_on_shared_nodes_copy_them() -> None:
    shared = Node("view", key="a")
    nodes = [shared]
    rt.set_keys(nodes, 0, "b")
    assert shared.key == "a" and nodes[0].key == "b" and nodes[0] is not shared
    rt.set_keys(nodes, 0, "b")
    assert nodes[0].key == "b"


# ---- the body analysis ------------------------------------------------------------------


def test_loop_inputs_finds_data_names_outer_variables_and_index() -> None:
    body = ["    _c1 = []",
            "    _c1.append(_N('#text', {}, [], _js.render_text(_js.get(_d, 'title'))"
            " + _js.render_text(_js.get(_l_g, 'name')) + _js.render_text(_l_index)))",
            "    _o.append(_N('view', {}, _c1))"]
    assert loop_inputs(body, "_o", "_l_item", "_l_index", {"_l_g", "_l_other"}) == (
        ["title"], ["_l_g"], True)


@pytest.mark.parametrize("line", [
    "_o.append(_N('view', {}, [], str(_d)))",        # the data dict itself
    "_o.append(_N('view', {}, [], _js.get(_d, k)))",  # a computed data name
    "_o.append(_N('view', {}, [], _mystery))",       # a name the generator never emits
])
def test_loop_inputs_refuses_bodies_it_cannot_see_through(line: str) -> None:
    assert loop_inputs([line], "_o", "_l_item", "_l_index", set()) is None


def test_same_value_is_identity_or_equal_primitive_of_one_type() -> None:
    d = {"a": 1}
    assert rt.same_value(d, d) and not rt.same_value(d, {"a": 1})
    assert rt.same_value("x", "".join(["x"])) and not rt.same_value(1, 1.0)
    assert not rt.same_value(1, True) and not rt.same_value(0.0, -0.0)
    assert not rt.same_value(float("nan"), float("nan"))


def test_every_level_of_a_deep_loop_nest_is_memoized() -> None:
    """Reads are summed level by level (linear codegen); each loop still gets its memo
    and the innermost one lists every outer variable it reads."""
    depth = 15
    opens = "".join(f'<view wx:for="{{{{l{i}}}}}" wx:for-item="i{i}">' for i in range(depth))
    reads = "".join(f"{{{{i{i}.v}}}}" for i in range(depth))
    sink = DiagnosticSink()
    ts = compile_template_set({"p.wxml": opens + reads + "</view>" * depth}, "wechat", sink)
    src = ts.sources["p.wxml"]
    assert sink.items == [] and src.count("_rt.LoopMemo()") == depth
    memo_inputs = [line for line in src.splitlines() if line.strip().startswith("_f")]
    inner = max(memo_inputs, key=lambda line: line.count("_l_i"))
    assert all(f"_l_i{i}," in inner for i in range(depth - 1))
    data = {f"l{i}": [{"v": i}] for i in range(depth)}
    assert [n.to_json() for n in ts.render("p.wxml", data, None)] != []
