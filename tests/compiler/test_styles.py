"""Conformance of the ACSS/WXSS compiler: rpx, @import, scoping, and errors with positions."""

from __future__ import annotations

import pytest
import tinycss2
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.styles import (
    compile_stylesheet,
    component_class_prefix,
    component_host_class,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RPX = "var(--fx-rpx)"


def compile_css(source: str, files: dict[str, str] | None = None, path: str = "pages/a/a.wxss",
                **scope) -> tuple[str, DiagnosticSink]:
    sink = DiagnosticSink()
    files = dict(files or {})
    css = compile_stylesheet(path, source, loader=files.get, sink=sink, **scope)
    return css, sink


def diags(sink: DiagnosticSink) -> list[str]:
    return [d.format() for d in sink.items]


# -- rpx ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("10rpx", f"calc(10 * {RPX})"),
    ("-2.5rpx", f"calc(-2.5 * {RPX})"),
    (".5rpx", f"calc(.5 * {RPX})"),
    ("0rpx", f"calc(0 * {RPX})"),
    ("20RPX", f"calc(20 * {RPX})"),
    ("1e2rpx", f"calc(1e2 * {RPX})"),
    ("10rpx 0 -4rpx auto", f"calc(10 * {RPX}) 0 calc(-4 * {RPX}) auto"),
    ("calc(100% - 20rpx)", f"calc(100% - calc(20 * {RPX}))"),
    ("translate(10rpx, -3rpx)", f"translate(calc(10 * {RPX}), calc(-3 * {RPX}))"),
    ("1rpx solid #eee", f"calc(1 * {RPX}) solid #eee"),
    ("10px", "10px"),
    ('url("a-10rpx.png")', 'url("a-10rpx.png")'),
    ('"10rpx"', '"10rpx"'),
])
def test_rpx_becomes_a_css_variable_multiple(value: str, expected: str) -> None:
    css, sink = compile_css(f".a{{margin:{value}}}")
    assert css == f".a{{margin:{expected};}}\n"
    assert not sink.items


def test_rpx_in_custom_property_keyframes_and_important() -> None:
    css, sink = compile_css(
        ".a{--gap: 8rpx; width: 750rpx !important}\n"
        "@keyframes k { from { left: 0rpx } 50% { left: 10rpx } }"
    )
    assert css == (f".a{{--gap:calc(8 * {RPX});width:calc(750 * {RPX})!important;}}\n"
                   f"@keyframes k{{from{{left:calc(0 * {RPX});}}50%{{left:calc(10 * {RPX});}}}}\n")
    assert not sink.items


def test_rpx_in_media_query_converts_at_design_width_with_warning() -> None:
    css, sink = compile_css("@media (min-width: 600rpx) { .a { width: 10rpx } }")
    assert css == f"@media (min-width: 300px){{\n.a{{width:calc(10 * {RPX});}}\n}}\n"
    assert diags(sink) == ["pages/a/a.wxss:1:20: warning: rpx in a media query is converted "
                           "at 2rpx = 1px (375px design width)"]


def test_output_is_valid_css_for_tinycss2() -> None:
    css, _ = compile_css(".a .b > .c:not(.d)::after{margin:1rpx 2rpx;color:red}@media screen"
                         "{page{padding:calc(10px + 3rpx)}}")
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True)
    assert [r.type for r in rules] == ["qualified-rule", "at-rule"]
    assert not any(t.type == "error" for r in rules for t in r.prelude)


# -- rules kept, comments dropped -------------------------------------------------------

def test_at_rules_and_comments() -> None:
    css, sink = compile_css(
        "/* head */ @charset \"utf-8\";\n"
        "@font-face { font-family: icon; src: url('i.ttf') /* inline */ }\n"
        "@supports (display: grid) { .g { display: grid } }\n"
        ".x { color: red; /* gone */ }\n"
    )
    assert css == (
        '@font-face{font-family:icon;src:url("i.ttf");}\n'
        "@supports (display: grid){\n.g{display:grid;}\n}\n"
        ".x{color:red;}\n"
    )
    assert not sink.items


def test_unknown_at_rule_is_kept_with_a_warning() -> None:
    css, sink = compile_css("@foo bar { a: b }")
    assert css == "@foo bar{a:b;}\n"
    assert diags(sink) == ["pages/a/a.wxss:1:1: warning: unknown at-rule @foo, kept as written"]


# -- page and scoping --------------------------------------------------------------------

def test_page_selector_becomes_page_class() -> None:
    css, _ = compile_css("page, page .a, .b page { color: red }")
    assert css == ".fx-page,.fx-page .a,.b .fx-page{color:red;}\n"


def test_component_classes_are_prefixed() -> None:
    prefix = component_class_prefix("components/card/card")
    css, sink = compile_css(
        ".title, .card > .title:hover, .a.b, #id .c, [data-x] .d, .e::before, :not(.f) {x:y}",
        path="components/card/card.wxss", class_prefix=prefix,
    )
    p = prefix
    assert css == (f".{p}title,.{p}card>.{p}title:hover,.{p}a.{p}b,#id .{p}c,[data-x] .{p}d,"
                   f".{p}e::before,:not(.{p}f){{x:y;}}\n")
    assert not sink.items


def test_alipay_native_state_classes_stay_unscoped() -> None:
    # mini-antui: .am-checkbox-value.a-checkbox-checked + .am-checkbox-synthetic::before
    p = component_class_prefix("es/am-checkbox/index")
    css, _ = compile_css(".v.a-checkbox-checked+.s, .v.a-radio-disabled, .a-checkbox-checkedx {x:y}",
                         path="es/am-checkbox/index.acss", class_prefix=p)
    assert css == f".{p}v.a-checkbox-checked+.{p}s,.{p}v.a-radio-disabled,.{p}a-checkbox-checkedx{{x:y;}}\n"


def test_host_selector() -> None:
    prefix = component_class_prefix("components/card/card")
    host = "." + component_host_class("components/card/card")
    css, sink = compile_css(":host { display: block } :host(.on) .x { color: red }",
                            path="components/card/card.wxss", class_prefix=prefix)
    assert css == f"{host}{{display:block;}}\n{host}.{prefix}on .{prefix}x{{color:red;}}\n"
    assert not sink.items
    css, _ = compile_css(":host{a:b}", class_prefix=prefix, root_selector="[data-host=c1]")
    assert css == "[data-host=c1]{a:b;}\n"


def test_tag_selector_in_component_warns_once_and_stays_global() -> None:
    css, sink = compile_css("view { a: b } text .x { c: d }", path="c/c.wxss",
                            class_prefix=component_class_prefix("c/c"))
    p = component_class_prefix("c/c")
    assert css == f"view{{a:b;}}\ntext .{p}x{{c:d;}}\n"
    assert len(sink.warnings) == 2  # once per rule
    assert sink.warnings[0].format().startswith("c/c.wxss:1:1: warning: tag selector 'view'")
    assert (sink.warnings[1].line, sink.warnings[1].col) == (1, 15)


def test_app_styles_have_no_prefix_and_no_tag_warning() -> None:
    css, sink = compile_css("view .a { color: red }", path="app.wxss")
    assert css == "view .a{color:red;}\n"
    assert not sink.items


def test_keyframes_and_nth_child_are_not_scoped() -> None:
    p = component_class_prefix("c/c")
    css, _ = compile_css("@keyframes spin{to{transform:rotate(1turn)}} .i:nth-child(2n+1){a:b}",
                         class_prefix=p)
    assert css == f"@keyframes spin{{to{{transform:rotate(1turn);}}}}\n.{p}i:nth-child(2n+1){{a:b;}}\n"


def test_class_prefix_is_stable_and_path_normalized() -> None:
    a = component_class_prefix("components/card/card")
    assert a == component_class_prefix("/components/card/card.wxss")
    assert a == component_class_prefix("components/card/card.acss")
    assert a != component_class_prefix("components/card/other")
    assert a.startswith("fx-c") and a.endswith("--") and len(a) == len("fx-c12345678--")
    assert component_host_class("components/card/card") == a[:-2]


# -- @import -----------------------------------------------------------------------------

def test_imports_relative_absolute_url_and_media() -> None:
    files = {
        "common/base.wxss": ".base{a:b}",
        "pages/a/part.wxss": ".part{c:d}",
        "styles/print.wxss": ".p{e:f}",
        "lib/x.wxss": ".x{g:h}",
    }
    css, sink = compile_css(
        '@import "/common/base.wxss";\n@import url(part.wxss);\n'
        '@import url("../../styles/print.wxss") print;\n@import "../../lib/x";\n.own{i:j}',
        files,
    )
    assert css == ".base{a:b;}\n.part{c:d;}\n@media print{\n.p{e:f;}\n}\n.x{g:h;}\n.own{i:j;}\n"
    assert not sink.items


def test_import_inlines_each_file_once_and_scopes_it() -> None:
    files = {"a.wxss": '@import "shared.wxss"; .a{x:y}', "shared.wxss": ".s{x:y}"}
    p = component_class_prefix("c/c")
    css, sink = compile_css('@import "/a.wxss"; @import "/shared.wxss"; .c{x:y}', files,
                            path="c/c.wxss", class_prefix=p)
    assert css == f".{p}s{{x:y;}}\n.{p}a{{x:y;}}\n.{p}c{{x:y;}}\n"
    assert not sink.items


def test_import_missing_cycle_and_outside_root() -> None:
    files = {"a.wxss": '.a{x:y}\n  @import "b.wxss";', "b.wxss": '@import "/a.wxss";'}
    css, sink = compile_css('@import "nope.wxss";\n@import "/a.wxss";\n@import "../../../x.wxss";',
                            files)
    assert css == ".a{x:y;}\n"
    assert diags(sink) == [
        'pages/a/a.wxss:1:1: error: @import "nope.wxss": file not found (pages/a/nope.wxss)',
        "b.wxss:1:1: error: @import cycle: a.wxss -> b.wxss -> a.wxss",
        'pages/a/a.wxss:3:1: error: @import "../../../x.wxss" points outside the app root',
    ]


def test_import_without_semicolon_is_accepted_with_warning() -> None:
    # WeChat accepts this; the official demo relies on it.
    css, sink = compile_css("@import '/base.wxss'\n\n.icon{a:b}", {"base.wxss": ".b{c:d}"})
    assert css == ".b{c:d;}\n.icon{a:b;}\n"
    assert diags(sink) == ["pages/a/a.wxss:3:1: warning: missing ';' after @import"]


def test_import_errors_inside_imported_file_name_that_file() -> None:
    css, sink = compile_css('@import "/x.wxss"; .ok{a:b}', {"x.wxss": "\n.bad{color red}"})
    assert css == ".bad{}\n.ok{a:b;}\n"
    assert diags(sink) == ["x.wxss:2:6: error: expected ':' after property 'color'"]


def test_import_not_at_top_level() -> None:
    css, sink = compile_css('@media print { @import "x.wxss"; .a{b:c} }', {"x.wxss": ""})
    assert css == "@media print{\n.a{b:c;}\n}\n"
    assert diags(sink) == ["pages/a/a.wxss:1:16: error: @import is only allowed at the top level"]


# -- errors with exact positions ----------------------------------------------------------

@pytest.mark.parametrize(("source", "css", "expected"), [
    ("a{color red; b:1}", "a{b:1;}\n", ["1:3: error: expected ':' after property 'color'"]),
    ("a{1px: 2}", "a{}\n", ["1:3: error: expected a property name, got number '1px'"]),
    (".a{\n  b: c", ".a{b:c;}\n", ["1:3: error: unclosed block '{': missing '}'"]),
    ("a{x:f(1,2}", "a{}\n", ["1:2: error: unclosed block '{': missing '}'",
                             "1:5: error: unclosed function '(': missing ')'",
                             "1:10: error: unmatched '}'"]),
    (".a{}\n.b{} }", ".a{}\n.b{}\n", ["2:6: error: unmatched '}'"]),
    ('.a{ b: "x\n}', ".a{}\n", ["1:8: error: unclosed string (newline inside quotes)"]),
    (".a{}/* x", ".a{}\n", ["1:5: error: unclosed comment: missing '*/'"]),
    ("..a{}", "", ["1:1: error: expected a class name after '.'"]),
    ("a > {}", "", ["1:3: error: selector cannot end with '>'"]),
    ("> a{}", "", ["1:1: error: selector cannot start with '>'"]),
    ("a > > b{}", "", ["1:5: error: unexpected combinator '>'"]),
    ("{x:y}", "", ["1:1: error: empty selector"]),
    ("a,,b{}", "", ["1:2: error: empty selector"]),
    (".1a{}", "", ["1:1: error: unexpected number '.1a' in selector"]),
    ("a:{}", "", ["1:2: error: expected a pseudo-class name after ':'"]),
    ("a 'x' {}", "", ["1:3: error: unexpected string in selector"]),
    ("#1{}", "", ["1:1: error: invalid id selector '#1'"]),
    ("x{background:url(a b)}", "x{}\n", ["1:14: error: invalid url()"]),
    (".a{} .b", ".a{}\n", ["1:6: error: expected '{' after the selector"]),
    ("@media screen", "", ["1:1: error: @media needs a '{…}' block"]),
    ("@media screen;", "", ["1:1: error: @media needs a '{…}' block"]),
    ("@namespace svg url(x);", "@namespace svg url(x);\n", []),
    ("@import;", "", ['1:1: error: @import needs a file name: @import "file.wxss";']),
    ("a{b{c:d}}", "a{}\n", ["1:3: error: nested rules are not supported in ACSS/WXSS"]),
    ("a{@media print{b:c}}", "a{}\n", ["1:3: error: @media is not allowed inside a rule's block"]),
    ("@keyframes k { 10% }", "@keyframes k{}\n",
     ["1:16: error: expected '{' after the keyframe selector"]),
    ("ok{a:b}\n.x..y{c:d}\nok2{e:f}", "ok{a:b;}\nok2{e:f;}\n",
     ["2:3: error: expected a class name after '.'"]),
])
def test_errors_are_reported_at_exact_positions(source: str, css: str, expected: list[str]) -> None:
    out, sink = compile_css(source, path="e.wxss")
    assert out == css
    assert diags(sink) == [f"e.wxss:{e}" for e in expected]


def test_columns_count_characters_not_bytes() -> None:
    _, sink = compile_css(".标题{color red}", path="e.wxss")
    assert diags(sink) == ["e.wxss:1:5: error: expected ':' after property 'color'"]


# -- robustness --------------------------------------------------------------------------

_CSS_PIECES = st.sampled_from([
    ".a", "#b", "page", "view", ":host", ":host(", "::after", ":not(", ">", "+", "~", ",", " ",
    "\n", "{", "}", "(", ")", "[", "]", ";", ":", "color", "red", "10rpx", "-1.5rpx", "calc(",
    "@import", "@media", "@keyframes", "@font-face", '"a.wxss"', "'x", "url(", "/*", "*/",
    "!important", "%", "50%", "\\", "&", "*", "|", "@", "--x", "var(", "\u00e9", "\0",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_CSS_PIECES, max_size=40), scoped=st.booleans())
def test_malformed_css_only_gives_diagnostics(pieces: list[str], scoped: bool) -> None:
    source = "".join(pieces)
    files = {"a.wxss": source, "pages/a/a.wxss": source}
    prefix = component_class_prefix("c/c") if scoped else ""
    css, sink = compile_css(source, files, class_prefix=prefix)
    assert isinstance(css, str)
    lines = source.replace("\r\n", "\n").split("\n")
    for d in sink.items:
        assert d.path in files
        assert 1 <= d.line <= len(lines) + 1
        assert d.col >= 1


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_text_only_gives_diagnostics(text: str) -> None:
    css, sink = compile_css(text)
    assert isinstance(css, str)
    assert all(d.line >= 1 and d.col >= 1 for d in sink.items)
