"""Per-hop timestamps of one user event, from the click to the DOM change it causes.

A client that wants them (the latency bench, the simulator's timing readout) adds
``trace: {click, send}`` to an ``event`` message; each layer the event passes adds its
mark, and the first ``patch`` the event causes carries them all back, so the client can add
``rx`` (message received), ``applied`` (ops applied) and ``frame`` (next animation frame).
Marks are epoch milliseconds (``time.time()`` here, ``performance.timeOrigin +
performance.now()`` in a browser): on one machine both read the same clock, so marks
from different processes subtract.

Marks, in order (``docs/protocol.md``): ``click`` → ``send`` (client) → ``srv`` (frame read
by the server) → ``queued`` (event turned into a logic message) → ``logic`` (QuickJS turn
starts) → ``js`` (turn done) → ``view`` (render + diff done) → ``out`` (patch being
serialized) → ``rx`` → ``applied`` → ``frame`` (client).
"""

from __future__ import annotations

import time
from typing import Any

MAX_MARKS = 24  # a client's trace is data: bounded, numbers only


def now_ms() -> float:
    """Epoch milliseconds, the clock every mark uses."""
    return time.time() * 1000.0


def valid(trace: Any) -> bool:
    """Is ``trace`` a small object of numeric marks (what a client may send)?"""
    return (isinstance(trace, dict) and len(trace) <= MAX_MARKS
            and all(isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
                    for k, v in trace.items()))


def mark(msg: dict[str, Any], name: str) -> None:
    """Add mark ``name`` (now) to ``msg``'s trace, if it carries one."""
    trace = msg.get("trace")
    if type(trace) is dict:  # a client's trace is checked later (protocol); never trusted here
        trace[name] = now_ms()
