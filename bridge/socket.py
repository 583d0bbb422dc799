"""WebSocket: ``connectSocket`` / ``sendSocketMessage`` / ``closeSocket`` and the
``onSocketOpen`` / ``onSocketMessage`` / ``onSocketError`` / ``onSocketClose`` events,
plus the ``SocketTask`` object (``js/socket.js``), over the ``websockets`` library.

URLs must be ``ws://`` / ``wss://`` and pass the same per-app domain whitelist as
``request``. ``connectSocket`` succeeds once the connection is under way (as on the
platforms); the connection then runs as a background task on the bridge's event loop
and reports through ``Host.event``: ``socketOpen {taskId, header}``, ``socketMessage
{taskId, data, isBuffer}``, ``socketError {taskId, errMsg}``, ``socketClose {taskId,
code, reason}``. Binary messages travel as ``{__fxArrayBuffer}`` (WeChat) or base64 text
with ``isBuffer: true`` (Alipay).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

from .context import ApiContext
from .errors import ApiError
from .network import ARRAY_BUFFER, UrlCheck, whitelist_check
from .network_log import Exchange
from .registry import Registry

if TYPE_CHECKING:
    from .bridge import Bridge

log = logging.getLogger("fanxing.bridge")

BAD_URL, NOT_CONNECTED = 5, 10  # Alipay: url must be ws(s)://; socket not connected


@dataclass
class Socket:
    task_id: str
    url: str
    conn: ClientConnection | None = None
    runner: asyncio.Task[Any] | None = None
    closing: bool = False
    pending: list[tuple[int, str]] = field(default_factory=list)  # close asked before open
    record: Exchange | None = None  # its entry in the network log


class SocketService:
    """The open WebSockets of one mini-program."""

    def __init__(self) -> None:
        self.sockets: dict[str, Socket] = {}
        self.default: str | None = None  # the socket the global send/close/on* APIs use
        self._next = 1

    def new_id(self) -> str:
        task_id = f"socket{self._next}"
        self._next += 1
        return task_id

    def get(self, task_id: str | None) -> Socket:
        sock = self.sockets.get(task_id or "")
        if sock is None or sock.conn is None or sock.closing:
            raise ApiError("WebSocket is not connected", code=NOT_CONNECTED,
                           wx="WebSocket is not connected")
        return sock

    async def close_all(self) -> None:
        for sock in list(self.sockets.values()):
            if sock.runner is not None:
                sock.runner.cancel()
                with contextlib.suppress(BaseException):
                    await sock.runner
        self.sockets.clear()


def _check(ctx: ApiContext, url: str) -> UrlCheck:
    check = whitelist_check(ctx, ("ws", "wss"), bad_url_code=BAD_URL)
    check(url)
    return check


class _CheckedConnect(connect):
    """``connect`` that vets each redirect's URL with the app's whitelist check."""

    def __init__(self, *args: Any, check: UrlCheck, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._check = check

    def process_redirect(self, exc: Exception) -> Exception | str:
        target = super().process_redirect(exc)
        if isinstance(target, str):
            try:
                self._check(target)
            except ApiError as e:
                return InvalidURI(target, e.message)
        return target


def _incoming(bridge: Bridge, data: str | bytes) -> dict[str, Any]:
    if isinstance(data, str):
        return {"data": data, "isBuffer": False}
    b64 = base64.b64encode(data).decode()
    if bridge.profile.dialect == "wechat":
        return {"data": {ARRAY_BUFFER: b64}, "isBuffer": True}
    return {"data": b64, "isBuffer": True}


async def _run(bridge: Bridge, sock: Socket, headers: dict[str, str],
               protocols: list[str] | None, timeout: float, check: UrlCheck) -> None:
    """Connect, report open, pump messages, report the close (or the failure)."""
    emit, tid, log_ = bridge.emit, sock.task_id, bridge.network.log
    error = None
    try:
        async with _CheckedConnect(sock.url, additional_headers=headers or None,
                                   subprotocols=protocols or None, open_timeout=timeout,
                                   check=check) as conn:
            sock.conn = conn
            header = dict(conn.response.headers) if conn.response else {}
            if sock.record is not None:
                sock.record.status, sock.record.state = 101, "open"
                sock.record.response_headers = header
                log_.changed(sock.record)
            emit("socketOpen", {"taskId": tid, "header": header})
            if sock.pending:
                code, reason = sock.pending[0]
                await conn.close(code, reason)
            async for message in conn:
                if sock.record is not None:
                    log_.frame(sock.record, "recv", message)
                emit("socketMessage", {"taskId": tid, **_incoming(bridge, message)})
    except asyncio.CancelledError:
        raise
    except (OSError, WebSocketException, TimeoutError) as e:
        if not isinstance(e, ConnectionClosed):
            error = f"{type(e).__name__}: {e}"
            emit("socketError", {"taskId": tid, "errMsg": f"{type(e).__name__}: {e}"})
    finally:
        conn_ = sock.conn
        code = conn_.close_code if conn_ is not None and conn_.close_code is not None else 1006
        reason = conn_.close_reason if conn_ is not None else ""
        sock.conn, sock.closing = None, True
        bridge.sockets.sockets.pop(tid, None)
        if sock.record is not None:
            log_.finish(sock.record, error=error, state="failed" if error else "closed",
                        body=f"closed: {code} {reason or ''}".strip())
        emit("socketClose", {"taskId": tid, "code": code, "reason": reason or ""})


async def connect_socket(ctx: ApiContext, args: dict[str, Any]) -> Any:
    url = args["url"]
    check = _check(ctx, url)
    if args.get("data"):
        url += ("&" if "?" in url else "?") + urlencode(
            {k: str(v) for k, v in dict(args["data"]).items()})
    service = ctx.bridge.sockets
    task_id = str(args.get("taskId") or service.new_id())
    if ctx.alipay and not args.get("multiple") and service.default in service.sockets:
        raise ApiError("a WebSocket is already open (close it or pass multiple: true)", code=3)
    sock = Socket(task_id, url)
    service.sockets[task_id] = sock
    headers = {str(k): str(v) for k, v in (args.get("header") or {}).items()}
    sock.record = ctx.bridge.network.log.start("socket", "WS", url, headers)
    if ctx.wx or not args.get("multiple"):
        service.default = task_id
    timeout = (args.get("timeout") or 30000) / 1000
    sock.runner = asyncio.ensure_future(_run(ctx.bridge, sock, headers, args.get("protocols"),
                                             timeout, check))
    return {"socketTaskId": task_id}


def _outgoing(ctx: ApiContext, args: dict[str, Any]) -> str | bytes:
    data = args["data"]
    if isinstance(data, dict) and isinstance(data.get(ARRAY_BUFFER), str):
        return base64.b64decode(data[ARRAY_BUFFER])
    if args.get("isBuffer"):
        return base64.b64decode(str(data))
    if not isinstance(data, str):
        raise ApiError("parameter error: data should be String or ArrayBuffer", code=2,
                       wx="parameter error: parameter.data should be String or ArrayBuffer;")
    return data


async def send_message(ctx: ApiContext, args: dict[str, Any]) -> Any:
    service = ctx.bridge.sockets
    sock = service.get(args.get("taskId") or service.default)
    data = _outgoing(ctx, args)
    await sock.conn.send(data)  # type: ignore[union-attr]
    if sock.record is not None:
        ctx.bridge.network.log.frame(sock.record, "send", data)
    return None


async def close_socket(ctx: ApiContext, args: dict[str, Any]) -> Any:
    service = ctx.bridge.sockets
    sock = service.sockets.get(str(args.get("taskId") or service.default or ""))
    if sock is None or sock.closing:
        raise ApiError("WebSocket is not connected", code=NOT_CONNECTED,
                       wx="WebSocket is not connected")
    code, reason = int(args.get("code") or 1000), str(args.get("reason") or "")
    if sock.conn is None:
        sock.pending.append((code, reason))
    else:
        sock.closing = True
        await sock.conn.close(code, reason)
    return None


def register(reg: Registry) -> None:
    common = {"url": "string!", "header": "object", "protocols": "array", "timeout": "number",
              "taskId": "string"}
    reg.add("connectSocket", connect_socket, family="wechat", factory="socketTask",
            schema={**common, "tcpNoDelay": "boolean", "perMessageDeflate": "boolean"},
            returns=("socketTaskId",))
    reg.add("connectSocket", connect_socket, family="alipay", factory="socketTask",
            schema={**common, "data": "object", "multiple": "boolean"},
            returns=("socketTaskId",))
    reg.add("sendSocketMessage", send_message, family="wechat",
            schema={"data": "string|object!", "taskId": "string"})
    reg.add("sendSocketMessage", send_message, family="alipay",
            schema={"data": "string|object!", "isBuffer": "boolean", "taskId": "string"})
    reg.add("closeSocket", close_socket, schema={"code": "number", "reason": "string",
                                                 "taskId": "string"})
    for event in ("Open", "Message", "Error", "Close"):
        reg.add(f"Socket{event}", None, kind="event", event=f"socket{event}")
