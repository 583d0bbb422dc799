"""What real apps showed wrong in the browser preview, on small apps of our own
(tests/fixtures/realish/): each test is the check that would have caught it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import BackgroundPreview

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realish"
PAGE = "#fx-app .fx-page-frame:visible"
DEVICE_WIDTH = 390  # iphone-14, the driver's default device
# `browser` (headless Debian Chromium, skipped where missing) comes from tests/conftest.py


class Sim:
    """The simulator page (device only) on a preview server of one fixture app."""

    def __init__(self, browser, app: str, data_dir: Path, page: str | None = None) -> None:
        self.preview = BackgroundPreview(AppDriver(FIXTURES / app, data_dir=data_dir, page=page))
        url = self.preview.start()
        self.page = browser.new_page(viewport={"width": 1200, "height": 1000})
        self.page.set_default_timeout(8000)
        self.errors: list[str] = []
        self.missing: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.missing.append(r.url))
        self.page.goto(url + "&shot=1")  # url carries ?token=
        self.page.wait_for_function("window.FXSIM && FXSIM.connected")
        self.sync()

    def sync(self) -> None:
        self.page.evaluate("FXSIM.sync()")

    def q(self, selector: str):
        return self.page.locator(PAGE).locator(selector).first

    def box(self, selector: str) -> dict:
        return self.q(selector).bounding_box()

    def close(self) -> None:
        self.page.close()
        self.preview.stop()
        assert self.errors == []


@pytest.fixture
def basics(browser, tmp_path):
    sim = Sim(browser, "wechat-basics", tmp_path)
    yield sim
    sim.close()


def test_page_relative_image_paths_load_through_the_preview_server(basics: Sim) -> None:
    # weui's index writes <image src="images/icon_nav_form.png"> in example/index.wxml
    for sel in ("image.static img", "image.bound img", "image.parent img"):
        img = basics.q(sel)
        img.wait_for(state="attached")
        basics.page.wait_for_function("el => el.complete", arg=img.element_handle())
        assert img.evaluate("el => [el.naturalWidth, el.naturalHeight]") == [8, 6], sel
        assert img.get_attribute("src") == "/pages/index/images/dot.png"
    assert basics.missing == []


def test_vw_and_vh_measure_the_device_not_the_browser_window(basics: Sim) -> None:
    # miniprogram-demo's `.flex-wrp { width: 100vw }` spilled over a 1200 px window
    wide = basics.box(".wide")
    viewport = basics.page.locator(PAGE).locator(".fx-page-viewport").bounding_box()
    assert wide["width"] == pytest.approx(DEVICE_WIDTH, abs=1)
    assert wide["height"] == pytest.approx(viewport["height"] / 10, abs=1)
    assert basics.box(".half")["width"] == pytest.approx(DEVICE_WIDTH / 2, abs=1)  # inline style


def test_position_fixed_is_relative_to_the_page_viewport(basics: Sim) -> None:
    # weui's dialog mask and box are position:fixed; they covered the browser window
    bar = basics.box(".fixed-bar")
    viewport = basics.page.locator(PAGE).locator(".fx-page-viewport").bounding_box()
    assert bar["width"] == pytest.approx(DEVICE_WIDTH, abs=1)
    assert bar["x"] == pytest.approx(viewport["x"], abs=1)
    assert bar["y"] + bar["height"] == pytest.approx(viewport["y"] + viewport["height"], abs=1)


def test_navigation_bar_colors_come_from_the_window_config(basics: Sim) -> None:
    nav = basics.page.locator(PAGE).locator(".fx-navbar")
    colors = nav.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    assert colors == ["rgb(26, 173, 25)", "rgb(255, 255, 255)"]
    assert nav.locator(".fx-navbar-title").inner_text() == "Index"


@pytest.mark.parametrize(("route", "shown"), [("pages/home/home", True),
                                              ("pages/detail/detail", False)])
def test_the_tab_bar_shows_on_tab_pages_only(browser, tmp_path, route: str, shown: bool) -> None:
    # miniprogram-demo's component pages (opened with navigateTo) showed the tab bar
    sim = Sim(browser, "wechat-tabs", tmp_path, page=route)
    try:
        bar = sim.page.locator("#fx-app .fx-tabbar")
        assert bar.is_visible() is shown
        viewport = sim.page.locator(PAGE).locator(".fx-page-viewport").bounding_box()
        app = sim.page.locator("#fx-app").bounding_box()
        bottom = app["y"] + app["height"] - (bar.bounding_box()["height"] if shown else 0)
        assert viewport["y"] + viewport["height"] == pytest.approx(bottom, abs=1.5)
        if shown:
            assert bar.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(16, 32, 48)"
            selected = bar.locator(".fx-tab-selected")
            assert selected.inner_text() == "Home"
            assert selected.evaluate("el => getComputedStyle(el).color") == "rgb(60, 197, 31)"
    finally:
        sim.close()


def test_progress_tag_selector_and_media_placeholder_sizes(basics: Sim) -> None:
    # miniprogram-demo's `progress { width: 100% }` missed the fx-progress element, and the
    # bar collapsed to nothing inside its flex row
    row = basics.box(".pbox")
    bar = basics.box("progress, fx-progress")
    assert row["width"] > 300 and bar["width"] == pytest.approx(row["width"], abs=1)
    assert basics.box(".vid")["width"] == pytest.approx(300, abs=1)
    assert basics.box(".vid")["height"] == pytest.approx(225, abs=1)
    assert basics.box(".cv")["height"] == pytest.approx(150, abs=1)
