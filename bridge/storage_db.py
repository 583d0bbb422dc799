"""The on-disk store behind app storage: one SQLite database per (profile, app, user).

* One row per key (``kv(key, value, size)``; ``value`` is the entry's compact JSON text,
  ``size`` what it counts against the quota), so a write touches that key only, in its own
  transaction: a crash (kill -9, power loss with ``synchronous=FULL``) leaves either the
  old or the new value, never a torn store. WAL journal: readers never block the writer.
* Keys keep their first insertion order (``rowid``; an update keeps it), as
  ``getStorageInfo().keys`` lists them.
* The database file is made on the first write; an app that never stores leaves nothing.
* On first open an existing JSON store (``<user>.json``, the format before SQLite) is
  imported in one transaction and renamed ``<user>.json.migrated``; temp files an
  interrupted JSON write left behind (``.<user>.json.*.tmp``) are removed.
* A database that SQLite cannot read is moved aside (``<name>.corrupt-<ms>``, its WAL and
  shared-memory files are dropped) and reported; the app continues with an empty store.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from .jsonstore import Reporter

log = logging.getLogger("fanxing.bridge")

SCHEMA = "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, size INTEGER NOT NULL)"
_SIDE_FILES = ("-wal", "-shm", "-journal")


class StorageDbError(Exception):
    """A write the database refused (disk full, read-only…); the message says why."""


class StorageDb:
    """Rows of one store; every method is safe to call from any thread."""

    def __init__(self, path: Path, report: Reporter | None = None) -> None:
        self.path = path
        self._report = report
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    # -- opening -----------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> list[tuple[str, str, int]]:
        """All rows ``(key, json text, size)`` in insertion order ([] with no database;
        a database SQLite cannot read is quarantined and reported)."""
        if not self.path.exists():
            return []
        try:
            return self._read_all()
        except sqlite3.DatabaseError as e:
            self._quarantine(e)
            return []

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.execute(SCHEMA)
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _read_all(self) -> list[tuple[str, str, int]]:
        with self._lock:
            db = self._connect()
            return [(str(k), str(v), int(n)) for k, v, n in
                    db.execute("SELECT key, value, size FROM kv ORDER BY rowid")]

    def _quarantine(self, err: Exception) -> None:
        self.close()
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time() * 1000)}")
        with contextlib.suppress(OSError):
            os.replace(self.path, aside)
        for suffix in _SIDE_FILES:
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")
        msg = f"{self.path}: unreadable ({err}); moved aside to {aside.name}, starting empty"
        log.warning(msg)
        if self._report:
            self._report(msg)

    # -- writing -----------------------------------------------------------------------

    def put(self, key: str, text: str, size: int) -> None:
        """Insert or replace one entry (its insertion order is kept)."""
        self._run("INSERT INTO kv (key, value, size) VALUES (?, ?, ?) ON CONFLICT(key) "
                  "DO UPDATE SET value = excluded.value, size = excluded.size",
                  (key, text, size))

    def delete(self, key: str) -> None:
        self._run("DELETE FROM kv WHERE key = ?", (key,))

    def clear(self) -> None:
        self._run("DELETE FROM kv", ())

    def write_many(self, rows: list[tuple[str, str, int]]) -> None:
        """Insert ``rows`` in one transaction (the JSON import)."""
        with self._lock:
            db = self._connect()
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO kv (key, value, size) VALUES (?, ?, ?)",
                               rows)
                db.execute("COMMIT")
            except sqlite3.Error as e:
                _rollback(db)
                raise StorageDbError(str(e)) from None

    def _run(self, sql: str, params: tuple[object, ...]) -> None:
        with self._lock:
            try:
                db = self._connect()
                db.execute("BEGIN IMMEDIATE")
                db.execute(sql, params)
                db.execute("COMMIT")
            except sqlite3.Error as e:
                if self._db is not None:
                    _rollback(self._db)
                raise StorageDbError(str(e)) from None
            except BaseException:
                if self._db is not None:
                    _rollback(self._db)
                raise

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None


def _rollback(db: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if db.in_transaction:
            db.execute("ROLLBACK")


def retire_legacy(legacy: Path) -> None:
    """Keep an imported JSON store as ``<name>.migrated`` (never read again)."""
    with contextlib.suppress(OSError):
        os.replace(legacy, legacy.with_name(legacy.name + ".migrated"))


def remove_orphan_temps(legacy: Path) -> None:
    """Remove the temp files interrupted JSON writes left next to ``legacy``."""
    # atomic_write_json's temp files: ".<name>.<random>.tmp" next to the store.
    folder = legacy.parent
    if not folder.is_dir():
        return
    for tmp in folder.glob(f".{legacy.name}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
