"""``run_simulator``: open the simulator from Python, e.g. with a host program's own
``HostApp`` (its profile, custom APIs, policies and providers) instead of a builtin
profile. The desktop window when there is a display, else the browser preview."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fanxing.bridge import HostApp
from fanxing.runtime.devtools.desktop import display_problem, run_desktop, served
from fanxing.runtime.devtools.driver import AppDriver


def run_simulator(app_dir: str | Path, *, host_app: HostApp | None = None,
                  app_id: str | None = None, window: bool | None = None, port: int = 0,
                  hot_reload: bool = True, on_url: Callable[[str], None] | None = None,
                  stop: threading.Event | None = None, **driver_options: Any) -> None:
    """Run the simulator on ``app_dir`` until the window closes (or ``stop`` is set /
    Ctrl-C, for the browser preview).

    ``host_app`` runs the app as ``app_id`` inside a host program's setup (the toolbar
    then offers the host's profile only); ``driver_options`` are ``AppDriver``'s
    (``profile``, ``device``, ``page``, ``query``, ``data_dir``, ``user``…). ``window``:
    True needs the desktop window, False serves the browser preview on ``port`` (0: any
    free port), None picks the window when a display is there. ``on_url(url)`` is
    called once the simulator is served.
    """
    driver = AppDriver(app_dir, host_app=host_app, app_id=app_id, **driver_options)
    problem = display_problem()
    if window is True and problem:
        raise RuntimeError(f"no desktop window: {problem}")
    if window is not False and problem is None:
        run_desktop(driver, port=port, hot_reload=hot_reload, on_url=on_url)
        return
    stop = stop or threading.Event()
    with served(driver, port=port, hot_reload=hot_reload, on_url=on_url), \
            contextlib.suppress(KeyboardInterrupt):
        while not stop.wait(0.5):  # a short wait keeps Ctrl-C working
            pass
