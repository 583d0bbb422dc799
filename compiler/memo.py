"""A memo for one pure build step: results keyed by everything the step reads.

Build steps that depend only on their inputs (a source text, its path, the scoping of a
stylesheet…) keep their results here, so a second build of the same app (hot reload)
or a second use within one build (a stylesheet @imported by many pages) skips them.
Keys hold the inputs themselves (source texts, not hashes), so a hit is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class StepMemo(Generic[K, V]):
    """Results of one step by key; :meth:`prune` keeps only those used since the last one.

    ``computed`` lists the keys computed (not found) since the last :meth:`begin`, or the
    ``label`` given for them: what a build actually redid.
    """

    def __init__(self) -> None:
        self._items: dict[K, V] = {}
        self._used: set[K] = set()
        self.computed: list[Any] = []

    def get(self, key: K, compute: Callable[[], V], label: Any = None) -> V:
        """The result for ``key``, computed with ``compute()`` the first time."""
        return self.fetch(key, compute, label)[0]

    def fetch(self, key: K, compute: Callable[[], V], label: Any = None) -> tuple[V, bool]:
        """The result for ``key`` and whether ``compute()`` was called for it just now."""
        self._used.add(key)
        try:
            return self._items[key], False
        except KeyError:
            value = self._items[key] = compute()
            self.computed.append(key if label is None else label)
            return value, True

    def begin(self) -> None:
        """Start counting a new build's work."""
        self.computed = []

    def prune(self) -> None:
        """Forget the results not used since the last prune (sources that changed)."""
        self._items = {k: v for k, v in self._items.items() if k in self._used}
        self._used = set()

    def __len__(self) -> int:
        return len(self._items)
