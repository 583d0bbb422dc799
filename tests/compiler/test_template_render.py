"""Directives of both dialects, checked on the render trees they produce."""

from __future__ import annotations

import pytest
from fanxing.compiler.templates import TemplateSet
from template_helpers import DIALECTS, JsModules, compile_files, dialectize, render, texts

both = pytest.mark.parametrize("dialect", DIALECTS)


def tags(tree):
    return [n["tag"] for n in tree]


# -- conditionals ---------------------------------------------------------------------------

IF_CHAIN = """
<view @:if="{{n > 2 && n < 10}}">big</view>
<view @:elif="{{n === 1}}">one</view>
<view @:else>other</view>
<text>after</text>
"""


@both
@pytest.mark.parametrize(("n", "expected"), [(5, "bigafter"), (1, "oneafter"), (0, "otherafter")])
def test_if_elif_else(dialect, n, expected):
    assert texts(render({"p.xml": IF_CHAIN}, dialect, {"n": n})) == expected


@both
def test_if_uses_js_truthiness(dialect):
    src = '<view @:if="{{v}}">y</view><view @:else>n</view>'
    got = [texts(render({"p.xml": src}, dialect, {"v": v})) for v in ([], {}, "", 0, "0", None)]
    assert got == ["y", "y", "n", "n", "y", "n"]


@both
def test_if_with_a_plain_string_is_true_as_on_the_platforms(dialect):
    assert texts(render({"p.xml": '<view @:if="false">shown</view>'}, dialect)) == "shown"


# -- loops ----------------------------------------------------------------------------------


@both
def test_for_over_array_with_default_names(dialect):
    src = '<view @:for="{{list}}">{{index}}={{item.n}};</view>'
    assert texts(render({"p.xml": src}, dialect, {"list": [{"n": "a"}, {"n": "b"}]})) == "0=a;1=b;"


@pytest.mark.parametrize(("value", "expected"), [
    ({"x": 1, "y": 2}, "x:1,y:2,"),
    ("ab", "0:a,1:b,"),
    (3, "0:0,1:1,2:2,"),
    (None, ""),
    (True, ""),
])
@both
def test_for_over_objects_strings_and_numbers(dialect, value, expected):
    src = '<block @:for="{{v}}" @:for-item="it" @:for-index="k">{{k}}:{{it}},</block>'
    assert texts(render({"p.xml": src}, dialect, {"v": value})) == expected


@both
def test_for_over_a_plain_string_iterates_its_characters(dialect):
    assert texts(render({"p.xml": '<text @:for="abc">{{item}}</text>'}, dialect)) == "abc"


@both
def test_keys_by_property_this_and_expression(dialect):
    data = {"list": [{"id": "a"}, {"id": "b"}], "nums": [3, 4]}
    src = """<view @:for="{{list}}" @:key="id"/><view @:for="{{nums}}" @:key="*this"/>
             <block @:for="{{list}}" @:key="{{item.id + '!'}}"><text/><text/></block>"""
    tree = render({"p.xml": src}, dialect, data)
    assert [n.get("key") for n in tree] == ["a", "b", 3, 4, "a!", "a!", "b!", "b!"]


def test_alipay_key_attribute_on_a_loop_and_on_a_plain_element():
    src = '<view a:for="{{list}}" key="{{item.id}}"/><view key="solo"/>'
    tree = render({"p.xml": src}, "alipay", {"list": [{"id": 7}, {"id": 8}]})
    assert [n.get("key") for n in tree] == [7, 8, "solo"]


def test_wechat_for_items():
    src = '<view wx:for-items="{{xs}}">{{item}}</view>'
    assert texts(render({"p.xml": src}, "wechat", {"xs": [1, 2]})) == "12"


@both
def test_nested_loops_with_the_same_names_restore_the_outer_item(dialect):
    src = """<view @:for="{{rows}}"><text @:for="{{item.cells}}">{{item}}</text>|{{item.name}}|{{index}};</view>"""
    data = {"rows": [{"name": "r0", "cells": ["a", "b"]}, {"name": "r1", "cells": ["c"]}]}
    assert texts(render({"p.xml": src}, dialect, data)) == "ab|r0|0;c|r1|1;"


@both
def test_for_and_if_on_one_element_filter_per_item(dialect):
    src = '<view @:for="{{xs}}" @:if="{{item % 2}}">{{item}}</view>'
    assert texts(render({"p.xml": src}, dialect, {"xs": [1, 2, 3, 4, 5]})) == "135"


@both
def test_block_renders_only_its_children(dialect):
    tree = render({"p.xml": '<block @:if="{{1}}"><view/><text/></block>'}, dialect)
    assert tags(tree) == ["view", "text"]


# -- attributes -----------------------------------------------------------------------------


@both
def test_class_style_id_dataset_and_value_types(dialect):
    src = ('<view id="n{{i}}" class="a {{c}}" style="color: {{col}};" data-user-id="{{i}}" '
           'data-Name="x" list="{{xs}}" label="n={{i}}" disabled slot="head"/>')
    (n,) = render({"p.xml": src}, dialect, {"i": 2, "c": "b", "col": "red", "xs": [1, 2]})
    assert n["id"] == "n2" and n["cls"] == "a b" and n["style"] == "color: red;"
    assert n["dataset"] == {"userId": 2, "name": "x"}
    assert n["attrs"] == {"list": [1, 2], "label": "n=2", "disabled": True}
    assert n["slot"] == "head"


@both
def test_marks(dialect):
    (n,) = render({"p.xml": '<view mark:kind="row" mark:idx="{{3}}"/>'}, dialect)
    assert n["marks"] == {"kind": "row", "idx": 3}


def test_wechat_model_binding():
    (n,) = render({"p.xml": '<input model:value="{{form.name}}"/>'}, "wechat",
                  {"form": {"name": "Li"}})
    assert n["attrs"] == {"value": "Li"} and n["model"] == {"value": "form.name"}


@both
def test_undefined_and_null_render_as_empty_text(dialect):
    assert texts(render({"p.xml": "<text>[{{missing}}|{{nil}}|{{0}}]</text>"}, dialect,
                        {"nil": None})) == "[||0]"


@both
def test_source_positions(dialect):
    tree = render({"pages/p.xml": "<view>\n  <text>x</text></view>"}, dialect)
    path = dialectize("pages/p.xml", dialect)
    assert tree[0]["children"][0] and tree[0]["tag"] == "view"
    ts, _ = compile_files({"pages/p.xml": "<view>\n  <text>x</text></view>"}, dialect)
    (view,) = ts.render(path, {}, None)
    assert view.source == (path, 1, 1) and view.children[0].source == (path, 2, 3)


# -- templates, import, include -------------------------------------------------------------


@both
def test_template_definition_and_call_with_spread_data(dialect):
    src = """<template name="card"><view>{{title}}-{{n}}-{{outer}}</view></template>
             <template is="card" data="{{...item, n: 5}}"/>"""
    tree = render({"p.xml": src}, dialect, {"item": {"title": "T"}, "outer": "hidden"})
    assert texts(tree) == "T-5-"  # a template sees only its data


@both
def test_dynamic_template_name_and_unknown_names(dialect):
    src = """<template name="a"><text>A{{v}}</text></template><template name="b"><text>B</text></template>
             <template @:for="{{names}}" is="{{item}}" data="{{v: index}}"/>"""
    assert texts(render({"p.xml": src}, dialect, {"names": ["a", "zzz", "b", "a"]})) == "A0BA3"


@both
def test_import_is_not_transitive(dialect):
    files = {
        "p.xml": '<import src="b.xml"/><template is="fromB"/><template is="fromC"/>',
        "b.xml": '<import src="c.xml"/><template name="fromB"><text>b</text></template>',
        "c.xml": '<template name="fromC"><text>c</text></template>',
    }
    assert texts(render(files, dialect)) == "b"


@both
def test_local_template_wins_over_imported(dialect):
    files = {
        "p.xml": '<import src="/lib/t.xml"/><template name="x"><text>local</text></template>'
                 '<template is="x"/>',
        "lib/t.xml": '<template name="x"><text>imported</text></template>',
    }
    assert texts(render(files, dialect)) == "local"


@both
def test_include_inlines_body_without_templates_and_sees_loop_variables(dialect):
    files = {
        "pages/p.xml": '<view @:for="{{xs}}"><include src="../parts/row"/></view>'
                       '<template is="onlyThere"/>',
        "parts/row.xml": '<template name="onlyThere"><text>T</text></template>'
                         '<text>{{item}}</text>',
    }
    tree = render(files, dialect, {"xs": ["a", "b"]})
    assert texts(tree).startswith("ab")
    assert tree[0]["children"][0]["tag"] == "text"


@both
def test_template_recursion(dialect):
    src = """<template name="tree"><text>{{name}}(</text>
             <template @:for="{{kids}}" is="tree" data="{{...item}}"/><text>)</text></template>
             <template is="tree" data="{{...root}}"/>"""
    root = {"name": "a", "kids": [{"name": "b", "kids": []}, {"name": "c"}]}
    assert texts(render({"p.xml": src}, dialect, {"root": root})) == "a(b()c())"


# -- slots ----------------------------------------------------------------------------------


@both
def test_slots_default_named_and_fallback(dialect):
    src = '<view><slot/><slot name="foot" item="{{x}}"><text>fallback</text></slot></view>'
    (view,) = render({"c.xml": src}, dialect, {"x": 1})
    s1, s2 = view["children"]
    assert s1 == {"tag": "slot", "attrs": {"name": ""}}
    assert s2["attrs"] == {"name": "foot", "item": 1} and texts(s2["children"]) == "fallback"


def test_alipay_slot_scope_renders_later_with_slot_values():
    ts, diags = compile_files({"p.xml": '<card><view slot="row" slot-scope="props" '
                                        'a:for="{{props.items}}">{{props.label}}{{item}}'
                                        '{{outer}}</view></card>'}, "alipay")
    assert diags == []
    (card,) = ts.render("p.axml", {"outer": "!"}, None)
    (scoped,) = card.children
    assert scoped.tag == "#scoped-slot" and scoped.slot == "row" and scoped.attrs["as"] == "props"
    assert scoped.to_json() == {"tag": "#scoped-slot", "slot": "row", "attrs": {"as": "props"}}
    nodes = scoped.attrs["render"]({"items": [1, 2], "label": "L"})
    assert [n.tag for n in nodes] == ["view", "view"]
    assert [n.children[0].text for n in nodes] == ["L1!", "L2!"]
    assert all(n.slot == "row" for n in nodes)


def test_scoped_slot_inside_a_loop_keeps_each_item():
    ts, _ = compile_files({"p.xml": '<card a:for="{{xs}}"><text slot-scope="s">{{item}}'
                                    '{{s.v}}</text></card>'}, "alipay")
    cards = ts.render("p.axml", {"xs": ["a", "b"]}, None)
    out = [c.children[0].attrs["render"]({"v": 1})[0].children[0].text for c in cards]
    assert out == ["a1", "b1"]


# -- WXS / SJS modules ----------------------------------------------------------------------


@both
def test_inline_and_file_modules(dialect):
    if dialect == "wechat":
        src = ('<wxs module="m">module.exports = {twice: function(x) { return x * 2; }, '
               'tag: "T"};</wxs><wxs module="u" src="../utils/u.wxs"/>'
               '<text>{{m.twice(n)}}{{m.tag}}{{u.up("a")}}</text>')
    else:
        src = ('<import-sjs name="m">export default {twice: function(x) { return x * 2; }, '
               'tag: "T"};</import-sjs><import-sjs name="u" from="../utils/u.sjs"/>'
               '<text>{{m.twice(n)}}{{m.tag}}{{u.up("a")}}</text>')
    ext = ".wxs" if dialect == "wechat" else ".sjs"
    ts, diags = compile_files({"pages/p.xml": src}, dialect)
    assert diags == []
    path = dialectize("pages/p.xml", dialect)
    assert ts.modules_for(path) == {"m": f"{path}#m", "u": f"utils/u{ext}"}
    assert list(ts.inline_modules) == [f"{path}#m"]
    ctx = JsModules({**ts.inline_modules,
                     f"utils/u{ext}": "module.exports = {up: function(s) { return s.toUpperCase(); }};"})
    assert texts([n.to_json() for n in ts.render(path, {"n": 21}, ctx)]) == "42TA"


def test_alipay_named_sjs_imports():
    src = ('<import-sjs from="./h.sjs" name="{ a, b: c }"/>'
           '<text>{{c()}}:{{a}}</text>')
    ts, diags = compile_files({"p.xml": src}, "alipay", root_files=["p.axml", "h.sjs"])
    assert diags == []
    assert ts.modules_for("p.axml") == {"a": "h.sjs", "c": "h.sjs"}
    ctx = JsModules({"h.sjs": "module.exports = {a: 1, b: function() { return 2; }};"})
    assert texts([n.to_json() for n in ts.render("p.axml", {}, ctx)]) == "2:1"


# -- build round trip and failure isolation -------------------------------------------------


@both
def test_from_sources_round_trip(dialect):
    files = {"p.xml": '<import src="t.xml"/><template is="t" data="{{v}}"/>',
             "t.xml": '<template name="t"><text>{{v}}</text></template>'}
    ts, _ = compile_files(files, dialect)
    path = dialectize("p.xml", dialect)
    for again in (TemplateSet.from_sources(ts.sources),
                  TemplateSet.from_sources(ts.sources, ts.to_meta())):
        assert again.dialect == dialect
        assert texts([n.to_json() for n in again.render(path, {"v": 9}, None)]) == "9"


@both
def test_a_broken_file_renders_nothing_and_others_still_work(dialect):
    files = {"bad.xml": "<view>{{ 1 + }}</view>", "good.xml": '<include src="bad.xml"/>ok',
             "imp.xml": '<import src="bad.xml"/><template is="x"/>fine'}
    ts, diags = compile_files(files, dialect)
    assert len(diags) == 1 and "bad" in diags[0]
    assert ts.render(dialectize("bad.xml", dialect), {}, None) == []
    assert texts([n.to_json() for n in ts.render(dialectize("good.xml", dialect), {}, None)]) == "ok"
    assert texts([n.to_json() for n in ts.render(dialectize("imp.xml", dialect), {}, None)]) == "fine"


def test_alipay_style_object_forms_and_wechat_rejects_the_braceless_one() -> None:
    src = ('<view style="{{ fontSize: size, marginTop: gap ? gap : null, }}"/>'
           '<view style="{{ {MozBoxFlex: 1} }}"/><view style="top: {{t}}; {{ {left: t} }}"/>')
    tree = render({"a.xml": src}, "alipay", {"size": "12px", "gap": 0, "t": "1px"})
    assert [n.get("style") for n in tree] == [
        "font-size: 12px;", "-moz-box-flex: 1;", "top: 1px; left: 1px;"]
    _, diags = compile_files({"a.xml": '<view style="{{ color: c }}"/>'}, "wechat")
    assert len(diags) == 1 and "unexpected ':'" in diags[0]
    _, diags = compile_files({"a.xml": '<view style="{{ color: }}"/>'}, "alipay")
    assert len(diags) == 1 and "bad expression" in diags[0]
