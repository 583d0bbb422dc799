"""App text never runs as host code: hostile names at every place template codegen
writes app text (issue 10, finding 1).

Each hostile name carries a Python payload after a line break or quote; if any of it
ran, ``builtins.FX_PWNED`` would be set. The names go through the compiler, the
generated module is exec'd and rendered, and the same again after a round trip through
the build folder's stored sources.
"""

from __future__ import annotations

import builtins
import string

import pytest
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.pysource import UnsafeSource, check_lines, comment, literal
from fanxing.compiler.templates import TemplateSet, compile_template_set
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from template_helpers import NO_MODULES, PREFIX

PAYLOAD = "setattr(__import__('builtins'), 'FX_PWNED', 1)"
#: What ends a comment or a literal in Python (or JS), or confuses a naive escaper.
BREAKERS = ["\n", "\r", "\r\n", "\x0c", "\x0b", "\x1c", "\x85", "\u2028", "\u2029", "\x00",
            "\t", "'", '"', "'''", '"""', "\\", "\\'", "#", "{", "}", "{{", "}}", ")", "]"]


def hostile_names() -> st.SearchStrategy[str]:
    """``<text><breaker><indent><payload><breaker><text>``: runs if pasted raw anywhere."""
    text = st.text(string.ascii_letters + "\u4e2d\U0001f600", max_size=3)
    brk = st.sampled_from(BREAKERS)
    indent = st.sampled_from(["", "    ", "        ", "\t"])
    return st.builds(lambda a, b, i, c, d: f"{a}{b}{i}{PAYLOAD}{c}{d}", text, brk, indent, brk,
                     text)


def _entities(text: str) -> str:
    """``text`` as an attribute value or text content the parser decodes back to ``text``."""
    return "".join(c if c.isalnum() and c.isascii() else f"&#{ord(c)};" for c in text)


def _js_string(text: str) -> str:
    """``text`` as a JS string literal body (every character escaped)."""
    return "".join(c if c.isalnum() and c.isascii() else
                   "".join(f"\\u{u:04x}" for u in _utf16(c)) for c in text)


def _utf16(c: str) -> list[int]:
    data = c.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def _attr_name(text: str) -> str:
    """``text`` reduced to what the template parser takes as an attribute name."""
    return "".join(c for c in text if not c.isspace() and c not in "=/>\"'<\x00") or "x"


def _template(h: str, dialect: str, other: str) -> str:
    """A page using ``h`` at every place codegen writes app text."""
    p, e, j, a = PREFIX[dialect], _entities(h), _js_string(h), _attr_name(h)
    bind = "onTap" if dialect == "alipay" else "bindtap"
    return (
        f'<import src="./{_entities(other)}"/>'
        f'<template name="{e}"><view class="{e}">{e}</view></template>'
        f'<template is="{e}" data="{{{{...{{k: \'{j}\'}}}}}}"/>'
        f'<view id="{e}" class="{e} {{{{c}}}}" style="{e}" {a}="{e}" data-{a}="{e}" '
        f'mark:{a}="{e}" {bind}="{e}" catch:{a}="{e}" slot="{e}" hidden="{e}">'
        f"{e}{{{{ '{j}' + x['{j}'] + `{j}${{c}}{j}` }}}}{{{{ {{'{j}': 1}}['{j}'] }}}}</view>"
        f'<view {p}for="{{{{list}}}}" {p}key="{e}">{{{{item["{j}"]}}}}</view>'
        f'<view {p}for="{{{{list}}}}" {p}key="*this">{e}</view>'
        f'<view {p}if="{e}">{e}</view>'
        f'<slot name="{e}"><text>{e}</text></slot>'
        f'<include src="./{_entities(other)}"/>'
    )


def _texts(nodes) -> list[str]:
    out: list[str] = []
    for n in nodes:
        if n.tag == "#text":
            out.append(n.text)
        out.extend(_texts(n.children))
    return out


def _compile(files: dict[str, str], dialect: str) -> tuple[TemplateSet, list[str]]:
    sink = DiagnosticSink()
    ts = compile_template_set(files, dialect, sink)  # type: ignore[arg-type]
    return ts, [d.format() for d in sink.items if d.severity == "error"]


@pytest.fixture(autouse=True)
def _no_payload_ran():
    yield
    assert not hasattr(builtins, "FX_PWNED"), "app text ran as host code"


def test_the_payload_would_be_noticed():
    """The detector works: exec'ing the payload sets the flag (then it is removed)."""
    exec(PAYLOAD, {})
    assert builtins.FX_PWNED == 1  # type: ignore[attr-defined]
    del builtins.FX_PWNED  # type: ignore[attr-defined]


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h=hostile_names(), other=hostile_names())
def test_hostile_names_compile_as_data(dialect, h, other):
    ext = ".axml" if dialect == "alipay" else ".wxml"
    other = other.replace("/", "_") + "_inc"  # "_" is not in names: never the page
    page = f"pages/{h}{ext}"
    files = {page: _template(h, dialect, other + ext),
             f"pages/{other}{ext}": f'<template name="{_entities(other)}"><text>t</text></template>'
                                     f"<view>{_entities(other)}</view>"}
    ts, errors = _compile(files, dialect)
    assert errors == [], errors  # the page really went through codegen
    data = {"c": h, "x": {h: h}, "list": [{h: 1}, 2]}
    for loaded in (ts, TemplateSet.from_sources(ts.sources)):
        nodes = loaded.render(page, data, NO_MODULES)
        found = _texts(nodes)
        assert h in found and h * 6 + "1" in found  # text, literals, data, `${}`, keys
        assert not hasattr(builtins, "FX_PWNED")
    for src in ts.sources.values():
        check_lines(src.split("\n"))


def test_texts_render_back_unchanged():
    h = "a\nb'c\"d\\e\u2028f"
    ts, errors = _compile({"p.wxml": f"<view>{_entities(h)}</view>"}, "wechat")
    assert errors == []
    assert ts.render("p.wxml", {}, NO_MODULES)[0].children[0].text == h


def test_literal_and_comment_quote_everything():
    for h in BREAKERS:
        assert check_lines([literal(h), comment(h)]) is None
        assert eval(literal(h)) == h  # noqa: S307 - our own literal
    with pytest.raises(TypeError):
        literal(float("inf"))
    with pytest.raises(TypeError):
        literal(type("S", (str,), {"__repr__": lambda s: "x"})("y"))
    with pytest.raises(UnsafeSource):
        check_lines(["# " + "a\rprint(1)"])
