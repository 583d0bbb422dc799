"""samples/antd-gallery in real Chromium (the preview server): antd-mini's styles apply
(primary button in antd's brand blue, the popup over the page), a real click opens a
popup and closes it; screenshots of both dialects are left in the shots folder."""

from __future__ import annotations

import pytest

from .driver import SAMPLES

PAGE = "#fx-app .fx-page-frame:visible"


@pytest.mark.parametrize("dialect", ["alipay", "wechat"])
def test_gallery_draws_and_opens_a_popup(browser, shots, tmp_path, dialect) -> None:
    from fanxing.runtime.devtools.driver import AppDriver
    from fanxing.runtime.devtools.preview_server import BackgroundPreview

    app = SAMPLES / "antd-gallery" / dialect
    if not (app / "node_modules" / "antd-mini").is_dir():
        pytest.skip(f"antd-mini is not installed in {app} (run .ci/setup)")
    preview = BackgroundPreview(AppDriver(app, data_dir=tmp_path, page="pages/general/index"))
    url = preview.start()
    page = browser.new_page(viewport={"width": 1320, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        page.wait_for_function("window.FXSIM && FXSIM.connected")
        page.evaluate("FXSIM.sync()")
        frame = page.locator(PAGE)
        primary = frame.locator(".ant-button-primary").first
        primary.wait_for()
        assert primary.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(22, 119, 255)"
        if dialect == "alipay":  # Alipay's built-in button is full width (WeChat's v2: 184 px)
            assert primary.evaluate("e => e.getBoundingClientRect().width") > 300
        page.locator("#sim-frame").screenshot(path=str(shots / f"antd-gallery-{dialect}-general.png"))
        page.evaluate("FXSIM.command('relaunch', {page: 'pages/feedback/index'})")
        page.evaluate("FXSIM.sync()")
        page.locator(PAGE).locator(".open-popup").first.click()
        popup = page.locator(PAGE).locator(".ant-popup-content").first
        popup.wait_for(state="visible")
        page.wait_for_timeout(600)  # the slide-up animation
        box = popup.bounding_box()
        screen = page.locator("#sim-frame .sim-screen").bounding_box()
        assert box and screen and abs(box["y"] + box["height"] - (screen["y"] + screen["height"])) < 2
        page.locator("#sim-frame").screenshot(path=str(shots / f"antd-gallery-{dialect}-popup.png"))
        page.locator(PAGE).locator(".ant-popup-content-header-icon-close").first.click()
        popup.wait_for(state="hidden")
        assert errors == []
    finally:
        page.close()
        preview.stop()
