"""The build pipeline: compile_app, the build folder and load_build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from app_factory import make_app, page_files, write_tree
from fanxing.compiler.build import (
    BUILD_VERSION,
    PACKAGE_LIMIT,
    CompiledApp,
    compile_app,
    load_build,
)
from fanxing.compiler.build_output import BuildFolderError
from fanxing.compiler.diagnostics import CompileError, DiagnosticSink

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module", params=["todo-alipay", "todo-wechat"])
def sample(request) -> CompiledApp:
    return compile_app(SAMPLES / request.param)


def test_samples_compile_cleanly(sample: CompiledApp) -> None:
    assert sample.diagnostics == []
    assert sample.ok
    assert sample.config.home == "pages/index/index"
    assert list(sample.pages) == ["pages/index/index", "pages/detail/detail"]
    assert list(sample.components) == ["components/todo-item/todo-item"]


def test_sample_units_point_at_their_parts(sample: CompiledApp) -> None:
    ext = ".axml" if sample.dialect == "alipay" else ".wxml"
    index = sample.pages["pages/index/index"]
    assert index.template == "pages/index/index" + ext
    assert index.template in sample.templates.sources
    assert index.script == "pages/index/index.js" and index.script in sample.modules
    assert sample.styles[index.style]
    assert index.config.window.title == "My todos"  # the page's own .json
    assert index.config.window.background_color == "#f5f6f8"  # from app.json
    assert index.config.using_components == {"todo-item": "components/todo-item/todo-item"}
    item = sample.components["components/todo-item/todo-item"]
    assert item.template in sample.templates.sources
    assert item.script in sample.modules and sample.styles[item.style]
    assert item.style_isolation == "isolated"
    if sample.dialect == "wechat":
        assert item.external_classes == ["item-class"]


def test_sample_styles_modules_and_view_modules(sample: CompiledApp) -> None:
    assert "var(--fx-rpx)" in sample.styles["app"]
    assert "app.js" in sample.modules and "utils/store.js" in sample.modules
    # ES import in the Alipay page became CommonJS with a resolved dependency
    index = sample.modules["pages/index/index.js"]
    assert index.deps == {"../../utils/store": "utils/store.js"}
    assert "import " not in index.code.split("\n")[0]
    fmt = "utils/format.sjs" if sample.dialect == "alipay" else "utils/format.wxs"
    assert fmt in sample.view_modules
    if sample.dialect == "wechat":  # the inline <wxs module="label"> of the detail page
        assert "pages/detail/detail.wxml#label" in sample.view_modules


class RecordingContext:
    """A RenderContext answering module calls with a string naming the call."""

    def call_module(self, module_id: str, member: str, args: list[Any]) -> Any:
        return f"{module_id}:{member}({len(args)})"

    def module_member(self, module_id: str, member: str) -> Any:
        return f"{module_id}:{member}"


def _tree(nodes) -> Any:
    return [n.to_json() if hasattr(n, "to_json") else repr(n) for n in nodes]


def test_build_folder_round_trip(sample: CompiledApp, tmp_path: Path) -> None:
    out = sample.write(tmp_path / "build")
    assert (out / "manifest.json").is_file()
    back = load_build(out)
    assert back.dialect == sample.dialect and back.root == sample.root
    assert back.config == sample.config
    assert back.pages == sample.pages and back.components == sample.components
    assert back.styles == sample.styles
    assert back.modules == sample.modules and back.view_modules == sample.view_modules
    assert back.templates.sources == sample.templates.sources
    assert back.templates.inline_modules == sample.templates.inline_modules
    data = {"title": "T", "draft": "x", "todos": [
        {"id": 1, "text": "a", "done": False, "createdAt": 0},
        {"id": 2, "text": "b", "done": True, "createdAt": 0}]}
    for unit in (*sample.pages.values(), *sample.components.values()):
        expected = sample.templates.render(unit.template, data, RecordingContext())
        got = back.templates.render(unit.template, data, RecordingContext())
        assert _tree(got) == _tree(expected)
        assert expected  # something was rendered


def test_rewriting_a_build_drops_stale_files(tmp_path: Path) -> None:
    make_app(tmp_path / "app", "wechat", {"pages": ["pages/a/a", "pages/b/b"]})
    out = tmp_path / "out"
    compile_app(tmp_path / "app").write(out)
    assert (out / "templates/pages/b/b.wxml.py").is_file()
    write_tree(tmp_path / "app", {"app.json": {"pages": ["pages/a/a"]}})
    (tmp_path / "app/pages/b/b.wxml").unlink()
    compile_app(tmp_path / "app").write(out)
    assert not (out / "templates/pages/b/b.wxml.py").exists()
    assert list(load_build(out).pages) == ["pages/a/a"]


def test_write_refuses_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    make_app(tmp_path / "app", "wechat", {"pages": ["pages/a/a"]})
    write_tree(tmp_path / "out", {"precious.txt": "keep me"})
    with pytest.raises(BuildFolderError, match="not a fanxing build"):
        compile_app(tmp_path / "app").write(tmp_path / "out")
    assert (tmp_path / "out/precious.txt").read_text() == "keep me"


@pytest.mark.parametrize(("manifest", "words"), [
    (None, "no manifest.json"),
    ("{", "unreadable"),
    ('{"format": "other"}', "not a fanxing build manifest"),
    ('{"format": "fanxing-build", "version": 99}', "version 99"),
    (json.dumps({"format": "fanxing-build", "version": BUILD_VERSION}), "malformed manifest"),
    ('{"format": "fanxing-build", "version": 1}', "version 1, expected"),
])
def test_load_build_errors_name_the_problem(tmp_path: Path, manifest, words) -> None:
    tmp_path.mkdir(exist_ok=True)
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest)
    with pytest.raises(BuildFolderError, match=words):
        load_build(tmp_path)


def test_problems_are_collected_not_raised(tmp_path: Path) -> None:
    make_app(tmp_path, "alipay", {"pages": ["pages/a/a", "pages/gone/gone"]},
             pages=["pages/a/a"], extra={
                 "pages/a/a.json": {"usingComponents": {"x-card": "/components/card"}},
                 "pages/a/a.acss": ".a { color: red; ",
             })
    sink = DiagnosticSink()
    app = compile_app(tmp_path, sink)
    assert not app.ok
    assert app.diagnostics == sink.items
    found = {(d.path, d.severity, d.message.split(" ")[0]) for d in app.diagnostics}
    assert ("app.json", "error", "page") in found  # pages/gone/gone has no files
    assert ("pages/a/a.json", "error", "component") in found
    assert any(d.path == "pages/a/a.acss" for d in app.diagnostics)
    assert list(app.pages) == ["pages/a/a", "pages/gone/gone"]
    assert app.pages["pages/gone/gone"].template is None


def test_missing_app_js_is_an_error(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"]})
    (tmp_path / "app.js").unlink()
    app = compile_app(tmp_path)
    assert [(d.path, d.message) for d in app.diagnostics] == [
        ("app.js", "the app has no app.js")]


def test_no_app_or_mixed_dialects_raise(tmp_path: Path) -> None:
    with pytest.raises(CompileError):
        compile_app(tmp_path)
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"]}, extra={"x.acss": ""})
    with pytest.raises(CompileError, match="one dialect"):
        compile_app(tmp_path)


def test_package_size_lint(tmp_path: Path) -> None:
    text = ('{\n  "pages": ["pages/a/a"],\n  "subPackages": [\n'
            '    {"root": "big", "pages": ["p"]}\n  ]\n}')
    make_app(tmp_path, "wechat", text, pages=["pages/a/a", "big/p"])
    (tmp_path / "big/blob.bin").write_bytes(b"\0" * (PACKAGE_LIMIT + 1))
    (tmp_path / "project.config.json").write_bytes(b" " * (PACKAGE_LIMIT + 1))  # not shipped
    app = compile_app(tmp_path)
    assert [d.format() for d in app.diagnostics] == [
        "app.json:4:6: warning: subpackage 'big' is 2.00 MB; the limit is 2 MB per "
        "(sub)package"]
    (tmp_path / "pages/a/blob.bin").write_bytes(b"\0" * (PACKAGE_LIMIT + 1))
    app = compile_app(tmp_path)
    assert app.diagnostics[0].format().startswith("app.json:2:3: warning: main package is")


def test_components_from_npm_are_built(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"]}, extra={
        "pages/a/a.json": {"usingComponents": {"ui-btn": "ui-kit/button"}},
        "pages/a/a.wxml": "<ui-btn>go</ui-btn>",
        "miniprogram_npm/ui-kit/button/index.wxml": "<button><slot/></button>",
        "miniprogram_npm/ui-kit/button/index.js": "const u = require('../util');\n"
                                                  "Component({});",
        "miniprogram_npm/ui-kit/button/index.wxss": ".b { width: 10rpx; }",
        "miniprogram_npm/ui-kit/button/index.json": {"component": True},
        "miniprogram_npm/ui-kit/util.js": "module.exports = {};",
    })
    app = compile_app(tmp_path)
    assert app.diagnostics == []
    path = "miniprogram_npm/ui-kit/button/index"
    unit = app.components[path]
    assert unit.template == path + ".wxml" and unit.template in app.templates.sources
    assert "miniprogram_npm/ui-kit/util.js" in app.modules
    assert "--fx-rpx" in app.styles[path]


def test_shared_components_are_not_class_scoped(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"],
                                  "usingComponents": {"s": "c/s", "i": "c/i"}}, extra={
        **page_files("c/s", "wechat"), **page_files("c/i", "wechat"),
        "c/s.json": {"component": True, "styleIsolation": "shared"},
        "c/s.wxss": ".x { color: red; }", "c/i.wxss": ".x { color: red; }",
    })
    app = compile_app(tmp_path)
    assert ".x" in app.styles["c/s"] and "--x" not in app.styles["c/s"]
    assert "--x" in app.styles["c/i"]


def test_progress_reports_every_stage(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"]})
    seen: dict[str, tuple[int, int]] = {}
    compile_app(tmp_path, progress=lambda stage, done, total: seen.__setitem__(
        stage, (done, total)))
    assert set(seen) == {"config", "templates", "styles", "modules"}
    assert all(done == total for done, total in seen.values())


def test_manifest_is_plain_json(sample: CompiledApp, tmp_path: Path) -> None:
    out = sample.write(tmp_path / "b")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "fanxing-build" and manifest["dialect"] == sample.dialect
    for rel in [*manifest["templates"].values(), *manifest["styles"].values()]:
        assert (out / rel).is_file()
    for entry in [*manifest["modules"].values(), *manifest["view_modules"].values()]:
        assert (out / entry["file"]).is_file()


def test_a_build_folder_runs_without_its_sources(tmp_path):
    """`fanxing compile -o OUT` writes a folder the runtime runs with no source at hand."""
    import shutil

    from fanxing.compiler.build import compile_app, is_build_folder, open_app
    from fanxing.testing import launch

    src = tmp_path / "src"
    shutil.copytree(Path(__file__).resolve().parents[2] / "samples" / "todo-alipay", src)
    out = compile_app(src).write(tmp_path / "out")
    shutil.rmtree(src)
    assert is_build_folder(out) and open_app(out).dialect == "alipay"
    with launch(out, data_dir=tmp_path / "data") as mp:
        mp.page.get("input").input("from a build")
        mp.page.get("button").tap()
        assert mp.page.data["todos"][0]["text"] == "from a build"
        assert mp.errors == []
