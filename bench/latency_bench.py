"""End-to-end view latency in headless Chromium, through the real pipeline.

Run: ``.venv/bin/python bench/latency_bench.py [--no-memo]``. Prints numbers, asserts
nothing. A sample WeChat app (written to a temp folder) runs in an ``AppDriver`` behind
the ``PreviewServer`` (HTTP + WebSocket); Chromium opens the simulator page, whose web
client applies the patches. Measured (``../shared/DESIGN.md``, performance targets):

* tap → DOM updated: a real mouse click on the button of item 500 of a 1000-item keyed
  list whose handler does ``setData({'list[500].name': …})``; a MutationObserver on that
  item; time = mutation − the click event's ``timeStamp``; median of 20 after 3
  warm-ups. The floor is the same list as plain HTML whose click handler writes the text
  directly, measured the same way in the same browser; we print our ratio to it;
* navigation → page visible: tap on a button calling ``wx.navigateTo`` → the new page's
  first node in the DOM; and launch → first page visible (``goto`` of the simulator URL,
  the app already running);
* first render of a 1000-node page: ``navigateTo`` tap → its last node in the DOM;
* memory per running mini-program: RSS growth per extra compiled + launched Container;
* patches per second through a Container (client event → QuickJS handler → setData →
  view → patch JSON), render-tree node counts and patch sizes.

``--no-memo`` compiles templates without loop memos (the "before" figures).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fanxing.runtime.devtools.chromium import CHROMIUM, chromium_available, launch_options

N_ITEMS, CHANGED, BIG_CELLS = 1000, 500, 500  # BIG: 500 views + 500 texts = 1000 nodes
WARMUP, RUNS, NAV_RUNS, APPS = 3, 20, 7, 5
FRAME = "#fx-app .fx-page-frame:visible"  # the page on top (Playwright selector)
FRAME_JS = "#fx-app .fx-page-frame"  # the same for the page's JS: the one laid out
VIEW_TYPES = ("patch", "page", "app", "ui")  # the messages the page client handles

APP: dict[str, str] = {
    "app.json": json.dumps({"pages": ["pages/list/list", "pages/big/big",
                                      "pages/detail/detail"],
                            "window": {"navigationBarTitleText": "latency"}}),
    "app.js": "App({});\n",
    "pages/list/list.json": "{}",
    "pages/list/list.wxss": ".item { display: flex; padding: 4rpx; } .name { flex: 1; }",
    "pages/list/list.js": """\
Page({
  data: { list: [] },
  onLoad() {
    const list = [];
    for (let i = 0; i < @N_ITEMS@; i++) list.push({ id: i, name: 'item ' + i });
    this.n = 0;
    this.setData({ list });
  },
  onTap() { this.n += 1; this.setData({ 'list[@CHANGED@].name': 'changed ' + this.n }); },
  goBig() { wx.navigateTo({ url: '/pages/big/big' }); },
  goDetail() { wx.navigateTo({ url: '/pages/detail/detail' }); },
});
""",
    "pages/list/list.wxml": """\
<view class="top"><button id="go-big" bindtap="goBig">big</button>
<button id="go-detail" bindtap="goDetail">detail</button></view>
<view class="list">
  <view wx:for="{{list}}" wx:key="id" class="item" id="item-{{item.id}}">
    <text class="name">{{item.name}}</text>
    <button class="btn" size="mini" data-i="{{index}}" bindtap="onTap">tap</button>
  </view>
</view>
""",
    "pages/big/big.json": "{}",
    "pages/big/big.js": "Page({ data: { cells: Array.from({ length: @BIG@ }, (_, i) => i) } });\n",
    "pages/big/big.wxml": '<view wx:for="{{cells}}" wx:key="*this" class="cell" '
                          'id="cell-{{item}}">{{item}}</view>\n',
    "pages/detail/detail.json": "{}",
    "pages/detail/detail.js": "Page({ data: { title: 'Detail' } });\n",
    "pages/detail/detail.wxml": '<view id="detail-title">{{title}}</view>\n',
}

FLOOR_HTML = """<!doctype html><meta charset="utf-8"><div id="list"></div><script>
(function () {
  var list = document.getElementById('list'), n = 0;
  for (var i = 0; i < @N_ITEMS@; i++) {
    var item = document.createElement('div'); item.className = 'item'; item.id = 'item-' + i;
    var label = document.createElement('span'); label.className = 'name';
    label.textContent = 'item ' + i;
    var btn = document.createElement('button'); btn.textContent = 'tap';
    btn.addEventListener('click', function () {
      n += 1; document.querySelector('#item-@CHANGED@ .name').textContent = 'changed ' + n;
    });
    item.appendChild(label); item.appendChild(btn); list.appendChild(item);
  }
})();
</script>"""

# The floor plus a WebSocket round trip to the Python server (transport and scheduling
# cost on this machine, with no fanxing work): the click sends, the answer writes.
ECHO_HTML = FLOOR_HTML.replace(
    "n += 1; document.querySelector('#item-@CHANGED@ .name').textContent = 'changed ' + n;",
    "ws.send(JSON.stringify({type: 'echo'}));").replace(
    "})();", """  ws.onmessage = function () {
    n += 1; document.querySelector('#item-@CHANGED@ .name').textContent = 'changed ' + n;
  };
})();""").replace(
    "(function () {", "(function () {\n  var ws = new WebSocket('ws://' + location.host + '/ws');")



def fill(text: str) -> str:
    """``text`` with the sizes filled in (JS braces make ``format`` awkward)."""
    return (text.replace("@N_ITEMS@", str(N_ITEMS)).replace("@CHANGED@", str(CHANGED))
            .replace("@BIG@", str(BIG_CELLS)))


APP = {path: fill(text) for path, text in APP.items()}
FLOOR_HTML, ECHO_HTML = fill(FLOOR_HTML), fill(ECHO_HTML)

# Arms a one-shot measurement: click timeStamp → first mutation under `target`.
ARM = """([root, target]) => {
  const scope = root ? [...document.querySelectorAll(root)]
    .find((f) => f.getClientRects().length > 0) : document;
  const el = scope.querySelector(target);
  window.__lat = undefined;
  let clickTs = null;
  document.addEventListener('click', (e) => { clickTs = e.timeStamp; },
                            { capture: true, once: true });
  const mo = new MutationObserver(() => {
    const t = performance.now(); mo.disconnect(); window.__lat = t - clickTs;
  });
  mo.observe(el, { subtree: true, childList: true, characterData: true });
}"""
# Arms a one-shot measurement: click timeStamp → `selector` present and laid out.
ARM_APPEAR = """(selector) => {
  window.__lat = undefined;
  let clickTs = null;
  document.addEventListener('click', (e) => { clickTs = e.timeStamp; },
                            { capture: true, once: true });
  const shown = () => {
    const el = document.querySelector(selector);
    return el && el.getClientRects().length > 0;
  };
  const mo = new MutationObserver(() => {
    if (shown()) { const t = performance.now(); mo.disconnect(); window.__lat = t - clickTs; }
  });
  mo.observe(document.getElementById('fx-app'), { subtree: true, childList: true,
                                                 attributes: true });
}"""
# From navigation start: the first time `selector` is in the DOM and laid out.
APPEAR_FROM_START = """(selector) => {
  const check = () => {
    const el = document.querySelector(selector);
    if (el && el.getClientRects().length > 0) { window.__shownAt = performance.now(); }
    return window.__shownAt !== undefined;
  };
  const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
  mo.observe(document, { subtree: true, childList: true, attributes: true });
}"""


def write_app(root: Path) -> Path:
    """Write the sample app under ``root``; returns its folder."""
    for rel, text in APP.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def disable_memos() -> None:
    """Compile templates without loop memos from now on (``--no-memo``)."""
    from fanxing.compiler import template_codegen
    template_codegen.MEMOIZE_LOOPS = False


def median(xs: list[float]) -> float:
    return statistics.median(xs)


# ---- browser measures ---------------------------------------------------------------------


def click_latency(page: Any, root: str | None, target: str, button: str) -> list[float]:
    """Median-ready list of click → mutation times (ms) for ``RUNS`` clicks after warm-ups."""
    btn = page.locator(f"{FRAME} {button}" if root else button).first
    btn.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    out = []
    for i in range(WARMUP + RUNS):
        page.evaluate(ARM, [root, target])
        box = btn.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        ms = measured(page)
        if i >= WARMUP:
            out.append(ms)
        page.wait_for_timeout(30)  # let acks / flushed / panels settle, same for the floor
    return out


def measured(page: Any) -> float:
    """The armed measurement, once the mutation has happened (raises after 20 s)."""
    return page.wait_for_function("window.__lat", timeout=20000).json_value()


def navigate_latency(page: Any, button: str, appear: str, runs: int) -> list[float]:
    """Tap → ``appear`` visible, for a button that navigates; goes back after each run."""
    out = []
    for i in range(runs + 1):
        page.evaluate(ARM_APPEAR, f"#fx-app {appear}")
        btn = page.locator(f"{FRAME} {button}").first
        btn.scroll_into_view_if_needed()
        box = btn.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        ms = measured(page)
        if i > 0:
            out.append(ms)
        page.locator(f"{FRAME} .fx-navbar-back").click()
        page.locator(f"{FRAME} {button}").first.wait_for()
        page.wait_for_timeout(100)
    return out


LEAN_HTML = """<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/bundle.css">
<div id="fx-app" class="fx-app" style="width: 375px; height: 812px; position: relative"></div>
<script src="/bundle.js"></script>
<script>FX.start(FX.transports.websocket("ws://" + location.host + "/ws"));</script>"""


class LeanServer:
    """The container and the web client with nothing else: one page, one WebSocket.

    The simulator adds its panels (it sends the page data after every change); this
    server shows the cost of the view pipeline alone. It runs on its own thread, where
    the container (and so QuickJS) lives.
    """

    def __init__(self, app_dir: Path, data_dir: Path) -> None:
        self.app_dir, self.data_dir = app_dir, data_dir
        self.url = ""
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)

    def __enter__(self) -> str:
        old = threading.stack_size()
        threading.stack_size(32 * 1024 * 1024)  # QuickJS wants a deep C stack
        try:
            self._thread.start()
        finally:
            threading.stack_size(old)
        self._ready.wait(60)
        return self.url

    def __exit__(self, *exc: Any) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    async def _serve(self) -> None:
        from fanxing.compiler.build import compile_app
        from fanxing.runtime.container.container import Container
        from fanxing.runtime.devtools.client_feed import ClientFeed
        from fanxing.runtime.logic.clock import RealClock
        from fanxing.runtime.webclient.bundle import bundle_css, bundle_js
        from websockets.asyncio.server import serve
        from websockets.datastructures import Headers
        from websockets.exceptions import ConnectionClosed
        from websockets.http11 import Response

        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        c = Container(compile_app(self.app_dir), data_dir=self.data_dir, clock=RealClock())
        feed, outboxes = ClientFeed(), []

        def broadcast(msg: dict[str, Any]) -> None:
            # Only what the page client handles (as the simulator filters): the client
            # answers anything else with a clientError, which the container reports as
            # an ``error`` message, answered again: a ping-pong that ate the CPU.
            if msg.get("type") not in VIEW_TYPES:
                return
            feed.record(msg)  # for the client that connects after launch
            for box in outboxes:
                box.put_nowait(msg)

        c.subscribe(broadcast)
        c.launch()
        await c.settle_async(0, advance_timers=False)
        files = {"/": (LEAN_HTML, "text/html"), "/echo.html": (ECHO_HTML, "text/html"), "/bundle.js": (bundle_js(), "text/javascript"),
                 "/bundle.css": (bundle_css(), "text/css")}

        def http(_conn: Any, request: Any) -> Any:
            if request.path == "/ws":
                return None
            body, ctype = files.get(request.path, ("", "text/plain"))
            data = body.encode("utf-8")
            return Response(200 if body else 404, "OK", Headers(
                [("Content-Type", ctype + "; charset=utf-8"), ("Content-Length", str(len(data)))]),
                data)

        async def connection(conn: Any) -> None:
            box: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
            for msg in feed.replay():
                box.put_nowait(msg)
            outboxes.append(box)

            async def writer() -> None:
                with contextlib.suppress(ConnectionClosed):
                    while True:
                        await conn.send(json.dumps(await box.get(), ensure_ascii=False))

            task = asyncio.get_running_loop().create_task(writer())
            try:
                with contextlib.suppress(ConnectionClosed):  # the browser page went away
                    async for raw in conn:
                        msg = json.loads(raw)
                        if msg.get("type") == "echo":
                            await conn.send(raw)
                            continue
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
    """Server process: print the URL (and start-up ms), serve until stdin closes."""
    from fanxing.runtime.devtools.driver import AppDriver
    from fanxing.runtime.devtools.preview_server import BackgroundPreview
    t0 = time.perf_counter()
    if kind == "preview":
        driver = AppDriver(app_dir, data_dir=data_dir)
        server: Any = BackgroundPreview(driver)
        url = server.start()
        server.call(driver.settled)
        stop = server.stop
    else:
        server = LeanServer(app_dir, data_dir)
        url = server.__enter__()
        stop = server.__exit__
    print(url, (time.perf_counter() - t0) * 1000, flush=True)
    sys.stdin.read()
    stop()


class ServerProcess:
    """``serve()`` in a child process, so the browser driver never holds its GIL."""

    def __init__(self, kind: str, app_dir: Path, data_dir: Path) -> None:
        self.args = [sys.executable, __file__, "--serve", kind, str(app_dir), str(data_dir)]
        if "--no-memo" in sys.argv:
            self.args.append("--no-memo")

    def __enter__(self) -> tuple[str, float]:
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        url, start_ms = self.proc.stdout.readline().split()
        return url, float(start_ms)

    def __exit__(self, *exc: Any) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def browser_measures(app_dir: Path, data_dir: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    res: dict[str, Any] = {}
    preview = ServerProcess("preview", app_dir, data_dir)
    url, res["start_ms"] = preview.__enter__()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(20000)
            page.add_init_script(f"({APPEAR_FROM_START})('#fx-app #go-big')")
            page.goto(url)
            res["launch_visible_ms"] = page.wait_for_function("window.__shownAt").json_value()
            page.wait_for_function("window.FXSIM && FXSIM.connected")
            page.locator(f"{FRAME} #item-{N_ITEMS - 1}").wait_for(state="attached")
            res["ours"] = click_latency(page, FRAME_JS, f"#item-{CHANGED}",
                                        f"#item-{CHANGED} .btn")
            text = page.locator(f"{FRAME} #item-{CHANGED} .name").inner_text()
            assert text.startswith("changed"), text  # the handler really ran
            res["nav"] = navigate_latency(page, "#go-detail", "#detail-title", NAV_RUNS)
            res["big"] = navigate_latency(page, "#go-big", f"#cell-{BIG_CELLS - 1}", NAV_RUNS)
            with ServerProcess("lean", app_dir, data_dir / "lean") as (lean_url, _):
                lean = browser.new_page(viewport={"width": 1280, "height": 900})
                lean.set_default_timeout(20000)
                lean.goto(lean_url)
                lean.locator(f"{FRAME} #item-{N_ITEMS - 1}").wait_for(state="attached")
                res["lean"] = click_latency(lean, FRAME_JS, f"#item-{CHANGED}",
                                            f"#item-{CHANGED} .btn")
                res["lean_nav"] = navigate_latency(lean, "#go-detail", "#detail-title", NAV_RUNS)
                res["lean_big"] = navigate_latency(lean, "#go-big", f"#cell-{BIG_CELLS - 1}",
                                                   NAV_RUNS)
                lean.goto(lean_url + "echo.html")
                lean.locator(f"#item-{N_ITEMS - 1}").wait_for(state="attached")
                res["echo"] = click_latency(lean, None, f"#item-{CHANGED}",
                                            f"#item-{CHANGED} button")
                lean.close()
            floor = browser.new_page(viewport={"width": 1280, "height": 900})
            floor.set_content(FLOOR_HTML)
            res["floor"] = click_latency(floor, None, f"#item-{CHANGED}",
                                         f"#item-{CHANGED} button")
            browser.close()
    finally:
        preview.__exit__()
    return res


# ---- in-process measures --------------------------------------------------------------------


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def launched(app_dir: Path, data_dir: Path) -> Any:
    """A compiled, launched and settled Container of the sample app, with a patch log."""
    from fanxing.compiler.build import compile_app
    from fanxing.runtime.container.container import Container
    c = Container(compile_app(app_dir), data_dir=data_dir)
    c.patches = []  # type: ignore[attr-defined]
    c.subscribe(lambda m: c.patches.append(m) if m.get("type") == "patch" else None)
    c.launch()
    c.settle()
    return c


def memory_per_app(app_dir: Path, data_dir: Path) -> tuple[float, float]:
    """(MiB of RSS each further compiled + launched app adds, process RSS in MiB at the end)."""
    apps = [launched(app_dir, data_dir / "m0")]  # one-time costs (imports, caches) first
    gc.collect()
    one = rss_kib()
    for i in range(APPS):
        apps.append(launched(app_dir, data_dir / f"m{i + 1}"))
    gc.collect()
    more = rss_kib()
    for c in apps:
        c.close()
    return (more - one) / 1024 / APPS, more / 1024


def count_nodes(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + count_nodes(n.get("children", [])) for n in nodes)


def find_node(nodes: list[dict[str, Any]], pred: Any) -> dict[str, Any] | None:
    for n in nodes:
        if pred(n):
            return n
        hit = find_node(n.get("children", []), pred)
        if hit is not None:
            return hit
    return None


def pipeline_measures(app_dir: Path, data_dir: Path) -> dict[str, Any]:
    """Node counts, patch sizes and patches per second through one Container."""
    c = launched(app_dir, data_dir / "pipe")
    res: dict[str, Any] = {}
    view = c.current.view
    snap = view.snapshot()
    res["nodes"] = count_nodes(snap)
    res["first_patch_kib"] = sum(len(json.dumps(p, separators=(",", ":"))) for p in c.patches) / 1024
    button = find_node(snap, lambda n: n.get("tag") == "button"
                       and n.get("dataset", {}).get("i") == CHANGED)
    event = {"type": "event", "pageId": view.page_id, "nodeId": button["nodeId"], "name": "tap",
             "detail": {"x": 1, "y": 1}, "touches": [], "changedTouches": [], "timeStamp": 1}
    c.patches.clear()
    c.client_message(event)
    c.pump()
    res["tap_patch_b"] = len(json.dumps(c.patches[-1], separators=(",", ":")))
    res["tap_ops"] = len(c.patches[-1]["ops"])
    times, n, t0 = [], 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.5:
        t = time.perf_counter()
        c.client_message(event)
        c.pump()
        json.dumps(c.patches[-1])
        times.append((time.perf_counter() - t) * 1000)
        n += 1
    res["pps"] = n / (time.perf_counter() - t0)
    res["tap_py_ms"] = median(times)
    c.close()
    return res


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--serve":
        if "--no-memo" in argv:
            disable_memos()
        serve(argv[1], Path(argv[2]), Path(argv[3]))
        return
    if "--no-memo" in argv:
        disable_memos()
        print("(templates compiled without loop memos)")
    tmp = Path(tempfile.mkdtemp(prefix="fx-latency-"))
    try:
        app_dir = write_app(tmp / "app")
        pipe = pipeline_measures(app_dir, tmp / "data")
        print(f"list page: {N_ITEMS}-item keyed list, {pipe['nodes']} render-tree nodes, "
              f"first patch {pipe['first_patch_kib']:.1f} KiB; tap patch {pipe['tap_ops']} op(s), "
              f"{pipe['tap_patch_b']} B")
        print(f"pipeline (event → QuickJS → setData → view → patch JSON, no browser): "
              f"{pipe['tap_py_ms']:.2f} ms, {pipe['pps']:.0f} patches/s")
        if not chromium_available():
            print(f"{CHROMIUM} not installed: browser figures skipped")
        else:
            res = browser_measures(app_dir, tmp / "data")
            floor = median(res["floor"])
            print(f"tap → DOM updated, {N_ITEMS}-item keyed list, one item changed "
                  f"(median of {RUNS} after {WARMUP} warm-ups):")
            for key, label in (("lean", "container + web client"),
                               ("ours", "simulator (preview server, with its panels)"),
                               ("echo", "floor + WebSocket round trip to Python"),
                               ("floor", "floor: plain DOM write")):
                xs = res[key]
                print(f"  {label:45s} {median(xs):6.2f} ms (min {min(xs):.2f}, "
                      f"max {max(xs):.2f}), {median(xs) / floor:.1f}x the floor")
            print(f"navigateTo tap → page visible: {median(res['lean_nav']):.1f} ms "
                  f"(simulator {median(res['nav']):.1f} ms); simulator load → first page "
                  f"visible: {res['launch_visible_ms']:.0f} ms (driver compile + launch before "
                  f"it: {res['start_ms']:.0f} ms)")
            print(f"first render of a {2 * BIG_CELLS}-node page (navigateTo tap → last node "
                  f"visible): {median(res['lean_big']):.1f} ms (simulator "
                  f"{median(res['big']):.1f} ms)")
        per_app, total = memory_per_app(app_dir, tmp / "data")
        print(f"memory per running mini-program (this app, compiled + launched): "
              f"+{per_app:.1f} MiB RSS (mean of {APPS}; process RSS {total:.0f} MiB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
