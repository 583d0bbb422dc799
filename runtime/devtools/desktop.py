"""``fanxing dev``: the simulator in a desktop window (pywebview, Qt backend).

The window shows the same page as the browser preview: the preview server runs on a
background thread and the window loads its URL, so the desktop window and the browser
cannot drift apart. pywebview owns the main thread (Qt wants it).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.hot_reload import HotReloader
from fanxing.runtime.devtools.preview_server import BackgroundPreview


def display_problem() -> str | None:
    """Why no desktop window can open here (None: it can)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return "no display (DISPLAY is not set)"
    try:
        import qtpy  # noqa: F401
        import webview  # noqa: F401
    except ImportError as e:
        return (f"pywebview with Qt is not installed ({e.name}); "
                "install the desktop extra: pip install 'fanxing[desktop]'")
    return None


def _qt_environment() -> None:
    # Qt on X11 (Xvfb included); QtWebEngine refuses to run its sandbox as root
    if sys.platform.startswith("linux") and os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    wanted = ["--disable-gpu"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        wanted.append("--no-sandbox")
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    missing = [f for f in wanted if f not in flags.split()]
    if missing:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([flags, *missing]).strip()


@contextlib.contextmanager
def served(driver: AppDriver, *, port: int = 0, hot_reload: bool = True,
           on_url: Callable[[str], None] | None = None) -> Iterator[str]:
    """The simulator page of ``driver`` served on a background thread (hot reload on its
    loop) while the block runs; yields its URL after ``on_url(url)``."""
    preview = BackgroundPreview(driver, port=port)
    url = preview.start()
    reloader = HotReloader(driver) if hot_reload else None
    try:
        if reloader is not None:
            assert preview.loop is not None
            reloader.start(preview.loop)
        if on_url is not None:
            on_url(url)
        yield url
    finally:
        if reloader is not None:
            reloader.stop()
        preview.stop()


def run_desktop(driver: AppDriver, *, width: int = 1320, height: int = 940,
                hot_reload: bool = True, on_url: Callable[[str], None] | None = None,
                on_ready: Callable[[Any], None] | None = None, port: int = 0) -> None:
    """Open the simulator window and block until it closes.

    ``on_url(url)`` is called once the preview server listens; ``on_ready(window)`` runs
    on a worker thread once the page has loaded (scripts, tests); closing the window
    (or ``window.destroy()``) ends the call. The simulator page is served on
    127.0.0.1:``port`` (0: any free port), so a browser can open it too.
    """
    problem = display_problem()
    if problem:
        raise RuntimeError(problem)
    _qt_environment()
    import webview

    def ready(win: Any) -> None:
        win.events.loaded.wait(60)
        if on_ready is not None:
            on_ready(win)

    with served(driver, port=port, hot_reload=hot_reload, on_url=on_url) as url:
        title = f"fanxing · {driver.app_dir.name}"
        window = webview.create_window(title, url, width=width, height=height,
                                       background_color="#e9ebef")
        webview.start(ready, window, gui="qt")
