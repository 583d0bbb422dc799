"""Which channel the desktop window should use: pywebview's in-process calls or the
loopback WebSocket the browser preview uses.

Run: ``python bench/measures/qt_channel.py`` (needs Xvfb and the desktop extra). One
pywebview (Qt WebEngine) window on a private Xvfb display loads a page that talks to this
process both ways, alternating, and records one-way times in epoch ms (one clock):

* Python → page: a WebSocket message vs ``QWebEnginePage.runJavaScript`` (fire and
  forget, through a queued Qt signal: the cheapest call into the page pywebview offers —
  ``window.run_js`` waits for the script's result);
* page → Python: a WebSocket message vs a ``window.pywebview.api`` call (QWebChannel,
  which pywebview answers on a new thread per call).

Prints medians and the spread with the machine's load; asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measures.procs import xvfb

N = 60
PAGE = """<!doctype html><meta charset="utf-8"><div id="o">x</div><script>
var ws = new WebSocket('ws://' + location.host + '/ws');
var now = function () { return performance.timeOrigin + performance.now(); };
window.rec = { ws: [], js: [] };
ws.onmessage = function (e) { var t = now(), m = JSON.parse(e.data);
  if (m.py) window.rec.ws.push(t - m.py); else ws.send(JSON.stringify({ t: now() })); };
window.deliver = function (m) { window.rec.js.push(now() - m.py); };
window.upBoth = function () {
  ws.send(JSON.stringify({ t: now() }));
  setTimeout(function () { window.pywebview.api.post({ t: now() }); }, 15);
};
</script>"""


def _window() -> None:
    """The child: a pywebview window and a WebSocket server on a thread of this process."""
    import webview
    from qtpy import QtCore
    from websockets.asyncio.server import serve
    from websockets.datastructures import Headers
    from websockets.http11 import Response

    box: list[Any] = []
    up: dict[str, list[float]] = {"ws": [], "api": []}
    ready = threading.Event()
    conns: list[Any] = []

    def server() -> None:
        async def main() -> None:
            def http(_conn: Any, req: Any) -> Any:
                if req.path == "/ws":
                    return None
                body = PAGE.encode()
                return Response(200, "OK", Headers([("Content-Type", "text/html"),
                                                    ("Content-Length", str(len(body)))]), body)

            async def conn(c: Any) -> None:
                conns.append(c)
                async for raw in c:
                    up["ws"].append(time.time() * 1000 - json.loads(raw)["t"])

            async with serve(conn, "127.0.0.1", 0, process_request=http) as s:
                box[:] = [next(iter(s.sockets)).getsockname()[1], asyncio.get_running_loop()]
                ready.set()
                await asyncio.Event().wait()

        asyncio.run(main())

    threading.Thread(target=server, daemon=True).start()
    ready.wait()
    port, loop = box

    class Api:
        def post(self, msg: dict[str, Any]) -> None:
            up["api"].append(time.time() * 1000 - msg["t"])

    class Pusher(QtCore.QObject):
        sig = QtCore.Signal(str)

        def __init__(self, page: Any) -> None:
            super().__init__()
            self.page = page
            self.sig.connect(self.run, QtCore.Qt.ConnectionType.QueuedConnection)

        @QtCore.Slot(str)
        def run(self, script: str) -> None:
            self.page.runJavaScript(script)

    def go(win: Any) -> None:
        from webview.platforms.qt import BrowserView
        win.events.loaded.wait(30)
        time.sleep(1)
        pusher = Pusher(BrowserView.instances[win.uid].webview.page())
        pusher.moveToThread(QtCore.QCoreApplication.instance().thread())
        for _ in range(N):
            msg = json.dumps({"py": time.time() * 1000})
            asyncio.run_coroutine_threadsafe(conns[0].send(msg), loop).result()
            time.sleep(0.015)
            pusher.sig.emit(f"deliver({json.dumps({'py': time.time() * 1000})})")
            time.sleep(0.015)
            win.evaluate_js("upBoth()")
            time.sleep(0.03)
        rec = win.evaluate_js("window.rec")
        print(json.dumps({"down_ws": rec["ws"], "down_js": rec["js"], "up_ws": up["ws"],
                          "up_api": up["api"]}), flush=True)
        win.destroy()

    from fanxing.runtime.devtools.desktop import _qt_environment
    _qt_environment()
    window = webview.create_window("channels", f"http://127.0.0.1:{port}/", js_api=Api())
    webview.start(go, window, gui="qt")


def main() -> None:
    with xvfb("800x600x24") as display:
        load = os.getloadavg()[0]
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--window"],
                             env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
                             capture_output=True, text=True, timeout=180)
        res = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    print(f"desktop window channels, one-way ms, medians (min–max, p90) of {N}; load "
          f"{load:.2f} → {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    for key, label in (("down_ws", "Python → page, WebSocket"),
                       ("down_js", "Python → page, runJavaScript (in process)"),
                       ("up_ws", "page → Python, WebSocket"),
                       ("up_api", "page → Python, pywebview js_api (in process)")):
        xs = sorted(res[key][5:])
        print(f"  {label:45s} {statistics.median(xs):6.2f} ({xs[0]:.2f}–{xs[-1]:.2f}, "
              f"p90 {xs[int(len(xs) * 0.9)]:.2f})")


if __name__ == "__main__":
    if sys.argv[1:] == ["--window"]:
        _window()
    else:
        main()
