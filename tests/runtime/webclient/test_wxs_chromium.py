"""WXS response events in real Chromium: the web client's pointer input runs the WXS
handlers in the view layer, and their setStyle/addClass reach the DOM as patch ops
(preview server + real container; fixture app tests/fixtures/wxs-events)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import BackgroundPreview
from playwright.sync_api import expect

APP = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "wxs-events"
PAGE = "#fx-app .fx-page-frame:visible"


@pytest.fixture
def sim(browser, tmp_path):
    preview = BackgroundPreview(AppDriver(APP, data_dir=tmp_path / "data"))
    page = browser.new_page(viewport={"width": 1320, "height": 1000})
    page.set_default_timeout(8000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(preview.start())
    page.wait_for_function("window.FXSIM && FXSIM.connected")
    page.evaluate("FXSIM.sync()")
    yield page
    page.close()
    preview.stop()
    assert errors == []


def test_click_runs_wxs_handler_and_styles_the_dom(sim):
    passer = sim.locator(PAGE).locator("#passer")
    passer.click()
    sim.evaluate("FXSIM.sync()")
    expect(passer).to_have_css("color", "rgb(255, 0, 0)")


def test_drag_moves_the_box_and_adds_a_class(sim):
    frame = sim.locator(PAGE)
    box = frame.locator("#the-box")
    handle = frame.locator(".handle").bounding_box()
    x, y = handle["x"] + 5, handle["y"] + 5
    sim.mouse.move(x, y)
    sim.mouse.down()
    sim.mouse.move(x + 20, y + 30, steps=2)
    sim.evaluate("FXSIM.sync()")
    expect(box).to_have_class(re.compile(r"(^| )dragging( |$)"))  # plus the page-scoped name
    style = box.get_attribute("style") or ""
    assert "left: 20px" in style and "top: 30px" in style, style
    # a setData re-render keeps what WXS set
    sim.mouse.up()
    sim.evaluate("FXSIM.sync()")
    frame.locator("#recolor").click()
    sim.evaluate("FXSIM.sync()")
    expect(box).to_have_css("background-color", "rgb(0, 128, 0)")
    assert "left: 20px" in (box.get_attribute("style") or "")
