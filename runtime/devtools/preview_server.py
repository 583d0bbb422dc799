"""The preview server: the simulator page over HTTP and the protocol over a WebSocket.

One server runs one :class:`~fanxing.runtime.devtools.driver.AppDriver` on 127.0.0.1:

* ``/`` the simulator (``devtools/web/simulator.html``; ``?shot=1`` shows the device alone);
* ``/__fx/<file>`` the simulator and client assets (``/__fx/bundle.js`` and
  ``/__fx/bundle.css`` are the web client bundle of :mod:`fanxing.runtime.webclient.bundle`);
* ``/ws`` the WebSocket: one JSON message per frame, both ways (see driver.py);
* anything else: a static asset of the app (images, fonts, audio, video — never its
  scripts, templates, styles or JSON), so ``<image src="/img/a.png">`` works as on a phone.

The ``websockets`` library serves both: plain HTTP answers come from ``process_request``.

Who may talk to it (docs/security.md): the browser and every local process can reach the
port, so each request must carry the server's token (new at every start, in ``url``: the
page gets it from the URL, keeps it in a ``HttpOnly``, ``SameSite=Strict`` cookie for its
assets and embeds it for ``/ws``), name an allowed ``Host`` (the port on ``localhost`` or an
IP literal: a DNS-rebound name is refused), and a WebSocket must come from the page's own
origin (or none). Client messages are bounded in size (``MAX_MESSAGE_BYTES``) and JSON
nesting (``MAX_NESTING``); one that is not is dropped, the connection goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import logging
import mimetypes
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from fanxing.bridge.cloud.storage import URL_PREFIX as CLOUD_FILES
from fanxing.bridge.cloud.storage import StorageError
from fanxing.compiler.jsvalue import json_dumps
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.simulator_page import asset_text, simulator_page
from fanxing.runtime.view import trace
from fanxing.runtime.webclient.bundle import WEB_DIR
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

log = logging.getLogger("fanxing.preview")

# what an app may serve as a static asset (never its scripts or templates)
ASSET_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".ico", ".avif",
               ".woff", ".woff2", ".ttf", ".otf", ".mp3", ".mp4", ".wav", ".m4a", ".aac",
               ".ogg", ".webm"}
MAX_MESSAGE_BYTES = 2 * 1024 * 1024  # one client frame (a storage value is at most 200 KB)
MAX_NESTING = 64  # arrays/objects inside each other in one client message
# A JSON string (an unterminated one runs to the end: no rescans, linear time) or a bracket.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)|[\[\]{}]', re.S)
TOKEN_PARAM = "token"
_CLIENT_FILES = {"client.js", "client.css"}

CLOUD_IDS = "/__fx_cloud/id"  # a cloud file by its id, for the page (client.js safeUrl)
# start(wait=False): how long the app's launch waits for the browser to ask for the page
PAGE_FIRST_WAIT = 0.08  # s

def _response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers([("Content-Type", content_type), ("Content-Length", str(len(body))),
                       ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")])
    return Response(status, HTTPStatus(status).phrase, headers, body)


def _text(status: int, text: str) -> Response:
    return _response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


class PreviewServer:
    """HTTP + WebSocket front of one driver. ``await start()`` then ``url``."""

    def __init__(self, driver: AppDriver, host: str = "127.0.0.1", port: int = 0) -> None:
        self.driver = driver
        self.host = host
        self.port = port
        self.token = secrets.token_urlsafe(24)
        self._server: Server | None = None
        self.texts = JsonTexts()  # large messages serialized once for every client
        self._starting: asyncio.Task[bool] | None = None  # the driver's start (wait=False)
        self._page_served: asyncio.Event | None = None

    @property
    def base_url(self) -> str:
        """The server's root, without the token."""
        return f"http://{self.host}:{self.port}/"

    @property
    def url(self) -> str:
        """The simulator page with this start's token: what to open or print."""
        return f"{self.base_url}?{TOKEN_PARAM}={self.token}"

    @property
    def cookie_name(self) -> str:
        return f"fx-token-{self.port}"  # cookies are per host, not per port

    async def start(self, *, wait: bool = True) -> str:
        """Start the driver and listen; returns the simulator URL (with a new token).

        With ``wait=False`` it listens first and returns at once while the driver
        compiles and launches the app (``await ready()``): the page, its assets and the
        WebSocket are served meanwhile, and a client that connects early gets the first
        page when it exists (the driver broadcasts it; ``compileError`` if it fails)."""
        if wait and not self.driver.started:
            await self.driver.start()
        self._page_served = asyncio.Event()
        self.token = secrets.token_urlsafe(24)
        self._server = await serve(self._connection, self.host, self.port,
                                   process_request=self._http, max_size=MAX_MESSAGE_BYTES)
        sock = next(iter(self._server.sockets))
        self.port = sock.getsockname()[1]
        if not self.driver.started and self._starting is None:
            self._starting = asyncio.get_running_loop().create_task(
                self._start_driver(), name="fanxing-driver-start")
        return self.url

    async def _start_driver(self) -> bool:
        # A browser asked for at once (--open, a bench) gets the page first: the launch
        # then runs while the browser parses it, instead of holding up its HTML.
        assert self._page_served is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._page_served.wait(), PAGE_FIRST_WAIT)
        return await self.driver.start()

    async def ready(self) -> None:
        """Wait until the driver has started (compiled and launched, or failed to
        compile); raises what its start raised."""
        if self._starting is not None:
            await asyncio.shield(self._starting)

    async def close(self) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._starting
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        await self.driver.close()

    # ------------------------------------------------------------------ HTTP

    def _allowed_origin(self, origin: str | None) -> bool:
        # a web page elsewhere must not drive the simulator through the user's browser
        if origin is None:
            return True
        u = urlsplit(origin)
        return u.scheme == "http" and self._allowed_host(u.netloc)

    def _allowed_host(self, host: str | None) -> bool:
        """``Host`` (or an origin's authority) names this port on a loopback name or an IP
        literal; any other name may be a DNS-rebound attacker's."""
        if not host:
            return False
        try:
            u = urlsplit(f"//{host}")
            name, port = (u.hostname or "").lower(), u.port
        except ValueError:
            return False
        if port != self.port:
            return False
        if name in ("localhost", self.host.lower()):
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def _token_of(self, request: Request) -> str | None:
        query = parse_qs(urlsplit(request.path).query).get(TOKEN_PARAM)
        if query:
            return query[0]
        if request.headers.get("X-Fanxing-Token"):
            return request.headers["X-Fanxing-Token"]
        try:
            cookie = SimpleCookie(request.headers.get("Cookie") or "")
        except CookieError:
            return None
        morsel = cookie.get(self.cookie_name)
        return morsel.value if morsel is not None else None

    def _authorized(self, request: Request) -> bool:
        given = self._token_of(request)
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        path = unquote(urlsplit(request.path).path)
        if not self._allowed_host(request.headers.get("Host")):
            return _text(403, "forbidden host")
        if path.startswith(CLOUD_FILES):
            # A signed temporary URL (getTempFileURL) is its own credential: the app may
            # hand it to anything that downloads, as a CDN link.
            try:
                return self._cloud_file(path, parse_qs(urlsplit(request.path).query))
            except Exception as e:
                log.exception("serving %s", path)
                return _text(500, f"internal error: {type(e).__name__}")
        if not self._authorized(request):
            return _text(403, "this preview needs its token: open the URL that "
                              "fanxing preview printed")
        if path == CLOUD_IDS:  # <image src="cloud://…"> (client.js safeUrl)
            return self._cloud_id(parse_qs(urlsplit(request.path).query).get("fileID", [""])[0])
        if path == "/ws":
            if not self._allowed_origin(request.headers.get("Origin")):
                return _text(403, "forbidden origin")
            return None  # go on with the WebSocket handshake
        try:
            return self._static(path)
        except Exception as e:  # a bad request must not kill the server
            log.exception("serving %s", path)
            return _text(500, f"internal error: {type(e).__name__}")

    def _page(self) -> Response:
        """The simulator page with the token embedded, plus the cookie its assets use."""
        html = simulator_page(self.token)
        if self._page_served is not None:  # once the response is on its way
            asyncio.get_running_loop().call_soon(self._page_served.set)
        resp = _response(200, html.encode("utf-8"), "text/html; charset=utf-8")
        resp.headers["Set-Cookie"] = (f"{self.cookie_name}={self.token}; Path=/; HttpOnly; "
                                      "SameSite=Strict")
        resp.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of Referer
        return resp

    def _static(self, path: str) -> Response:
        if path in ("/", "/index.html"):
            return self._page()
        if path.startswith("/__fx/"):
            rel = path[len("/__fx/"):]
            text = asset_text(rel)
            if text is not None:
                ctype = "text/css" if rel.endswith(".css") else "text/javascript"
                return _response(200, text.encode("utf-8"), f"{ctype}; charset=utf-8")
            target = _inside(WEB_DIR, rel)
            if target is not None and (rel in _CLIENT_FILES or rel.startswith("components/")):
                return self._file(target)
            return _text(404, f"not found: {path}")
        if path == "/favicon.ico":
            return _response(204, b"", "image/x-icon")
        root = Path(self.driver.app.root) if self.driver.app else self.driver.app_dir
        target = _inside(root, path.lstrip("/"))
        if target is None or target.suffix.lower() not in ASSET_TYPES:
            return _text(404, f"not found: {path}")
        return self._file(target)

    def _cloud_file(self, path: str, query: dict[str, list[str]]) -> Response:
        """A cloud file behind a signed temporary URL (``wx.cloud.getTempFileURL``)."""
        c = self.driver.container
        if c is None or not c.bridge.has_cloud:
            return _text(404, "the app has no cloud files")
        try:
            target = c.bridge.cloud.storage.verify(path[len(CLOUD_FILES):],
                                                   query.get("expires", [""])[0],
                                                   query.get("sign", [""])[0])
        except StorageError as e:
            return _text(403, f"forbidden: {e}")
        return self._cloud_bytes(target)

    def _cloud_id(self, file_id: str) -> Response:
        """A cloud file named by its id, for the app's own page (token-checked)."""
        c = self.driver.container
        if c is None or not c.bridge.has_cloud:
            return _text(404, "the app has no cloud files")
        try:
            _, target = c.bridge.cloud.storage.path_of(file_id)
        except StorageError as e:
            return _text(404, f"not found: {e}")
        return self._cloud_bytes(target) if target.is_file() else _text(404, "no such cloud file")

    @staticmethod
    def _cloud_bytes(target: Path) -> Response:
        """A stored file: media types as themselves, anything else as a download, so an
        uploaded HTML or script never runs on the simulator's origin."""
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        media = ctype.startswith(("image/", "video/", "audio/")) and "svg" not in ctype
        resp = _response(200, target.read_bytes(), ctype if media else "application/octet-stream")
        if not media:
            resp.headers["Content-Disposition"] = "attachment"
        return resp

    def _file(self, target: Path) -> Response:
        try:
            body = target.read_bytes()
        except OSError:
            return _text(404, f"not found: {target.name}")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return _response(200, body, ctype)

    # ------------------------------------------------------------------ WebSocket

    async def _connection(self, conn: ServerConnection) -> None:
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        writer = asyncio.get_running_loop().create_task(send_batches(conn, outbox, self.texts))
        send = outbox.put_nowait  # one object: the driver tells clients apart by identity
        disconnect = self.driver.connect(send)
        try:
            async for raw in conn:
                msg = parse_client_message(raw)
                if msg is None:
                    continue
                if type(msg) is dict:
                    trace.mark(msg, "srv")
                try:
                    await self.driver.handle(msg, send)
                except Exception:  # one bad message must not end the connection
                    log.exception("client message failed: %.200s", raw)
        except ConnectionClosed:
            pass
        finally:
            disconnect()
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer


class JsonTexts:
    """The JSON text of large view messages, made once however many clients get them:
    a page's first patch (hundreds of KB) goes to every client at the broadcast and again
    to each one that connects later (the feed replays the same message object). Keyed by
    the object, which is kept alive with its text; broadcast messages are never changed
    afterwards. Traced messages (marked on the way out) are never kept."""

    KINDS = ("patch", "page")

    def __init__(self, min_chars: int = 4096, max_chars: int = 32 << 20) -> None:
        self.min_chars, self.max_chars = min_chars, max_chars
        self._items: OrderedDict[int, tuple[dict[str, Any], str]] = OrderedDict()
        self._chars = 0

    def text(self, msg: dict[str, Any]) -> str:
        hit = self._items.get(id(msg))
        if hit is not None and hit[0] is msg:
            self._items.move_to_end(id(msg))
            return hit[1]
        text = json_dumps(msg)
        if len(text) >= self.min_chars and msg.get("type") in self.KINDS and "trace" not in msg:
            old = self._items.pop(id(msg), None)  # an id reused by a new object
            self._chars -= len(old[1]) if old else 0
            self._items[id(msg)] = (msg, text)
            self._chars += len(text)
            while self._chars > self.max_chars:
                _, (_, dropped) = self._items.popitem(last=False)
                self._chars -= len(dropped)
        return text


async def send_batches(conn: ServerConnection, outbox: asyncio.Queue[dict[str, Any]],
                       texts: JsonTexts | None = None) -> None:
    """Send what ``outbox`` gets until the connection closes: everything queued by the
    time the writer runs goes in one frame (a JSON array when there are several, in
    order; ``docs/protocol.md``), so a turn that makes a patch, a page message and a
    console line wakes the browser once; a large message goes alone (:func:`_frames`).
    ``texts`` shares the JSON of large messages between connections."""
    dumps = texts.text if texts is not None else json_dumps
    with contextlib.suppress(ConnectionClosed):
        while True:
            batch = [await outbox.get()]
            while not outbox.empty():
                batch.append(outbox.get_nowait())
            for msg in batch:
                trace.mark(msg, "out")
            for text in _frames([dumps(msg) for msg in batch]):
                await conn.send(text)


BATCH_CHARS = 16 * 1024  # a message this large goes in a frame of its own


def _frames(texts: list[str]) -> list[str]:
    """Frames for the JSON texts of queued messages, in order: small ones together in one
    array, a large one alone — the browser handles a frame in one task, and a page's first
    patch should not wait for the panels' data parsed with it before it can be painted."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(run[0] if len(run) == 1 else "[" + ",".join(run) + "]")
            run.clear()

    for text in texts:
        if len(text) >= BATCH_CHARS:
            flush()
            out.append(text)
        else:
            run.append(text)
    flush()
    return out


def frame_messages(text: str | bytes) -> list[dict[str, Any]]:
    """The messages one server frame carries, in order (for Python clients of ``/ws``)."""
    data = json.loads(text)
    return data if isinstance(data, list) else [data]


def parse_client_message(raw: str | bytes) -> Any:
    """A client frame as JSON, or None when it is not JSON or nests deeper than
    ``MAX_NESTING`` (the frame size is bounded by the server)."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                log.warning("client message nested deeper than %d: dropped", MAX_NESTING)
                return None
        elif bracket in ("]", "}"):
            depth -= 1
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` if it stays inside ``root`` and is a file."""
    try:
        base = root.resolve()
        target = (base / rel).resolve()
    except (OSError, ValueError):
        return None
    if base != target and base not in target.parents:
        return None
    return target if target.is_file() else None


class BackgroundPreview:
    """A preview server on its own thread and loop (for the desktop window, screenshots
    and tests): ``with BackgroundPreview(driver) as url: ...``."""

    def __init__(self, driver: AppDriver, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = PreviewServer(driver, host, port)
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self, timeout: float = 60.0) -> str:
        # QuickJS wants a deep C stack, as the logic engine's own thread has
        old = threading.stack_size()
        try:
            threading.stack_size(32 * 1024 * 1024)
            self._thread = threading.Thread(target=self._main, name="fanxing-preview",
                                            daemon=True)
            self._thread.start()
        finally:
            threading.stack_size(old)
        if not self._ready.wait(timeout):
            raise RuntimeError("the preview server did not start in time")
        if self._error is not None:
            raise self._error
        return self.url

    def call(self, fn: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Run ``fn()`` (plain or returning an awaitable) on the server's loop."""
        assert self.loop is not None

        async def run() -> Any:
            out = fn()
            if asyncio.iscoroutine(out) or isinstance(out, asyncio.Future):
                out = await out
            return out

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)

    def _main(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            await self.server.start()
        except BaseException as e:
            self._error = e
            self._ready.set()
            return
        self._ready.set()
        await self._stop.wait()
        await self.server.close()

    def stop(self, timeout: float = 10.0) -> None:
        if self.loop is not None and self._stop is not None and self._thread is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
