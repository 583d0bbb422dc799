"""The template tokenizer: what it keeps, and exact positions of what it reports."""

from __future__ import annotations

import pytest
from fanxing.compiler.template_parser import (
    Element,
    LineMap,
    Mustache,
    Text,
    decode_entities,
    parse_template,
)
from template_helpers import DIALECTS, compile_files


def only(src: str) -> Element:
    doc = parse_template(src)
    assert doc.errors == []
    (el,) = doc.children
    assert isinstance(el, Element)
    return el


def test_attribute_case_and_valueless_attributes_are_kept():
    el = only('<view onTap="go" catchTap="stop" disabled data-X="1"/>')
    assert [a.name for a in el.attrs] == ["onTap", "catchTap", "disabled", "data-X"]
    assert el.attr("disabled").value is None
    assert el.attr("onTap").value.parts == ["go"]


def test_raw_lt_gt_and_ampersands_inside_mustaches():
    src = '<view hidden="{{a < b && c > d}}">{{ x<y && y>z }} &amp; {{"</view>"}}</view>'
    el = only(src)
    cond = el.attr("hidden").value.single
    assert cond.src == "a < b && c > d"
    assert src[cond.offset:cond.offset + len(cond.src)] == cond.src
    (text,) = el.children
    assert isinstance(text, Text)
    parts = text.value.parts
    assert parts[0] == Mustache(" x<y && y>z ", src.index(" x<y"))
    assert parts[1] == " & "
    assert parts[2].src == '"</view>"'


def test_entities_decode_in_text_and_attributes_but_not_in_mustaches():
    src = '<text title="a&lt;b &#65;&#x42;">&nbsp;x&copy;&unknown; {{"&lt;"}}</text>'
    el = only(src)
    assert el.attr("title").value.parts == ["a<b AB"]
    at = src.index('"&lt;"')
    assert el.children[0].value.parts == ["\xa0x©&unknown; ", Mustache('"&lt;"', at)]
    assert decode_entities("&#xZZ; & &amp;") == "&#xZZ; & &"


def test_self_closing_custom_tags_comments_and_unquoted_values():
    doc = parse_template('<!-- a <b> -->\n<my-card title={{t}} size=3/><x-y/>\n<?xml x?>')
    assert doc.errors == []
    tags = [c.tag for c in doc.children]
    assert tags == ["my-card", "x-y"]
    card = doc.children[0]
    assert card.attr("title").value.single.src == "t"
    assert card.attr("size").value.parts == ["3"]


def test_inline_script_bodies_are_raw():
    body = "var f = function(a) { return a < 2 && a > 0 ? '<b>' : '&amp;'; };\nmodule.exports = f;"
    src = f'<wxs module="m">{body}</wxs><import-sjs name="s">{body}</import-sjs>'
    doc = parse_template(src)
    assert doc.errors == []
    assert [c.raw for c in doc.children] == [body, body]
    assert src[doc.children[0].raw_offset:].startswith(body)


def test_braces_and_strings_inside_mustaches_find_the_right_end():
    el = only("<template is=\"x\" data=\"{{ {a: '}}'} }}\"/>")
    assert el.attr("data").value.single.src == " {a: '}}'} "


def test_line_map():
    lm = LineMap("ab\ncd\n\nef")
    assert [lm.line_col(i) for i in (0, 2, 3, 6, 7)] == [(1, 1), (1, 3), (2, 1), (3, 1), (4, 1)]


ERRORS = [
    ("<view>\n  <text>hi\n</view>",
     "3:1: error: mismatched closing tag </view>: <text> opened at 2:3 is still open"),
    ("<view>\n  <text>hi</text>", "1:1: error: unclosed tag <view>"),
    ("<view></view>\n</text>", "2:1: error: unexpected closing tag </text>"),
    ('<view class="a>\n', "1:13: error: unterminated attribute value for 'class'"),
    ("<view>\n<!-- never closed", "2:1: error: unclosed comment"),
    ("<view>{{ a </view>", "1:7: error: unterminated '{{'"),
    ('<view a="1" a="2"/>', "1:13: warning: duplicate attribute 'a'; the last one wins"),
    ("<view>\n  <wxs module=\"m\">var a;\n</view>", "2:3: error: unclosed tag <wxs>"),
    ("<view\n  <text/>", "2:3: error: unexpected '<' in start tag <view>"),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("src", "expected"), ERRORS)
def test_markup_errors_are_reported_with_exact_positions(dialect, src, expected):
    path = "pages/a/a.xml"
    _, diags = compile_files({path: src}, dialect)
    real = path.replace(".xml", ".axml" if dialect == "alipay" else ".wxml")
    assert any(d.startswith(f"{real}:{expected}") for d in diags), diags
