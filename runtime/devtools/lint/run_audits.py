"""The lint's audits on a scripted run: each page is opened headless (through
``fanxing.testing``) and measured — nodes and depth of its tree, the size and rate of
``setData`` calls, images larger than they are shown, errors the app throws."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fanxing.bridge.devices import load_device
from fanxing.bridge.imageinfo import image_info
from fanxing.compiler.build_output import CompiledApp
from fanxing.runtime.container.app_errors import source_position
from fanxing.testing import HarnessError, launch

from .findings import Finding, make

MAX_NODES = 1000
MAX_DEPTH = 30
SETDATA_WARN = 256 * 1024  # bytes: the vendors' quality threshold
SETDATA_LIMIT = 1024 * 1024  # bytes: a larger setData is refused
MAX_RATE = 20  # setData calls within one second of runtime
OVERSIZE = 2.0  # an image with this many times the pixels it needs is flagged
_LENGTH = re.compile(r"(?<![\w-])width\s*:\s*([\d.]+)\s*(px|rpx)")


def _tree_stats(nodes: list[dict[str, Any]]) -> tuple[int, int, list[dict[str, Any]]]:
    """(element count, max depth, image nodes) of a render tree as JSON."""
    count, depth, images = 0, 0, []
    stack = [(n, 1) for n in nodes]
    while stack:
        node, d = stack.pop()
        if str(node.get("tag", "")).startswith("#"):
            continue
        count += 1
        depth = max(depth, d)
        if node.get("tag") == "image":
            images.append(node)
        stack.extend((c, d + 1) for c in node.get("children") or ())
    return count, depth, images


class _SetDataMeter:
    """Sizes and runtime times of the setData calls of one run."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.calls: list[tuple[float, int, str]] = []  # (ms, bytes, instance)

    def __call__(self, msg: dict[str, Any]) -> None:
        if msg.get("type") == "setData":
            size = len(json.dumps(msg.get("ops"), ensure_ascii=False, default=str)
                       .encode("utf-8"))
            self.calls.append((self.clock.now(), size, str(msg.get("instanceId"))))

    def peak_rate(self) -> int:
        """Most setData calls within any one second."""
        times, best, lo = [t for t, _, _ in self.calls], 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= 1000:
                lo += 1
            best = max(best, hi - lo + 1)
        return best


def _image_file(app: CompiledApp, route: str, src: str) -> Path | None:
    if not src or re.match(r"^[a-z]+:", src, re.I):
        return None  # remote or data: images are not in the package
    rel = src.lstrip("/") if src.startswith("/") else posixpath.normpath(
        posixpath.join(posixpath.dirname(route), src))
    path = app.root / rel
    return path if path.is_file() else None


def _shown_width(node: dict[str, Any], screen: int, rpx: float) -> float:
    """CSS px the image is shown at: an inline width, else the screen width."""
    style = node.get("style") or (node.get("attrs") or {}).get("style") or ""
    m = _LENGTH.search(str(style))
    if m:
        value = float(m.group(1))
        return value * rpx if m.group(2) == "rpx" else value
    return float(screen)


def run_findings(app: CompiledApp, *, routes: Iterable[str] | None = None,
                 profile: str | None = None, device: str = "iphone-14",
                 actions: list[str] | None = None, settle_ms: float = 2000,
                 data_dir: str | Path | None = None,
                 stats: dict[str, Any] | None = None) -> list[Finding]:
    """Open each of ``routes`` (default: every page) and audit it; ``actions``
    (``tap:SEL``… as ``fanxing render --do``) run on the first page opened."""
    from fanxing.runtime.devtools.render_run import RunFailed, parse_action, perform

    dev = load_device(device)
    found: list[Finding] = []
    errors_seen: dict[tuple[Any, ...], tuple[str, dict[str, Any], list[str]]] = {}
    stats = stats if stats is not None else {}
    for i, route in enumerate(routes or list(app.pages)):
        meters: list[_SetDataMeter] = []

        def observe(container: Any, meters: list[_SetDataMeter] = meters) -> None:
            meters.append(_SetDataMeter(container.clock))
            container.logic_listeners.append(meters[0])

        try:
            mp = launch(app, profile=profile, device=device, page=route, data_dir=data_dir,
                        settle_ms=0, before_launch=observe)
        except (HarnessError, ValueError) as e:
            found.append(make("run-error", "app.json", 1, 1, f"{route}: cannot open: {e}"))
            continue
        meter = meters[0]
        try:
            mp.settle(settle_ms)
            for n, action in enumerate((actions or []) if i == 0 else [], 1):
                perform(mp, n, parse_action(action))
                mp.settle(settle_ms)
            tree = mp.page.to_json()
            errors = list(mp.errors)
        except (HarnessError, RunFailed) as e:
            found.append(make("run-error", "app.json", 1, 1, f"{route}: {e}"))
            continue
        finally:
            mp.close()
        page_file = app.pages[route].template or f"{route}.json"
        count, depth, images = _tree_stats(tree)
        sizes = [size for _, size, _ in meter.calls]
        stats[route] = {"nodes": count, "depth": depth, "setData": len(sizes),
                        "setDataMaxBytes": max(sizes, default=0),
                        "setDataPeakPerSecond": meter.peak_rate()}
        if count > MAX_NODES:
            found.append(make("page-nodes", page_file, 1, 1,
                              f"{route} has {count} nodes; keep a page under {MAX_NODES}"))
        if depth > MAX_DEPTH:
            found.append(make("page-nodes", page_file, 1, 1,
                              f"{route} is {depth} nodes deep; keep it under {MAX_DEPTH}"))
        big = [s for s in sizes if s > SETDATA_WARN]
        if big:
            worst = max(big)
            found.append(make("setdata-size", app.pages[route].script or page_file, 1, 1,
                              f"{route}: {len(big)} setData call(s) over 256 KB (largest "
                              f"{worst / 1024:.0f} KB{'; over 1 MB is refused' if worst > SETDATA_LIMIT else ''}); "
                              "send only the paths that changed",
                              severity="error" if worst > SETDATA_LIMIT else None))
        rate = meter.peak_rate()
        if rate > MAX_RATE:
            found.append(make("setdata-rate", app.pages[route].script or page_file, 1, 1,
                              f"{route}: {rate} setData calls within one second (keep it "
                              f"at {MAX_RATE} or fewer; merge updates)"))
        found += _image_findings(app, route, page_file, images, dev)
        for err in errors:
            first = errors_seen.setdefault(_error_key(err), (route, err, []))
            first[2].append(route)
    # each error once, however many pages ran into it (an app.js error hits them all)
    found += [_error_finding(routes_hit, err) for _, err, routes_hit in errors_seen.values()]
    return found


def _image_findings(app: CompiledApp, route: str, page_file: str,
                    images: list[dict[str, Any]], dev: Any) -> list[Finding]:
    out, seen = [], set()
    for node in images:
        src = str((node.get("attrs") or {}).get("src") or "")
        path = _image_file(app, route, src)
        if path is None or src in seen:
            continue
        seen.add(src)
        try:
            info = image_info(path.read_bytes())
        except (OSError, ValueError):
            continue
        shown = _shown_width(node, dev.screen_width, dev.rpx)
        needed = shown * dev.pixel_ratio
        if info.width > needed * OVERSIZE:
            rel = path.relative_to(app.root).as_posix()
            out.append(make("image-oversize", rel, 0, 0,
                            f"{rel} is {info.width}x{info.height} px but shown {shown:.0f} px "
                            f"wide on {route} ({needed:.0f} device px at "
                            f"{dev.pixel_ratio:g}x); scale it down"))
    return out


def _error_key(err: dict[str, Any]) -> tuple[Any, ...]:
    return (source_position(err), str(err.get("message")),
            (err.get("where") or {}).get("handler"))


def _error_finding(routes: list[str], err: dict[str, Any]) -> Finding:
    route = routes[0]
    path, line, col = source_position(err) or (f"{route}.js", 0, 0)
    handler = (err.get("where") or {}).get("handler")
    where = route if len(routes) == 1 else f"{route} and {len(routes) - 1} more page(s)"
    return make("run-error", path, line, col,
                f"{err.get('message')} (on {where}{f', in {handler}' if handler else ''})")
