"""The embedded default: one SQLite file (WAL), JSON documents as text."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .serialized import SerializedConnection
from .sql import SQLiteDialect


def _regexp(pattern: str, value: Any) -> bool:
    return isinstance(value, str) and re.search(pattern, value) is not None


class SQLiteBackend(SerializedConnection):
    """A SQLite database shared by the threads of one process (writes serialised)."""

    dialect = SQLiteDialect()
    json_type = "TEXT"
    json_param = "?"
    integer = "INTEGER"

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                     timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.create_function("fx_regexp", 2, _regexp, deterministic=True)

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    @contextlib.contextmanager
    def _outermost(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def load(self, text: Any) -> Any:
        import json
        return json.loads(text)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
