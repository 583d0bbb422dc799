"""The whole loop through the public surfaces, headless: app → function → trade → cashier
→ payment notification → database → storage, for samples/cloud-wechat (``wechat``) and
samples/cloud-alipay (``alipay``, ``taobao``), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanxing.testing import launch

ROOT = Path(__file__).resolve().parents[3]
CASES = [("cloud-wechat", "wechat"), ("cloud-alipay", "alipay"), ("cloud-alipay", "taobao")]


@pytest.fixture
def cloud_env(database_url, monkeypatch):
    if not database_url.startswith("sqlite:"):
        monkeypatch.setenv("FANXING_CLOUD_DATABASE", database_url)
    return database_url


@pytest.mark.parametrize("sample,profile", CASES)
def test_buy_pay_notify_receipt(cloud_env, tmp_path, sample, profile):
    with launch(ROOT / "samples" / sample, profile=profile, data_dir=tmp_path) as mp:
        openid = mp.page.data["openid"]
        assert openid and mp.page.data["orders"] == []
        mp.page.get(".buy").tap()
        mp.settle()
        assert mp.page.data["status"] == "支付成功", mp.errors
        [order] = mp.page.data["orders"]
        assert order["status"] == "paid" and order["notified"] == 1
        assert order["_openid"] == openid
        assert order["receipt"].startswith("cloud://")
        mp.page.get(".receipt-btn").tap()
        mp.settle()
        assert mp.page.data["receipt"].startswith("收据\n订单 " + order["_id"])
        cloud = mp.container.bridge.cloud
        assert [n["function"] for n in cloud.notifications] == ["payNotify"]
        assert [i.function for i in cloud.functions.history] == [
            "login", "createOrder", "payNotify"]
        entries = mp.container.bridge.ledger.entries()
        assert [(e["resultCode"], e["amount"]) for e in entries] == [("9000", "12.00")]
        assert mp.errors == []


@pytest.mark.parametrize("sample,profile", CASES[:2])
def test_cancelled_payment_leaves_order_unpaid(cloud_env, tmp_path, sample, profile):
    with launch(ROOT / "samples" / sample, profile=profile, data_dir=tmp_path,
                answers={"pay": "6001"}) as mp:
        mp.page.get(".buy").tap()
        mp.settle()
        assert mp.page.data["status"].startswith("支付未完成")
        assert [o["status"] for o in mp.page.data["orders"]] == ["created"]
        assert mp.container.bridge.cloud.notifications == []


def test_one_app_one_cloud_across_profiles(tmp_path):
    """The same app under alipay then taobao sees the same data (same user)."""
    app = ROOT / "samples" / "cloud-alipay"
    with launch(app, profile="alipay", data_dir=tmp_path) as mp:
        mp.page.get(".buy").tap()
        mp.settle()
        first = mp.page.data["orders"]
    with launch(app, profile="taobao", data_dir=tmp_path) as mp:
        assert mp.page.data["orders"] == first and len(first) == 1


def test_host_app_shares_one_cloud(database_url, tmp_path):
    """A host program hands every app one cloud (here on each engine): the team set-up."""
    from fanxing.bridge import HostApp
    from fanxing.bridge.cloud import Cloud

    sample = ROOT / "samples" / "cloud-wechat"
    cloud = Cloud(tmp_path / "team-cloud", functions_root=sample / "cloudfunctions",
                  database_url=database_url)
    try:
        host = HostApp("wechat", data_dir=tmp_path / "host", user="ada", cloud=cloud)
        with launch(sample, host_app=host, app_id="wxteam") as mp:
            assert mp.cloud is cloud
            mp.page.get(".buy").tap()
            mp.settle()
            assert mp.page.data["status"] == "支付成功"
        [order] = cloud.db.find("orders")
        assert order["status"] == "paid" and order["_openid"] == host.identity.open_id("wxteam",
                                                                                      "ada")
        assert cloud.functions.warm("login") == 1  # the host's cloud outlives the app
    finally:
        cloud.close()
