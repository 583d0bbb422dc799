"""Client → view messages are validated (``protocol.check_client_message``) before they
reach the container's logic: the view protocol, ``navigate`` / ``lifecycle`` from built-ins,
and the simulator's ``answer`` / ``sim``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from fanxing.compiler.build import compile_app
from fanxing.runtime.container.container import Container
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.view import protocol as P

VALID = [
    {"type": "hello", "client": "web", "screenWidth": 375},
    {"type": "ack", "pageId": "p1", "seq": 3},
    P.event_message("p1", 4, "tap", detail={"x": 1, "y": 2}),
    {"type": "pageScroll", "pageId": "p1", "scrollTop": 12.5},
    {"type": "ui", "action": "back", "pageId": "p1"},
    {"type": "ui", "action": "tabTap", "index": 1, "pagePath": "pages/b/b"},
    {"type": "clientError", "message": "boom", "pageId": "p1"},
    {"type": "navigate", "pageId": "p1", "openType": "navigate", "url": "/pages/b/b", "delta": 1},
    {"type": "navigate", "pageId": "p1", "openType": "navigateBack", "url": None, "delta": 2},
    {"type": "lifecycle", "pageId": "p1", "name": "onShareAppMessage",
     "args": [{"from": "button", "target": {"id": "s", "dataset": {}}}]},
    {"type": "lifecycle", "name": "onPullDownRefresh"},
    {"type": "answer", "askId": "ask1", "value": "ok"},
    {"type": "sim", "action": "setData", "path": "a.b", "value": 1},
    {"type": "sim", "action": "relaunch", "page": "pages/a/a", "query": "x=1"},
    {"type": "sim", "action": "sync", "token": 7},
]

INVALID = [
    ([1, 2], "expected a JSON object"),
    ({"type": "hello", "v": 2}, "protocol version 2"),
    ({"type": "dance"}, "unknown type 'dance'"),
    ({"seq": 1}, "unknown type None"),
    ({"type": "ack"}, "ack message: 'seq' is missing"),
    ({"type": "event", "nodeId": "4", "name": "tap"}, "event message: 'nodeId' must be an integer"),
    ({"type": "event", "nodeId": True, "name": "tap"}, "'nodeId' must be an integer"),
    ({"type": "event", "nodeId": 4, "name": ""}, "'name' must be a non-empty string"),
    ({"type": "event", "nodeId": 4, "name": "tap", "touches": {}}, "'touches' must be a list"),
    ({"type": "pageScroll", "scrollTop": "12"}, "pageScroll message: 'scrollTop' must be a number"),
    ({"type": "ui", "action": "forward"}, "ui message: 'action' must be \"back\" or \"tabTap\""),
    ({"type": "ui", "action": "tabTap"}, "ui message: 'pagePath' is missing"),
    ({"type": "navigate", "openType": "teleport", "url": "/a"}, "'openType' must be one of"),
    ({"type": "navigate", "openType": "navigate"}, "navigate message: 'url' is missing"),
    ({"type": "navigate", "url": "/a", "delta": 0}, "'delta' must be an integer >= 1"),
    ({"type": "navigate", "openType": "navigateBack", "delta": "2"}, "'delta' must be an integer"),
    ({"type": "lifecycle", "name": "onUnload"}, "lifecycle message: 'name' must be one of"),
    ({"type": "lifecycle", "name": "onLoad", "args": [{}]}, "'name' must be one of"),
    ({"type": "lifecycle", "name": "onReachBottom", "args": {}}, "'args' must be a list"),
    ({"type": "answer", "value": 1}, "answer message: 'askId' is missing"),
    ({"type": "sim", "action": "format"}, "sim message: 'action' must be a simulator action"),
    ({"type": "sim", "action": "setData", "value": 1}, "sim message: 'path' is missing"),
    ({"type": "sim", "action": "mocks", "changes": []}, "'changes' must be an object"),
]


@pytest.mark.parametrize("msg", VALID, ids=lambda m: f"{m['type']}-{m.get('action') or m.get('name') or ''}")
def test_valid_client_messages_pass(msg):
    assert P.check_client_message(msg) is msg


@pytest.mark.parametrize(("msg", "error"), INVALID, ids=lambda x: str(x)[:40])
def test_malformed_client_messages_are_rejected(msg, error):
    with pytest.raises(P.ProtocolError) as info:
        P.check_client_message(msg)
    assert error in str(info.value)


APP = {
    "app.json": {"pages": ["pages/a/a", "pages/b/b"]},
    "app.js": "App({});",
    "pages/a/a.json": {},
    "pages/a/a.axml": "<view>{{log.join(',')}}</view>",
    "pages/a/a.js": """Page({
        data: { log: [] },
        note(what) { this.setData({ log: this.data.log.concat([what]) }); },
        onPullDownRefresh() { this.note('refresh'); },
        onUnload() { this.note('unload'); },
        onLoad() { this.note('load'); },
    });""",
    "pages/b/b.json": {},
    "pages/b/b.axml": "<view>b</view>",
    "pages/b/b.js": "Page({});",
}


def write(root: Path) -> Path:
    for rel, content in APP.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content) if isinstance(content, dict) else content, "utf-8")
    return root


@pytest.fixture
def container(tmp_path):
    app = compile_app(write(tmp_path / "app"))
    assert app.ok, app.diagnostics
    c = Container(app, data_dir=tmp_path / "data")
    c.launch()
    c.settle(1000)
    yield c
    c.close()


def test_container_keeps_malformed_messages_from_the_logic_layer(container):
    page_id = container.stack.top.page_id
    container.client_message({"type": "lifecycle", "pageId": page_id, "name": "onPullDownRefresh"})
    container.client_message({"type": "lifecycle", "pageId": page_id, "name": "onUnload"})
    container.client_message({"type": "lifecycle", "pageId": page_id, "name": "onLoad"})
    container.client_message({"type": "navigate", "openType": "navigate", "url": "/pages/b/b",
                              "delta": 0})
    container.settle(1000)
    assert container.page_data()["log"] == ["load", "refresh"]  # no client-made onUnload/onLoad
    assert container.stack.top.page_id == page_id  # the bad navigate went nowhere
    messages = [e["message"] for e in container.errors]
    assert sum("lifecycle message: 'name' must be one of" in m for m in messages) == 2
    assert any("navigate message: 'delta' must be an integer >= 1, not 0" in m for m in messages)
    container.client_message({"type": "navigate", "openType": "navigate", "url": "/pages/b/b"})
    container.settle(1000)
    assert container.stack.top.route == "pages/b/b"


def test_driver_turns_a_malformed_message_into_an_error_notice(tmp_path):
    async def main() -> list[dict]:
        driver = AppDriver(write(tmp_path / "app"), data_dir=tmp_path / "data")
        assert await driver.start()
        seen: list[dict] = []
        driver.connect(seen.append)
        try:
            await driver.handle({"type": "sim", "action": "storageSet", "value": 1})
            await driver.handle("not json object")
            await driver.handle({"type": "answer"})
        finally:
            await driver.close()
        return [m for m in seen if m.get("type") == "sim" and m.get("event") == "notice"]

    notices = asyncio.run(main())
    texts = [n["text"] for n in notices if n["level"] == "error"]
    assert any("sim message: 'key' is missing" in t for t in texts)
    assert any("expected a JSON object, not str" in t for t in texts)
    assert any("answer message: 'askId' is missing" in t for t in texts)
