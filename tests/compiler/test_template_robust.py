"""Malformed templates only ever produce diagnostics: never an exception or a hang."""

from __future__ import annotations

import contextlib

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.jsvalue import JSError
from fanxing.compiler.templates import compile_template_set
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from template_helpers import NO_MODULES

FRAGMENTS = [
    "<view", "<text", "<block", "<slot", "<my-comp", "<template", "<import", "<include",
    "<wxs", "<import-sjs", "</view>", "</text>", "</block>", "</wxs>", "</template>",
    ">", "/>", " ", "\n", "=", '"', "'", "{{", "}}", "{", "}", "<", "&", "&amp;", "&#x41;",
    "<!--", "-->", "a:if", "a:elif", "a:else", "a:for", "a:key", "wx:if", "wx:elif",
    "wx:else", "wx:for", "wx:key", "wx:for-item", "a:for-index", "key", "slot", "slot-scope",
    "name", "is", "data", "src", "from", "module", "model:value", "data-x-y", "mark:m",
    "onTap", "bindtap", "catch:tap", "class", "style", "id", "item", "index", "x", "*this",
    "1", "+", "&&", "?", ":", "...", ",", "[", "]", "(", ")", ".", "a.b", "'s'",
    "b.xml", "./a.xml", "m.f(1)", "{x, y: z}",
]

templates = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=templates, b=templates, dialect=st.sampled_from(["alipay", "wechat"]))
def test_malformed_templates_give_diagnostics_only(a, b, dialect):
    ext = ".axml" if dialect == "alipay" else ".wxml"
    files = {"a" + ext: a.replace(".xml", ext), "b" + ext: b.replace(".xml", ext)}
    sink = DiagnosticSink()
    ts = compile_template_set(files, dialect, sink)
    for d in sink.items:
        assert d.path in files and d.line >= 1 and d.col >= 1 and d.message
    for path in files:
        if sink.errors and any(d.path == path for d in sink.errors):
            assert ts.render(path, {}, NO_MODULES) == []
            continue
        data = {"x": [1, {"a": 2}], "item": "s", "a": {"b": 3}}
        # a JS runtime error in a well-formed expression is the view layer's to show
        with contextlib.suppress(JSError):
            ts.render(path, data, NO_MODULES)


def test_pathological_nesting_and_floods_stay_bounded():
    cases = {
        "deep.wxml": "<view>" * 3000 + "</view>" * 3000,
        "ifs.wxml": '<view wx:if="{{1}}">' * 300 + "</view>" * 300,
        "fors.wxml": '<view wx:for="{{1}}">' * 25 + "</view>" * 25,
        "open.wxml": "<view>" * 5000,
        "braces.wxml": "{{" * 5000,
    }
    sink = DiagnosticSink()
    ts = compile_template_set(cases, "wechat", sink)
    by_file = {p: [d for d in sink.items if d.path == p] for p in cases}
    assert [d.message for d in by_file["deep.wxml"]] == ["elements nested deeper than 100 levels"]
    assert (by_file["deep.wxml"][0].line, by_file["deep.wxml"][0].col) == (1, 601)
    assert [d.message for d in by_file["fors.wxml"]] == ["template is nested too deeply to compile"]
    assert all(1 <= len(v) <= 101 for v in by_file.values())
    assert all(ts.render(p, {}, None) == [] for p in cases)
