"""``fanxing profiles`` / ``fanxing devices`` and profile names vs folders of that name."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fanxing.runtime.cli.main import main

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_profiles_lists_builtins_and_the_users_own_files(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "mybank.json").write_text(json.dumps(
        {"name": "mybank", "extends": "alipay", "namespaces": ["my", "bank"],
         "exclude": ["my.getPhoneNumber"]}))
    (tmp_path / "app.json").write_text('{"pages": ["pages/index/index"]}')  # not a profile
    monkeypatch.chdir(tmp_path)
    result = invoke("profiles", "--json", "--apis")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)["profiles"]}
    assert {"alipay", "taobao", "dingtalk", "amap", "wechat", "mybank"} <= set(rows)
    assert rows["mybank"]["source"] == "profiles/mybank.json"
    assert "my.getPhoneNumber" not in rows["mybank"]["api_names"]
    assert "my.getPhoneNumber" in rows["alipay"]["api_names"]
    assert rows["dingtalk"]["aliases"] == {"dd": "my"} and rows["dingtalk"]["payment"] is None
    assert rows["wechat"]["deprecated"]["wx.getSystemInfoSync"].startswith("wx.getWindowInfo")
    text = invoke("profiles").stdout
    assert "mybank" in text and "[profiles/mybank.json]" in text and "lacks my.getPhoneNumber" in text


def test_profiles_reports_a_broken_file_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "bad", "extends": "alipy"}')
    result = invoke("profiles", str(bad))
    assert result.exit_code == 1
    assert "did you mean 'alipay'?" in result.stderr


def test_devices_lists_presets_and_files(tmp_path: Path) -> None:
    mine = tmp_path / "tablet.json"
    preset = json.loads((Path(__file__).resolve().parents[3] / "bridge/devices/ipad.json")
                        .read_text())
    mine.write_text(json.dumps({**preset, "model": "My Tablet"}))
    result = invoke("devices", "--json", str(mine))
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)["devices"]}
    assert rows["iphone-14"]["screen_width"] == 390 and rows["tablet"]["model"] == "My Tablet"
    assert "390x844 @3x" in invoke("devices").stdout


def test_a_folder_named_like_a_profile_is_not_a_profile_file(tmp_path: Path, monkeypatch) -> None:
    # Taro/uni-app dist/ layouts: dist/alipay, dist/wechat next to each other
    (tmp_path / "alipay").mkdir()
    (tmp_path / "wechat").mkdir()
    monkeypatch.chdir(tmp_path)
    for args in ([], ["--profile", "alipay"], ["--profile", "taobao"]):
        result = invoke("render", str(SAMPLES / "todo-alipay"), *args)
        assert result.exit_code == 0, result.output
        assert "Nothing to do" in result.stdout
    result = invoke("render", str(SAMPLES / "todo-wechat"), "--profile", "wechat")
    assert result.exit_code == 0, result.output


def test_unknown_profile_and_device_names_suggest_the_closest(tmp_path: Path) -> None:
    result = invoke("render", str(SAMPLES / "todo-alipay"), "--profile", "taobo")
    assert result.exit_code == 1 and "did you mean 'taobao'?" in result.stderr
    result = invoke("render", str(SAMPLES / "todo-alipay"), "--device", "iphone14")
    assert result.exit_code == 1 and "did you mean 'iphone-14'?" in result.stderr


def test_a_misspelt_api_at_runtime_suggests_the_real_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "app").exit_code == 0
    script = tmp_path / "app/pages/index/index.js"
    script.write_text(script.read_text().replace("  add() {\n", "  add() {\n    wx.getLocaton({});\n"))
    result = invoke("render", "app", "--do", "tap:.add", "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "getLocaton" in line]
    assert lines == ["app/pages/index/index.js:10:8: error: TypeError: not a function "
                     "(wx.getLocaton is not available in host profile 'wechat' (did you mean "
                     "'wx.getLocation'?)) (in add)"], result.stderr
