"""setStorageSync latency at a small (1 KB) and a nearly full (9 MB) store, through the
real bridge call path (``Bridge.call("wx.setStorageSync")``, which persists the entry).

Prints medians and the 90th percentile of 1 KB writes to one key, beside the machine load.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fanxing.bridge import Bridge, ScriptedHost  # noqa: E402

RUNS = 30
ONE_KB = "x" * 1000


def _bridge(data_dir: Path) -> Bridge:
    return Bridge("wechat", data_dir=data_dir, user="bench", app_id="bench-app",
                  host=ScriptedHost())


def _fill(b: Bridge, total: int) -> None:
    chunk = "y" * (180 * 1024)
    n = 0
    while b.storage.used_bytes() + len(chunk) + 16 < total:
        asyncio.run(b.call("wx.setStorage", {"key": f"fill{n}", "data": chunk}))
        n += 1


def _measure(b: Bridge) -> list[float]:
    async def run() -> list[float]:
        out = []
        for i in range(RUNS):
            t0 = time.perf_counter()
            await b.call("wx.setStorageSync", {"key": "k", "data": ONE_KB + str(i)})
            out.append((time.perf_counter() - t0) * 1000)
        return out
    return asyncio.run(run())


def main() -> None:
    load = os.getloadavg()
    print(f"machine load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cpus")
    for label, size in (("1 KB store", 0), ("9 MB store", 9 * 1024 * 1024)):
        with tempfile.TemporaryDirectory() as tmp:
            b = _bridge(Path(tmp))
            _fill(b, size)
            used = b.storage.used_bytes()
            times = _measure(b)
            p90 = statistics.quantiles(times, n=10)[-1]
            print(f"setStorageSync 1 KB, {label} ({used / 1024 / 1024:.2f} MiB used): "
                  f"median {statistics.median(times):.2f} ms, p90 {p90:.2f} ms ({RUNS} writes)")


if __name__ == "__main__":
    main()
