"""Less and Sass/SCSS compiled before the style step (compiler/style_preprocess.py) with the
reference engines under Node: imports, variables, mixins, nesting, errors at the source,
imports kept inside the project, incremental rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanxing.compiler.build import compile_app
from fanxing.compiler.build_cache import BuildCache

LESS_APP = {
    "project.config.json": '{"setting": {"useCompilerPlugins": ["less", "sass"]}}',
    "app.json": '{"pages": ["pages/index/index", "pages/other/other"]}',
    "app.js": "App({});",
    "styles/vars.less": "@brand: #1677ff;\n@gap: 24rpx;\n.card() { border-radius: 8rpx; }\n",
    "pages/index/index.wxml": "<view class='box'><text class='title'>t</text></view>",
    "pages/index/index.js": "Page({});",
    "pages/index/index.less": (
        "@import '../../styles/vars.less';\n"
        ".box {\n  .card();\n  padding: @gap * 2;\n  .title { color: darken(@brand, 10%); }\n"
        "  &:active { opacity: .5; }\n}\n"),
    "pages/other/other.wxml": "<view class='o'>o</view>",
    "pages/other/other.js": "Page({});",
    "pages/other/other.wxss": ".plain { color: red; }",
    "pages/other/other.scss": (
        "@use 'sass:math';\n$w: 750rpx;\n.o {\n  width: math.div($w, 3);\n"
        "  .inner { margin: 0 auto; }\n}\n"),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_less_and_scss_become_the_pages_styles(tmp_path: Path) -> None:
    _write(tmp_path, LESS_APP)
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    css = app.styles["pages/index/index"]
    flat = css.replace(" ", "")
    assert "border-radius:calc(8*var(--fx-rpx))" in flat  # mixin from the import
    assert "padding:calc(48*var(--fx-rpx))" in flat  # variable arithmetic on rpx
    assert "--box .fx-" in css and "color:#005ee2" in flat  # nesting, darken()
    assert "--box:active" in css
    other = app.styles["pages/other/other"].replace(" ", "")
    # the .wxss and its .scss twin, as the tools' plugin outputs them
    assert "--plain{color:red;}" in other
    assert "width:calc(250*var(--fx-rpx))" in other
    assert "--o .fx-" in app.styles["pages/other/other"]


def test_errors_name_the_less_file_line_and_column(tmp_path: Path) -> None:
    _write(tmp_path, LESS_APP)
    (tmp_path / "styles/vars.less").write_text("@brand: #1677ff;\n.card() { color: red; }}\n")
    (tmp_path / "pages/other/other.scss").write_text(".o {\n  width: $missing;\n}\n")
    app = compile_app(tmp_path)
    errors = {d.path: d for d in app.diagnostics if d.severity == "error"}
    less, scss = errors["styles/vars.less"], errors["pages/other/other.scss"]
    assert (less.line, less.col) == (2, 24) and "Unrecognised input" in less.message
    assert (scss.line, scss.col) == (2, 10) and "Undefined variable" in scss.message
    # the page whose stylesheet failed still has the rest of its styles
    assert "--plain" in app.styles["pages/other/other"]


def test_imports_stay_inside_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "secret.less"
    outside.write_text(".leak { content: 'secret'; }")
    app_dir = tmp_path / "app"
    _write(app_dir, LESS_APP)
    (app_dir / "pages/index/index.less").write_text(
        "@import '../../../secret.less';\n.box { color: red; }\n")
    (app_dir / "pages/other/other.scss").write_text("@import 'http://example.invalid/x';\n")
    app = compile_app(app_dir)
    messages = [d.format() for d in app.diagnostics if d.severity == "error"]
    assert any("pages/index/index.less" in m and "outside the project" in m for m in messages)
    assert "secret" not in app.styles.get("pages/index/index", "")
    # data-uri() reads files too: one outside the project is not embedded
    (app_dir / "pages/index/index.less").write_text(
        ".box { background: data-uri('../../../secret.less'); }\n")
    app = compile_app(app_dir)
    assert "leak" not in app.styles["pages/index/index"]
    assert "base64" not in app.styles["pages/index/index"]


def test_an_edited_less_import_recompiles_only_its_importers(tmp_path: Path) -> None:
    _write(tmp_path, LESS_APP)
    cache = BuildCache()
    compile_app(tmp_path, cache=cache)
    assert sorted(cache.last.styles_preprocessed) == [
        "pages/index/index.less", "pages/other/other.scss"]
    compile_app(tmp_path, cache=cache)
    assert cache.last.styles_preprocessed == []
    (tmp_path / "styles/vars.less").write_text("@brand: #000;\n@gap: 1rpx;\n.card() {}\n")
    app = compile_app(tmp_path, cache=cache)
    assert cache.last.styles_preprocessed == ["pages/index/index.less"]
    assert "padding:calc(2*var(--fx-rpx))" in app.styles["pages/index/index"].replace(" ", "")


def test_an_engine_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    from fanxing.compiler.node_worker import EngineError, NodeWorker

    worker = NodeWorker(timeout=0.5)
    try:
        # a Sass @while that never ends keeps the engine busy (a recursive Less mixin
        # overflows its stack within 0.5 s on an idle machine: a flaky stand-in)
        source = "$i: 0;\n@while $i >= 0 { $i: $i + 1; }\n.a { b: $i; }\n"
        with pytest.raises(EngineError, match="sass engine took longer than 0.5 s"):
            worker.call("sass", source=source, file=str(tmp_path / "a.scss"), syntax="scss",
                        roots=[str(tmp_path)])
        # the next call gets a fresh worker
        out = worker.call("less", source="@a: 1px; .b { c: @a; }",
                          file=str(tmp_path / "b.less"), roots=[str(tmp_path)])
        assert "c: 1px" in out["css"]
    finally:
        worker.close()
