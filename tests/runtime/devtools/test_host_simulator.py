"""The simulator with a host program's own HostApp (samples/host-embed): its profile,
custom APIs, policies, network mocks and payment provider, through the driver and the
``--host`` option of the CLI."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.runtime.cli.main import main
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.host_spec import HostSpecError, load_host_app
from fanxing.runtime.devtools.preview_server import frame_messages

ROOT = Path(__file__).resolve().parents[3]
HOST = ROOT / "samples" / "host-embed"
SPEC = f"{HOST / 'host.py'}:simulator_host"


class Recorder(list):
    def __call__(self, msg: dict) -> None:
        self.append(msg)


async def until(pred, timeout: float = 10.0) -> None:
    while not pred():
        await asyncio.sleep(0.01)
        timeout -= 0.01
        assert timeout > 0, "timed out"


@pytest.mark.timeout(60)
def test_driver_runs_the_app_inside_the_host_program():
    host_app = load_host_app(SPEC)

    async def main_() -> None:
        driver = AppDriver(HOST / "coupon-app", host_app=host_app, app_id="coupon-app")
        assert await driver.start()
        try:
            seen = Recorder()
            driver.connect(seen)
            c = driver.container
            await until(lambda: c.page_data().get("location", "") != "")
            await driver.settled()
            data = c.page_data()
            assert data["balance"] == 100.0                          # my.call: the host's API
            assert [x["title"] for x in data["coupons"]] == ["10% off", "Free tea"]  # host mock
            assert data["transfer"] == "not offered by this host"      # policy: bank.* denied
            assert data["location"].startswith("denied")              # policy: no location
            state = driver.state()
            assert state["profile"] == "mybank" and state["profiles"] == ["mybank"]
            assert state["hostName"] == "MyBank"
            # MyBank's own payment provider pays without a cashier dialog
            c.post({"type": "event", "instanceId": c.stack.top.page_id, "handler": "pay",
                    "event": {"type": "tap"}})
            driver._poke()
            await until(lambda: c.page_data().get("payment") == "result 9000")
            await until(lambda: c.page_data().get("balance") == 70.0)
            assert not [m for m in seen if m.get("type") == "ask"]
            # the Network panel sees the host's mock answering
            net = [m["entry"] for m in seen if m.get("type") == "network"]
            assert any(e["mock"] == "https://api.coupons.example/list" for e in net)
            # the toolbar cannot switch a host program's app to another profile
            await driver.handle({"type": "sim", "action": "relaunch", "profile": "taobao"})
            notices = [m["text"] for m in seen if m.get("event") == "notice"]
            assert any("host program decides the profile" in t for t in notices)
            # the Mocks panel's rules come and go; the host's own rule stays
            await driver.handle({"type": "sim", "action": "mocks", "changes": {
                "rules": [{"url": "https://x.example/*", "json": {}}]}})
            await driver.handle({"type": "sim", "action": "mocks", "changes": {"rules": []}})
            assert [r.url for r in driver.container.bridge.network.mocks] == [
                "https://api.coupons.example/list"]
        finally:
            await driver.close()

    asyncio.run(main_())


def test_host_spec_errors(tmp_path):
    with pytest.raises(HostSpecError, match="MODULE:ATTR"):
        load_host_app("nothing")
    with pytest.raises(HostSpecError, match="no file"):
        load_host_app(f"{tmp_path / 'missing.py'}:x")
    with pytest.raises(HostSpecError, match="has no 'nope'"):
        load_host_app(f"{HOST / 'host.py'}:nope")
    with pytest.raises(HostSpecError, match="not a fanxing.bridge.HostApp"):
        load_host_app(f"{HOST / 'host.py'}:HERE")
    with pytest.raises(HostSpecError, match="cannot import"):
        load_host_app("no_such_module_xyz:app")
    result = CliRunner().invoke(main, ["preview", str(HOST / "coupon-app"), "--host",
                                       f"{HOST / 'host.py'}:nope"])
    assert result.exit_code == 2 and "has no 'nope'" in result.output
    result = CliRunner().invoke(main, ["dev", str(HOST / "coupon-app"), "--host", SPEC,
                                       "--profile", "alipay"])
    assert result.exit_code == 2 and "host program decides the profile" in result.output


@pytest.mark.timeout(60)
def test_run_simulator_serves_the_host_program_until_stopped():
    import threading
    from urllib.parse import urlsplit

    import httpx
    from fanxing.runtime.devtools.simulator import run_simulator
    from websockets.sync.client import connect

    urls: list[str] = []
    stop = threading.Event()
    t = threading.Thread(target=run_simulator, args=(HOST / "coupon-app",),
                         kwargs={"host_app": load_host_app(SPEC), "app_id": "coupon-app",
                                 "window": False, "hot_reload": False, "on_url": urls.append,
                                 "stop": stop})
    t.start()
    try:
        for _ in range(600):
            if urls:
                break
            threading.Event().wait(0.05)
        assert urls, "run_simulator did not serve"
        assert httpx.get(urls[0]).status_code == 200
        u = urlsplit(urls[0])  # the token travels in the query
        with connect(f"ws://{u.netloc}/ws?{u.query}", origin=f"http://{u.netloc}") as ws:
            first = frame_messages(ws.recv(timeout=10))[0]
        assert first["event"] == "state" and first["hostName"] == "MyBank"
    finally:
        stop.set()
        t.join(30)
    assert not t.is_alive()
