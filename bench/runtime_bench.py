"""The runtime bench: tap round trip, navigation and loading, per hop, for every client,
side by side with Dimina when one is given.

Run: ``.venv/bin/python bench/runtime_bench.py [--rounds N] [--no-desktop]
[--dimina-url URL [--dimina-serve CMD]]``. Prints numbers with the machine's load; asserts
nothing. Uses the bench app in ``bench/app`` (WeChat dialect, runs unchanged in any runtime
that runs WeChat mini-programs) and Debian Chromium; the desktop window runs under Xvfb.
Tap targets are measured interleaved (round after round, each target in turn), so load that
comes and goes falls on all alike. Dimina is never built from here: give the URL of the
bench app's list page in a Dimina web container you built and serve (and, for its cold
start, the command that serves it; see ``measures/dimina.py``).
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fanxing.runtime.devtools.chromium import chromium_available, launch_options  # noqa: E402
from measures import cold, cpu, desktop, dimina, inprocess, simload  # noqa: E402
from measures.browser import summary  # noqa: E402
from measures.tap import (  # noqa: E402
    APP_DIR,
    FRAME_JS,
    N_ITEMS,
    ServerProcess,
    Target,
    breakdown,
    cpu_per_tap,
    fanxing_target,
    interleave,
    navigate_times,
    plain_target,
    round_ratios,
)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5-min {five:.2f}, {os.cpu_count()} cores)"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def taps(browser: Any, stack: contextlib.ExitStack, args: argparse.Namespace, tmp: Path,
         servers: dict[str, ServerProcess]) -> dict[str, Target]:
    """The interleaved tap figures and their per-hop breakdown; returns the targets."""
    lean_url, sim_url = servers["lean"].url, servers["sim"].url
    def new() -> Any:
        return browser.new_page(viewport={"width": 1280, "height": 900})

    targets = {"lean": fanxing_target(new(), lean_url, "container + web client"),
               "sim": fanxing_target(new(), sim_url, "simulator (preview + panels)")}
    why_not = "--no-desktop" if args.no_desktop else desktop.missing()
    window = None
    if why_not is None:
        window = desktop.DesktopWindow(APP_DIR, tmp / "desk")
        page = stack.enter_context(window)
        win = Target("desktop window (Qt, Xvfb)", page, page, FRAME_JS, traceable=True)
        win.ready()
        targets["desktop"] = win
    if args.dimina_url:
        targets["dimina"] = dimina.dimina_target(new(), args.dimina_url, "Dimina")
    targets["echo"] = plain_target(new(), "floor: WebSocket echo to Python",
                                   lean_url + "echo.html")
    targets["floor"] = plain_target(new(), "floor: plain DOM write")
    print(f"\ntaps start: {load()}")
    interleave(list(targets.values()), args.rounds, args.per_round)
    print(f"taps done:  {load()}")
    traceable = [t for t in targets.values() if t.traceable]
    for t in traceable:
        t.trace(True)
    interleave(traceable, max(2, args.rounds // 2), args.per_round, warmup=1)
    for t in traceable:
        t.trace(False)
    dom = median(targets["floor"].times)
    ref = median(targets["dimina"].times) if "dimina" in targets else None
    print("\ntap → DOM changed (real click → MutationObserver on the item), one "
          "setData({'list[500].name'}) per tap; medians (min–max, n):")
    for t in targets.values():
        vs = ""
        if ref:
            per = round_ratios(t, targets["dimina"])
            vs = (f"  {median(t.times) / ref:4.2f}x Dimina (rounds {min(per):.2f}–"
                  f"{max(per):.2f})" if per else "")
        print(f"  {t.name:34s} {summary(t.times)}  {median(t.times) / dom:4.1f}x plain DOM{vs}")
    if why_not is not None:
        print(f"  (desktop window left out: {why_not})")
    for t in targets.values():
        if t.traces:
            print(f"\nwhere the time goes, {t.name} (medians of {len(t.traces)} traced taps):")
            for label, ms in breakdown(t.traces):
                print(f"  {label:38s} {ms:6.2f} ms")
            whole = median([tr["applied"] - tr["click"] for tr in t.traces])
            print(f"  {'(click → ops applied, these taps)':38s} {whole:6.2f} ms")
    cpu_report(browser, targets, servers, window)
    return targets


def cpu_report(browser: Any, targets: dict[str, Target], servers: dict[str, ServerProcess],
               window: Any) -> None:
    """CPU ms per tap by process, each target alone (nothing else tapping meanwhile)."""
    chromium = list(cpu.chromium_pids(browser.new_browser_cdp_session()))
    print(f"\nCPU per tap, ms, by process (20 taps of each target alone; the bench's own "
          f"calls into the page are in every row; {load()}):")
    print(f"  {'':34s} {'Chromium':>9s} {'server':>9s} {'total':>9s}")
    for key, t in targets.items():
        groups = {"Chromium": chromium, "server": []}
        if key in servers:
            groups["server"] = [servers[key].proc.pid]
        if key == "echo":
            groups["server"] = [servers["lean"].proc.pid]
        if key == "desktop" and window is not None:
            groups = {"Chromium": [], "server": cpu.process_tree(window.proc.pid)}
        used = cpu_per_tap(t, groups)
        print(f"  {t.name:34s} {used['Chromium']:9.2f} {used['server']:9.2f} "
              f"{used['Chromium'] + used['server']:9.2f}")
    print("  (desktop: the window's whole process tree — Python, Qt, its renderer — is in "
          "'server')")


def navigation(browser: Any, args: argparse.Namespace, targets: dict[str, Target]) -> None:
    ours = [targets["lean"], targets["sim"]]
    navigate_times(ours, "#go-detail", "#detail-title")
    navigate_times(ours, "#go-big", f"#row-{N_ITEMS - 1}")
    print(f"\nnavigator tap → new page laid out (median of 7; {load()}):")
    for t in ours:
        print(f"  {t.name:34s} detail page             {summary(t.nav['#go-detail'])}")
        print(f"  {t.name:34s} 1000-row page, row 999  {summary(t.nav['#go-big'])}")
    if args.dimina_url:
        xs = dimina.navigate_latency(browser, args.dimina_url)
        print(f"  {'Dimina':34s} 1000-row page, row 999  {summary(xs)}")


def loading(browser: Any, args: argparse.Namespace, sim_url: str, tmp: Path) -> None:
    res = simload.simulator_load(sim_url, browser, runs=7)
    print(f"\nsimulator load → first page visible (app already running; {load()}):")
    print(simload.report(res).split("resources of one cold run")[0].rstrip())
    print(f"\ncold start: `fanxing preview bench/app` spawned → #item-999 laid out in a "
          f"running browser (median of 5 after a warm-up; {load()}):")
    res = cold.cold_start(APP_DIR, browser, runs=5)
    for stage in cold.STAGES:
        xs = [r[stage] for r in res["runs"]]
        print(f"  spawn → {stage:8s} {summary(xs)}")
    ours = median([r["visible"] for r in res["runs"]])
    if args.dimina_url and args.dimina_serve:
        rows = dimina.cold_start(browser, args.dimina_serve, args.dimina_url)
        theirs = median([r["visible"] for r in rows])
        print(f"  Dimina: server spawned → item 999 laid out {summary([r['visible'] for r in rows])}"
              f"; fanxing/Dimina = {ours / theirs:.2f}")
    print(f"  fanxing render bench/app (new process): {summary(cold.render_wall(APP_DIR))}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=6, help="tap rounds (each target per round)")
    ap.add_argument("--per-round", type=int, default=6, help="taps per target per round")
    ap.add_argument("--no-desktop", action="store_true", help="leave out the desktop window")
    ap.add_argument("--dimina-url", help="the bench app's list page in a Dimina container")
    ap.add_argument("--dimina-serve", help="the command that serves that container (cold start)")
    ap.add_argument("--taps-only", action="store_true", help="only the tap figures")
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
            servers = {"lean": ServerProcess("lean", APP_DIR, tmp / "lean"),
                       "sim": ServerProcess("preview", APP_DIR, tmp / "sim")}
            for server in servers.values():
                stack.enter_context(server)
            sim_url = servers["sim"].url
            pw = stack.enter_context(sync_playwright())
            browser = pw.chromium.launch(**launch_options())
            stack.callback(browser.close)
            with contextlib.ExitStack() as dimina_server:
                if args.dimina_url and args.dimina_serve:  # stopped before its cold start
                    dimina_server.enter_context(dimina.served(args.dimina_serve,
                                                              args.dimina_url))
                targets = taps(browser, stack, args, tmp, servers)
                if not args.taps_only:
                    navigation(browser, args, targets)
            if not args.taps_only:
                loading(browser, args, sim_url, tmp)
        if not args.taps_only:  # outside Playwright's event loop: launch runs its own
            lt = cold.launch_times(APP_DIR, tmp / "launch")
            print(f"  fanxing.testing.launch: new process {summary(lt['cold'])}, "
                  f"warm in-process {summary(lt['warm'])}")
            per_app, total = inprocess.memory_per_app(APP_DIR, tmp / "data")
            print(f"\nmemory per further running mini-program (bench app, compiled + "
                  f"launched): +{per_app:.1f} MiB RSS (mean of {inprocess.APPS}; process "
                  f"{total:.0f} MiB)")
        print(f"end: {load()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
