"""Cold start: a new ``fanxing`` process → the first page visible, and where the time goes.

:func:`cold_start` spawns ``fanxing preview APP`` and, in a Chromium that is already
running, opens the URL the moment the process prints it; it records, in epoch
milliseconds taken by the page (``performance.timeOrigin + performance.now()``) and
compared with the spawn time (``time.time()``):

* ``url``: spawn → the URL line read from the process's stdout;
* ``html``: → the simulator page's HTML received (navigation ``responseEnd``);
* ``ws``: → the WebSocket open;
* ``patch``: → the first ``patch`` message received;
* ``visible``: → ``SELECTOR`` (item 999 of the bench list page) present and laid out;

and ``cpu``: the CPU ms the fanxing process used by then (all its threads, from
``/proc``), a figure the machine's load hardly changes.

:func:`render_wall` times ``fanxing render APP`` and :func:`launch_times` times
``fanxing.testing.launch`` in a new process and again in a warm one. Run as a script
(``python bench/measures/cold.py [APP [RUNS [SELECTOR]]]``) it prints all three with the machine's load.

Child processes run with their bytecode cached (``PYTHONDONTWRITEBYTECODE`` dropped,
``.pyc`` files kept under ``PYC_DIR``), as an installed fanxing has it: compiling the
sources anew at every start would add ~200 ms that no user pays.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measures.cpu import cpu_ms
from measures.procs import stop

BENCH_APP = Path(__file__).resolve().parents[1] / "app"
SELECTOR = "#item-999"
_URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S*)")
STAGES = ("url", "html", "ws", "patch", "visible")
PYC_DIR = Path(tempfile.gettempdir()) / "fanxing-bench-pyc"

# In every document, before its scripts: the WebSocket open and first patch times, and
# the time SELECTOR is present and laid out (all epoch ms).
_INIT = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { window.__fxWsOpen ??= now(); });
      const first = (e) => {
        // one message or a batch (a JSON array) per frame, compact JSON
        if (typeof e.data === 'string' && /"type": ?"patch"/.test(e.data)) {
          window.__fxPatch ??= now(); this.removeEventListener('message', first);
        }
      };
      this.addEventListener('message', first);
    }
  };
  const shown = () => {
    const el = document.querySelector(SELECTOR);
    return el && el.getClientRects().length > 0;
  };
  const mo = new MutationObserver(() => {
    if (shown()) { window.__fxVisible = now(); mo.disconnect(); }
  });
  mo.observe(document, { subtree: true, childList: true, attributes: true });
})();"""

# The page's epoch times of the stages, once SELECTOR is visible.
_COLLECT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return { html: performance.timeOrigin + nav.responseEnd, ws: window.__fxWsOpen,
           patch: window.__fxPatch, visible: window.__fxVisible };
}"""


def fanxing_command() -> list[str]:
    """The ``fanxing`` console script of this interpreter (else ``python -m``)."""
    script = Path(sys.executable).parent / "fanxing"
    return [str(script)] if script.exists() else [sys.executable, "-m", "fanxing.runtime.cli"]


def child_env() -> dict[str, str]:
    """The environment of the measured processes: bytecode cached (see the module doc)."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(PYC_DIR))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _read_url(proc: subprocess.Popen[str], found: dict[str, Any], event: threading.Event) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        m = _URL.search(line)
        if m and "url" not in found:
            found["at"] = time.time() * 1000
            found["url"] = m.group(1)
            event.set()
    event.set()  # the process ended without a URL


def cold_once(app_dir: str | Path, browser: Any, extra_args: tuple[str, ...] = (),
              timeout_s: float = 60.0, selector: str = SELECTOR) -> dict[str, float]:
    """One cold start; returns ms from spawn for each of ``STAGES`` (``visible``:
    ``selector`` present and laid out)."""
    context = browser.new_context()
    context.add_init_script(_INIT.replace("SELECTOR", repr(selector)))
    page = context.new_page()
    cmd = [*fanxing_command(), "preview", str(app_dir), "--port", "0", "--no-reload",
           *extra_args]
    found: dict[str, Any] = {}
    event = threading.Event()
    start = time.time() * 1000
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            bufsize=1, env=child_env())
    reader = threading.Thread(target=_read_url, args=(proc, found, event), daemon=True)
    reader.start()
    try:
        if not event.wait(timeout_s) or "url" not in found:
            raise RuntimeError(f"{' '.join(cmd)} printed no URL")
        page.goto(found["url"], wait_until="commit")
        page.wait_for_function("window.__fxVisible", timeout=timeout_s * 1000)
        cpu = cpu_ms([proc.pid]).get(proc.pid, float("nan"))
        marks = page.evaluate(_COLLECT)
    finally:
        context.close()
        stop(proc)
        reader.join(5)
    out = {"url": found["at"] - start}
    out.update({k: marks[k] - start for k in STAGES[1:]})
    out["cpu"] = cpu
    return out


def cold_start(app_dir: str | Path, browser: Any, runs: int = 5,
               extra_args: tuple[str, ...] = (), warmup: int = 1,
               selector: str = SELECTOR) -> dict[str, Any]:
    """``runs`` cold starts of ``fanxing preview app_dir`` shown in ``browser`` (a
    Playwright sync Chromium already launched), after ``warmup`` unrecorded ones (they
    write the bytecode and compile caches a user's earlier runs would have).

    Returns ``{"runs": [{stage: ms from spawn, "cpu": ms}], "median": {…}, "min": {…},
    "max": {…}, "load": the 1-minute load average before the runs}``."""
    for _ in range(warmup):
        cold_once(app_dir, browser, extra_args, selector=selector)
    load = os.getloadavg()[0]
    rows = [cold_once(app_dir, browser, extra_args, selector=selector) for _ in range(runs)]
    return {"runs": rows, "load": load,
            **{name: {k: fn([r[k] for r in rows]) for k in (*STAGES, "cpu")}
               for name, fn in (("median", statistics.median), ("min", min), ("max", max))}}


def render_wall(app_dir: str | Path, runs: int = 5) -> list[float]:
    """Wall ms of ``fanxing render app_dir`` (a new process each time)."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*fanxing_command(), "render", str(app_dir)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env())
        out.append((time.perf_counter() - start) * 1000)
    return out


_LAUNCH = """import sys, time
t = time.perf_counter()
from fanxing.testing import launch
with launch(sys.argv[1], data_dir=sys.argv[2]) as mp:
    mp.page
print((time.perf_counter() - t) * 1000)
"""


def launch_times(app_dir: str | Path, data_dir: str | Path, runs: int = 5
                 ) -> dict[str, list[float]]:
    """``fanxing.testing.launch(app_dir)`` until the first page settled, closed: ``cold``
    is a new process each time (wall ms of the whole process, and ``cold_inside``: from
    the import in it), ``warm`` is this process after a first launch."""
    cold, inside = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _LAUNCH, str(app_dir), str(data_dir)],
                              check=True, capture_output=True, text=True, env=child_env())
        cold.append((time.perf_counter() - start) * 1000)
        inside.append(float(done.stdout.split()[-1]))
    from fanxing.testing import launch

    warm = []
    for i in range(runs + 1):
        start = time.perf_counter()
        with launch(app_dir, data_dir=data_dir) as mp:
            mp.page  # noqa: B018 (the first page exists)
        if i:
            warm.append((time.perf_counter() - start) * 1000)
    return {"cold": cold, "cold_inside": inside, "warm": warm}


def _fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs):7.1f} ms ({min(xs):.0f}–{max(xs):.0f}, n={len(xs)})"


def main(argv: list[str]) -> None:
    from fanxing.runtime.devtools.chromium import launch_options
    from playwright.sync_api import sync_playwright

    app = Path(argv[0]) if argv else BENCH_APP
    runs = int(argv[1]) if len(argv) > 1 else 5
    selector = argv[2] if len(argv) > 2 else SELECTOR
    print(f"cold start of {app} (load {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        try:
            res = cold_start(app, browser, runs, selector=selector)
        finally:
            browser.close()
    for stage in STAGES:
        xs = [r[stage] for r in res["runs"]]
        print(f"  spawn → {stage:8s} {_fmt(xs)}")
    print(f"  CPU of fanxing by then {_fmt([r['cpu'] for r in res['runs']])}")
    print(f"fanxing render       {_fmt(render_wall(app, runs))}")
    with tempfile.TemporaryDirectory() as tmp:
        lt = launch_times(app, tmp, runs)
    print(f"testing.launch cold  {_fmt(lt['cold'])} (in the process: {_fmt(lt['cold_inside'])})")
    print(f"testing.launch warm  {_fmt(lt['warm'])}")
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
