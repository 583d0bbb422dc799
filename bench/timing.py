"""Timing helpers shared by the benches (they print numbers; nothing asserts them)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_seconds(fn: Callable[[], Any], runs: int = 3) -> float:
    """The median wall time of ``runs`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``fn``, in milliseconds."""
    return median_seconds(fn, runs) * 1000
