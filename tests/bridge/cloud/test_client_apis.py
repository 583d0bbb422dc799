"""wx.cloud.* through a running app: permissions per collection, errors in the dialect's
shape, realtime watch, and the caller's identity coming from the bridge only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fanxing.testing import launch

APP = Path(__file__).resolve().parents[2] / "fixtures" / "cloud-perms"


def run(mp, body: str):
    """Run ``(db, _) => …`` in the app; returns ``{ok, res|err}``."""
    mp.evaluate(f"run((db, _) => {body})")
    mp.settle()
    return mp.page.data["out"]


@pytest.fixture
def app(tmp_path):
    made = []

    def open_as(user: str):
        mp = launch(APP, data_dir=tmp_path, user=user)
        made.append(mp)
        return mp

    yield open_as
    for mp in made:
        mp.close()


def test_private_by_default(app):
    ada, bob = app("ada"), app("bob")
    out = run(ada, "db.collection('notes').add({data: {text: 'hi', n: 1}})")
    assert out["ok"] and out["res"]["errMsg"] == "collection.add:ok"
    doc_id = out["res"]["_id"]
    mine = run(ada, "db.collection('notes').get()")["res"]["data"]
    assert [d["text"] for d in mine] == ["hi"]
    assert mine[0]["_openid"] == ada.container.bridge.identity.open_id(
        ada.container.bridge.app_id, "ada")
    assert run(bob, "db.collection('notes').get()")["res"]["data"] == []
    out = run(bob, f"db.collection('notes').doc('{doc_id}').update({{data: {{text: 'x'}}}})")
    assert out["res"]["stats"] == {"updated": 0}
    out = run(bob, f"db.collection('notes').doc('{doc_id}').get()")
    assert not out["ok"] and "does not exist" in out["err"]["errMsg"]
    assert out["err"]["errMsg"].startswith("document.get:fail")


@pytest.mark.parametrize("preset,bob_reads,bob_adds", [
    ("READONLY", 1, True), ("ADMINWRITE", 1, False), ("ADMINONLY", None, False)])
def test_presets(app, preset, bob_reads, bob_adds):
    ada, bob = app("ada"), app("bob")
    cloud = ada.cloud
    admin_doc = cloud.db.add("posts", {"text": "by admin"})
    cloud.db.set_acl("posts", preset)
    out = run(bob, "db.collection('posts').get()")
    if bob_reads is None:
        assert not out["ok"] and "permission denied" in out["err"]["errMsg"]
    else:
        assert len(out["res"]["data"]) == bob_reads
    out = run(bob, "db.collection('posts').add({data: {text: 'by bob'}})")
    assert out["ok"] is bob_adds
    run(bob, "db.collection('posts').where({}).update({data: {text: 'hacked'}})")
    assert cloud.db.get("posts", admin_doc)["text"] == "by admin"  # only bob's own, if any


def test_custom_rule(app):
    ada = app("ada")
    ada.cloud.db.set_acl("shared", "CUSTOM", {"read": "doc.public == true || doc._openid == auth.openid",
                                              "write": "doc._openid == auth.openid"})
    ada.cloud.db.add("shared", {"public": True, "t": 1})
    ada.cloud.db.add("shared", {"public": False, "t": 2})
    out = run(ada, "db.collection('shared').orderBy('t', 'asc').get()")
    assert [d["t"] for d in out["res"]["data"]] == [1]
    assert run(ada, "db.collection('shared').add({data: {t: 3}})")["ok"]
    assert run(ada, "db.collection('shared').count()")["res"]["total"] == 2


def test_errors_are_clear(app):
    ada = app("ada")
    out = run(ada, "db.collection('t').where({n: _.gt([1])}).get()")
    assert out["err"]["errMsg"] == ("collection.get:fail where.n: _.gt() compares numbers, "
                                    "strings or dates")
    out = run(ada, "db.collection('bad name').get()")
    assert "invalid collection name" in out["err"]["errMsg"]
    out = run(ada, "wx.cloud.callFunction({name: 'nope'})")
    assert out["err"]["errMsg"].startswith("callFunction:fail unknown: function 'nope' not found")
    out = run(ada, "wx.cloud.callFunction({})")
    assert "parameter.name should be String" in out["err"]["errMsg"]
    out = run(ada, "wx.cloud.downloadFile({fileID: 'cloud://local.fanxing/none.txt'})")
    assert "no such file" in out["err"]["errMsg"]
    out = run(ada, "db.collection('t').doc('x').get()")
    assert not out["ok"]


def test_identity_comes_from_the_bridge(app):
    ada = app("ada")
    out = run(ada, "wx.cloud.callFunction({name: 'seed', data: {collection: 'who', "
                   "doc: {a: 1}, userInfo: {openId: 'forged'}}})")
    assert out["ok"]
    inv = ada.cloud.functions.history[-1]
    real = ada.container.bridge.identity.open_id(ada.container.bridge.app_id, "ada")
    assert inv.event["userInfo"]["openId"] == real and inv.caller["openId"] == real


def test_watch(app):
    ada = app("ada")
    ada.evaluate("""
      globalThis.snaps = [];
      globalThis.watcher = wx.cloud.database().collection('live').where({k: 1}).watch({
        onChange: s => { snaps.push([s.type || null, s.docChanges.map(c => c.dataType), s.docs.length]) },
        onError: e => { snaps.push(['error', String(e.errMsg)]) } })""")
    ada.settle()
    run(ada, "db.collection('live').add({data: {k: 1}})")
    run(ada, "db.collection('live').add({data: {k: 2}})")
    run(ada, "db.collection('live').where({k: 1}).update({data: {v: true}})")
    assert ada.evaluate("JSON.stringify(snaps)") == \
        '[["init",[],0],[null,["add"],1],[null,["update"],1]]'
    ada.evaluate("watcher.close()")
    ada.settle()
    run(ada, "db.collection('live').add({data: {k: 1}})")
    assert ada.evaluate("snaps.length") == 3


def test_storage_from_the_app(app):
    ada = app("ada")
    out = run(ada, """(() => {
      const fs = wx.getFileSystemManager()
      fs.writeFileSync(`${wx.env.USER_DATA_PATH}/note.txt`, '你好 cloud', 'utf8')
      return wx.cloud.uploadFile({cloudPath: 'notes/a.txt', filePath: `${wx.env.USER_DATA_PATH}/note.txt`})
        .then(up => wx.cloud.getTempFileURL({fileList: [up.fileID, 'cloud://local.fanxing/none']})
          .then(urls => wx.cloud.downloadFile({fileID: up.fileID})
            .then(down => ({up, urls: urls.fileList,
                            text: fs.readFileSync(down.tempFilePath, 'utf8')}))))
    })()""")
    assert out["ok"], out
    res = out["res"]
    assert res["up"]["fileID"] == "cloud://local.fanxing/notes/a.txt"
    assert res["text"] == "你好 cloud"
    good, missing = res["urls"]
    assert good["status"] == 0 and missing["status"] == -1
    from urllib.parse import parse_qs, unquote, urlsplit
    url = urlsplit(good["tempFileURL"])
    q = parse_qs(url.query)
    storage = ada.cloud.storage
    path = storage.verify(unquote(url.path.split("/files/", 1)[1]), q["expires"][0], q["sign"][0])
    assert path.read_text("utf-8") == "你好 cloud"
    with pytest.raises(ValueError, match="bad signature"):
        storage.verify("notes/a.txt", q["expires"][0], "0" * 32)
    out = run(ada, "wx.cloud.uploadFile({cloudPath: '../x', filePath: 'wxfile://usr/note.txt'})")
    assert "invalid path" in out["err"]["errMsg"]
    out = run(ada, "wx.cloud.deleteFile({fileList: ['cloud://local.fanxing/notes/a.txt']})")
    assert out["res"]["fileList"][0]["status"] == 0
    assert ada.cloud.storage.files() == []


def test_alipay_error_shapes(tmp_path):
    app = Path(__file__).resolve().parents[3] / "samples" / "cloud-alipay"
    with launch(app, profile="alipay", data_dir=tmp_path) as mp:
        mp.evaluate("""
          globalThis.out = [];
          const ctx = my.cloud.createCloudContext({env: 'x'});
          ctx.callFunction({name: 'nope'}).catch(e => out.push(e));
          ctx.callFunction({name: 'createOrder', data: {}}).catch(e => out.push(e));
          ctx.database().collection('orders').where({a: ctx.database().command.in(1)}).get()
            .catch(e => out.push(e));
          my.canIUse('cloud.createCloudContext') && out.push('canIUse');""")
        mp.settle()
        out = mp.evaluate("JSON.stringify(out)")
    got = json.loads(out)
    assert "canIUse" in got
    errors = sorted((e["error"], e["errorMessage"]) for e in got if isinstance(e, dict))
    assert [code for code, _ in errors] == [2, 10, 10]
    assert errors[0][1] == "where.a: _.in() takes an array"
    assert {m for _, m in errors[1:]} == {
        "item and amount are required",
        f"function 'nope' not found in {app / 'cloudfunctions'} "
        "(functions: createOrder, login, payNotify)"}
