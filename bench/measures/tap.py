"""The tap round trip of the bench app (``bench/app``) through every fanxing client.

Targets, each in its own server process so the browser driver never holds its GIL:

* ``container + web client``: :class:`LeanServer`, a Container and the web client bundle
  over one WebSocket and nothing else (what a host program serving an app to a browser
  writes);
* ``simulator``: ``fanxing preview`` (the preview server with its panels);
* floors on the same browser: the list as plain HTML whose click handler writes the text
  (``floor``), and the same page doing a WebSocket round trip to a Python echo first
  (``echo``).

With tracing on, every traced patch brings back the per-hop marks of
``fanxing.runtime.view.trace`` (client and server), summed up by :func:`breakdown`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measures.browser import appear_once, tap_once
from measures.cpu import cpu_ms

APP_DIR = Path(__file__).resolve().parents[1] / "app"
N_ITEMS, CHANGED = 1000, 500
FRAME_JS = "#fx-app .fx-page-frame"  # fanxing's page frames (the laid-out one is on top)
VIEW_TYPES = ("patch", "page", "app", "ui")  # what the page client handles
HOPS = (("click", "send", "client: click → event sent"),
        ("send", "srv", "browser → Python (frame read)"),
        ("srv", "queued", "event → logic message"),
        ("queued", "logic", "hand-off to the logic turn"),
        ("logic", "js", "QuickJS turn (handler + setData)"),
        ("js", "view", "render + diff"),
        ("view", "out", "patch queued → serialize"),
        ("out", "rx", "Python → browser (message event)"),
        ("rx", "applied", "client: parse + apply ops"),
        ("applied", "frame", "apply → next frame"))

FLOOR_HTML = """<!doctype html><meta charset="utf-8"><div id="list"></div><script>
(function () {
  var list = document.getElementById('list'), n = 0;
  for (var i = 0; i < @N@; i++) {
    var item = document.createElement('div'); item.className = 'item'; item.id = 'item-' + i;
    var label = document.createElement('span'); label.className = 'name';
    label.textContent = 'item ' + i;
    var btn = document.createElement('button'); btn.className = 'btn'; btn.textContent = 'tap';
    btn.addEventListener('click', function () {
      n += 1; document.querySelector('#item-@C@ .name').textContent = 'changed ' + n;
    });
    item.appendChild(label); item.appendChild(btn); list.appendChild(item);
  }
})();
</script>""".replace("@N@", str(N_ITEMS)).replace("@C@", str(CHANGED))

# The floor plus a WebSocket round trip to a Python echo: transport and scheduling alone.
ECHO_HTML = FLOOR_HTML.replace(
    "n += 1; document.querySelector('#item-500 .name').textContent = 'changed ' + n;",
    "ws.send(JSON.stringify({type: 'echo'}));").replace(
    "})();", """  ws.onmessage = function () {
    n += 1; document.querySelector('#item-500 .name').textContent = 'changed ' + n;
  };
})();""").replace("(function () {", "(function () {\n  var ws = new WebSocket("
                  "'ws://' + location.host + '/ws');")

LEAN_HTML = """<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/bundle.css">
<div id="fx-app" class="fx-app" style="width: 375px; height: 812px; position: relative"></div>
<script src="/bundle.js"></script>
<script>FX.start(FX.transports.websocket("ws://" + location.host + "/ws"));</script>"""


class LeanServer:
    """The container and the web client with nothing else: one page, one WebSocket, on
    its own thread (where the container, and so QuickJS, lives). ``/echo.html`` is the
    echo floor on the same server."""

    def __init__(self, app_dir: Path, data_dir: Path) -> None:
        self.app_dir, self.data_dir = app_dir, data_dir
        self.url = ""
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)

    def start(self) -> str:
        old = threading.stack_size()
        threading.stack_size(32 * 1024 * 1024)  # QuickJS wants a deep C stack
        try:
            self._thread.start()
        finally:
            threading.stack_size(old)
        self._ready.wait(60)
        return self.url

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    async def _serve(self) -> None:
        from fanxing.compiler.build import compile_app
        from fanxing.runtime.container.container import Container
        from fanxing.runtime.devtools.client_feed import ClientFeed
        from fanxing.runtime.devtools.preview_server import send_batches
        from fanxing.runtime.logic.clock import RealClock
        from fanxing.runtime.view import trace
        from fanxing.runtime.webclient.bundle import bundle_css, bundle_js
        from websockets.asyncio.server import serve
        from websockets.datastructures import Headers
        from websockets.exceptions import ConnectionClosed
        from websockets.http11 import Response

        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        c = Container(compile_app(self.app_dir), data_dir=self.data_dir, clock=RealClock())
        feed, outboxes = ClientFeed(), []

        def broadcast(msg: dict[str, Any]) -> None:
            if msg.get("type") not in VIEW_TYPES:
                return  # the page client would answer anything else with a clientError
            feed.record(msg)
            for box in outboxes:
                box.put_nowait(msg)

        c.subscribe(broadcast)
        c.launch()
        await c.settle_async(0, advance_timers=False)
        files = {"/": (LEAN_HTML, "text/html"), "/echo.html": (ECHO_HTML, "text/html"),
                 "/bundle.js": (bundle_js(), "text/javascript"),
                 "/bundle.css": (bundle_css(), "text/css")}

        def http(_conn: Any, request: Any) -> Any:
            if request.path == "/ws":
                return None
            body, ctype = files.get(request.path, ("", "text/plain"))
            data = body.encode("utf-8")
            return Response(200 if body else 404, "OK", Headers(
                [("Content-Type", ctype + "; charset=utf-8"),
                 ("Content-Length", str(len(data)))]), data)

        async def connection(conn: Any) -> None:
            box: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
            for msg in feed.replay():
                box.put_nowait(msg)
            outboxes.append(box)

            task = asyncio.get_running_loop().create_task(send_batches(conn, box))
            try:
                with contextlib.suppress(ConnectionClosed):
                    async for raw in conn:
                        msg = json.loads(raw)
                        if msg.get("type") == "echo":
                            await conn.send(raw)
                            continue
                        trace.mark(msg, "srv")
                        c.client_message(msg)
                        await c.settle_async(0, advance_timers=False)
            finally:
                outboxes.remove(box)
                task.cancel()

        async with serve(connection, "127.0.0.1", 0, process_request=http,
                         max_size=8 * 1024 * 1024) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            self.url = f"http://127.0.0.1:{port}/"
            self._ready.set()
            await self._stop.wait()
        c.close()


def serve(kind: str, app_dir: Path, data_dir: Path) -> None:
    """Server process: print the URL, serve until stdin closes."""
    if kind == "preview":
        from fanxing.runtime.devtools.driver import AppDriver
        from fanxing.runtime.devtools.preview_server import BackgroundPreview
        driver = AppDriver(app_dir, data_dir=data_dir)
        server: Any = BackgroundPreview(driver)
        url = server.start()
        server.call(driver.settled)
    else:
        server = LeanServer(app_dir, data_dir)
        url = server.start()
    print(url, flush=True)
    sys.stdin.read()
    server.stop()


class ServerProcess:
    """``serve(kind)`` in a child process: ``with ServerProcess(...) as url``."""

    def __init__(self, kind: str, app_dir: Path, data_dir: Path) -> None:
        self.args = [sys.executable, __file__, "--serve", kind, str(app_dir), str(data_dir)]

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        self.url = self.proc.stdout.readline().strip()
        return self.url

    def __exit__(self, *exc: Any) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@dataclass
class Target:
    """One way of showing the bench list page: where to click, what changes."""

    name: str
    page: Any
    frame: Any
    root: str | None  # the element holding the page (None: the document)
    traceable: bool = False  # a fanxing client (FX.tracing)
    traced: bool = False  # tracing on: taps give traces, not times
    times: list[float] = field(default_factory=list)
    traces: list[dict[str, float]] = field(default_factory=list)
    nav: dict[str, list[float]] = field(default_factory=dict)
    rounds: list[list[float]] = field(default_factory=list)  # the times, by round

    @property
    def button(self) -> Any:
        scope = f"{self.root}:visible " if self.root else ""
        return self.frame.locator(f"{scope}#item-{CHANGED} .btn").first

    def ready(self) -> None:
        scope = f"{self.root}:visible " if self.root else ""
        self.frame.locator(f"{scope}#item-{N_ITEMS - 1}").wait_for(state="attached")
        self.button.scroll_into_view_if_needed()
        self.page.wait_for_timeout(200)

    def trace(self, on: bool) -> None:
        """Tracing on or off: traced taps keep their per-hop marks, not their times
        (tracing asks for an animation frame per patch and the bench reads the marks
        back, so it is kept out of the figures it explains)."""
        self.traced = on and self.traceable
        if self.traceable:
            self.frame.evaluate(f"FX.tracing = {'true' if self.traced else 'false'}")

    def tap(self, record: bool) -> None:
        ms = tap_once(self.page, self.frame, self.button, self.root, f"#item-{CHANGED}")
        if not record:
            return
        if not self.traced:
            self.times.append(ms)
            return
        self.page.wait_for_timeout(20)  # the next frame's mark
        last = self.frame.evaluate("FX.traces[FX.traces.length - 1] || null")
        if last is not None and "frame" in last:
            self.traces.append(last)


def fanxing_target(page: Any, url: str, name: str) -> Target:
    page.goto(url)
    t = Target(name, page, page.main_frame, FRAME_JS, traceable=True)
    t.ready()
    return t


def plain_target(page: Any, name: str, url: str | None = None) -> Target:
    if url is None:
        page.set_content(FLOOR_HTML)
    else:
        page.goto(url)
    t = Target(name, page, page.main_frame, None)
    t.ready()
    return t


def interleave(targets: list[Target], rounds: int = 6, per_round: int = 6,
               warmup: int = 3, pause_ms: int = 30) -> None:
    """Tap each target ``per_round`` times per round, rounds interleaved, so load that
    comes and goes falls on all of them alike."""
    for t in targets:
        for _ in range(warmup):
            t.tap(record=False)
            t.page.wait_for_timeout(pause_ms)
    for _ in range(rounds):
        for t in targets:
            start = len(t.times)
            for _ in range(per_round):
                t.tap(record=True)
                t.page.wait_for_timeout(pause_ms)
            if len(t.times) > start:
                t.rounds.append(t.times[start:])


def round_ratios(t: Target, ref: Target) -> list[float]:
    """Per round, ``t``'s median over ``ref``'s (same round: the same minute of load)."""
    return [statistics.median(a) / statistics.median(b)
            for a, b in zip(t.rounds, ref.rounds, strict=False) if a and b]


def breakdown(traces: list[dict[str, float]]) -> list[tuple[str, float]]:
    """Median ms of every hop over ``traces`` (hops a trace lacks are left out), then
    the transport both ways. Browser and Python marks come from two clocks of one
    machine: any offset between them moves time between the two transport hops, never
    out of their sum (``time.time()`` vs ``performance.timeOrigin``, which a page takes
    once at its start)."""
    out = []
    for a, b, label in HOPS:
        xs = [tr[b] - tr[a] for tr in traces if a in tr and b in tr]
        if xs:
            out.append((label, statistics.median(xs)))
    both = [(tr["srv"] - tr["send"]) + (tr["rx"] - tr["out"]) for tr in traces
            if all(k in tr for k in ("send", "srv", "out", "rx"))]
    if both:
        out.append(("transport both ways (clock-offset free)", statistics.median(both)))
    return out


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--serve":
    serve(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))


def navigate_times(targets: list[Target], button: str, appear: str, runs: int = 7) -> None:
    """Per target, ``runs`` taps on ``button`` (a navigator) → ``appear`` laid out, going
    back after each; targets interleaved. Times land in ``target.nav[button]``."""
    for i in range(runs + 1):
        for t in targets:
            scope = f"{t.root}:visible " if t.root else ""
            btn = t.frame.locator(f"{scope}{button}").first
            btn.scroll_into_view_if_needed()
            ms = appear_once(t.page, t.frame, btn, lambda t=t: t.frame,
                             f"{t.root or ''} {appear}".strip())
            if i > 0:
                t.nav.setdefault(button, []).append(ms)
            t.frame.locator(f"{scope}.fx-navbar-back").first.click()
            t.frame.locator(f"{scope}{button}").first.wait_for()
            t.page.wait_for_timeout(100)


def cpu_per_tap(target: Target, groups: dict[str, list[int]], taps: int = 20) -> dict[str, float]:
    """CPU ms per tap of ``target``, by process group (name → pids), over ``taps`` taps
    made one after the other with nothing else running in the bench."""
    pids = [p for ps in groups.values() for p in ps]
    before = cpu_ms(pids)
    for _ in range(taps):
        target.tap(record=False)
        target.page.wait_for_timeout(30)
    after = cpu_ms(pids)
    return {name: sum(after.get(p, 0.0) - before.get(p, 0.0) for p in ps) / taps
            for name, ps in groups.items()}

