"""Debian's Chromium for Playwright: where it is and how fanxing starts it headless.

``fanxing screenshot``, the Chromium tests and the benchmarks all start the browser
through :func:`launch_options`, so they run the same binary with the same switches
(never a Playwright-downloaded build)::

    browser = playwright.chromium.launch(**launch_options())
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

# Browsers that Playwright can drive, in the order they are looked for on PATH.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
               "chrome", "microsoft-edge")
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: sudo apt-get install chromium; Fedora: "
                "sudo dnf install chromium; macOS: brew install --cask chromium), or "
                "`python -m playwright install chromium`, or set FANXING_CHROMIUM to a "
                "Chrome/Chromium binary")


def find_chromium() -> str:
    """The browser to use: ``$FANXING_CHROMIUM``, else the system's Chromium or Chrome on
    PATH, else a Chromium that ``playwright install`` downloaded; ``/usr/bin/chromium``
    when none is found (``chromium_available()`` then says False)."""
    env = os.environ.get("FANXING_CHROMIUM")
    if env:
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache/ms-playwright")
    for candidate in sorted(cache.glob("chromium-*/chrome-linux*/chrome"), reverse=True):
        return str(candidate)
    return "/usr/bin/chromium"


CHROMIUM = find_chromium()
# root in a container needs --no-sandbox; the rest keep a headless run quiet and offline
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync")


def chromium_available() -> bool:
    """Whether the Chromium binary is installed."""
    return Path(CHROMIUM).exists()


def launch_options(**extra: Any) -> dict[str, Any]:
    """Keyword arguments for Playwright's ``chromium.launch`` (sync or async API)."""
    return {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS), **extra}
