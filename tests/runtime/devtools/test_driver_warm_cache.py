"""An app from the compile cache starts without compiling; warm_build_cache then fills
the hot-reload cache, so the first reload after an edit still recompiles only that file."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


@pytest.mark.timeout(90)
def test_a_cached_start_then_an_edit_recompiles_only_the_edited_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FANXING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FANXING_COMPILE_CACHE", raising=False)
    app = tmp_path / "todo"
    shutil.copytree(SAMPLES / "todo-wechat", app)
    wxml = app / "miniprogram/pages/index/index.wxml"

    async def start() -> AppDriver:
        driver = AppDriver(app, data_dir=tmp_path / "data")
        assert await driver.start()
        return driver

    async def main() -> None:
        await (await start()).close()  # compiles and stores the build
        driver = await start()
        try:
            assert driver.build_cache.root is None  # from the compile cache: nothing compiled
            await driver.warm_build_cache()
            assert driver.build_cache.root is not None
            wxml.write_text(wxml.read_text("utf-8").replace("Nothing to do.", "All done."),
                            "utf-8")
            assert await driver.reload(["pages/index/index.wxml"])
            assert driver.build_cache.last.templates_parsed == ["pages/index/index.wxml"]
            assert "All done." in driver.app.templates.sources["pages/index/index.wxml"]
        finally:
            await driver.close()

    asyncio.run(main())
