"""WebSocket APIs against a real local server, through QuickJS + the real Bridge on one
persistent event loop (socket connections outlive the call that opened them)."""

from __future__ import annotations

import asyncio
import json

import pytest
from fanxing.bridge import ApiError
from websockets.asyncio.server import serve

from .jsenv import JsEnv


class LoopJsEnv(JsEnv):
    """JsEnv whose bridge calls share one event loop."""

    def __init__(self, bridge, loop):
        self.loop = loop
        super().__init__(bridge)

    def _call(self, name, args):
        try:
            return True, self.loop.run_until_complete(self.bridge.call(name, args))
        except ApiError as e:
            return False, e.payload

    def forward_host(self) -> None:
        # Events may arrive while earlier ones are delivered (a listener closes the
        # socket): deliver one at a time.
        self._forward_patches()
        events = self.bridge.host.events
        while self._fired < len(events):
            name, payload = events[self._fired]
            self._fired += 1
            self.fire(name, payload)

    def wait(self, until: str, seconds: float = 5.0) -> None:
        """Run the loop (delivering host events) until the JS expression is true."""
        for _ in range(int(seconds / 0.02)):
            self.loop.run_until_complete(asyncio.sleep(0.02))
            self.forward_host()
            if self.get(until):
                return
        raise AssertionError(f"timed out waiting for {until}: log={self.get('log')}")


@pytest.fixture
def echo_server():
    loop = asyncio.new_event_loop()

    async def echo(ws):
        async for msg in ws:
            await ws.send(msg if isinstance(msg, bytes) else "echo:" + msg)

    async def start():
        return await serve(echo, "127.0.0.1", 0)

    server = loop.run_until_complete(start())
    port = server.sockets[0].getsockname()[1]
    yield loop, f"ws://127.0.0.1:{port}"
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()


def _env(make_bridge, profile, loop, allow=True):
    b = make_bridge(profile)
    if allow:
        b.policy.check_domains = False
    else:
        b.policy.check_domains = True
    return LoopJsEnv(b, loop)


def test_wechat_socket_task_and_global_events(make_bridge, echo_server):
    loop, url = echo_server
    js = _env(make_bridge, "wechat", loop)
    js.exec(f"""wx.onSocketMessage(m => log.push('global:' + m.data));
      const t = wx.connectSocket({{url: {json.dumps(url)}}});
      t.onOpen(() => {{ log.push('open'); t.send({{data: 'hi'}}); }});
      t.onMessage(m => {{ log.push(m.data); if (m.data === 'echo:hi') t.close({{code: 1000}}); }});
      t.onClose(c => log.push('close:' + c.code));""")
    js.wait("log.indexOf('close:1000') >= 0")
    assert js.get("log") == ["open", "echo:hi", "global:echo:hi", "close:1000"]
    loop.run_until_complete(js.bridge.aclose())


def test_wechat_binary_messages(make_bridge, echo_server):
    loop, url = echo_server
    js = _env(make_bridge, "wechat", loop)
    js.exec(f"""const t = wx.connectSocket({{url: {json.dumps(url)}}});
      t.onOpen(() => t.send({{data: new Uint8Array([1, 2, 250]).buffer}}));
      t.onMessage(m => log.push(Array.from(new Uint8Array(m.data))));""")
    js.wait("log.length > 0")
    assert js.get("log") == [[1, 2, 250]]
    loop.run_until_complete(js.bridge.aclose())


def test_alipay_global_socket_api(make_bridge, echo_server):
    loop, url = echo_server
    js = _env(make_bridge, "alipay", loop)
    js.exec(f"""my.onSocketOpen(() => my.sendSocketMessage({{data: 'yo'}}));
      my.onSocketMessage(m => {{ log.push([m.data, m.isBuffer]); my.closeSocket(); }});
      my.onSocketClose(() => log.push('closed'));
      log.push(my.connectSocket({{url: {json.dumps(url)}}}) instanceof Promise);""")
    js.wait("log.indexOf('closed') >= 0")
    assert js.get("log") == [True, ["echo:yo", False], "closed"]


def test_socket_whitelist_and_bad_urls(make_bridge, echo_server):
    loop, url = echo_server
    js = _env(make_bridge, "wechat", loop, allow=False)
    js.exec(f"wx.connectSocket({{url: {json.dumps(url)}, fail: e => log.push(e.errMsg)}});"
            "wx.connectSocket({url: 'http://x.example', fail: e => log.push(e.errMsg)});"
            "wx.sendSocketMessage({data: 'x', fail: e => log.push(e.errMsg)})")
    assert js.get("log") == ["connectSocket:fail url not in domain list",
                             'connectSocket:fail invalid url "http://x.example"',
                             "sendSocketMessage:fail WebSocket is not connected"]
    ali = _env(make_bridge, "alipay", loop)
    ali.exec("my.connectSocket({url: 'https://x.example', fail: e => log.push(e.error)})")
    assert ali.get("log") == [5]


def test_connection_refused_reports_error_then_close(make_bridge, echo_server):
    loop, _ = echo_server
    js = _env(make_bridge, "wechat", loop)
    js.exec("const t = wx.connectSocket({url: 'ws://127.0.0.1:9'});"
            "t.onError(e => log.push('error')); t.onClose(c => log.push('close:' + c.code));")
    js.wait("log.length >= 2")
    assert js.get("log") == ["error", "close:1006"]


def test_socket_redirect_off_the_whitelist_is_refused(make_bridge):
    """A whitelisted WebSocket server redirecting elsewhere: the hop is checked too
    (issue 10, finding 2)."""
    loop = asyncio.new_event_loop()
    reached: list[str] = []

    async def hidden(ws):
        reached.append(ws.request.path)
        await ws.send("secret")

    async def start():
        inner = await serve(hidden, "127.0.0.1", 0)
        port = inner.sockets[0].getsockname()[1]

        def redirect(connection, request):
            response = connection.respond(302, "")
            response.headers["Location"] = f"ws://127.0.0.1:{port}/inner"
            return response

        outer = await serve(hidden, "127.0.0.1", 0, process_request=redirect)
        return inner, outer

    inner, outer = loop.run_until_complete(start())
    try:
        b = make_bridge("wechat")
        b.policy.domains.append(f"127.0.0.1:{outer.sockets[0].getsockname()[1]}")
        js = LoopJsEnv(b, loop)
        js.exec(f"""const t = wx.connectSocket({{url: 'ws://127.0.0.1:{outer.sockets[0].getsockname()[1]}/'}});
          t.onMessage(m => log.push('message:' + m.data));
          t.onError(e => log.push('error:' + e.errMsg));
          t.onClose(e => log.push('close'));""")
        js.wait("log.indexOf('close') !== -1")
        log = js.get("log")
        assert any(entry.startswith("error:") and "not in this mini-program's whitelist" in entry
                   for entry in log), log
        assert not any(entry.startswith("message:") for entry in log)
        assert reached == []
    finally:
        for s in (inner, outer):
            s.close()
            loop.run_until_complete(s.wait_closed())
        loop.close()
