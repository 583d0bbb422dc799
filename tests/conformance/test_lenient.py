"""Real Alipay code that Alipay's tools accept compiles here too, with a warning that
names file:line:col; what stays wrong is still an error.

No single documentation page states these; each case is what shipped code relies on:
mini-antui's grid (`list.some(item => …)` in {{ }}), ACSS with `// prop: value;` lines and
IE `*prop` hacks (a browser drops the declaration), `data="{{}}"` on a template call and a
stray quote in a start tag. Template syntax: https://opendocs.alipay.com/mini/framework/axml
"""

from __future__ import annotations

from fanxing.compiler.build import compile_app

from .kit import unit, write_app

PAGE = "pages/index/index"
TPL = """<template name="t"><view class="from-t">T</view></template>
<template is="t" data="{{}}"/>
<view class="has {{list.some(item => item.desc) ? 'yes' : 'no'}}" data-n="{{list.length /* n */}}">x</view>
<view class="q" ">y</view>
"""
ACSS = """.has {
  color: red;
  // margin: 0;
  *zoom: 1;
}
// .gone { color: blue; }
.q { color: green; }
"""


def warnings(app) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.col, d.message.split(":")[0].split(" (")[0])
            for d in app.diagnostics if d.severity == "warning"]


def test_accepted_with_located_warnings(tmp_path):
    root = write_app(tmp_path / "a", "alipay",
                     {PAGE: unit(TPL, "Page({ data: { list: [{}, { desc: 'd' }] } });",
                                 style=ACSS)})
    app = compile_app(root)
    assert app.ok, [str(d) for d in app.diagnostics]
    axml, acss = PAGE + ".axml", PAGE + ".acss"
    assert sorted(warnings(app)) == [
        (acss, 3, 3, "'//' starts no comment in CSS"),
        (acss, 4, 3, "'*zoom' is an old IE hack, no CSS property"),
        (acss, 6, 1, "'//' starts no comment in CSS"),
        (axml, 2, 26, 'empty data="{{}}" passes an empty object'),
        (axml, 3, 30, "arrow function inside {{ }}"),
        (axml, 3, 89, "comment inside {{ }} ignored"),
        (axml, 4, 17, "stray \" in start tag <view> ignored"),
    ]
    css = app.styles[PAGE]
    assert "color:red" in css and "zoom" not in css and "margin" not in css
    assert "gone" not in css and "color:green" in css


def test_the_lenient_page_renders(app):
    mp = app("alipay", {PAGE: unit(TPL, "Page({ data: { list: [{}, { desc: 'd' }] } });",
                                   style=ACSS)})
    assert mp.page.get(".from-t").text == "T"
    assert mp.page.get(".has").classes == ["has", "yes"]
    assert mp.page.get(".has").dataset == {"n": 2}
    assert mp.page.get(".q").text == "y"
    assert not mp.errors


def test_what_alipay_rejects_stays_an_error(tmp_path):
    tpl = ("<view>{{ list.map(x => {}) }}</view>\n<view class=\"a\" <b/>\n"
           "<view>{{ a = 1 }}</view>")
    root = write_app(tmp_path / "b", "alipay", {PAGE: unit(tpl, "Page({});",
                                                           style=".a { color: red; }\n.b { ; }")})
    app = compile_app(root)
    errors = [(d.line, d.message) for d in app.diagnostics if d.severity == "error"]
    assert [line for line, _ in errors] == [1, 2, 3]
    assert "expression body" in errors[0][1]
    assert "assignment" in errors[2][1]
