"""The embedded default: one SQLite file (WAL), JSON documents as text."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .sql import SQLiteDialect


def _regexp(pattern: str, value: Any) -> bool:
    return isinstance(value, str) and re.search(pattern, value) is not None


class SQLiteBackend:
    """A SQLite database shared by the threads of one process (writes serialised)."""

    dialect = SQLiteDialect()
    json_type = "TEXT"
    json_param = "?"
    integer = "INTEGER"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                     timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.create_function("fx_regexp", 2, _regexp, deterministic=True)
        self._lock = threading.RLock()
        self._depth = 0

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._conn.execute(sql, params).rowcount

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
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def load(self, text: Any) -> Any:
        import json
        return json.loads(text)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
