"""Debian's Chromium for Playwright: where it is and how fanxing starts it headless.

``fanxing screenshot``, the Chromium tests and the benchmarks all start the browser
through :func:`launch_options`, so they run the same binary with the same switches
(never a Playwright-downloaded build)::

    browser = playwright.chromium.launch(**launch_options())
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("FANXING_CHROMIUM", "/usr/bin/chromium")
# root in a container needs --no-sandbox; the rest keep a headless run quiet and offline
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync")


def chromium_available() -> bool:
    """Whether the Chromium binary is installed."""
    return Path(CHROMIUM).exists()


def launch_options(**extra: Any) -> dict[str, Any]:
    """Keyword arguments for Playwright's ``chromium.launch`` (sync or async API)."""
    return {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS), **extra}
