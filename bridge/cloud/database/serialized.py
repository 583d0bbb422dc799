"""What both database backends share: one connection per process, statements serialised
by a lock, and transactions that nest (an inner one joins the outermost)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any


class SerializedConnection:
    """Base of the backends: ``transaction()`` is re-entrant; a subclass says how its
    engine runs the outermost one (``_outermost``)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all (re-entrant)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                with self._outermost():
                    yield
            finally:
                self._depth = 0

    def _outermost(self) -> contextlib.AbstractContextManager[Any]:
        raise NotImplementedError
