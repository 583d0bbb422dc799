"""What a plain install gives: the version, typing marker, licence and package data in the
wheel (built without setuptools warnings), a clear message when no Chromium is found,
and ``fanxing dev --port`` honoured with a display."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from importlib import metadata, resources
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fanxing.runtime.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
FANXING = [sys.executable, "-m", "fanxing.runtime.cli"]


def test_version_and_typing_marker() -> None:
    import fanxing

    assert fanxing.__version__ == metadata.version("fanxing")
    assert CliRunner().invoke(main, ["--version"]).output.strip().endswith(fanxing.__version__)
    assert (resources.files("fanxing") / "py.typed").is_file()
    assert metadata.metadata("fanxing")["License-Expression"] == "MIT"


def test_screenshot_without_chromium_says_what_to_install(tmp_path: Path) -> None:
    env = {**os.environ, "FANXING_CHROMIUM": str(tmp_path / "no-chromium")}
    run = subprocess.run([*FANXING, "screenshot", str(ROOT / "samples/todo-wechat"), "-o",
                          str(tmp_path / "s.png"), "--data-dir", str(tmp_path / "d")],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "no Chromium found" in run.stderr and "apt-get install chromium" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.timeout(240)
def test_the_wheel_builds_quietly_and_carries_everything(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                          "-w", str(tmp_path), "-q"], capture_output=True, text=True,
                         timeout=220, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert run.returncode == 0, run.stderr
    noise = [line for line in run.stderr.splitlines()
             if "Warning" in line or "would be ignored" in line]
    assert not noise, noise
    wheel = next(tmp_path.glob("fanxing-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("fanxing/__init__.py", "fanxing/py.typed",
                   "fanxing/runtime/devtools/lint/__init__.py",
                   "fanxing/runtime/cli/project-templates/shared/gitignore",
                   "fanxing/runtime/cli/project-templates/alipay/tabs/app.json",
                   "fanxing/bridge/profiles/wechat.json", "fanxing/runtime/devtools/web/simulator.css",
                   "fanxing/compiler/app_package.py"):
        assert needed in names, needed
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.timeout(120)
@pytest.mark.skipif(not shutil.which("Xvfb"), reason="Xvfb is not installed")
def test_dev_port_is_honoured_with_a_display(tmp_path: Path) -> None:
    pytest.importorskip("webview")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        display = ":" + f.readline().strip()
    port = _free_port()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    dev = subprocess.Popen([*FANXING, "dev", str(ROOT / "samples/todo-wechat"), "--port",
                            str(port), "--no-reload", "--data-dir", str(tmp_path / "d")],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "simulator at" not in line:
            line = dev.stdout.readline()
            if not line and dev.poll() is not None:
                break
        assert f"simulator at http://127.0.0.1:{port}/?token=" in line, line
        url = line.split("simulator at ", 1)[1].strip()
        assert httpx.get(url, timeout=10).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 403
    finally:
        dev.terminate()
        try:
            dev.wait(15)
        except subprocess.TimeoutExpired:
            dev.kill()
            dev.wait(5)
        xvfb.terminate()
        xvfb.wait(10)


@pytest.mark.timeout(120)
def test_preview_prints_compile_errors_relative_to_the_cwd(tmp_path: Path) -> None:
    app = tmp_path / "proj" / "src"
    app.mkdir(parents=True)
    (tmp_path / "proj/project.config.json").write_text('{"miniprogramRoot": "src/"}')
    (app / "app.json").write_text('{"pages": ["pages/a/a"]}')
    (app / "app.js").write_text("App({});")
    (app / "pages/a").mkdir(parents=True)
    (app / "pages/a/a.wxml").write_text("<view>{{ a + }}</view>")
    (app / "pages/a/a.js").write_text("Page({});")
    proc = subprocess.Popen([*FANXING, "preview", "proj", "--port", "0", "--no-reload",
                             "--data-dir", str(tmp_path / "d")], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
            if "press Ctrl-C" in line:
                break
    finally:
        proc.terminate()
        proc.wait(15)
    diags = [line for line in lines if ": error:" in line]
    assert diags and all(line.startswith("proj/src/pages/a/a.wxml:1:") for line in diags), lines
    assert len(diags) == len(set(diags))
