"""Logic-layer benchmarks: cold start, setData round trips, handler rate, isolation cost.

Run: ``.venv/bin/python bench/logic_bench.py [--compare-quickjs]``. Prints numbers only;
nothing here asserts timings. ``--compare-quickjs`` installs the archived ``quickjs``
distribution into a throw-away venv under /tmp and runs the same JS workload on both.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from fanxing.compiler.js_module import JsModule
from fanxing.runtime.logic.clock import ManualClock
from fanxing.runtime.logic.engine import LogicEngine
from timing import median_ms

APP = "App({ globalData: {} })"
PAGE = """
const fmt = require('../../utils/fmt');
Page({
  data: { title: fmt.title('bench'), list: [] },
  onLoad(q) { this.setData({ list: Array.from({length: 20}, (_, i) => ({id: i, name: 'item ' + i})) }) },
  noop() {},
  fill(e) { this.setData({ payload: 'x'.repeat(e.size) }, () => { this.flushedCount = (this.flushedCount || 0) + 1 }) },
  item(e) { this.setData({ ['list[' + e.i + '].name']: 'renamed ' + e.i }) },
});
"""
FMT = "exports.title = function (s) { return s.toUpperCase(); };"


def modules() -> dict[str, JsModule]:
    return {
        "app.js": JsModule("app.js", "app.js", APP),
        "pages/index/index.js": JsModule(
            "pages/index/index.js", "pages/index/index.js", PAGE, {"../../utils/fmt": "utils/fmt.js"}
        ),
        "utils/fmt.js": JsModule("utils/fmt.js", "utils/fmt.js", FMT),
    }


def new_engine() -> LogicEngine:
    return LogicEngine(modules(), dialect="wechat", app_config={"pages": ["pages/index/index"]},
                       clock=ManualClock())


def first_page_ready(engine: LogicEngine) -> list[dict]:
    engine.process({"type": "appLaunch", "options": {"path": "pages/index/index", "query": {}, "scene": 1001}})
    return engine.process({"type": "pageCreate", "pageId": "p1", "route": "pages/index/index", "query": {}})


def bench_cold_start() -> dict[str, float]:
    def once() -> None:
        out = first_page_ready(new_engine())
        assert any(m["type"] == "setData" for m in out)

    in_process = median_ms(once, 20)
    here = str(Path(__file__).parent)
    script = textwrap.dedent(
        f"""
        import sys; sys.path.insert(0, {here!r})
        from logic_bench import new_engine, first_page_ready
        first_page_ready(new_engine())
        """
    )

    def process_start() -> None:
        subprocess.run([sys.executable, "-c", script], check=True)

    return {"cold start in process (ms)": in_process,
            "cold start incl. Python process start (ms)": median_ms(process_start, 5)}


def bench_round_trips(engine: LogicEngine) -> dict[str, float]:
    results = {}
    for size in (1024, 100 * 1024):
        def trip(size: int = size) -> None:
            out = engine.process({"type": "event", "instanceId": "p1", "handler": "fill", "event": {"size": size}})
            flush = next(m["flushId"] for m in out if m["type"] == "setData")
            engine.process({"type": "flushed", "ids": [flush]})
        results[f"setData round trip {size // 1024} KB (ms)"] = median_ms(trip, 200)

    def item() -> None:
        engine.process({"type": "event", "instanceId": "p1", "handler": "item", "event": {"i": 5}})
    results["setData 'list[5].name' event (ms)"] = median_ms(item, 500)
    n = 5000
    t = time.perf_counter()
    for _ in range(n):
        engine.process({"type": "event", "instanceId": "p1", "handler": "noop", "event": {}})
    results["handler calls per second"] = n / (time.perf_counter() - t)
    return results


def _child(conn) -> None:
    engine = new_engine()
    first_page_ready(engine)
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        conn.send(engine.process(msg))


def bench_isolation() -> dict[str, float]:
    ctx = mp.get_context("spawn")
    t = time.perf_counter()
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(child,), daemon=True)
    proc.start()
    assert parent.recv() == "ready"
    start_ms = (time.perf_counter() - t) * 1000
    msg = {"type": "event", "instanceId": "p1", "handler": "fill", "event": {"size": 1024}}

    def remote() -> None:
        parent.send(msg)
        parent.recv()

    remote_ms = median_ms(remote, 500)
    parent.send(None)
    proc.join(5)
    engine = new_engine()
    first_page_ready(engine)
    local_ms = median_ms(lambda: engine.process(msg), 500)
    return {"in-thread turn, setData 1 KB (ms)": local_ms,
            "child-process turn, setData 1 KB (ms)": remote_ms,
            "child process spawn + boot (ms)": start_ms}


WORKLOAD = """
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
var t0 = Date.now(); fib(25); var tf = Date.now() - t0;
t0 = Date.now();
var o = {list: []}; for (var i = 0; i < 20000; i++) o.list.push({id: i, name: 'n' + i});
for (var k = 0; k < 5; k++) JSON.parse(JSON.stringify(o));
var tj = Date.now() - t0;
t0 = Date.now(); var s = 0; for (var j = 0; j < 3000000; j++) s += j % 7; var tl = Date.now() - t0;
JSON.stringify({fib25: tf, json: tj, loop: tl})
"""


def bench_quickjs_distributions() -> dict[str, str]:
    """Same workload on quickjs-ng (this venv) and archived quickjs (temp venv)."""
    import quickjs

    ours = json.loads(quickjs.Context().eval(WORKLOAD))
    venv = Path("/tmp/fx-quickjs-old")
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "quickjs"], check=True)
    code = "import quickjs, sys; print(quickjs.Context().eval(sys.stdin.read()))"
    old = json.loads(subprocess.run([str(py), "-c", code], input=WORKLOAD, text=True,
                                    capture_output=True, check=True).stdout)
    return {f"{k} (ms)": f"quickjs-ng {ours[k]} / quickjs {old[k]}" for k in ours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare-quickjs", action="store_true")
    args = parser.parse_args()
    engine = new_engine()
    first_page_ready(engine)
    sections = [bench_cold_start(), bench_round_trips(engine), bench_isolation()]
    if args.compare_quickjs:
        sections.append(bench_quickjs_distributions())
    for section in sections:
        for name, value in section.items():
            print(f"{name:48s} {value:10.3f}" if isinstance(value, float) else f"{name:48s} {value}")


if __name__ == "__main__":
    main()
