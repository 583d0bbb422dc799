"""The local cloud: function call latency (cold / warm) and database queries per second,
indexed vs unindexed, at 10k and 100k documents (``--big``: also 1M) on SQLite and on a
throwaway PostgreSQL (when installed). Prints numbers with the machine load; asserts nothing.

    .venv/bin/python bench/cloud_bench.py [--big] [--sizes 10000,100000] [--engines sqlite,postgres]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fanxing.bridge.cloud import Cloud
from fanxing.bridge.cloud.cloud import open_backend
from fanxing.bridge.cloud.database.pg_local import LocalPostgres, postgres_bin
from fanxing.bridge.cloud.database.query import parse_where
from fanxing.bridge.cloud.database.store import Database

ECHO = """const cloud = require('wx-server-sdk')
exports.main = async (event) => ({ n: event.n, who: cloud.getWXContext().OPENID })"""
DBCALL = """const db = require('wx-server-sdk').database()
exports.main = async (event) => (await db.collection('t').where({ k: event.n }).get()).data.length"""
CALLER = {"openId": "o-bench", "appId": "bench", "source": "wx_client"}


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def bench_functions(tmp: Path) -> None:
    root = tmp / "functions"
    for name, code in (("echo", ECHO), ("dbcall", DBCALL)):
        (root / name).mkdir(parents=True)
        (root / name / "index.js").write_text(code)
    colds = []
    for i in range(5):
        cloud = Cloud(tmp / f"cold{i}", functions_root=root)
        inv = cloud.call_function("echo", {"n": i}, CALLER)
        assert inv.cold
        colds.append(inv.duration_ms)
        cloud.close()
    cloud = Cloud(tmp / "warm", functions_root=root)
    cloud.call_function("echo", {"n": 0}, CALLER)
    cloud.call_function("dbcall", {"n": 0}, CALLER)
    warm = [cloud.call_function("echo", {"n": i}, CALLER).duration_ms for i in range(50)]
    dbw = [cloud.call_function("dbcall", {"n": i}, CALLER).duration_ms for i in range(50)]
    cloud.close()
    print(f"functions ({load()}): cold call median {statistics.median(colds):.1f} ms "
          f"(min {min(colds):.1f}); warm call median {statistics.median(warm):.2f} ms "
          f"(p90 {sorted(warm)[44]:.2f}); warm call with one database query "
          f"{statistics.median(dbw):.2f} ms")


def qps(db: Database, where: dict, *, budget: float = 1.0, count: bool = False) -> float:
    f = parse_where(where)
    n, start = 0, time.perf_counter()
    while n < 5 or time.perf_counter() - start < budget:
        if count:
            db.count("bench", f)
        else:
            db.find("bench", f, limit=20)
        n += 1
        if n >= 5 and time.perf_counter() - start > budget * 3:
            break
    return n / (time.perf_counter() - start)


def bench_engine(name: str, url: str, sizes: list[int]) -> None:
    db = Database(open_backend(url, Path(".")))
    have = 0
    rows = []
    for size in sizes:
        t0 = time.perf_counter()
        db.add_many("bench", ({"_id": f"d{i}", "k": i, "cat": i % 100, "name": f"user{i}",
                               "tags": ["a", "b"] if i % 2 else ["c"]}
                              for i in range(have, size)))
        ins = (size - have) / (time.perf_counter() - t0)
        have = size
        probe = size // 2
        un_eq = qps(db, {"k": probe})
        un_cat = qps(db, {"cat": 7}, count=True)
        index_k = db.create_index("bench", ["k"])
        index_cat = db.create_index("bench", ["cat"])
        ix_eq = qps(db, {"k": probe})
        ix_cat = qps(db, {"cat": 7}, count=True)
        for ix in (index_k, index_cat):  # the next size measures unindexed again
            db.backend.run(f"DROP INDEX {ix}")
            db.backend.run(f"DELETE FROM fx_indexes WHERE name = {db.d.ph}", [ix])
        rows.append((size, ins, un_eq, ix_eq, un_cat, ix_cat))
        print(f"{name:8} {size:>8} docs ({load()}): insert {ins:,.0f} docs/s; "
              f"find k==x: unindexed {un_eq:,.1f} q/s, indexed {ix_eq:,.1f} q/s; "
              f"count cat==7 (1%): unindexed {un_cat:,.1f} q/s, indexed {ix_cat:,.1f} q/s",
              flush=True)
    for (s0, _, u0, i0, c0, x0), (s1, _, u1, i1, c1, x1) in zip(rows, rows[1:], strict=False):
        print(f"{name:8} growth {s0}→{s1} ({s1 // s0}x docs): unindexed find {u0 / u1:.1f}x "
              f"slower, indexed find {i0 / i1:.2f}x; unindexed count {c0 / c1:.1f}x, "
              f"indexed count {x0 / x1:.1f}x")
    db.close()


def main(argv: list[str]) -> None:
    sizes = [10_000, 100_000]
    if "--big" in argv:
        sizes.append(1_000_000)
    if "--sizes" in argv:
        sizes = [int(x) for x in argv[argv.index("--sizes") + 1].split(",")]
    engines = ["sqlite", "postgres"]
    if "--engines" in argv:
        engines = argv[argv.index("--engines") + 1].split(",")
    tmp = Path(tempfile.mkdtemp(prefix="fx-cloud-bench-"))
    try:
        bench_functions(tmp)
        if "sqlite" in engines:
            bench_engine("sqlite", f"sqlite:{tmp / 'bench.sqlite3'}", sizes)
        if "postgres" not in engines:
            return
        if postgres_bin() is None:
            print("postgres: not installed, skipped")
            return
        pg = LocalPostgres()
        try:
            bench_engine("postgres", pg.new_database(), sizes)
        finally:
            pg.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
