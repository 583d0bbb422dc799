"""The driver keeps a BuildCache: a hot reload after one edit recompiles only that file."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from fanxing.compiler.build import compile_app
from fanxing.runtime.devtools.driver import AppDriver

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


@pytest.mark.timeout(90)
def test_reload_recompiles_only_the_edited_template(tmp_path):
    app = tmp_path / "todo"
    shutil.copytree(SAMPLES / "todo-wechat", app)
    wxml = app / "miniprogram/pages/index/index.wxml"

    async def main() -> None:
        driver = AppDriver(app, data_dir=tmp_path / "data")
        assert await driver.start()
        try:
            assert len(driver.build_cache.last.templates_parsed) > 1  # the first build
            wxml.write_text(wxml.read_text("utf-8").replace("Nothing to do.", "All done."),
                            "utf-8")
            assert await driver.reload(["pages/index/index.wxml"])
            work = driver.build_cache.last
            assert work.templates_parsed == ["pages/index/index.wxml"]
            assert work.modules_transformed == [] and work.styles_compiled == 0
            fresh = compile_app(app)
            assert driver.app.templates.sources == fresh.templates.sources
            assert driver.app.styles == fresh.styles
            assert "All done." in driver.app.templates.sources["pages/index/index.wxml"]
        finally:
            await driver.close()

    asyncio.run(main())
