"""Hot reload: files edited on disk (in a temp copy of a sample) reach a running app;
a compile error is reported with file:line:col and its source line, and fixing it
brings the app back on the page that was open."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.hot_reload import HotReloader, is_source

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


class Client:
    """A client of the driver that records every message it gets."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.changed = asyncio.Event()

    def __call__(self, msg: dict) -> None:
        self.messages.append(msg)
        self.changed.set()

    async def wait_for(self, pred, timeout: float = 15.0) -> dict:
        async def scan() -> dict:
            seen = 0
            while True:
                for msg in self.messages[seen:]:
                    if pred(msg):
                        return msg
                seen = len(self.messages)
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(scan(), timeout)

    def texts(self) -> str:
        """All text that patches put on screen since the last reset."""
        start = max((i for i, m in enumerate(self.messages)
                     if m.get("type") == "sim" and m.get("event") == "reset"), default=0)
        out: list[str] = []

        def walk(spec: dict) -> None:
            if "text" in spec:
                out.append(spec["text"])
            for child in spec.get("children", []):
                walk(child)

        for m in self.messages[start:]:
            if m.get("type") == "patch":
                for op in m["ops"]:
                    if op[0] == "create":
                        walk(op[1])
                    elif op[0] == "setText":
                        out.append(op[2])
        return "\n".join(out)


async def running(app: Path, data: Path) -> tuple[AppDriver, HotReloader, Client]:
    driver = AppDriver(app, data_dir=data)
    assert await driver.start()
    client = Client()
    driver.connect(client)
    reloader = HotReloader(driver, quiet=0.05)
    reloader.start()
    await driver.settled()
    return driver, reloader, client


def test_is_source_filters_what_reloads(tmp_path):
    root = tmp_path.resolve()
    assert is_source(str(root / "pages/a/a.wxml"), root)
    assert is_source(str(root / "app.json"), root)
    assert not is_source(str(root / "pages/a/a.png"), root)
    assert not is_source(str(root / ".git/index.json"), root)
    assert not is_source(str(root / "node_modules/x/index.js"), root)
    assert not is_source("/elsewhere/a.js", root)


@pytest.mark.timeout(90)
def test_template_style_and_script_edits_reload(tmp_path):
    app = tmp_path / "todo"
    shutil.copytree(SAMPLES / "todo-wechat", app)
    page = app / "miniprogram/pages/index"

    async def main() -> None:
        driver, reloader, client = await running(app, tmp_path / "data")
        try:
            assert "Nothing to do." in client.texts()
            wxml = page / "index.wxml"
            wxml.write_text(wxml.read_text("utf-8").replace("Nothing to do.", "All done here."),
                            "utf-8")
            await client.wait_for(lambda m: m.get("type") == "patch"
                                  and "All done here." in str(m["ops"]))
            assert driver.generation == 2
            wxss = page / "index.wxss"
            wxss.write_text(wxss.read_text("utf-8") + "\n.empty { color: #123456; }\n", "utf-8")
            css = await client.wait_for(lambda m: m.get("type") == "page"
                                        and m.get("action") == "create"
                                        and "#123456" in (m.get("css") or ""))
            assert css["route"] == "pages/index/index"
            js = page / "index.js"
            js.write_text(js.read_text("utf-8").replace("title: 'Todos'", "title: 'Reloaded'"),
                          "utf-8")
            await client.wait_for(lambda m: m.get("type") == "sim" and m.get("event") == "data"
                                  and (m.get("data") or {}).get("title") == "Reloaded")
            assert reloader.reloads >= 3
        finally:
            reloader.stop()
            await driver.close()

    asyncio.run(main())


@pytest.mark.timeout(90)
def test_compile_error_overlay_and_recovery_on_the_same_page(tmp_path):
    app = tmp_path / "todo"
    shutil.copytree(SAMPLES / "todo-wechat", app)
    detail = app / "miniprogram/pages/detail/detail.wxml"

    async def main() -> None:
        driver, reloader, client = await running(app, tmp_path / "data")
        try:
            # open the detail page, as a user would, so recovery must come back to it
            driver.storage_set("todos", [{"id": 1, "text": "x", "done": False, "createdAt": 0}])
            await driver.restart(page="pages/detail/detail", query={"id": "1"})
            await driver.settled()
            good = detail.read_text("utf-8")
            lines = good.splitlines()
            broken_line = 2
            lines.insert(broken_line - 1, "<text>{{ todo.text + }}</text>")
            detail.write_text("\n".join(lines) + "\n", "utf-8")
            err = await client.wait_for(lambda m: m.get("type") == "compileError")
            diag = err["diagnostics"][0]
            assert diag["path"] == "pages/detail/detail.wxml"
            assert diag["line"] == broken_line and diag["col"] > len("<text>{{")
            assert diag["source"] == lines[diag["line"] - 1]
            assert diag["text"].startswith(f"pages/detail/detail.wxml:{diag['line']}:{diag['col']}:")
            assert driver.generation == 2  # the old run keeps going under the overlay
            # a client connecting now sees the error too
            late = Client()
            driver.connect(late)
            assert any(m.get("type") == "compileError" for m in late.messages)
            detail.write_text(good, "utf-8")
            await client.wait_for(lambda m: m.get("type") == "compiled")
            state = await client.wait_for(lambda m: m.get("type") == "sim"
                                          and m.get("event") == "state" and m["generation"] == 3)
            assert state["ok"] is True
            await driver.settled()
            top = driver.container.stack.top
            assert (top.route, top.query) == ("pages/detail/detail", {"id": "1"})
        finally:
            reloader.stop()
            await driver.close()

    asyncio.run(main())
