"""The desktop simulator: a real pywebview (Qt) window under Xvfb, driven through the
page's own JS, with screenshots of the X screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[3] / "samples"
SHOTS = Path(os.environ.get("FX_SCREENSHOT_DIR", "/tmp/fanxing-shots"))


def _missing() -> str | None:
    if not shutil.which("Xvfb"):
        return "Xvfb is not installed"
    if not shutil.which("import"):
        return "ImageMagick (import) is not installed"
    try:
        import qtpy  # noqa: F401
        import webview  # noqa: F401
    except ImportError as e:
        return f"the desktop extra is not installed ({e.name})"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture
def xvfb():
    # -displayfd: Xvfb picks a free display and writes its number to the pipe
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        display = ":" + f.readline().strip()
    yield display
    proc.terminate()
    proc.wait(10)


@pytest.mark.timeout(120)
def test_desktop_window_walk(xvfb, tmp_path):
    app = tmp_path / "todo"
    shutil.copytree(SAMPLES / "todo-alipay", app)
    SHOTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.run([sys.executable, str(HERE / "desktop_walk.py"), str(app),
                           str(tmp_path / "data"), str(SHOTS)],
                          env=env, capture_output=True, text=True, timeout=100)
    report_file = SHOTS / "report.json"
    assert report_file.exists(), proc.stderr[-3000:]
    report = json.loads(report_file.read_text("utf-8"))
    report_file.unlink()
    assert "error" not in report, report.get("error", "") + proc.stderr[-2000:]
    assert len(report["items"]) == 2
    assert "Buy milk" in report["items"][0] and "Call mom" in report["items"][1]
    assert json.loads(report["appdata"]) == ["Buy milk", "Call mom"]
    assert "todos" in report["storage"]
    assert any("app.js:" in line for line in report["console"])
    assert report["profile"] == "taobao" and report["generation"] == 2
    assert report["host"] == "Taobao"
    assert report["empty"]  # storage is per (profile, app, user): the Taobao run starts empty
    for shot in report["shots"]:
        assert Path(shot).stat().st_size > 10_000  # a real picture, not a blank screen


@pytest.mark.timeout(120)
def test_demo_opens_the_window_with_a_display(xvfb, tmp_path):
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb", "FANXING_DEMO_ONESHOT": "1",
           "XDG_DATA_HOME": str(tmp_path / "xdg")}
    fanxing = str(Path(sys.executable).with_name("fanxing"))
    proc = subprocess.run([fanxing, "demo", str(SAMPLES / "todo-wechat"), "--port", "0",
                           "--shot", str(tmp_path / "demo.png")],
                          env=env, capture_output=True, text=True, timeout=100)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "simulator window (http://127.0.0.1:" in proc.stdout
    assert not (tmp_path / "demo.png").exists()  # the window is the demo; no headless shot


RUN_SIMULATOR = """
import sys
from fanxing.runtime.devtools.simulator import run_simulator
run_simulator(sys.argv[1], port=int(sys.argv[2]), hot_reload=False, data_dir=sys.argv[3],
              on_url=lambda url: print(url, flush=True))
"""


@pytest.mark.timeout(120)
def test_run_simulator_with_a_window_serves_on_the_given_port(xvfb, tmp_path):
    import signal
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    # its own session: the window's QtWebEngine helpers go with it
    proc = subprocess.Popen([sys.executable, "-c", RUN_SIMULATOR, str(SAMPLES / "todo-wechat"),
                             str(port), str(tmp_path / "data")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token="), url
        assert httpx.get(url, timeout=30).status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
