"""Fixtures for the cloud tests: a database on each engine.

PostgreSQL runs as a throwaway cluster (initdb + pg_ctl in a temporary folder, on a
unix socket, as an unprivileged user when the tests run as root), started once per
session and stopped after. Its tests are skipped only when the PostgreSQL binaries are
not installed at all (CI's set-up installs Debian's ``postgresql``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fanxing.bridge.cloud.database.pg_local import LocalPostgres, postgres_bin
from fanxing.bridge.cloud.database.store import Database


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalPostgres]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (initdb not found)")
    cluster = LocalPostgres()
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

