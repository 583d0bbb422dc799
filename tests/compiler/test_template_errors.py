"""Every template error is a diagnostic naming file:line:col, in both dialects."""

from __future__ import annotations

import pytest
from template_helpers import DIALECTS, PREFIX, compile_files, dialectize

both = pytest.mark.parametrize("dialect", DIALECTS)


def at(src, needle, dialect, nth=0):
    """``line:col`` of the ``nth`` occurrence of ``needle`` in the dialect's version of ``src``."""
    real = dialectize(src, dialect)
    i = -1
    for _ in range(nth + 1):
        i = real.index(dialectize(needle, dialect), i + 1)
    line = real.count("\n", 0, i) + 1
    return f"{line}:{i - real.rfind(chr(10), 0, i)}"


def diags_of(files, dialect, **kw):
    _, diags = compile_files(files, dialect, **kw)
    return diags


@both
def test_if_and_else_on_one_element(dialect):
    p = PREFIX[dialect]
    src = '<view>\n  <text @:if="{{a}}" @:else>x</text></view>'
    got = diags_of({"p.xml": src}, dialect)
    assert got == [dialectize("p.xml", dialect)
                   + f":{at(src, '@:else', dialect)}: error: {p}if and {p}else on the same element"]


@both
@pytest.mark.parametrize("directive", ["else", "elif"])
def test_else_or_elif_without_if(dialect, directive):
    p = PREFIX[dialect]
    value = "" if directive == "else" else '="{{b}}"'
    src = f'<view @:if="{{{{a}}}}"/>\n<text>t</text>\n  <view @:{directive}{value}/>'
    got = diags_of({"p.xml": src}, dialect)
    assert got == [dialectize("p.xml", dialect)
                   + f":3:9: error: {p}{directive} without a preceding {p}if"]


@both
def test_else_after_else_is_without_if(dialect):
    p = PREFIX[dialect]
    src = '<a @:if="{{x}}"/><b @:else/><c @:else/>'
    got = diags_of({"p.xml": src}, dialect)
    assert got == [dialectize("p.xml", dialect)
                   + f":{at(src, '@:else', dialect, 1)}: error: {p}else without a preceding {p}if"]


@both
@pytest.mark.parametrize(("src", "pos"), [
    ('<view class="x {{ a + }}"/>', "1:23"),
    ("<view>\n  ab {{ 1 +\n  * 2 }}</view>", "3:3"),
    ('<view @:if="{{ a..b }}"/>', None),
    ('<view @:for="{{ [1, }}"/>', None),
    ('<template is="x" data="{{ ...a, : }}"/>', None),
])
def test_bad_expression_points_into_the_expression(dialect, src, pos):
    real = dialectize(src, dialect)
    got = diags_of({"p.xml": src}, dialect)
    assert len(got) == 1 and "error: bad expression" in got[0], got
    path, line, col = got[0].split(":")[:3]
    assert path == dialectize("p.xml", dialect)
    if pos is not None:
        assert f"{line}:{col}" == pos
    # the column lies inside the {{ }} that holds the error
    offset = sum(len(x) + 1 for x in real.split("\n")[: int(line) - 1]) + int(col) - 1
    assert real.rfind("{{", 0, offset) > real.rfind("}}", 0, offset)


@both
def test_unknown_import_and_include_targets(dialect):
    src = '<import src="./nope.xml"/>\n<include src="/lib/missing"/>'
    got = diags_of({"pages/p.xml": src}, dialect)
    ext = dialectize(".xml", dialect)
    path = dialectize("pages/p.xml", dialect)
    assert got == [
        f"{path}:1:14: error: unknown import target './nope{ext}' (resolved to pages/nope{ext})",
        f"{path}:2:15: error: unknown include target '/lib/missing' (resolved to lib/missing{ext})",
    ]


@both
def test_import_cycle(dialect):
    files = {"a.xml": '<import src="b.xml"/>', "b.xml": '<view/>\n<import src="a.xml"/>'}
    got = diags_of(files, dialect)
    a, b = dialectize("a.xml", dialect), dialectize("b.xml", dialect)
    assert got == [f"{b}:2:14: error: import cycle: {a} → {b} → {a}"]


@both
def test_include_cycle_and_self_include(dialect):
    files = {"a.xml": '<include src="b.xml"/>', "b.xml": '<include src="c.xml"/>',
             "c.xml": '<include src="a.xml"/>', "s.xml": '<include src="s.xml"/>'}
    got = diags_of(files, dialect)
    a, b, c, s = (dialectize(f"{n}.xml", dialect) for n in "abcs")
    assert got == [f"{c}:1:15: error: include cycle: {a} → {b} → {c} → {a}",
                   f"{s}:1:15: error: include cycle: {s} → {s}"]


def test_unknown_module_files_when_the_file_list_is_known():
    got = diags_of({"p.xml": '<wxs module="m" src="./m.wxs"/>\n<wxs module="n" src="./n.wxs"/>'},
                   "wechat", root_files=["p.wxml", "m.wxs"])
    assert got == ["p.wxml:2:22: error: unknown module './n.wxs' (resolved to n.wxs)"]
    got = diags_of({"pages/p.xml": '<import-sjs name="m" from="../../x.sjs"/>'}, "alipay",
                   root_files=["pages/p.axml"])
    assert got == ["pages/p.axml:1:28: error: unknown module '../../x.sjs' (resolved to x.sjs)"]


@both
@pytest.mark.parametrize(("src", "message"), [
    ('<view @:for="{{xs}}" @:for-item="a b"/>', "{for-item}: error: {p}for-item must be an identifier"),
    ("<template/>", "1:1: error: <template> needs a name or an is attribute"),
    ("<include/>", "1:1: error: <include> needs a src attribute"),
    ('<view slot-scope="{{x}}"/>', "1:7: error: slot-scope must be an identifier"),
    ('<input model:value="{{a + 1}}"/>', "1:8: error: model:value must bind a data path"),
])
def test_other_directive_errors(dialect, src, message):
    got = diags_of({"p.xml": src}, dialect)
    if "{for-item}" in message:
        message = message.replace("{for-item}", at(src, "@:for-item", dialect))
    message = message.format(p=PREFIX[dialect])
    expected = dialectize("p.xml", dialect) + ":" + message
    assert len(got) == 1 and got[0].startswith(expected), got


@both
def test_every_error_of_a_file_is_reported_and_other_files_compile(dialect):
    files = {"a.xml": '<view @:if="{{ ) }}">{{ ( }}</view>\n<view @:else @:if="{{1}}"/>',
             "b.xml": "<view>fine</view>"}
    ts, got = compile_files(files, dialect)
    src = files["a.xml"]
    a = dialectize("a.xml", dialect)
    assert [d.split(": ")[0] for d in got] == [
        f"{a}:{at(src, ') }}', dialect)}", f"{a}:{at(src, '}}</view>', dialect)}",  # unexpected end of expression
        f"{a}:{at(src, '@:if', dialect, 1)}"]
    assert ts.failed(dialectize("a.xml", dialect)) and not ts.failed(dialectize("b.xml", dialect))


def test_unknown_directive_is_a_warning():
    got = diags_of({"p.xml": '<view wx:iff="{{a}}"/>'}, "wechat")
    assert got == ["p.wxml:1:7: warning: unknown directive wx:iff (did you mean 'wx:if'?)"]
