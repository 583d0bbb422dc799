"""Figures taken inside one Python process: the tap pipeline without a browser, and the
memory each further running mini-program costs."""

from __future__ import annotations

import gc
import json
import statistics
import time
from pathlib import Path
from typing import Any

APPS = 5


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def launched(app_dir: Path, data_dir: Path) -> Any:
    """A compiled, launched and settled Container of the app, with a patch log."""
    from fanxing.compiler.build import compile_app
    from fanxing.runtime.container.container import Container
    c = Container(compile_app(app_dir), data_dir=data_dir)
    c.patches = []  # type: ignore[attr-defined]
    c.subscribe(lambda m: c.patches.append(m) if m.get("type") == "patch" else None)
    c.launch()
    c.settle()
    return c


def memory_per_app(app_dir: Path, data_dir: Path) -> tuple[float, float]:
    """(MiB of RSS each further compiled + launched app adds, process RSS in MiB)."""
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


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(n.get("children", [])) for n in nodes)


def _find(nodes: list[dict[str, Any]], pred: Any) -> dict[str, Any] | None:
    for n in nodes:
        if pred(n):
            return n
        hit = _find(n.get("children", []), pred)
        if hit is not None:
            return hit
    return None


def pipeline(app_dir: Path, data_dir: Path, changed: int = 500) -> dict[str, Any]:
    """Node count, patch sizes and the tap pipeline (event → QuickJS → setData → view →
    patch JSON) through one Container, no browser."""
    c = launched(app_dir, data_dir / "pipe")
    res: dict[str, Any] = {}
    view = c.current.view
    snap = view.snapshot()
    res["nodes"] = _count(snap)
    res["first_patch_kib"] = sum(len(json.dumps(p, separators=(",", ":")))
                                 for p in c.patches) / 1024
    button = _find(snap, lambda n: n.get("tag") == "button"
                   and n.get("dataset", {}).get("i") == changed)
    event = {"type": "event", "pageId": view.page_id, "nodeId": button["nodeId"],
             "name": "tap", "detail": {"x": 1, "y": 1}, "touches": [], "changedTouches": [],
             "timeStamp": 1}
    c.patches.clear()
    c.client_message(dict(event))
    c.pump()
    res["tap_patch_b"] = len(json.dumps(c.patches[-1], separators=(",", ":")))
    times, n, t0 = [], 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.5:
        t = time.perf_counter()
        c.client_message(dict(event))
        c.pump()
        json.dumps(c.patches[-1])
        times.append((time.perf_counter() - t) * 1000)
        n += 1
    res["pps"] = n / (time.perf_counter() - t0)
    res["tap_py_ms"] = statistics.median(times)
    c.close()
    return res
