"""The desktop simulator window (pywebview, Qt WebEngine) as a tap-bench target.

The window runs in its own process on a private Xvfb display with QtWebEngine's remote
debugging on a free port; :class:`~measures.cdp_page.CdpPage` clicks and reads it over
CDP (Playwright cannot attach to QtWebEngine). ``with DesktopWindow(app, data) as page``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measures.cdp_page import CdpPage
from measures.procs import xvfb


def missing() -> str | None:
    """Why no desktop window can be measured here (None: it can)."""
    if not shutil.which("Xvfb"):
        return "Xvfb is not installed"
    try:
        import qtpy  # noqa: F401
        import webview  # noqa: F401
    except ImportError as e:
        return f"the desktop extra is not installed ({e.name})"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DesktopWindow:
    """``fanxing dev``'s window on ``app_dir`` under Xvfb, for as long as the block runs."""

    def __init__(self, app_dir: Path, data_dir: Path) -> None:
        self.app_dir, self.data_dir = app_dir, data_dir

    def __enter__(self) -> CdpPage:
        self._display = xvfb()
        display = self._display.__enter__()
        port = _free_port()
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "QTWEBENGINE_REMOTE_DEBUGGING": f"127.0.0.1:{port}"}
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", str(self.app_dir),
                                      str(self.data_dir)], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.proc.stdout:
            if line.startswith("READY"):
                break
        self.page = CdpPage(f"http://127.0.0.1:{port}")
        return self.page

    def __exit__(self, *exc: Any) -> None:
        self.page.close()
        self.proc.stdin.close()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._display.__exit__(*exc)


def _serve(app_dir: Path, data_dir: Path) -> None:
    from fanxing.runtime.devtools.desktop import run_desktop
    from fanxing.runtime.devtools.driver import AppDriver

    def ready(win: Any) -> None:
        print("READY", flush=True)
        sys.stdin.read()
        win.destroy()

    run_desktop(AppDriver(app_dir, data_dir=data_dir), hot_reload=False, on_ready=ready)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--serve":
    _serve(Path(sys.argv[2]), Path(sys.argv[3]))
