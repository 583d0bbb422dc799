"""Network against a local HTTP server on 127.0.0.1: request, whitelist, mocks, abort,
upload and download."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fanxing.bridge import ApiError, AppPolicy


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _reply(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/slow"):
            time.sleep(1.0)
        if self.path.startswith("/text"):
            return self._reply(200, b"plain words", "text/plain")
        if self.path.startswith("/missing"):
            return self._reply(404, b'{"e":"nope"}')
        if self.path.startswith("/file.txt"):
            return self._reply(200, b"file body", "text/plain")
        self._reply(200, json.dumps({"path": self.path,
                                     "token": self.headers.get("x-token")}).encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        self._reply(200, json.dumps({"ctype": self.headers.get("content-type"),
                                     "body": body.decode("latin-1")}).encode())

    do_PUT = do_POST


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that time out or abort hang up on purpose


@pytest.fixture(scope="module")
def server():
    srv = QuietServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.fixture
def open_policy(server):
    return AppPolicy(domains=[server.replace("http://", "")])


def test_get_with_query_and_headers_both_dialects(make_bridge, server, open_policy):
    a = make_bridge("alipay", policy=open_policy)
    r = a.call_sync("my.request", {"url": f"{server}/q", "data": {"a": "1"},
                                   "headers": {"x-token": "t1"}})
    assert r["status"] == 200 and r["data"] == {"path": "/q?a=1", "token": "t1"}
    w = make_bridge("wechat", policy=open_policy)
    r = w.call_sync("wx.request", {"url": f"{server}/q", "header": {"X-Token": "t2"}})
    assert r["statusCode"] == 200 and r["data"]["token"] == "t2"
    assert r["errMsg"] == "request:ok"


def test_post_json_and_form(make_bridge, server, open_policy):
    w = make_bridge("wechat", policy=open_policy)
    r = w.call_sync("wx.request", {"url": f"{server}/p", "method": "POST", "data": {"n": 1}})
    assert r["data"] == {"ctype": "application/json", "body": '{"n": 1}'}
    r = w.call_sync("wx.request", {"url": f"{server}/p", "method": "PUT", "data": {"n": "x y"},
                                   "header": {"content-type": "application/x-www-form-urlencoded"}})
    assert r["data"]["body"] == "n=x+y"


def test_data_types_and_http_errors(make_bridge, server, open_policy):
    a = make_bridge("alipay", policy=open_policy)
    assert a.call_sync("my.request", {"url": f"{server}/text", "dataType": "text"})["data"] == \
        "plain words"
    with pytest.raises(ApiError) as e:
        a.call_sync("my.request", {"url": f"{server}/text"})
    assert e.value.payload["error"] == 14
    with pytest.raises(ApiError) as e:
        a.call_sync("my.request", {"url": f"{server}/missing"})
    assert e.value.payload["error"] == 19 and e.value.payload["status"] == 404
    w = make_bridge("wechat", policy=open_policy)
    assert w.call_sync("wx.request", {"url": f"{server}/text"})["data"] == "plain words"
    assert w.call_sync("wx.request", {"url": f"{server}/missing"})["statusCode"] == 404


def test_timeout(make_bridge, server, open_policy):
    w = make_bridge("wechat", policy=open_policy)
    with pytest.raises(ApiError) as e:
        w.call_sync("wx.request", {"url": f"{server}/slow", "timeout": 200})
    assert e.value.payload == {"errMsg": "request:fail timeout"}


def test_domain_whitelist_and_dev_switch(make_bridge, server):
    a = make_bridge("alipay", policy=AppPolicy(domains=["api.example.com"]))
    with pytest.raises(ApiError) as e:
        a.call_sync("my.request", {"url": f"{server}/q"})
    assert e.value.payload["error"] == 4
    w = make_bridge("wechat", policy=AppPolicy(domains=["https://127.0.0.1"]))
    with pytest.raises(ApiError) as e:  # scheme must match too
        w.call_sync("wx.request", {"url": f"{server}/q"})
    assert e.value.payload == {"errMsg": "request:fail url not in domain list"}
    dev = make_bridge("wechat", policy=AppPolicy(check_domains=False))
    assert dev.call_sync("wx.request", {"url": f"{server}/q"})["statusCode"] == 200


def test_mock_rules(make_bridge):
    w = make_bridge("wechat", policy=AppPolicy(domains=["api.example.com"]))
    rule = w.network.mock("https://api.example.com/user*", json={"name": "mocked"}, times=1)
    w.network.mock("https://api.example.com/down", error="timeout")
    r = w.call_sync("wx.request", {"url": "https://api.example.com/user?id=1"})
    assert r["data"] == {"name": "mocked"} and rule.calls == 1
    with pytest.raises(ApiError) as e:
        w.call_sync("wx.request", {"url": "https://api.example.com/down"})
    assert e.value.payload["errMsg"] == "request:fail timeout"
    with pytest.raises(ApiError):  # mocks do not bypass the whitelist
        w.call_sync("wx.request", {"url": "https://evil.example.com/user"})


def test_abort_from_js_task(make_js, server):
    js = make_js("wechat", policy=AppPolicy(check_domains=False))
    js.ctx.eval(f"""
      var task = wx.request({{url: '{server}/slow', fail: function (e) {{ log.push(e) }},
                              success: function (r) {{ log.push('done') }}}});
      log.push(typeof task.abort);
      task.abort();
    """)
    # The abort call reaches the bridge before the request is sent, like a fast user.
    calls = json.loads(js.ctx.eval("__fx.drain()"))
    assert [c["name"] for c in calls] == ["wx.request", "fx.abortTask"]
    task_id = calls[0]["args"]["taskId"]
    js.bridge.call_sync("fx.abortTask", calls[1]["args"])
    with pytest.raises(ApiError) as e:
        js.bridge.call_sync("wx.request", calls[0]["args"])
    assert e.value.payload == {"errMsg": "request:fail abort"}
    assert task_id.startswith("task")


def test_abort_while_running(make_bridge, server):
    import asyncio

    b = make_bridge("alipay", policy=AppPolicy(check_domains=False))

    async def scenario():
        req = asyncio.create_task(b.call("my.request", {"url": f"{server}/slow", "taskId": "t1"}))
        await asyncio.sleep(0.2)
        await b.call("fx.abortTask", {"taskId": "t1"})
        with pytest.raises(ApiError) as e:
            await req
        return e.value.payload

    assert asyncio.run(scenario())["error"] == 9


def test_download_then_upload(make_bridge, server, open_policy):
    for profile, name_key in (("alipay", "fileName"), ("wechat", "name")):
        b = make_bridge(profile, policy=open_policy)
        ns = b.profile.base
        d = b.call_sync(f"{ns}.downloadFile", {"url": f"{server}/file.txt"})
        assert d["tempFilePath"].startswith(b.profile.get("tempFilePrefix"))
        args = {"url": f"{server}/up", "filePath": d["tempFilePath"], name_key: "file",
                "formData": {"k": "v"}}
        if profile == "alipay":
            args["fileType"] = "image"
        up = b.call_sync(f"{ns}.uploadFile", args)
        body = json.loads(up["data"])
        assert "multipart/form-data" in body["ctype"] and "file body" in body["body"]
        assert 'name="k"' in body["body"]
        with pytest.raises(ApiError):
            b.call_sync(f"{ns}.uploadFile", {**args, "filePath": d["tempFilePath"] + "x"})


def test_network_log_records_each_exchange(make_bridge, server, open_policy):
    b = make_bridge("wechat", policy=open_policy)
    b.network.mock(f"{server}/mocked", json={"m": 1})
    seen = []
    b.network.log.listeners.append(lambda ex: seen.append((ex.id, ex.state)))
    b.call_sync("wx.request", {"url": f"{server}/mocked", "header": {"X-Token": "t"}})
    d = b.call_sync("wx.downloadFile", {"url": f"{server}/file.txt"})
    b.call_sync("wx.uploadFile", {"url": f"{server}/up", "filePath": d["tempFilePath"],
                                  "name": "file", "formData": {"k": "v"}})
    with pytest.raises(ApiError):  # fails before any exchange: nothing logged
        b.call_sync("wx.uploadFile", {"url": f"{server}/up", "filePath": "nope",
                                      "name": "file"})
    req, down, up = b.network.log.to_json()
    assert (req["kind"], req["mock"], req["status"]) == ("request", f"{server}/mocked", 200)
    assert req["requestHeaders"] == {"X-Token": "t"} and req["responseBody"] == '{"m": 1}'
    assert (down["kind"], down["mock"], down["responseBody"]) == ("downloadFile", None,
                                                                  "file body")
    assert up["kind"] == "uploadFile" and up["method"] == "POST"
    assert "k=v" in up["requestBody"] and "file: file" in up["requestBody"]
    assert all(e["ms"] is not None and e["state"] == "done" for e in (req, down, up))
    # listeners hear the start and the end of each
    assert seen[:2] == [(1, "pending"), (1, "done")]
