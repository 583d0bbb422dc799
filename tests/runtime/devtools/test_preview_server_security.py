"""The preview server over a real socket: a token from every client, the Host header
checked (DNS rebinding), only the assets pages need, bounded client messages
(issue 10, finding 9)."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import BackgroundPreview, frame_messages
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect as ws_connect

from tests.compiler.app_factory import write_tree

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview")
    app = write_tree(root / "app", {
        "app.json": {"pages": ["pages/index/index"]}, "app.js": "App({});",
        "project.config.json": {"appid": "wxsecret", "private": "do not serve me"},
        "config/secret.json": {"apiKey": "sk-123"},
        "pages/index/index.wxml": "<view>hi</view>", "pages/index/index.js": "Page({});",
    })
    (app / "img").mkdir()
    (app / "img" / "a.png").write_bytes(PNG)
    server = BackgroundPreview(AppDriver(app, data_dir=root / "data"))
    server.start()
    yield server
    server.stop()


def _parts(preview):
    base, token = preview.url.split("?token=")
    return base, token, preview.server.port


def test_every_http_request_needs_the_token(preview):
    base, token, port = _parts(preview)
    page = httpx.get(preview.url, timeout=10)
    assert page.status_code == 200
    assert f'<meta name="fx-token" content="{token}">' in page.text
    cookie = page.headers["set-cookie"]
    assert f"fx-token-{port}={token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    for url in (base, base + "__fx/bundle.js", base + "img/a.png", base + "?token=wrong",
                base + "?token=" + token[:-1]):
        assert httpx.get(url, timeout=10).status_code == 403, url
    assert httpx.get(base + "img/a.png", cookies={f"fx-token-{port}": token},
                     timeout=10).content == PNG
    assert httpx.get(base + "__fx/bundle.js", headers={"X-Fanxing-Token": token},
                     timeout=10).status_code == 200


@pytest.mark.parametrize("path", ["project.config.json", "config/secret.json", "app.js",
                                  "app.json", "pages/index/index.wxml", "../app/app.js",
                                  "%2e%2e/data/storage"])
def test_only_page_assets_are_served(preview, path):
    base, token, _ = _parts(preview)
    r = httpx.get(base + path, headers={"X-Fanxing-Token": token}, timeout=10)
    assert r.status_code == 404 and b"sk-123" not in r.content and b"do not serve" not in r.content


def _raw_get(port: int, host: str, token: str) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET /?token={token} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                  .encode())
        return int(s.recv(64).split()[1])


def test_host_header_is_checked(preview):
    _, token, port = _parts(preview)
    assert _raw_get(port, f"127.0.0.1:{port}", token) == 200
    assert _raw_get(port, f"localhost:{port}", token) == 200
    for host in (f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", "127.0.0.1:1",
                 f"localhost.evil.example:{port}", "", "[::1"):
        assert _raw_get(port, host, token) == 403, host


def test_websocket_needs_the_token_and_the_origin(preview):
    base, token, port = _parts(preview)
    ws = base.replace("http://", "ws://") + "ws"
    for url, origin in ((ws, None), (ws + "?token=nope", None),
                        (f"{ws}?token={token}", "http://evil.example"),
                        (f"{ws}?token={token}", f"http://rebound.example:{port}")):
        with pytest.raises(InvalidStatus):
            ws_connect(url, origin=origin, open_timeout=10)
    with ws_connect(f"{ws}?token={token}", origin=f"http://127.0.0.1:{port}",
                    open_timeout=10) as conn:
        assert frame_messages(conn.recv(timeout=10))[0]["event"] == "state"


def _synced(conn, token: str) -> None:
    conn.send(json.dumps({"v": 1, "type": "sim", "action": "sync", "token": token}))
    for _ in range(50):
        for msg in frame_messages(conn.recv(timeout=10)):
            if msg.get("event") == "synced" and msg.get("token") == token:
                return
    raise AssertionError("no synced answer")


def test_hostile_messages_are_dropped_and_the_connection_goes_on(preview):
    base, token, _ = _parts(preview)
    with ws_connect(base.replace("http://", "ws://") + f"ws?token={token}",
                    open_timeout=10) as conn:
        for hostile in ("[" * 100_000, "{" * 70 + "}" * 70, '"' + '\\"' * 300_000,
                        "not json", json.dumps({"type": "sim", "action": [[[[1]]]]})):
            conn.send(hostile)
        _synced(conn, "after-hostile")
    with ws_connect(base.replace("http://", "ws://") + f"ws?token={token}",
                    open_timeout=10) as conn:
        with pytest.raises(ConnectionClosed) as closed:  # over the size bound: closed
            conn.send("[" + "1," * (1024 * 1024 + 10) + "1]")
            for _ in range(100):
                conn.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    with ws_connect(base.replace("http://", "ws://") + f"ws?token={token}",
                    open_timeout=10) as conn:
        _synced(conn, "server-still-up")


def test_a_new_start_has_a_new_token(tmp_path):
    app = write_tree(tmp_path / "app", {"app.json": {"pages": ["pages/index/index"]},
                                        "app.js": "App({});", "pages/index/index.wxml": "<view/>",
                                        "pages/index/index.js": "Page({});"})
    tokens = []
    for _ in range(2):
        server = BackgroundPreview(AppDriver(app, data_dir=tmp_path / "data"))
        tokens.append(server.start().split("?token=")[1])
        server.stop()
    assert tokens[0] != tokens[1] and len(tokens[0]) >= 32


def test_what_is_queued_together_goes_in_one_frame(preview):
    # a new client's replay (state, the page, panels…) is queued at once: one frame, an
    # array in order; a lone answer is a plain object
    base, token, port = _parts(preview)
    with ws_connect(base.replace("http://", "ws://") + f"ws?token={token}",
                    origin=f"http://127.0.0.1:{port}", open_timeout=10) as conn:
        first = conn.recv(timeout=10)
        batch = json.loads(first)
        assert isinstance(batch, list) and len(batch) > 2
        assert batch[0]["event"] == "state" and frame_messages(first) == batch
        assert {m["type"] for m in batch} >= {"sim", "page", "patch"}
        _synced(conn, "settled")  # the panels of the launch are out by then
        conn.send(json.dumps({"v": 1, "type": "sim", "action": "sync", "token": "lone"}))
        answer = json.loads(conn.recv(timeout=10))
        assert isinstance(answer, dict) and answer["event"] == "synced"
