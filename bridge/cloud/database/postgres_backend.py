"""PostgreSQL (JSONB) for a team sharing one database: same tables, same translation."""

from __future__ import annotations

import contextlib
from typing import Any

from .serialized import SerializedConnection
from .sql import PostgresDialect


class PostgresBackend(SerializedConnection):
    """A PostgreSQL database reached with psycopg 3 (``dsn``: ``postgresql://…`` or
    ``host=/tmp dbname=fanxing``). One connection per process, statements serialised."""

    dialect = PostgresDialect()
    json_type = "JSONB"
    json_param = "%s::jsonb"
    integer = "BIGINT"

    def __init__(self, dsn: str) -> None:
        try:
            import psycopg
        except ImportError as e:  # pragma: no cover - psycopg is a dependency
            raise RuntimeError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from e
        super().__init__()
        self.dsn = dsn
        self._conn = psycopg.connect(dsn, autocommit=True)

    def describe(self) -> str:
        return "postgres:" + self._conn.info.dbname

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            cur = self._conn.execute(sql, params or None)
            return cur.fetchall() if cur.description else []

    def run(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._conn.execute(sql, params or None).rowcount

    def _outermost(self) -> contextlib.AbstractContextManager[Any]:
        return self._conn.transaction()

    def load(self, value: Any) -> Any:
        import json
        return json.loads(value) if isinstance(value, (str, bytes)) else value

    def close(self) -> None:
        with self._lock:
            self._conn.close()
