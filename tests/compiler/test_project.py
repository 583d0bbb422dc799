"""The project loader: app root, dialect detection, file listing, component resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_factory import make_app, write_tree
from fanxing.compiler.diagnostics import CompileError, DiagnosticSink
from fanxing.compiler.project import find_app_root, load_project, resolve_component

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
APP = {"pages": ["pages/index/index"]}


def test_app_root_is_the_folder_with_app_json(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", APP)
    root, project_file = find_app_root(tmp_path)
    assert root == tmp_path.resolve()
    assert project_file is None


@pytest.mark.parametrize("project_file", ["project.config.json", "mini.project.json"])
def test_miniprogram_root_is_followed(tmp_path: Path, project_file: str) -> None:
    write_tree(tmp_path, {project_file: {"miniprogramRoot": "src/"}})
    make_app(tmp_path / "src", "wechat", APP)
    root, used = find_app_root(tmp_path)
    assert root == (tmp_path / "src").resolve()
    assert used == tmp_path / project_file


def test_miniprogram_root_without_app_json_names_the_project_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"project.config.json": {"miniprogramRoot": "nowhere/"}})
    with pytest.raises(CompileError) as err:
        find_app_root(tmp_path)
    d = err.value.diagnostics[0]
    assert d.path == "project.config.json"
    assert "nowhere/" in d.message


def test_folder_without_app_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CompileError) as err:
        find_app_root(tmp_path)
    assert "no app.json" in err.value.diagnostics[0].message
    with pytest.raises(CompileError) as err:
        find_app_root(tmp_path / "missing")
    assert "not a folder" in err.value.diagnostics[0].message


@pytest.mark.parametrize(("dialect", "marker"), [("alipay", ".axml"), ("wechat", ".wxml")])
def test_dialect_from_file_endings(tmp_path: Path, dialect: str, marker: str) -> None:
    make_app(tmp_path, dialect, APP)
    project = load_project(tmp_path)
    assert project.dialect.name == dialect
    assert project.dialect.template == marker
    assert f"pages/index/index{marker}" in project.files


def test_mixed_project_is_refused_naming_files_of_both(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", APP, extra={
        "pages/index/index.wxss": "", "utils/f.wxs": "",
        "components/a/a.axml": "<view/>",
    })
    with pytest.raises(CompileError) as err:
        load_project(tmp_path)
    d = err.value.diagnostics[0]
    assert d.severity == "error"
    assert d.path == "components/a/a.axml"  # the odd one out
    assert "pages/index/index.wxml" in d.message or "pages/index/index.wxss" in d.message
    assert "one dialect" in d.message


def test_project_file_decides_when_no_sources_tell(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.json": APP, "mini.project.json": {}})
    assert load_project(tmp_path).dialect.name == "alipay"


def test_no_hint_at_all_warns_and_assumes_wechat(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.json": APP})
    sink = DiagnosticSink()
    assert load_project(tmp_path, sink).dialect.name == "wechat"
    assert sink.warnings and "assuming WeChat" in sink.warnings[0].message


def test_listing_skips_npm_vcs_and_hidden_files(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", APP, extra={
        "node_modules/x/index.js": "", "miniprogram_npm/y/index.wxml": "",
        ".git/config": "", ".hidden/a.js": "", "utils/.env": "", "utils/u.js": "",
    })
    files = load_project(tmp_path).files
    assert files == sorted(files)
    assert "utils/u.js" in files
    assert not [f for f in files if f.startswith(("node_modules", "miniprogram_npm", "."))]
    assert "utils/.env" not in files


@pytest.fixture
def comp_project(tmp_path: Path):
    make_app(tmp_path, "wechat", APP, extra={
        "components/card/card.wxml": "<view/>", "components/card/card.js": "",
        "components/list/index.wxml": "<view/>", "components/list/index.js": "",
        "pages/index/parts/row.wxml": "<view/>", "pages/index/parts/row.js": "",
        "miniprogram_npm/@vant/weapp/button/index.wxml": "<view/>",
        "miniprogram_npm/@vant/weapp/button/index.js": "",
        "miniprogram_npm/@vant/weapp/common/utils.js": "",
        "pages/miniprogram_npm/local-pkg/index.wxml": "<view/>",
        "node_modules/ali-ui/es/tag/index.wxml": "<view/>",
    })
    return load_project(tmp_path)


@pytest.mark.parametrize(("from_dir", "request_", "expected"), [
    ("pages/index", "/components/card/card", "components/card/card"),
    ("pages/index", "../../components/card/card", "components/card/card"),
    ("pages/index", "./parts/row", "pages/index/parts/row"),
    ("pages/index", "parts/row", "pages/index/parts/row"),  # bare: relative first
    ("", "components/list", "components/list/index"),  # index fallback
    ("pages/index", "@vant/weapp/button", "miniprogram_npm/@vant/weapp/button/index"),
    ("pages/index", "local-pkg", "pages/miniprogram_npm/local-pkg/index"),  # nearest npm
    ("pages/index", "ali-ui/es/tag/index", "node_modules/ali-ui/es/tag/index"),
    ("pages/index", "/components/nope/nope", None),
    ("pages/index", "../../../outside", None),  # never leaves the app root
    ("pages/index", "./@vant/weapp/button", None),  # explicit relative: no npm lookup
])
def test_component_resolution(comp_project, from_dir: str, request_: str,
                              expected: str | None) -> None:
    assert resolve_component(comp_project, from_dir, request_) == expected


def test_npm_package_of_a_component_joins_the_listing(comp_project) -> None:
    assert "miniprogram_npm/@vant/weapp/common/utils.js" not in comp_project.files
    resolve_component(comp_project, "", "@vant/weapp/button")
    assert "miniprogram_npm/@vant/weapp/common/utils.js" in comp_project.files
    assert "miniprogram_npm/@vant/weapp/button/index.wxml" in comp_project.files


@pytest.mark.parametrize(("sample", "dialect"), [("todo-alipay", "alipay"),
                                                 ("todo-wechat", "wechat")])
def test_samples_load(sample: str, dialect: str) -> None:
    project = load_project(SAMPLES / sample)
    assert project.dialect.name == dialect
    assert project.files_with(project.dialect.script_module)  # each uses an SJS/WXS module


def test_names_with_control_characters_are_left_out_and_reported(tmp_path):
    make_app(tmp_path, "wechat", {"pages": ["pages/index/index"]})
    (tmp_path / "pages" / "evil\x1b[2J\n.wxml").write_text("<view/>")
    (tmp_path / "bad\u2028dir").mkdir()
    (tmp_path / "bad\u2028dir" / "x.wxml").write_text("<view/>")
    sink = DiagnosticSink()
    project = load_project(tmp_path, sink)
    assert not any("evil" in f or "bad" in f for f in project.files)
    assert [d.format() for d in sink.errors] == [
        "bad\\u2028dir:1:1: error: folder name holds the character U+2028, which app file "
        "names may not hold; it is left out of the app",
        "pages/evil\\x1b[2J\\n.wxml:1:1: error: file name holds the character U+001B, which "
        "app file names may not hold; it is left out of the app"]


def test_diagnostic_lines_escape_control_characters():
    """App text in a diagnostic cannot drive the terminal or fake another line."""
    from fanxing.compiler.diagnostics import Diagnostic
    d = Diagnostic("a\x1b[2J.wxml", 1, 2, "error", "unknown target 'x\n\x1b]0;t\x07\u2028'")
    assert d.format() == ("a\\x1b[2J.wxml:1:2: error: unknown target "
                          "'x\\n\\x1b]0;t\\x07\\u2028'")
