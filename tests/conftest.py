"""Fixtures shared by every test folder: one headless Chromium per test module, started
the way ``fanxing screenshot`` starts it (``fanxing.runtime.chromium``), and the folder
where tests leave screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fanxing.runtime.devtools.chromium import CHROMIUM, chromium_available, launch_options


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium (Playwright, sync API); the test is skipped where the
    binary is not installed."""
    if not chromium_available():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(**launch_options())
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where the tests leave screenshots to look at (``FX_SCREENSHOT_DIR``)."""
    path = Path(os.environ.get("FX_SCREENSHOT_DIR", "/tmp/fanxing-shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path
