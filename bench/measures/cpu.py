"""CPU time by process, a figure the machine's load hardly changes (wall times on a
loaded 2-core machine are mostly waiting for a core): Linux ``/proc`` schedstat, every
thread, nanosecond precision. Empty/NaN elsewhere."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any


def cpu_ms(pids: list[int]) -> dict[int, float]:
    """CPU ms each live process of ``pids`` has used so far (all its threads)."""
    out = {}
    for pid in pids:
        total = 0
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int(stat.read_text().split()[0])
        if total:
            out[pid] = total / 1e6
    return out


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (e.g. a Qt WebEngine window and its renderer)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for children in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                todo += [int(c) for c in children.read_text().split()]
    return out


def chromium_pids(cdp: Any) -> dict[int, str]:
    """Chromium's processes and their kinds (``browser``, ``renderer``, ``GPU``…) from a
    browser CDP session (Playwright: ``browser.new_browser_cdp_session()``)."""
    return {p["id"]: p["type"] for p in cdp.send("SystemInfo.getProcessInfo")["processInfo"]}
