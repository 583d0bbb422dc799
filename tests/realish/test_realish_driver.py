"""The preview driver on an app with one page that does not compile (as miniprogram-demo
has TypeScript pages): refused by default, run with ``allow_errors``."""

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


def test_an_app_with_errors_is_refused_by_default(tmp_path: Path) -> None:
    ok, driver, sent = _start(tmp_path)
    assert not ok
    assert driver.app is None
    errors = [m for m in sent if m.get("type") == "compileError"]
    assert errors and errors[0]["diagnostics"][0]["path"] == "pages/broken/broken.js"


def test_allow_errors_runs_the_pages_that_compile(tmp_path: Path) -> None:
    ok, driver, sent = _start(tmp_path, allow_errors=True, page="pages/good/good")
    assert ok
    assert not [m for m in sent if m.get("type") == "compileError"]
    notices = [m["text"] for m in sent if m.get("type") == "sim" and m.get("event") == "notice"]
    assert any("1 compile error(s)" in t and "broken.js" in t for t in notices)
    texts = [op[1].get("children", [{}])[0].get("text") for m in sent if m.get("type") == "patch"
             for op in m["ops"] if op[0] == "create"]
    assert "hello" in texts
