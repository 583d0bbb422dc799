"""Fuzz run: generated apps through the compiler and a launch, by the 100 000 (issue 10).

    python bench/fuzz_run.py                       # seeds 0..99 999, resumable
    python bench/fuzz_run.py --count 5000          # a smaller run
    python bench/fuzz_run.py --compile-only        # compiler only (much faster)

Seed ``n`` is one app (``tests/fuzz/fuzz_apps.py``). Chunks of seeds run in a child
process that reports each case; the parent counts uncaught exceptions (any exception out
of the compiler or the container is a fanxing bug), hangs (a case over 5 s; a child
silent for 60 s is killed and the run goes on after that seed) and the children's peak
memory, and keeps its progress in ``--state`` so an interrupted run resumes. Failing
seeds and their tracebacks go to ``--log``. Prints counts after each chunk, with the
machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

HANG_SECONDS = 5.0
KILL_SECONDS = 60.0


def child(start: int, count: int, compile_only: bool) -> None:
    """Run seeds ``start..start+count-1``; one line per event on stdout."""
    import fanxing.compiler.build  # noqa: F401 - warm up: imports are not a case's time
    import fanxing.testing  # noqa: F401
    from fuzz_apps import run_case

    work = Path(tempfile.mkdtemp(prefix="fx-fuzz-"))
    for seed in range(start, start + count):
        print(f"start {seed}", flush=True)
        t = time.perf_counter()
        try:
            status = run_case(seed, work, launch_app=not compile_only)
            error = ""
        except BaseException as e:  # noqa: BLE001 - every escape is what we count
            status = "uncaught"
            error = json.dumps("".join(traceback.format_exception(e))[-4000:])
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"done {seed} {status} {time.perf_counter() - t:.3f} {rss:.0f} {error}",
              flush=True)


def load_state(path: Path, start: int) -> dict:
    if path.is_file():
        return json.loads(path.read_text())
    return {"next": start, "cases": 0, "uncaught": 0, "hangs": 0, "peak_mb": 0.0,
            "statuses": {}, "failing": [], "slowest": [0.0, None], "seconds": 0.0}


def run_chunk(state: dict, end: int, chunk: int, compile_only: bool, log: Path) -> None:
    first = state["next"]
    count = min(chunk, end - first)
    cmd = [sys.executable, __file__, "--child", str(first), str(count)]
    if compile_only:
        cmd.append("--compile-only")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            bufsize=1)
    current, started = None, time.perf_counter()
    assert proc.stdout is not None
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], 1.0)
        if not ready:
            if current is not None and time.perf_counter() - started > KILL_SECONDS:
                proc.kill()
                proc.wait()
                state["hangs"] += 1
                state["failing"].append([current, "killed"])
                state["next"] = current + 1
                state["cases"] += 1
                return
            if proc.poll() is not None:
                break
            continue
        line = proc.stdout.readline()
        if not line:
            break
        parts = line.rstrip("\n").split(" ", 5)
        if parts[0] == "start":
            current, started = int(parts[1]), time.perf_counter()
            continue
        seed, status, secs, rss = int(parts[1]), parts[2], float(parts[3]), float(parts[4])
        state["cases"] += 1
        state["next"] = seed + 1
        state["statuses"][status] = state["statuses"].get(status, 0) + 1
        state["peak_mb"] = max(state["peak_mb"], rss)
        if secs > state["slowest"][0]:
            state["slowest"] = [secs, seed]
        if secs > HANG_SECONDS:
            state["hangs"] += 1
            state["failing"].append([seed, f"slow {secs:.1f} s"])
        if status == "uncaught":
            state["uncaught"] += 1
            state["failing"].append([seed, "uncaught"])
            with log.open("a") as f:
                f.write(f"== seed {seed}\n{json.loads(parts[5])}\n")
        current = None
    proc.wait()
    if current is not None:  # the child died inside a case (a crash, not an exception)
        state["uncaught"] += 1
        state["failing"].append([current, f"child exited {proc.returncode}"])
        state["next"] = current + 1
        state["cases"] += 1


def report(state: dict, end: int) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"cases {state['cases']} (next seed {state['next']} of {end}) | uncaught "
            f"{state['uncaught']} | hangs >{HANG_SECONDS:g}s {state['hangs']} | peak child "
            f"memory {state['peak_mb']:.0f} MB | slowest {state['slowest'][0]:.2f} s "
            f"(seed {state['slowest'][1]}) | {state['statuses']} | "
            f"{state['seconds']:.0f} s | load {load}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=500, help="seeds per child process")
    ap.add_argument("--compile-only", action="store_true")
    ap.add_argument("--state", type=Path, default=Path("/tmp/fanxing-fuzz-state.json"))
    ap.add_argument("--log", type=Path, default=Path("/tmp/fanxing-fuzz-failures.log"))
    ap.add_argument("--minutes", type=float, default=0, help="stop after this long (0: never)")
    ap.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.compile_only)
        return
    state = load_state(args.state, args.start)
    end = args.start + args.count
    stop = time.time() + args.minutes * 60 if args.minutes else None
    while state["next"] < end and (stop is None or time.time() < stop):
        t = time.perf_counter()
        run_chunk(state, end, args.chunk, args.compile_only, args.log)
        state["seconds"] += time.perf_counter() - t
        args.state.write_text(json.dumps(state))
        print(report(state, end), flush=True)
    print("failing seeds:", state["failing"][:50])


if __name__ == "__main__":
    main()
