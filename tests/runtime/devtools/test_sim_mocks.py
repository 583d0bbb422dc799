"""The simulator's API mocks and --mock: in place before onLoad, applied again at every
relaunch, bad ones reported without stopping the app (real driver, real QuickJS)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.runtime.cli.main import main
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.mocks import MockError, SimMocks, cli_changes

ROOT = Path(__file__).resolve().parents[3]
FEED = ROOT / "tests" / "fixtures" / "devday-wechat"


class Recorder(list):
    def __call__(self, msg: dict) -> None:
        self.append(msg)


async def until(pred, timeout: float = 15.0) -> None:
    while not pred():
        await asyncio.sleep(0.01)
        timeout -= 0.01
        assert timeout > 0, "timed out"


def test_cli_changes_and_bad_values(tmp_path):
    (tmp_path / "items.json").write_text('[{"id": 1, "title": "A"}]')
    changes = cli_changes(["GET https://api.example.com/items=@items.json",
                           "https://api.example.com/*=!timeout",
                           'wx.getLocation={"latitude": 1, "longitude": 2}',
                           "wx.login=!fail offline"], tmp_path)
    assert changes["rules"] == [
        {"url": "https://api.example.com/items", "method": "GET", "status": 200,
         "json": [{"id": 1, "title": "A"}]},
        {"url": "https://api.example.com/*", "status": 200, "error": "timeout"}]
    assert changes["apis"] == [{"name": "wx.getLocation", "result": {"latitude": 1, "longitude": 2}},
                               {"name": "wx.login", "fail": "offline"}]
    with pytest.raises(MockError, match=r"apis\[0\].name"):
        SimMocks().update({"apis": [{"result": 1}]})
    result = CliRunner().invoke(main, ["preview", str(FEED), "--mock", "nothing"])
    assert result.exit_code == 2 and "expected KEY=VALUE" in result.output


@pytest.mark.timeout(60)
def test_api_mocks_before_onload_and_after_relaunch(tmp_path):
    async def main_() -> None:
        driver = AppDriver(FEED, data_dir=tmp_path)
        driver.mocks.update({**cli_changes(
            ['wx.getLocation={"latitude": 5, "longitude": 6}', "wx.getSystemInfoSync="
             '{"brand": "SimPhone"}', "GET https://api.example.com/items=[]"], tmp_path)})
        assert await driver.start()
        try:
            seen = Recorder()
            driver.connect(seen)
            c = driver.container
            await until(lambda: c.page_data().get("where") == "5,6")
            assert c.page_data()["brand"] == "SimPhone"
            calls = [m for m in seen if m.get("type") == "apiCall"]
            assert any(m["name"] == "wx.getLocation" and m["mocked"] for m in calls)
            # the panel changes them: a failing mock, an unknown API reported
            await driver.handle({"type": "sim", "action": "mocks", "changes": {"apis": [
                {"name": "wx.getLocation", "fail": "no GPS"}, {"name": "wx.getLocaton"}]}})
            notices = [m["text"] for m in seen if m.get("event") == "notice"]
            assert any("did you mean 'wx.getLocation'" in t for t in notices)
            await driver.handle({"type": "sim", "action": "reload"})
            c = driver.container
            await until(lambda: c.page_data().get("error") == "getLocation:fail no GPS")
            # removed from the panel: the real API answers again
            await driver.handle({"type": "sim", "action": "mocks", "changes": {"apis": []}})
            assert driver.container.bridge.api_mocks == {}
        finally:
            await driver.close()

    asyncio.run(main_())
