"""Simulator load → first page visible, with the app already running, hop by hop.

``simulator_load(url, browser)`` opens the simulator URL of a running ``fanxing preview``
``runs`` times in headless Chromium and returns, per hop, the milliseconds from the
navigation start (``performance.timeOrigin``) at which the page got there:

* ``html``: the simulator page's HTML received (navigation ``responseEnd``);
* ``assets``: the last script or stylesheet received (resource ``responseEnd``);
* ``dom_ready``: ``DOMContentLoaded`` (every synchronous script ran);
* ``ws_new`` / ``ws_open``: the WebSocket created / open;
* ``first_msg``: its first message arrived; ``page_msg``: the first ``page`` message;
* ``patch_done``: the handler of the last ``patch`` message before ``item999`` returned
  (the page built);
* ``first_node``: the bench list page's first node (``#go-big``, the lead's earlier figure)
  in the DOM and laid out;
* ``item0`` / ``item999``: ``#item-0`` / ``#item-999`` of the bench list page in the
  DOM and laid out (``getClientRects()``); ``frame``: the rendering update that draws
  it begins (its first ``requestAnimationFrame``; its layout is done, paint follows).

``cold`` runs open each load in a new browser context (empty HTTP cache, as a new
preview process on a new port is), ``warm`` ones in a new tab of one context (a reload).
Each run also lists the WebSocket messages received before ``item999`` (type, bytes, ms in
the handler), to see what the page waited for.

Standalone: ``python bench/measures/simload.py [runs]`` starts the preview of
``bench/app`` in a child process and prints the breakdown with the machine's load.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measures.cpu import chromium_pids, cpu_ms

BENCH_DIR = Path(__file__).resolve().parents[1]
LAST_ITEM = "#fx-app #item-999"
FIRST_ITEM = "#fx-app #item-0"
FIRST_NODE = "#fx-app #go-big"  # the page's first node, before the list
VIEWPORT = {"width": 1280, "height": 900}
HOPS = ("html", "assets", "dom_ready", "ws_new", "ws_open", "first_msg", "page_msg",
        "patch_done", "first_node", "item0", "item999", "frame")
# CPU ms spent on a load, until the task after that frame (the panels render then)
CPU = ("cpu_renderer", "cpu_chromium", "cpu_server")

# Installed before any page script: times the WebSocket and its messages, and watches for
# the list's first and last items to be laid out. Times are performance.now() (ms from
# the navigation start).
PROBE = """(([top, first, last]) => {
  const T = window.__fxLoad = { msgs: [] };
  const now = () => performance.now();
  const Native = window.WebSocket;
  // a frame holds one message or an array of them (the server batches what is queued)
  const kind = (data) => {
    const head = typeof data === 'string' ? data.slice(0, 400) : '';
    const m = /"type":\\s*"(\\w+)"/.exec(head);
    const ev = /"(?:event|action)":\\s*"(\\w+)"/.exec(head);
    return (head[0] === '[' ? 'batch>' : '') + (m ? m[1] : '?') + (ev ? ':' + ev[1] : '');
  };
  const has = (data, type) => typeof data === 'string'
    && (data.indexOf('"type":"' + type + '"') >= 0 || data.indexOf('"type": "' + type + '"') >= 0);
  const timed = (fn) => function (e) {
    const t0 = now();
    try { return fn.call(this, e); } finally {
      const t1 = now(), k = kind(e.data);
      T.msgs.push([k, e.data.length || 0, +t0.toFixed(2), +(t1 - t0).toFixed(2)]);
      if (T.first_msg === undefined) T.first_msg = t0;
      if (T.page_msg === undefined && has(e.data, 'page')) T.page_msg = t0;
      if (has(e.data, 'patch') && T.item999 === undefined) T.patch_done = t1;  // the last before
    }
  };
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (T.ws_new === undefined) {
      T.ws_new = now();
      ws.addEventListener('open', () => { T.ws_open = now(); });
      let handler = null;
      Object.defineProperty(ws, 'onmessage', {
        get: () => handler,
        set: (fn) => {
          if (handler) ws.removeEventListener('message', handler);
          handler = fn ? timed(fn) : null;
          if (handler) ws.addEventListener('message', handler);
        },
      });
      const add = ws.addEventListener.bind(ws);
      ws.addEventListener = (type, fn, opts) =>
        add(type, type === 'message' && fn !== handler ? timed(fn) : fn, opts);
    }
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  const shown = (sel) => {
    const el = document.querySelector(sel);
    return el !== null && el.getClientRects().length > 0;
  };
  const check = () => {
    if (T.first_node === undefined && shown(top)) T.first_node = now();
    if (T.item0 === undefined && shown(first)) T.item0 = now();
    if (T.item999 === undefined && shown(last)) {
      T.item999 = now();
      requestAnimationFrame(() => {
        T.frame = now();
        setTimeout(() => console.debug('__fxLoadDone'), 0);
      });
      return true;
    }
    return false;
  };
  const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
  mo.observe(document, { subtree: true, childList: true, attributes: true });
})"""

COLLECT = """() => {
  const T = window.__fxLoad, nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource')
    .filter((r) => r.initiatorType === 'script' || r.initiatorType === 'link'
            || /\\.(js|css)(\\?|$)/.test(r.name));
  return Object.assign({}, T, {
    html: nav.responseEnd, dom_ready: nav.domContentLoadedEventStart,
    assets: Math.max(nav.responseEnd, ...res.map((r) => r.responseEnd)),
    resources: res.map((r) => [new URL(r.name).pathname, +r.responseEnd.toFixed(1),
                               r.transferSize, r.encodedBodySize]),
    origin: performance.timeOrigin,
  });
}"""


def _url_of(url_or_server: Any) -> str:
    return url_or_server if isinstance(url_or_server, str) else url_or_server.url


def load_once(context: Any, url: str, timeout_ms: int = 30000, cdp: Any = None,
              server_pid: int | None = None) -> dict[str, Any]:
    """One load of the simulator in a new tab of ``context``: the hop times (ms); with
    ``cdp`` (a browser CDP session) also the CPU ms Chromium's renderers (``cpu_renderer``)
    and other processes (``cpu_chromium``) spent on it, and with
    ``server_pid`` ``cpu_server``, the preview's."""
    page = context.new_page()
    try:
        page.set_default_timeout(timeout_ms)
        page.add_init_script(f"{PROBE}({[FIRST_NODE, FIRST_ITEM, LAST_ITEM]!r})")
        before = cpu_ms(list(chromium_pids(cdp))) if cdp is not None else {}
        server = cpu_ms([server_pid]) if server_pid else {}
        sent = time.time() * 1000
        # told by a console message: waiting with wait_for_function would inject
        # Playwright's script into the page while it loads (15 ms of its main thread)
        with page.expect_console_message(lambda m: m.text == "__fxLoadDone"):
            page.goto(url)
        if cdp is not None:  # a process started for this page counts from zero
            kinds = chromium_pids(cdp)
            used = {pid: ms - before.get(pid, 0.0) for pid, ms in cpu_ms(list(kinds)).items()}
            cpu = {"cpu_renderer": sum(ms for pid, ms in used.items()
                                       if kinds[pid] == "renderer"),
                   "cpu_chromium": sum(ms for pid, ms in used.items()
                                       if kinds[pid] != "renderer")}
        if server_pid:
            out_server = sum(cpu_ms([server_pid]).values()) - sum(server.values())
        out = page.evaluate(COLLECT)
        out["goto_gap"] = out.pop("origin") - sent  # Playwright → the renderer's start
        if cdp is not None:
            out.update(cpu)
        if server_pid:
            out["cpu_server"] = out_server
        return out
    finally:
        page.close()


def simulator_load(url_or_server: Any, browser: Any, runs: int = 7,
                   server_pid: int | None = None) -> dict[str, Any]:
    """Simulator load → first page visible, ``runs`` times cold and warm (see the module
    docstring): ``{"cold": [run…], "warm": [run…], "median": {"cold": {hop: ms},
    "warm": {…}}, "spread": {"cold": {hop: (min, max)}, …}}``. ``url_or_server`` is the
    simulator URL (with its token) or anything with a ``url`` attribute (and a ``proc``,
    as ``measures.tap.ServerProcess``: its CPU is counted too, as with ``server_pid``);
    ``browser`` a Playwright (sync) Chromium browser. Besides the hops, each run has the
    CPU ms Chromium and the server spent on it (``CPU``): figures the machine's load
    hardly changes."""
    url = _url_of(url_or_server)
    proc = getattr(url_or_server, "proc", None)
    server_pid = server_pid or (proc.pid if proc is not None else None)
    cdp = browser.new_browser_cdp_session()
    out: dict[str, Any] = {"cold": [], "warm": []}
    for _ in range(runs):
        ctx = browser.new_context(viewport=VIEWPORT)
        try:
            out["cold"].append(load_once(ctx, url, cdp=cdp, server_pid=server_pid))
        finally:
            ctx.close()
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        load_once(ctx, url)  # fills the cache
        for _ in range(runs):
            out["warm"].append(load_once(ctx, url, cdp=cdp, server_pid=server_pid))
    finally:
        ctx.close()
    out["median"], out["spread"] = {}, {}
    for mode in ("cold", "warm"):
        hops = [h for h in (*HOPS, *CPU) if all(r.get(h) is not None for r in out[mode])]
        out["median"][mode] = {h: statistics.median(r[h] for r in out[mode]) for h in hops}
        out["spread"][mode] = {h: (min(r[h] for r in out[mode]), max(r[h] for r in out[mode]))
                               for h in hops}
    return out


def report(res: dict[str, Any]) -> str:
    """The breakdown as text: one line per hop, cold and warm medians with the spread."""
    lines = [f"{'hop (ms from navigation start)':34s} {'cold':>22s} {'warm':>22s}"]
    lines_cpu = ("(cpu_*: CPU ms the load used, to the task after that frame: Chromium's "
                 "renderers, its other processes, the preview server)")
    for hop in (*HOPS, *CPU):
        cells = []
        for mode in ("cold", "warm"):
            med = res["median"][mode].get(hop)
            lo, hi = res["spread"][mode].get(hop, (None, None))
            cells.append("—" if med is None else f"{med:7.1f} ({lo:.0f}–{hi:.0f})")
        lines.append(f"  {hop:32s} {cells[0]:>22s} {cells[1]:>22s}")
    lines.append(lines_cpu)
    first = res["cold"][len(res["cold"]) // 2]
    lines.append("resources of one cold run (path, responseEnd ms, transfer B, body B):")
    lines += [f"  {r}" for r in first["resources"]]
    shown = [m for m in first["msgs"] if m[2] <= first["item999"]]
    lines.append(f"messages before item-999 of that run ({len(shown)}; kind, bytes, at ms, "
                 f"handler ms):")
    lines += [f"  {m}" for m in shown[:30]]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    from fanxing.runtime.devtools.chromium import launch_options
    from playwright.sync_api import sync_playwright

    from measures.tap import ServerProcess

    runs = int(argv[0]) if argv else 7
    with tempfile.TemporaryDirectory(prefix="fx-simload-") as tmp:
        server = ServerProcess("preview", BENCH_DIR / "app", Path(tmp))
        with server as url, sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                before = os.getloadavg()
                res = simulator_load(url, browser, runs, server_pid=server.proc.pid)
                after = os.getloadavg()
            finally:
                browser.close()
    print(f"simulator load → first page visible (bench/app, app already running), "
          f"{runs} runs each")
    print(f"load average before {before[0]:.2f} / after {after[0]:.2f} (1 min), "
          f"{os.cpu_count()} cores")
    print(report(res))


if __name__ == "__main__":
    main(sys.argv[1:])
