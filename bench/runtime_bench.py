"""The runtime bench: tap round trip and loading, per hop, for every fanxing client.

Run: ``.venv/bin/python bench/runtime_bench.py [--rounds N] [--dimina-url URL]``. Prints
numbers with the machine's load; asserts nothing. Uses the bench app in ``bench/app``
(WeChat dialect, runs unchanged in any runtime that runs WeChat mini-programs) and Debian
Chromium. Targets are measured interleaved in one browser (see ``measures/tap.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fanxing.runtime.devtools.chromium import chromium_available, launch_options  # noqa: E402
from measures.browser import summary  # noqa: E402
from measures.tap import APP_DIR, ServerProcess, breakdown, fanxing_target, interleave, plain_target  # noqa: E402


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}, {os.cpu_count()} cores)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--per-round", type=int, default=6)
    args = ap.parse_args(argv)
    if not chromium_available():
        print("Chromium is not installed: nothing to measure")
        return 1
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="fx-runtime-bench-"))
    try:
        with ServerProcess("lean", APP_DIR, tmp / "lean") as lean_url, \
                ServerProcess("preview", APP_DIR, tmp / "sim") as sim_url, sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            new = lambda: browser.new_page(viewport={"width": 1280, "height": 900})  # noqa: E731
            targets = [fanxing_target(new(), lean_url, "container + web client"),
                       fanxing_target(new(), sim_url, "simulator (preview + panels)"),
                       plain_target(new(), "floor: WebSocket echo to Python",
                                    lean_url + "echo.html"),
                       plain_target(new(), "floor: plain DOM write")]
            print(f"before: {load()}")
            interleave(targets, args.rounds, args.per_round)
            print(f"after:  {load()}")
            floor = targets[-1]
            dom = sorted(floor.times)[len(floor.times) // 2]
            print("\ntap → DOM changed (real click → MutationObserver), 1000-item keyed list:")
            for t in targets:
                med = sorted(t.times)[len(t.times) // 2]
                print(f"  {t.name:34s} {summary(t.times)}  {med / dom:4.1f}x plain DOM")
            for t in targets:
                if t.traces:
                    print(f"\nwhere the time goes, {t.name} (medians of {len(t.traces)}):")
                    for label, ms in breakdown(t.traces):
                        print(f"  {label:38s} {ms:6.2f} ms")
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
