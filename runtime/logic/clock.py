"""The runtime-owned clock that JS timers run on (milliseconds, monotonic).

The logic engine never reads the wall clock for timers: it asks a :class:`Clock`.
:class:`RealClock` follows ``time.monotonic``; :class:`ManualClock` only moves when told,
so tests can advance time without sleeping.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """A monotonic millisecond clock."""

    #: True when time passes by itself (the engine thread then fires due timers itself).
    is_real: bool

    def now(self) -> float:
        """Current time in milliseconds."""
        ...

    def advance_to(self, ms: float) -> None:
        """Move a manual clock forward to ``ms`` (never backwards); no-op when real."""
        ...


class RealClock:
    """Milliseconds since the clock was created, from ``time.monotonic``."""

    is_real = True

    def __init__(self) -> None:
        self._origin = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._origin) * 1000.0

    def advance_to(self, ms: float) -> None:
        """Real time cannot be moved; ignored."""


class ManualClock:
    """A clock that moves only through :meth:`advance` / :meth:`advance_to`."""

    is_real = False

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, ms: float) -> float:
        """Move forward by ``ms`` milliseconds; returns the new time."""
        if ms < 0:
            raise ValueError(f"ManualClock.advance: ms must be >= 0, got {ms}")
        with self._lock:
            self._now += ms
            return self._now

    def advance_to(self, ms: float) -> None:
        with self._lock:
            self._now = max(self._now, float(ms))
