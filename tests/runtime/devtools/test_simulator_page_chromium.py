"""The simulator page in real Chromium: the toolbar stays one row at the desktop window's
width and at 1400 px, even with a long launch route and a long status text; a runtime
error in the console names the app's file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import BackgroundPreview

ROUTE = "pages/subpackage-for-orders/order-detail-with-a-long-name/order-detail-with-a-long-name"
ROW = """() => {
  const bar = document.querySelector('.sim-toolbar');
  const boxes = [...bar.querySelectorAll('button, select, input, .sim-status')]
    .map(el => el.getBoundingClientRect()).filter(r => r.width > 0);
  return {height: bar.getBoundingClientRect().height,
          tops: [...new Set(boxes.map(r => Math.round(r.top / 10)))],
          right: Math.max(...boxes.map(r => r.right)), width: bar.clientWidth,
          buttons: [...bar.querySelectorAll('button')].map(b => b.scrollWidth <= b.clientWidth + 1)};
}"""


@pytest.fixture
def long_app(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    for rel, text in {
        "app.json": json.dumps({"pages": [ROUTE, "pages/index/index"]}),
        "app.js": "App({});",
        f"{ROUTE}.axml": "<view>detail</view>", f"{ROUTE}.js": "Page({});",
        "pages/index/index.axml": "<view>home</view>", "pages/index/index.js": "Page({});",
    }.items():
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_text(text)
    return app


@pytest.mark.parametrize("width", [1320, 1400])
def test_toolbar_is_one_row(browser, long_app: Path, tmp_path: Path, shots: Path,
                            width: int) -> None:
    driver = AppDriver(long_app, data_dir=tmp_path / "data")
    with BackgroundPreview(driver) as url:
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto(url)
            page.wait_for_function("window.FXSIM && FXSIM.connected")
            page.evaluate("document.querySelector('.sim-status').textContent = "
                          "'hot reload: recompiled 14 files with 2 warnings in "
                          "pages/index/index.axml and more text than fits'")
            got = page.evaluate(ROW)
            page.screenshot(path=str(shots / f"toolbar-{width}.png"),
                            clip={"x": 0, "y": 0, "width": width, "height": 80})
        finally:
            page.close()
    assert got["height"] < 50, got
    assert len(got["tops"]) == 1, got  # every control on one row
    assert got["right"] <= got["width"] + 1, got
    assert all(got["buttons"]), got  # no button squeezed below its label


def test_console_shows_a_runtime_error_at_the_apps_file_line_col(browser, tmp_path: Path
                                                                  ) -> None:
    app = tmp_path / "boom"
    for rel, text in {
        "app.json": json.dumps({"pages": ["pages/index/index"]}), "app.js": "App({});",
        "pages/index/index.wxml": '<view class="boom" bindtap="boom">boom</view>',
        "pages/index/index.js": "Page({\n  boom() {\n    const x = null;\n    x.go();\n  },\n});\n",
    }.items():
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_text(text)
    driver = AppDriver(app, data_dir=tmp_path / "data")
    with BackgroundPreview(driver) as url:
        page = browser.new_page(viewport={"width": 1320, "height": 900})
        try:
            page.goto(url)
            page.wait_for_function("window.FXSIM && FXSIM.connected")
            page.locator("#fx-app .fx-page-frame:visible .boom").click()
            page.click('#sim-tabs button[data-panel="console"]')
            line = page.locator("#sim-console .sim-line", has_text="go").first
            line.wait_for()
            src = line.locator(".sim-src").text_content()
        finally:
            page.close()
    assert src == "pages/index/index.js:4:5", src  # the `x` of x.go()


def test_one_request_shows_the_page_and_a_long_list_is_not_laid_out_in_appdata(
        browser, tmp_path: Path, shots: Path) -> None:
    # The page, its styles and scripts come in one response; the app's messages come on
    # the WebSocket its first script opens. A 3000-item list in the AppData panel shows
    # its start until clicked (a textarea lays out all its text).
    app = tmp_path / "long"
    for rel, text in {
        "app.json": json.dumps({"pages": ["pages/index/index"]}), "app.js": "App({});",
        "pages/index/index.wxml": '<view wx:for="{{list}}" wx:key="*this" id="i{{item}}">'
                                  "{{item}}</view><view id=\"who\">{{who}}</view>",
        "pages/index/index.js": "Page({ data: { who: 'me', list: Array.from("
                                "{ length: 3000 }, (_, i) => i) } });",
    }.items():
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_text(text)
    driver = AppDriver(app, data_dir=tmp_path / "data")
    with BackgroundPreview(driver) as url:
        page = browser.new_page(viewport={"width": 1320, "height": 900})
        asked: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(url)
            page.locator("#fx-app .fx-page-frame:visible #i2999").wait_for(state="attached")
            page.evaluate("FXSIM.sync()")
            assert asked == [url]
            assert page.locator('#sim-data-keys textarea[data-key="who"]').input_value() == '"me"'
            assert page.locator('#sim-data-keys textarea[data-key="list"]').count() == 0
            peek = page.locator('#sim-data-keys .sim-kv-peek[data-key="list"]')
            assert peek.inner_text().startswith("[ 0, 1, 2")
            page.screenshot(path=str(shots / "simulator-long-list.png"))
            peek.click()
            area = page.locator('#sim-data-keys textarea[data-key="list"]')
            assert json.loads(area.input_value()) == list(range(3000))
            assert area.evaluate("el => el === document.activeElement")
            # the toolbar and the Mocks panel were filled (after the page showed)
            assert page.locator("#sim-device option").count() > 3
            assert page.locator("#sim-mock-network option").count() > 1
        finally:
            page.close()
    assert errors == []
