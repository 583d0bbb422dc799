"""Fixtures for the cloud tests: a database on each engine.

PostgreSQL runs as a throwaway cluster (initdb + pg_ctl in a temporary folder, on a
unix socket, as an unprivileged user when the tests run as root), started once per
session and stopped after. Its tests are skipped only when the PostgreSQL binaries are
not installed at all (CI's set-up installs Debian's ``postgresql``).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fanxing.bridge.cloud.database.sqlite_backend import SQLiteBackend
from fanxing.bridge.cloud.database.store import Database


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(cand).parent
    return None


class PgCluster:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.tmp = Path(tempfile.mkdtemp(prefix="fx-pg-"))
        self.data, self.sock = self.tmp / "data", self.tmp / "sock"
        self.sock.mkdir()
        self.user: str | None = None
        if os.geteuid() == 0:  # postgres refuses to run as root
            self.user = "nobody"
            shutil.chown(self.tmp, self.user)
            shutil.chown(self.sock, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "fx", "--auth=trust", "-E", "UTF8",
                  "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.tmp / "log"),
                  "-o", f"-k {self.sock} -c listen_addresses='' -c fsync=off", "start")
        self._ids = itertools.count(1)

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120, cwd=self.tmp)

    def dsn(self, db: str = "postgres") -> str:
        return f"host={self.sock} user=fx dbname={db}"

    def new_database(self) -> str:
        import psycopg
        name = f"fx_test_{next(self._ids)}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (initdb not found)")
    cluster = PgCluster(bindir)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each engine, as a URL ``Cloud`` accepts."""
    if request.param == "sqlite":
        return f"sqlite:{tmp_path / 'cloud.sqlite3'}"
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    from fanxing.bridge.cloud.cloud import open_backend
    d = Database(open_backend(database_url, Path(".")))
    yield d
    d.close()


__all__ = ["Database", "SQLiteBackend"]
