"""Style issues real apps showed: vw/vh inside the simulator frame, component styles
leaking into pages that do not use the component."""

from __future__ import annotations

from pathlib import Path

import tinycss2
from fanxing.compiler.build import compile_app
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.styles import compile_stylesheet
from fanxing.testing import launch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realish"


def compile_css(source: str) -> str:
    sink = DiagnosticSink()
    css = compile_stylesheet("pages/a/a.wxss", source, loader={}.get, sink=sink)
    assert not sink.items, [d.format() for d in sink.items]
    return css


def test_vw_and_vh_become_device_variables_with_the_plain_unit_as_fallback() -> None:
    css = compile_css(".a { width: 100vw; height: calc(50vh - 10px); margin: -2.5vw 0 }")
    assert "calc(100 * var(--fx-vw, 1vw))" in css
    assert "calc(calc(50 * var(--fx-vh, 1vh)) - 10px)" in css
    assert "calc(-2.5 * var(--fx-vw, 1vw))" in css
    assert "100vw" not in css
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    assert [r.type for r in rules] == ["qualified-rule"]


def test_vw_in_a_media_query_stays_as_written() -> None:
    css = compile_css("@media (min-width: 50vw) { .a { width: 10vw } }")
    assert "(min-width: 50vw)" in css
    assert "calc(10 * var(--fx-vw, 1vw))" in css


def test_a_page_gets_only_the_styles_of_the_components_it_uses() -> None:
    # Dimina's behaviors demo component has `.wrapper>view, button {margin: 16rpx}`; its
    # tag selector pulled every button of the app off centre
    app = compile_app(FIXTURES / "wechat-basics")
    with launch(app, page="pages/other/other") as mp:
        assert "margin:7px" in mp.container.page_css("pages/other/other").replace(" ", "")
        assert "margin:7px" not in mp.container.page_css("pages/index/index").replace(" ", "")
    assert app.page_components("pages/other/other") == ["components/tagged/tagged"]
    assert app.page_components("pages/index/index") == []


def test_tag_selectors_of_fx_drawn_built_ins_match_both_names() -> None:
    css = compile_css("progress { width: 100% } .box > video.v, canvas::after { color: red }")
    assert ":is(progress, fx-progress){width:100%;}" in css.replace(" {", "{").replace("; ", ";")
    assert ".box>:is(video, fx-video).v" in css.replace(" > ", ">")
    assert ":is(canvas, fx-canvas)::after" in css
