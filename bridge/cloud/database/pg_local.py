"""A throwaway PostgreSQL cluster (tests, benches, trying PostgreSQL on one machine).

``LocalPostgres()`` runs ``initdb`` and ``pg_ctl`` from the installed PostgreSQL in a
temporary folder, listening only on a unix socket there (as ``nobody`` when run as
root, which PostgreSQL refuses); ``new_database()`` gives a fresh database's DSN and
``stop()`` removes everything.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def postgres_bin() -> Path | None:
    """The folder of ``initdb``/``pg_ctl`` (PATH, then Debian's /usr/lib/postgresql), or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(cand).parent
    return None


class LocalPostgres:
    """A private PostgreSQL server for as long as this object lives (see module doc)."""

    def __init__(self, bindir: Path | None = None) -> None:
        found = bindir or postgres_bin()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (initdb not found): "
                               "apt-get install postgresql")
        self.bindir = found
        self.tmp = Path(tempfile.mkdtemp(prefix="fx-pg-"))
        self.data, self.sock = self.tmp / "data", self.tmp / "sock"
        self.sock.mkdir()
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "nobody"
            shutil.chown(self.tmp, self.user)
            shutil.chown(self.sock, self.user)
        self._ids = itertools.count(1)
        try:
            self._run("initdb", "-D", str(self.data), "-U", "fx", "--auth=trust", "-E", "UTF8",
                      "--no-sync")
            self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.tmp / "log"),
                      "-o", f"-k {self.sock} -c listen_addresses='' -c fsync=off", "start")
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.tmp)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def dsn(self, db: str = "postgres") -> str:
        return f"host={self.sock} user=fx dbname={db}"

    def new_database(self) -> str:
        """Create an empty database; returns its DSN."""
        import psycopg
        name = f"fx_db_{next(self._ids)}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
