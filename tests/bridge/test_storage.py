"""Storage: both dialects' call shapes, persistence, isolation, quotas, atomicity,
corrupt files."""

from __future__ import annotations

import json
import sqlite3

import pytest
from fanxing.bridge import ApiError, Bridge, ScriptedHost
from fanxing.bridge.app_identity import AppIdError

from .conftest import ALIPAY_FAMILY
from .jsenv import JsEnv


@pytest.mark.parametrize("profile", ALIPAY_FAMILY)
def test_alipay_shapes_async_and_sync(make_js, profile):
    js = make_js(profile)
    js.exec("""
      my.setStorage({key: 'city', data: {name: '杭州'}, success: function (r) { log.push(r) }});
    """)
    js.exec("""
      my.getStorage({key: 'city'}).then(function (r) { log.push(r) });
      log.push(my.getStorageSync({key: 'city'}));
      log.push(my.getStorageSync({key: 'none'}));
      log.push(my.setStorageSync({key: 'n', data: 3}));
      log.push(my.getStorageInfoSync().keys);
      log.push(my.removeStorageSync({key: 'n'}));
    """)
    assert js.get("log") == [
        {"success": True}, {"data": {"name": "杭州"}}, {"data": None}, {"success": True},
        ["city", "n"], {"success": True}, {"data": {"name": "杭州"}},
    ]
    assert js.bridge.storage.items == {"city": {"name": "杭州"}}


def test_wechat_shapes_async_and_sync(make_js):
    js = make_js("wechat")
    js.exec("wx.setStorageSync('a', [1, 2]); log.push(wx.getStorageSync('a'));"
            "log.push(wx.getStorageSync('missing'));")
    js.exec("wx.getStorage({key: 'a'}).then(function (r) { log.push(r) });"
            "wx.getStorage({key: 'b', fail: function (e) { log.push(e) }});"
            "wx.getStorageInfo({success: function (r) { log.push(r.keys) }});")
    log = js.get("log")
    assert log[0] == [1, 2] and log[1] == ""
    assert {"data": [1, 2], "errMsg": "getStorage:ok"} in log
    assert {"errMsg": "getStorage:fail data not found"} in log
    assert ["a"] in log
    js.exec("wx.clearStorageSync()")
    assert js.bridge.storage.items == {}


def test_sync_write_updates_mirror_at_once_and_persists(make_js):
    js = make_js("wechat")
    value = js.eval("(wx.setStorageSync('k', {x: 1}), wx.getStorageSync('k').x)")
    assert value == 1
    assert ("wx.setStorageSync", {"key": "k", "data": {"x": 1}}) in js.invoked
    with sqlite3.connect(js.bridge.storage.path) as db:  # persisted row by row (SQLite)
        assert db.execute("SELECT value FROM kv WHERE key = 'k'").fetchone() == ('{"x":1}',)


def test_async_write_patches_the_mirror(make_bridge):
    b = make_bridge("alipay")
    b.call_sync("my.setStorage", {"key": "k", "data": {"deep": [1]}})
    b.call_sync("my.removeStorage", {"key": "k"})
    b.call_sync("my.setStorage", {"key": "j", "data": 1})
    b.call_sync("my.clearStorage", {})
    assert b.host.patches == [{"storage": {"k": '{"deep":[1]}'}}, {"storage": {"k": None}},
                              {"storage": {"j": "1"}}, {"storage": {"j": None}}]


def test_persistent_across_runs_and_isolated(make_bridge, tmp_path):
    make_bridge("alipay", app_id="A", user="u1").call_sync("my.setStorage",
                                                           {"key": "k", "data": "A-u1"})
    again = make_bridge("alipay", app_id="A", user="u1")
    assert again.call_sync("my.getStorage", {"key": "k"}) == {"data": "A-u1"}
    assert again.sync_state()["storage"] == {"k": '"A-u1"'}
    for other in (dict(app_id="B", user="u1"), dict(app_id="A", user="u2")):
        assert make_bridge("alipay", **other).call_sync("my.getStorage", {"key": "k"}) == \
            {"data": None}
    # Another profile is another host: separate storage too.
    with pytest.raises(ApiError) as e:
        make_bridge("wechat", app_id="A", user="u1").call_sync("wx.getStorage", {"key": "k"})
    assert e.value.payload == {"errMsg": "getStorage:fail data not found"}


def test_hostile_ids_stay_inside_data_dir(make_bridge, tmp_path):
    # Path-like app ids are refused outright (issue 10, finding 7); user names are escaped.
    for bad in ("../../etc", "..", "a/b", "", ".hidden", "x\nnew"):
        with pytest.raises(AppIdError, match="not a valid app id"):
            make_bridge("alipay", app_id=bad)
    for user in ("/root", "..", "."):
        b = make_bridge("alipay", user=user)
        b.call_sync("my.setStorage", {"key": "k", "data": 1})
        assert tmp_path / "storage" / "alipay" / "app1" in b.storage.path.parents
        assert b.storage.path.exists()


def test_key_quota_alipay_200kb(make_bridge):
    b = make_bridge("alipay")
    b.call_sync("my.setStorage", {"key": "k", "data": "x" * (200 * 1024 - 10)})
    with pytest.raises(ApiError) as e:
        b.call_sync("my.setStorage", {"key": "k", "data": "x" * (200 * 1024)})
    assert e.value.payload["error"] == 14
    assert b.storage.get("k")[1] == "x" * (200 * 1024 - 10)  # previous value kept


@pytest.fixture
def small_profile(tmp_path):
    def make(base: str) -> str:
        f = tmp_path / f"small-{base}.json"
        f.write_text(json.dumps({"extends": base, "name": f"small-{base}",
                                 "limits": {"storageKeyBytes": 1000, "storageTotalBytes": 2500}}))
        return str(f)

    return make


@pytest.mark.parametrize("base,key_err,total_err", [
    ("alipay", {"error": 14}, {"error": 12}),
    ("wechat", {"errMsg": "setStorage:fail exceed storage item max length"},
     {"errMsg": "setStorage:fail exceed storage max size 0Mb"}),
])
def test_quotas_python_side(make_bridge, small_profile, base, key_err, total_err):
    b = make_bridge(small_profile(base))
    ns = b.profile.base
    with pytest.raises(ApiError) as e:
        b.call_sync(f"{ns}.setStorage", {"key": "big", "data": "x" * 1000})
    assert key_err.items() <= e.value.payload.items()
    b.call_sync(f"{ns}.setStorage", {"key": "a", "data": "x" * 900})
    b.call_sync(f"{ns}.setStorage", {"key": "b", "data": "x" * 900})
    with pytest.raises(ApiError) as e:
        b.call_sync(f"{ns}.setStorage", {"key": "c", "data": "x" * 900})
    assert total_err.items() <= e.value.payload.items()
    b.call_sync(f"{ns}.setStorage", {"key": "a", "data": "y" * 900})  # replacing fits
    assert b.storage.info()["keys"] == ["a", "b"]


def test_quotas_enforced_in_js_sync_calls(make_bridge, small_profile):
    js = JsEnv(make_bridge(small_profile("wechat")))
    msg = js.eval("""(function () {
      try { wx.setStorageSync('big', 'x'.repeat(1000)); return 'stored'; }
      catch (e) { return e.message; } })()""")
    assert msg == "setStorageSync:fail exceed storage item max length"
    # UTF-8 bytes count: 300 three-byte characters are 900 bytes.
    js.exec("wx.setStorageSync('a', '繁'.repeat(300)); wx.setStorageSync('b', '星'.repeat(300));")
    msg = js.eval("""(function () {
      try { wx.setStorageSync('c', '繁'.repeat(300)); return 'stored'; }
      catch (e) { return e.message; } })()""")
    assert msg == "setStorageSync:fail exceed storage max size 0Mb"
    assert sorted(js.bridge.storage.items) == ["a", "b"]
    ali = JsEnv(make_bridge(small_profile("alipay"), app_id="x"))
    res = ali.eval("""(function () { try { my.setStorageSync({key: 'big', data: 'x'.repeat(1000)}); }
      catch (e) { return {error: e.error, message: e.message}; } })()""")
    assert res["error"] == 14 and "limit" in res["message"]  # Alipay sync APIs throw too


def test_failed_write_keeps_previous_file_and_memory(make_bridge):
    b = make_bridge("alipay")
    b.call_sync("my.setStorage", {"key": "k", "data": "old"})
    db = b.storage._db._connect()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk fills up: no page to grow into
    with pytest.raises(ApiError) as e:
        b.call_sync("my.setStorage", {"key": "k", "data": "new" * 30000})
    assert "full" in e.value.payload["errorMessage"]
    assert b.storage.get("k") == (True, "old")
    b.storage.close()
    assert make_bridge("alipay").storage.get("k") == (True, "old")
    names = {p.name for p in b.storage.path.parent.iterdir()}
    assert names <= {b.storage.path.name, b.storage.path.name + "-wal",
                     b.storage.path.name + "-shm"}


class _DiesAtCommit:
    """A connection whose process dies between the write and the commit."""

    def __init__(self, db):
        self.db = db

    def execute(self, sql, *args):
        if sql == "COMMIT":
            raise KeyboardInterrupt
        return self.db.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.db, name)


def test_crash_between_write_and_commit_leaves_old_value(make_bridge):
    b = make_bridge("wechat")
    b.call_sync("wx.setStorage", {"key": "k", "data": [1]})
    b.storage._db._db = _DiesAtCommit(b.storage._db._connect())
    with pytest.raises(KeyboardInterrupt):
        b.call_sync("wx.setStorage", {"key": "k", "data": [2]})
    fresh = Bridge("wechat", data_dir=b.data_dir, user="u1", app_id="app1", host=ScriptedHost())
    assert fresh.storage.items == {"k": [1]}
    assert b.storage.items == {"k": [1]}


@pytest.mark.parametrize("garbage", [b'{"k": tru', b"\xff\xfe", b"[1, 2]"])
def test_corrupt_file_is_quarantined_and_reported(make_bridge, garbage):
    good = make_bridge("alipay", app_id="other")
    good.call_sync("my.setStorage", {"key": "k", "data": "safe"})
    b = make_bridge("alipay")
    b.storage.path.parent.mkdir(parents=True, exist_ok=True)
    b.storage.path.write_bytes(garbage)
    b2 = make_bridge("alipay")
    assert b2.storage.items == {}
    assert len(b2.problems) == 1 and "moved aside" in b2.problems[0]
    aside = [p for p in b2.storage.path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    b2.call_sync("my.setStorage", {"key": "k", "data": "fresh"})
    assert make_bridge("alipay").storage.items == {"k": "fresh"}
    assert make_bridge("alipay", app_id="other").storage.items == {"k": "safe"}


@pytest.mark.parametrize("profile,call,args,payload", [
    ("alipay", "my.setStorage", {"data": 1},
     {"error": 2, "errorMessage":
      "parameter error: parameter.key should be String instead of Undefined"}),
    ("wechat", "wx.setStorage", {"key": 5, "data": 1},
     {"errMsg": "setStorage:fail parameter error: parameter.key should be String instead of Number;"}),
    ("wechat", "wx.setStorage", {"key": "k"},
     {"errMsg": "setStorage:fail parameter error: parameter.data should be Any instead of Undefined;"}),
])
def test_bad_storage_arguments(make_bridge, profile, call, args, payload):
    with pytest.raises(ApiError) as e:
        make_bridge(profile).call_sync(call, args)
    assert e.value.payload == payload
