"""An app with errors in some files still runs the pages those errors do not reach, in the
harness and ``fanxing render`` (compiler/page_reach.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.compiler.build import compile_app
from fanxing.compiler.page_reach import errors_reaching, page_files
from fanxing.runtime.cli.main import main
from fanxing.testing import AppCompileError, launch

PARTIAL = Path(__file__).resolve().parents[1] / "fixtures" / "realish" / "wechat-partial"


def _app(tmp_path: Path) -> Path:
    """The partial fixture plus a component and a module shared by both pages."""
    app = tmp_path / "app"
    shutil.copytree(PARTIAL, app)
    (app / "utils").mkdir()
    (app / "utils/fmt.js").write_text("module.exports = (s) => '[' + s + ']';")
    (app / "pages/good/good.js").write_text(
        "const fmt = require('../../utils/fmt');\nPage({ data: { msg: fmt('hello') } });")
    return app


def test_page_files_follow_templates_modules_and_components(tmp_path: Path) -> None:
    app = compile_app(_app(tmp_path))
    files = page_files(app, "pages/good/good")
    assert {"app.js", "app.json", "pages/good/good.js", "pages/good/good.wxml",
            "utils/fmt.js"} <= files
    assert "pages/broken/broken.js" not in files
    assert [d.path for d in errors_reaching(app, "pages/good/good")] == []
    assert [d.path for d in errors_reaching(app, "pages/broken/broken")] == \
        ["pages/broken/broken.js"]


def test_harness_runs_the_pages_errors_do_not_reach(tmp_path: Path) -> None:
    app = _app(tmp_path)
    with launch(app, data_dir=tmp_path / "d") as mp:
        assert mp.page.get("view").text == "[hello]"
        assert [d.path for d in mp.compile_errors] == ["pages/broken/broken.js"]
    with pytest.raises(AppCompileError) as info:
        launch(app, page="pages/broken/broken", data_dir=tmp_path / "d")
    assert [d.path for d in info.value.diagnostics] == ["pages/broken/broken.js"]
    # an error in a file both pages reach stops both
    (app / "utils/fmt.js").write_text("module.exports = (s) => ;")
    with pytest.raises(AppCompileError, match="utils/fmt.js:1:"):
        launch(app, data_dir=tmp_path / "d")


def test_render_shows_errors_elsewhere_and_strict_fails(tmp_path: Path) -> None:
    app = str(_app(tmp_path))
    runner = CliRunner()
    result = runner.invoke(main, ["render", app, "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0
    assert "[hello]" in result.stdout
    assert "compile error (a page not rendered): pages/broken/broken.js:1:" in result.stderr
    result = runner.invoke(main, ["render", app, "--strict", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1 and "1 compile error(s) (--strict)" in result.stderr
    result = runner.invoke(main, ["render", app, "--page", "pages/broken/broken",
                                  "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1 and "pages/broken/broken.js:1:" in result.stderr
