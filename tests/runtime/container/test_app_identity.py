"""Whose storage, consent and files an app gets: keyed by a validated identity that a
project cannot use to alias another (issue 10, finding 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fanxing.bridge import HostApp
from fanxing.compiler.build import compile_app
from fanxing.runtime.container.container import Container, ContainerError
from fanxing.testing import HarnessError, launch

from tests.compiler.app_factory import write_tree

PAGE_JS = """Page({
  data: {seen: ''},
  onLoad() {
    this.setData({seen: JSON.stringify(wx.getStorageSync('secret'))});
    wx.setStorageSync('secret', 'from ' + wx.getAccountInfoSync().miniProgram.appId);
  },
});"""


def project(root: Path, appid: str | None) -> Path:
    files = {"app.json": {"pages": ["pages/index/index"]}, "app.js": "App({});",
             "pages/index/index.wxml": "<view>{{seen}}</view>",
             "pages/index/index.js": PAGE_JS}
    files["project.config.json"] = {"appid": appid} if appid is not None else {}
    return write_tree(root, files)


def seen(app: Path, data_dir: Path, **kw) -> str:
    with launch(app, data_dir=data_dir, profile="wechat", **kw) as mp:
        return mp.page.data["seen"]


def test_an_app_claiming_another_appid_gets_its_own_storage(tmp_path):
    victim = project(tmp_path / "victim", "wx1234567890abcdef")
    thief = project(tmp_path / "thief", "wx1234567890abcdef")
    data = tmp_path / "data"
    assert seen(victim, data) == '""'
    assert seen(victim, data) == '"from wx1234567890abcdef"'  # the same project keeps its data
    assert seen(thief, data) == '""'  # ... which another project cannot read


def test_tourist_projects_do_not_share_one_store(tmp_path):
    a, b = project(tmp_path / "a", "touristappid"), project(tmp_path / "b", "touristappid")
    data = tmp_path / "data"
    seen(a, data)
    assert seen(b, data) == '""'
    assert seen(a, data) == '"from touristappid"'


@pytest.mark.parametrize("appid", ["..", "../../escape", "a/b", "a\\b", ".", "x\x00y", ""])
def test_path_like_appids_are_refused(tmp_path, appid):
    app = project(tmp_path / "app", appid)
    if appid == "":
        # An empty appid is "not declared": the folder name is used.
        assert seen(app, tmp_path / "data") == '""'
        return
    with pytest.raises(HarnessError, match="is not a valid app id"):
        launch(app, data_dir=tmp_path / "data")
    with pytest.raises(ContainerError, match="project's appid"):
        Container(compile_app(app), data_dir=tmp_path / "data")
    assert not (tmp_path / "escape").exists()
    assert sorted(p.name for p in (tmp_path / "data").glob("*")) in ([], ["storage"])


def test_render_refuses_a_path_like_appid_cleanly(tmp_path):
    app = project(tmp_path / "app", "../../x")
    run = subprocess.run([sys.executable, "-m", "fanxing.runtime.cli", "render", str(app),
                          "--data-dir", str(tmp_path / "data")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "is not a valid app id" in run.stderr
    assert "internal error" not in run.stderr


def test_a_host_keeps_its_own_id(tmp_path):
    host = HostApp("wechat", data_dir=tmp_path / "data", user="u1")
    one, two = project(tmp_path / "one", "wxaaa"), project(tmp_path / "two", "wxbbb")
    assert seen(one, tmp_path / "x", host_app=host, app_id="coupon-app") == '""'
    # the host's id, not the project, decides: another build of the same host app sees it
    assert seen(two, tmp_path / "x", host_app=host, app_id="coupon-app") == '"from coupon-app"'
    assert (tmp_path / "data" / "storage" / "wechat" / "coupon-app").is_dir()
    with pytest.raises(HarnessError, match="is not a valid app id"):
        launch(one, host_app=host, app_id="../other")


def test_the_app_still_sees_its_declared_appid(tmp_path):
    app = project(tmp_path / "app", "wx1234567890abcdef")
    with launch(app, data_dir=tmp_path / "data") as mp:
        assert mp.evaluate("wx.getAccountInfoSync().miniProgram.appId") == "wx1234567890abcdef"
        assert mp.container.bridge.store_id.startswith("wx1234567890abcdef-")
    stores = list((tmp_path / "data" / "storage" / "wechat").iterdir())
    assert [p.name for p in stores] == [mp.container.bridge.store_id]
    assert json.dumps(stores[0].name).isascii()
