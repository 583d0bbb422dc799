"""``fanxing init``: every dialect × template compiles clean, renders and its own test passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.runtime.cli.main import main


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.mark.parametrize("template", ["blank", "tabs", "cloud"])
@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_a_new_project_compiles_renders_and_its_test_passes(tmp_path: Path, dialect: str,
                                                            template: str) -> None:
    app = tmp_path / "hello"
    result = invoke("init", str(app), "--dialect", dialect, "--template", template)
    assert result.exit_code == 0, result.output
    assert (app / "tests/test_app.py").is_file() and (app / ".gitignore").is_file()
    project_file = app / ("project.config.json" if dialect == "wechat" else "mini.project.json")
    assert project_file.is_file()
    if template == "cloud":  # the count is kept by a function of the local cloud
        assert json.loads(project_file.read_text())["cloudfunctionRoot"] == "cloudfunctions/"
        assert (app / "cloudfunctions/count/index.js").is_file()
    result = invoke("compile", str(app))
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert "no problems" in result.stderr
    result = invoke("render", str(app), "--data-dir", str(tmp_path / "data"), "--format", "json",
                    "--do", "tap:.add")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"]["count"] == 1
    if template == "tabs":
        result = invoke("render", str(app), "--page", "pages/me/me",
                        "--data-dir", str(tmp_path / "data"))
        assert result.exit_code == 0 and "iPhone 14" in result.stdout, result.output
        assert '<view class="title">Taps</view>' in result.stdout
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(app / "tests")], capture_output=True, text=True, timeout=240,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_the_name_lands_in_the_config_as_json_text(tmp_path: Path) -> None:
    name = 'Quote " and \\ backslash'
    assert invoke("init", str(tmp_path / "q"), "--name", name).exit_code == 0
    config = json.loads((tmp_path / "q/app.json").read_text())
    assert config["window"]["navigationBarTitleText"] == name
    assert json.loads((tmp_path / "q/project.config.json").read_text())["projectname"] == name


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1 and "not an empty folder" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
