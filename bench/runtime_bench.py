"""The runtime bench: tap round trip, navigation and loading, per hop, for every client.

Run: ``.venv/bin/python bench/runtime_bench.py [--rounds N] [--no-desktop]``. Prints
numbers with the machine's load; asserts nothing. Uses the bench app in ``bench/app``
(WeChat dialect, runs unchanged in any runtime that runs WeChat mini-programs) and Debian
Chromium; the desktop window runs under Xvfb. Tap targets are measured interleaved (round
after round, each target in turn), so load that comes and goes falls on all alike.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fanxing.runtime.devtools.chromium import chromium_available, launch_options  # noqa: E402
from measures import desktop, inprocess  # noqa: E402
from measures.browser import summary  # noqa: E402
from measures.tap import (  # noqa: E402
    APP_DIR,
    FRAME_JS,
    N_ITEMS,
    ServerProcess,
    Target,
    breakdown,
    fanxing_target,
    interleave,
    navigate_times,
    plain_target,
)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5-min {five:.2f}, {os.cpu_count()} cores)"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=6, help="tap rounds (each target per round)")
    ap.add_argument("--per-round", type=int, default=6, help="taps per target per round")
    ap.add_argument("--no-desktop", action="store_true", help="leave out the desktop window")
    args = ap.parse_args(argv)
    if not chromium_available():
        print("Chromium is not installed: nothing to measure")
        return 1
    from playwright.sync_api import sync_playwright

    print(f"bench app: {APP_DIR} ({N_ITEMS}-item keyed list); start: {load()}")
    tmp = Path(tempfile.mkdtemp(prefix="fx-runtime-bench-"))
    try:
        pipe = inprocess.pipeline(APP_DIR, tmp / "data")
        print(f"in process: {pipe['nodes']} render-tree nodes, first patch "
              f"{pipe['first_patch_kib']:.0f} KiB, tap patch {pipe['tap_patch_b']} B; "
              f"event → QuickJS → setData → render/diff → patch JSON "
              f"{pipe['tap_py_ms']:.2f} ms ({pipe['pps']:.0f} taps/s)")
        with contextlib.ExitStack() as stack:
            lean_url = stack.enter_context(ServerProcess("lean", APP_DIR, tmp / "lean"))
            sim_url = stack.enter_context(ServerProcess("preview", APP_DIR, tmp / "sim"))
            pw = stack.enter_context(sync_playwright())
            browser = pw.chromium.launch(**launch_options())
            stack.callback(browser.close)

            def new() -> object:
                return browser.new_page(viewport={"width": 1280, "height": 900})

            lean = fanxing_target(new(), lean_url, "container + web client")
            sim = fanxing_target(new(), sim_url, "simulator (preview + panels)")
            targets = [lean, sim]
            why_not = "--no-desktop" if args.no_desktop else desktop.missing()
            if why_not is None:
                page = stack.enter_context(desktop.DesktopWindow(APP_DIR, tmp / "desk"))
                win = Target("desktop window (Qt, Xvfb)", page, page, FRAME_JS, traced=True)
                win.ready()
                targets.append(win)
            echo = plain_target(new(), "floor: WebSocket echo to Python", lean_url + "echo.html")
            floor = plain_target(new(), "floor: plain DOM write")
            targets += [echo, floor]
            interleave(targets, args.rounds, args.per_round)
            print(f"taps done: {load()}")
            dom = median(floor.times)
            print("\ntap → DOM changed (real click → MutationObserver on the item), one "
                  "setData({'list[500].name'}) per tap:")
            for t in targets:
                print(f"  {t.name:34s} {summary(t.times)}  {median(t.times) / dom:4.1f}x plain DOM")
            if why_not is not None:
                print(f"  (desktop window left out: {why_not})")
            for t in targets:
                if t.traces:
                    print(f"\nwhere the time goes, {t.name} (medians of {len(t.traces)} traced taps):")
                    for label, ms in breakdown(t.traces):
                        print(f"  {label:38s} {ms:6.2f} ms")
            navigate_times([lean, sim], "#go-detail", "#detail-title")
            navigate_times([lean, sim], "#go-big", f"#row-{N_ITEMS - 1}")
            print(f"\nnavigator tap → new page laid out (median of 7, interleaved; {load()}):")
            for t in (lean, sim):
                print(f"  {t.name:34s} detail page {summary(t.nav['#go-detail'])}")
                print(f"  {'':34s} 1000-row page, row 999 {summary(t.nav['#go-big'])}")
        per_app, total = inprocess.memory_per_app(APP_DIR, tmp / "data")
        print(f"\nmemory per further running mini-program (bench app, compiled + launched): "
              f"+{per_app:.1f} MiB RSS (mean of {inprocess.APPS}; process {total:.0f} MiB)")
        print(f"end: {load()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
