"""Hostile file names through ``fanxing render`` and ``fanxing compile -o`` (issue 10, 1).

A page whose path holds a line break and Python once ran that Python on the host. Now
the loader refuses control characters in names (a diagnostic naming the file, escaped),
and every other hostile name renders as data, from sources and from a build folder.
(Backslashes are path separators in routes; test_codegen_injection covers them.)
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.compiler.project import printable_path, unsafe_name
from fanxing.runtime.cli.main import main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# if this ran it would leave a file in the working folder and set a builtin
PAYLOAD = "open('PWNED','w') and setattr(__import__('builtins'),'FX_PWNED',1)"
BREAKERS = ["\n", "\r", "\r\n", "\x0c", "\x0b", "\x1b", "\x85", "\u2028", "\u2029", "\u202e",
            "'", '"', "'''", "#", "{{", "}}", " ", ")"]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def app_with_page(root: Path, name: str) -> Path:
    route = f"pages/{name}"
    files = {"app.json": json.dumps({"pages": [route]}), "app.js": "App({});",
             f"{route}.wxml": "<view>page body</view>", f"{route}.js": "Page({});"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def check_name(tmp: Path, name: str) -> None:
    app = app_with_page(tmp / "app", name)
    code, out, err = cli("render", str(app), "--data-dir", str(tmp / "data"))
    build_code, build_out, build_err = cli("compile", str(app), "-o", str(tmp / "out"))
    if unsafe_name(name) is not None:
        assert code != 0 and build_code != 0
        # the file is named (escaped) with a line:col, in both commands
        named = printable_path(f"pages/{name}.wxml") + ":1:1: error: file name holds"
        for text in (out + err, build_out + build_err):
            assert any(named in line for line in text.splitlines()), text
    else:
        assert code == 0, err
        assert "page body" in out
        assert build_code == 0, build_err
        code, out, err = cli("render", str(tmp / "out"), "--data-dir", str(tmp / "data"))
        assert code == 0, err
        assert "page body" in out
    assert not (tmp / "PWNED").exists() and not Path("PWNED").exists()
    assert not hasattr(builtins, "FX_PWNED")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where the payload would write


@pytest.mark.parametrize("name", [
    "a\n    " + PAYLOAD + "\n    #",  # the reported case: the path in a comment
    "a\r" + PAYLOAD, "a\u2028" + PAYLOAD, "a\x0c" + PAYLOAD,
    "a'" + PAYLOAD + "'", 'a"' + PAYLOAD, "a#{{x}}'\"", "页面\U0001f600",
])
def test_named_hostile_pages(tmp_path, name):
    check_name(tmp_path, name)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(before=st.sampled_from(BREAKERS), after=st.sampled_from(BREAKERS),
       indent=st.sampled_from(["", "    ", "        "]))
def test_generated_hostile_pages(tmp_path_factory, before, after, indent):
    check_name(tmp_path_factory.mktemp("h"), f"p{before}{indent}{PAYLOAD}{after}x")
