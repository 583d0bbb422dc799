"""The preview server listens before the app is compiled (cold start, issue 15): a client
that connects meanwhile gets the first page, or the compile errors, once they exist."""

from __future__ import annotations

import asyncio
import json

from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import PreviewServer, frame_messages
from websockets.asyncio.client import connect

from tests.compiler.app_factory import write_tree


async def _until(ws, kind: str) -> list[dict]:
    """Messages up to and including the first of type ``kind``."""
    out: list[dict] = []
    while not any(m["type"] == kind for m in out):
        out.extend(frame_messages(await asyncio.wait_for(ws.recv(), 30)))
    return out[:next(i for i, m in enumerate(out) if m["type"] == kind) + 1]


def _early(app, data_dir, kind: str) -> tuple[AppDriver, list[dict]]:
    async def run() -> tuple[AppDriver, list[dict]]:
        driver = AppDriver(app, data_dir=data_dir)
        server = PreviewServer(driver)
        url = await server.start(wait=False)
        # listening, with the URL, and nothing compiled yet
        assert url.startswith("http://127.0.0.1:") and driver.app is None
        assert not driver.started
        try:
            async with connect(f"ws://127.0.0.1:{server.port}/ws?token={server.token}") as ws:
                msgs = await _until(ws, kind)
            await server.ready()
        finally:
            await server.close()
        return driver, msgs

    return asyncio.run(run())


def test_a_client_connected_before_the_launch_gets_the_first_page(tmp_path):
    app = write_tree(tmp_path / "app", {
        "app.json": {"pages": ["pages/index/index"]}, "app.js": "App({});",
        "pages/index/index.wxml": "<view id='hi'>{{text}}</view>",
        "pages/index/index.js": "Page({data: {text: 'hello early'}});",
    })
    driver, msgs = _early(app, tmp_path / "data", "patch")
    assert driver.app is not None and driver.generation == 1
    assert any(m["type"] == "page" and m.get("action") == "create" for m in msgs)
    assert "hello early" in json.dumps(msgs[-1], ensure_ascii=False)


def test_a_client_connected_before_the_compile_gets_its_errors(tmp_path):
    app = write_tree(tmp_path / "app", {
        "app.json": {"pages": ["pages/index/index"]}, "app.js": "App({});",
        "pages/index/index.wxml": "<view>{{ a + }}</view>",
        "pages/index/index.js": "Page({});",
    })
    driver, msgs = _early(app, tmp_path / "data", "compileError")
    assert driver.container is None
    assert msgs[-1]["diagnostics"][0]["path"] == "pages/index/index.wxml"
