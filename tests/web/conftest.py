"""Fixtures for the real-browser tests: one Chromium per test module, started the way
``fanxing screenshot`` starts it (``fanxing.runtime.chromium``), and a page that runs
the web client bundle."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fanxing.runtime.chromium import CHROMIUM, chromium_available, launch_options
from fanxing.runtime.web_bundle import page_html
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium (the test is skipped where it is not installed)."""
    if not chromium_available():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM}")
    with sync_playwright() as pw:
        b = pw.chromium.launch(**launch_options())
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A 375×667 page holding the web client (``FX``) on an in-page queue transport;
    fails the test on any uncaught page error."""
    p = browser.new_page(viewport={"width": 375, "height": 667})
    p.set_default_timeout(5000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.set_content(page_html())
    yield p
    assert errors == []
    p.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where the tests leave screenshots to look at (``FX_SCREENSHOT_DIR``)."""
    path = Path(os.environ.get("FX_SCREENSHOT_DIR", "/tmp/fanxing-shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path
