"""``preview``/``dev`` honour the project's ``setting.urlCheck`` (WeChat; the private
config overrides it); with the check off, each request off the whitelist is flagged in
the console the simulator shows (issue 10, finding 2)."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fanxing.runtime.container.project_settings import project_settings
from fanxing.runtime.devtools.driver import AppDriver

from tests.compiler.app_factory import write_tree


class Hello(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("content-length", "5")
        self.end_headers()
        self.wfile.write(b"hello")


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def _app(root: Path, server: str, setting: dict | None, private: dict | None = None) -> Path:
    files = {
        "app.json": {"pages": ["pages/index/index"]},
        "app.js": "App({});",
        "pages/index/index.wxml": "<view class='r'>{{r}}</view>",
        "pages/index/index.js": "Page({ data: {r: ''}, onLoad() { wx.request({url: '"
                                + server + "/x', success: (r) => this.setData({r: r.data}),"
                                " fail: (e) => this.setData({r: e.errMsg}) }); } });",
        "project.config.json": {"appid": "wxurlcheck", **({"setting": setting} if setting else {})},
    }
    if private is not None:
        files["project.private.config.json"] = {"setting": private}
    return write_tree(root, files)


def test_settings_are_read_with_the_private_override(tmp_path, server):
    assert project_settings(_app(tmp_path / "a", server, {"urlCheck": True})).url_check is True
    assert project_settings(_app(tmp_path / "b", server, None)).url_check is None
    both = _app(tmp_path / "c", server, {"urlCheck": True}, {"urlCheck": False})
    assert project_settings(both).url_check is False
    assert project_settings(both).appid == "wxurlcheck"


async def _run_driver(app: Path, data_dir: Path) -> AppDriver:
    d = AppDriver(app, data_dir=data_dir)
    await d.start()
    for _ in range(200):
        await asyncio.sleep(0.02)
        c = d.container
        if c is not None and c.pages and next(iter(c.pages.values())).view.data.get("r"):
            break
    return d


@pytest.mark.parametrize(("setting", "expect"), [
    ({"urlCheck": True}, "request:fail url not in domain list"),
    ({"urlCheck": False}, "hello"),
    (None, "hello"),  # no word from the project: the simulator's default (check off)
])
def test_simulator_follows_url_check_and_flags_off_list_requests(tmp_path, server, setting, expect):
    app = _app(tmp_path / "app", server, setting)

    async def go() -> tuple[str, list[dict]]:
        d = await _run_driver(app, tmp_path / "data")
        try:
            c = d.container
            page = next(iter(c.pages.values()))
            return page.view.data.get("r"), list(c.console)
        finally:
            await d.close()

    result, console = asyncio.run(go())
    assert result == expect
    flags = [m for m in console if m.get("source") == "fanxing:bridge"]
    if expect == "hello":
        assert len(flags) == 1 and flags[0]["level"] == "warn"
        assert f"{server}/x is not in the domain whitelist" in flags[0]["args"][0]
    else:
        assert flags == []
