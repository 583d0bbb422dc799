"""The web client page for the real-browser tests (the ``browser`` and ``shots``
fixtures come from ``tests/conftest.py``)."""

from __future__ import annotations

import pytest
from fanxing.runtime.webclient.bundle import page_html


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
