"""App storage on SQLite (issue 10, finding 10): JSON stores migrate on first open,
leftovers of interrupted JSON writes are cleaned, a corrupt database is quarantined and
reported to the app's error log, and kill -9 in the middle of writes loses nothing that
was acknowledged."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fanxing.bridge import ApiError
from fanxing.testing import launch

from tests.compiler.app_factory import write_tree


def test_json_store_is_migrated_once(make_bridge, tmp_path):
    folder = tmp_path / "storage" / "wechat" / "app1"
    folder.mkdir(parents=True)
    (folder / "u1.json").write_text(json.dumps({"b": [1, 2], "a": {"x": "繁星"}}))
    (folder / ".u1.json.abc123.tmp").write_text("half a write")  # a kill -9 leftover
    b = make_bridge("wechat")
    assert b.storage.items == {"b": [1, 2], "a": {"x": "繁星"}}
    assert b.storage.info()["keys"] == ["b", "a"]
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == \
        ["u1.json.migrated", "u1.sqlite"]
    b.call_sync("wx.setStorage", {"key": "c", "data": 3})
    b.storage.close()
    # The next open reads the database only (the retired JSON is never read again).
    (folder / "u1.json.migrated").write_text("{}")
    assert make_bridge("wechat").storage.items == {"b": [1, 2], "a": {"x": "繁星"}, "c": 3}


def test_quota_counts_migrated_entries(make_bridge, tmp_path):
    folder = tmp_path / "storage" / "alipay" / "app1"
    folder.mkdir(parents=True)
    (folder / "u1.json").write_text(json.dumps({f"k{i}": "x" * 150_000 for i in range(69)}))
    b = make_bridge("alipay")
    assert b.storage.info()["currentSize"] > 10_000
    b.call_sync("my.setStorage", {"key": "small", "data": 1})
    with pytest.raises(ApiError) as e:
        b.call_sync("my.setStorage", {"key": "more", "data": "y" * 150_000})
    assert e.value.payload["error"] == 12


def test_corrupt_database_reaches_the_app_error_log(tmp_path):
    app = write_tree(tmp_path / "app", {
        "app.json": {"pages": ["pages/index/index"]}, "app.js": "App({});",
        "pages/index/index.wxml": "<view>{{v}}</view>",
        "pages/index/index.js": "Page({ data: {v: ''}, onLoad() {"
                                " this.setData({v: String(wx.getStorageSync('k'))}); } });",
    })
    data = tmp_path / "data"
    with launch(app, data_dir=data) as mp:
        mp.evaluate("wx.setStorageSync('k', 'kept')")
        db_path = mp.container.bridge.storage.path
    with launch(app, data_dir=data) as mp:
        assert mp.page.data["v"] == "kept"
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    with launch(app, data_dir=data) as mp:
        assert mp.page.data["v"] == ""
        assert len(mp.errors) == 1
        assert "moved aside" in mp.errors[0]["message"]
        assert mp.errors[0]["where"]["handler"] == "bridge"
        mp.evaluate("wx.setStorageSync('k', 'fresh')")
    assert [p.name for p in db_path.parent.glob("*.corrupt-*")]
    with launch(app, data_dir=data) as mp:
        assert mp.page.data["v"] == "fresh" and mp.errors == []


WRITER = textwrap.dedent("""
    import sys
    from fanxing.bridge import Bridge, ScriptedHost
    b = Bridge("wechat", data_dir=sys.argv[1], user="u", app_id="app", host=ScriptedHost())
    i = 0
    while True:
        b.call_sync("wx.setStorageSync", {"key": f"k{i % 50}", "data": {"i": i, "pad": "x" * 2000}})
        b.call_sync("wx.setStorageSync", {"key": "last", "data": i})
        print(i, flush=True)
        i += 1
""")


def test_kill_9_while_writing_loses_nothing_acknowledged(tmp_path):
    for trial in range(3):
        data = tmp_path / f"t{trial}"
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data)],
                                stdout=subprocess.PIPE, text=True)
        acked = -1
        assert proc.stdout is not None
        for line in proc.stdout:
            acked = int(line)
            if acked >= 60 + 37 * trial:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        db = data / "storage" / "wechat" / "app" / "u.sqlite"
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        from fanxing.bridge import Bridge, ScriptedHost
        b = Bridge("wechat", data_dir=data, user="u", app_id="app", host=ScriptedHost())
        last = b.storage.get("last")[1]
        assert last >= acked  # every acknowledged write is there (one more may be)
        for j in range(max(0, last - 48), last + 1):
            assert b.storage.get(f"k{j % 50}")[1]["i"] == j
        # The kill can land between a key's write and its "last": that one key may already
        # hold last + 1 instead of last - 49.
        if last >= 49:
            assert b.storage.get(f"k{(last + 1) % 50}")[1]["i"] in (last - 49, last + 1)
        assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
        b.storage.close()
