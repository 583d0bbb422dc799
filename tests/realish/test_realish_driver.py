"""The preview driver on an app with one page that does not compile: the pages the errors
do not reach run (with a notice), a page they reach shows them (overlay) unless
``allow_errors``."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fanxing.runtime.devtools.driver import AppDriver

PARTIAL = Path(__file__).resolve().parents[1] / "fixtures" / "realish" / "wechat-partial"


def _start(tmp_path: Path, **kw) -> tuple[bool, AppDriver, list[dict]]:
    sent: list[dict] = []

    async def run() -> tuple[bool, AppDriver]:
        driver = AppDriver(PARTIAL, data_dir=tmp_path, **kw)
        driver.connect(sent.append)
        ok = await driver.start()
        if driver.container is not None:
            await driver.settled()
        await driver.close()
        return ok, driver

    ok, driver = asyncio.run(run())
    return ok, driver, sent


def test_a_page_reached_by_errors_is_refused(tmp_path: Path) -> None:
    ok, driver, sent = _start(tmp_path, page="pages/broken/broken")
    assert not ok
    assert driver.app is None
    errors = [m for m in sent if m.get("type") == "compileError"]
    assert errors and errors[0]["diagnostics"][0]["path"] == "pages/broken/broken.js"


def test_pages_the_errors_do_not_reach_run(tmp_path: Path) -> None:
    ok, driver, sent = _start(tmp_path)  # the home page, pages/good/good
    assert ok and driver.app is not None
    assert not [m for m in sent if m.get("type") == "compileError"]
    notices = [m["text"] for m in sent if m.get("type") == "sim" and m.get("event") == "notice"]
    assert any("1 compile error(s) in pages not open" in t and "broken.js" in t
               for t in notices)
    assert [d["path"] for d in driver.app_errors] == ["pages/broken/broken.js"]


def test_allow_errors_runs_the_pages_that_compile(tmp_path: Path) -> None:
    ok, driver, sent = _start(tmp_path, allow_errors=True, page="pages/good/good")
    assert ok
    assert not [m for m in sent if m.get("type") == "compileError"]
    notices = [m["text"] for m in sent if m.get("type") == "sim" and m.get("event") == "notice"]
    assert any("1 compile error(s)" in t and "broken.js" in t for t in notices)
    texts = [op[1].get("children", [{}])[0].get("text") for m in sent if m.get("type") == "patch"
             for op in m["ops"] if op[0] == "create"]
    assert "hello" in texts


def test_opening_a_page_reached_by_errors_shows_them_until_it_is_left(tmp_path: Path) -> None:
    sent: list[dict] = []

    async def run() -> None:
        driver = AppDriver(PARTIAL, data_dir=tmp_path)
        driver.connect(sent.append)
        assert await driver.start()
        await driver.settled()
        driver.container.navigate("navigateTo", "/pages/broken/broken")
        await driver.settled()
        kinds = [m.get("type") for m in sent if m.get("type") in ("compileError", "compiled")]
        assert kinds == ["compileError"]
        assert driver.diagnostics[0]["path"] == "pages/broken/broken.js"
        driver.container.navigate("navigateBack", None)
        await driver.settled()
        kinds = [m.get("type") for m in sent if m.get("type") in ("compileError", "compiled")]
        assert kinds == ["compileError", "compiled"] and driver.diagnostics == []
        await driver.close()

    asyncio.run(run())
