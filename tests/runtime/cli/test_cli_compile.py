"""``fanxing compile``: exit codes, diagnostic lines, the build folder, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.compiler.build import load_build
from fanxing.runtime.cli.main import main

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
DIAG_LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): "
                       r"(?P<sev>error|warning): (?P<msg>.+)$")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["compile", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(root: Path, files: dict[str, object]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return root


@pytest.mark.parametrize("sample", ["todo-alipay", "todo-wechat"])
def test_checking_a_clean_sample_says_so(sample: str) -> None:
    code, out, err = run(str(SAMPLES / sample))
    assert (code, out) == (0, "")
    assert err.endswith("compiled 2 page(s), 1 component(s): no problems\n"), err
    assert run(str(SAMPLES / sample), "--quiet") == (0, "", "")
    code, _, err = run(str(SAMPLES / sample), "--verbose")
    assert "2 pages" in err and "logic modules" in err


@pytest.mark.parametrize("sample", ["todo-alipay", "todo-wechat"])
def test_building_writes_a_loadable_folder(sample: str, tmp_path: Path) -> None:
    code, _, err = run(str(SAMPLES / sample), "-o", str(tmp_path / "out"))
    assert code == 0
    assert "built 2 page(s), 1 component(s)" in err
    assert list(load_build(tmp_path / "out").pages) == ["pages/index/index",
                                                        "pages/detail/detail"]


def test_errors_print_as_path_line_col_relative_to_the_cwd(tmp_path: Path, monkeypatch
                                                           ) -> None:
    # a project folder whose app lives in src/: paths are relative to the current folder,
    # so a terminal or an editor can open them
    monkeypatch.chdir(tmp_path.parent)
    write(tmp_path, {
        "project.config.json": {"miniprogramRoot": "src/"},
        "src/app.json": '{\n  "pages": ["pages/a/a"],\n  "window": {"bogus": 1}\n}',
        "src/app.js": "App({})",
        "src/pages/a/a.wxml": "<view>{{ a + }}</view>",
    })
    code, out, err = run(tmp_path.name, "-o", str(tmp_path / "out"))
    assert code == 1
    lines = out.splitlines()
    assert all(DIAG_LINE.match(line) for line in lines), lines
    src = f"{tmp_path.name}/src"
    assert f"{src}/app.json:2:13: error: page 'pages/a/a' is missing pages/a/a.js" in lines
    assert f"{src}/app.json:3:14: warning: unknown key `window.bogus`" in lines
    assert any(line.startswith(f"{src}/pages/a/a.wxml:1:") for line in lines)
    assert len(lines) == len(set(lines))  # each problem once
    monkeypatch.chdir(tmp_path / "src")
    assert run(".")[1].splitlines()[0].startswith("app.json:")
    assert "error(s)" in err and "build not written" in err
    assert not (tmp_path / "out").exists()


def test_warnings_alone_exit_0(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"app.json": {"pages": ["p"], "colour": 1}, "app.js": "App({})",
                     "p.wxml": "<view/>", "p.js": "Page({})"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(".")
    assert code == 0
    assert out == "app.json:1:18: warning: unknown key `colour`\n"
    assert run(".", "--quiet") == (0, "", "")


@pytest.mark.parametrize(("files", "expected"), [
    ({}, "error: no app.json"),
    ({"app.json": {"pages": ["p"]}, "p.wxml": "", "p.axml": ""}, "one dialect"),
    ({"app.json": "\x00\xff{{{", "app.js": ""}, "app.json:1:1: error: invalid JSON"),
    ({"app.json": '{"pages": ["p"]}', "app.js": "App({", "p.wxml": "<view", "p.js": "}"},
     "error:"),
])
def test_bad_input_gives_diagnostics_never_a_traceback(tmp_path: Path, files, expected
                                                       ) -> None:
    write(tmp_path, files)
    code, out, err = run(str(tmp_path))
    assert code == 1
    assert expected in out
    assert "Traceback" not in out + err


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    code, out, _ = run(str(tmp_path / "nope"))
    assert code == 1
    assert "not a folder" in out


def test_output_folder_that_is_not_a_build_is_kept(tmp_path: Path) -> None:
    write(tmp_path / "out", {"keep.txt": "x"})
    code, _, err = run(str(SAMPLES / "todo-wechat"), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "refusing to overwrite" in err
    assert (tmp_path / "out/keep.txt").exists()


def test_console_script_runs(tmp_path: Path) -> None:
    fanxing = Path(sys.executable).with_name("fanxing")
    if not fanxing.exists():
        pytest.fail(f"console script not installed next to {sys.executable}")
    proc = subprocess.run([str(fanxing), "compile", str(SAMPLES / "todo-alipay"), "-o",
                           str(tmp_path / "b")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stderr  # no progress bar or colors when not a terminal
    assert (tmp_path / "b/manifest.json").is_file()


def test_unknown_tags_and_misspelt_events_are_warned(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"app.json": {"pages": ["p"]}, "app.js": "App({})",
                     "p.wxml": '<veiw>x</veiw>\n<button bindtpa="go">b</button>',
                     "p.js": "Page({})"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(".")
    assert code == 0
    assert out.splitlines() == [
        "p.wxml:1:2: warning: unknown tag <veiw> (did you mean 'view'?): not a built-in "
        "component and not in usingComponents",
        "p.wxml:2:9: warning: <button> sends no 'tpa' event (did you mean 'tap'?)"]
