"""The simulator with a cloud app: the whole loop with the cashier answered by a client,
and the Cloud panel (collections, documents, invocations, files) through the driver."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver

ROOT = Path(__file__).resolve().parents[3]


class Recorder(list):
    def __call__(self, msg: dict) -> None:
        self.append(msg)

    def sims(self, event: str) -> list[dict]:
        return [m for m in self if m.get("type") == "sim" and m.get("event") == event]


async def until(pred, timeout: float = 30.0) -> None:
    async def poll() -> None:
        while not pred():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("sample,profile", [("cloud-wechat", "wechat"),
                                            ("cloud-alipay", "taobao")])
def test_loop_and_cloud_panel_in_the_simulator(tmp_path, sample, profile):
    async def main() -> None:
        driver = AppDriver(ROOT / "samples" / sample, data_dir=tmp_path, profile=profile)
        assert await driver.start()
        client = Recorder()
        driver.connect(client)
        try:
            c = driver.container
            await until(lambda: c.page_data().get("openid"))
            await until(lambda: client.sims("cloud"))
            top = c.stack.top
            c.post({"type": "event", "instanceId": top.page_id, "handler": "buy",
                    "event": {"type": "tap"}})
            driver._poke()
            await until(lambda: [m for m in client if m.get("type") == "ask"])
            ask = [m for m in client if m.get("type") == "ask"][-1]
            assert ask["kind"] == "cashier" and ask["payload"]["amount"] == "12.00"
            await driver.handle({"type": "answer", "askId": ask["askId"], "value": "9000"})
            await until(lambda: c.page_data().get("status") == "支付成功")
            await until(lambda: any(o.get("status") == "paid"
                                    for o in c.page_data().get("orders", [])))
            await until(lambda: len(client.sims("cloud")[-1]["invocations"]) == 3)
            panel = client.sims("cloud")[-1]
            assert [i["function"] for i in panel["invocations"]] == [
                "payNotify", "createOrder", "login"]
            assert panel["invocations"][-1]["cold"] is True
            assert panel["collections"] == [{"name": "orders", "count": 1, "acl": "PRIVATE"}]
            assert panel["files"][0]["cloudPath"].startswith("receipts/")
            assert "login" in panel["functions"]

            await driver.handle({"type": "sim", "action": "cloudQuery", "collection": "orders",
                                 "where": '{"status": "paid"}'})
            await until(lambda: client.sims("cloudResult"))
            [doc] = client.sims("cloudResult")[-1]["docs"]
            await driver.handle({"type": "sim", "action": "cloudDocSet", "collection": "orders",
                                 "id": doc["_id"], "doc": {**doc, "status": "refunded"}})
            assert c.bridge.cloud.db.get("orders", doc["_id"])["status"] == "refunded"
            await driver.handle({"type": "sim", "action": "cloudQuery", "collection": "orders",
                                 "where": "{bad"})
            assert client.sims("cloudResult")[-1]["ok"] is False
            await driver.handle({"type": "sim", "action": "cloudInvoke", "name": "login",
                                 "data": "{}"})
            result = client.sims("cloudResult")[-1]
            assert result["ok"] and result["result"]["openid"] == c.page_data()["openid"]
        finally:
            await driver.close()

    asyncio.run(main())


@pytest.mark.timeout(180)
@pytest.mark.parametrize("sample,profile", [("cloud-wechat", "wechat"), ("cloud-alipay", "alipay")])
def test_cloud_panel_in_chromium(browser, shots, tmp_path, sample, profile):
    """A person's path in the browser simulator: tap buy, pay at the cashier dialog, then
    find the paid order, the invocations and the receipt file in the Cloud panel."""
    from fanxing.runtime.devtools.preview_server import BackgroundPreview

    driver = AppDriver(ROOT / "samples" / sample, data_dir=tmp_path, profile=profile)
    with BackgroundPreview(driver) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(url)
            page.wait_for_function("window.FXSIM && FXSIM.data && FXSIM.data.data"
                                   " && FXSIM.data.data.openid", timeout=60000)
            page.locator(".buy").first.click()
            page.locator("text=Pay now").click(timeout=60000)
            page.wait_for_function("FXSIM.data.data.status === '支付成功'", timeout=60000)
            page.click("button[data-panel=cloud]")
            page.wait_for_function("document.querySelectorAll('#sim-cloud-invocations"
                                   " .sim-api-row').length === 3", timeout=60000)
            page.fill("#sim-cloud-query input[name=where]", '{"status": "paid"}')
            page.click("#sim-cloud-query button")
            page.wait_for_selector("#sim-cloud-docs textarea", timeout=60000)
            doc = page.locator("#sim-cloud-docs textarea").first.input_value()
            assert '"status": "paid"' in doc
            names = page.locator("#sim-cloud-invocations .sim-api-name").all_inner_texts()
            assert names == ["payNotify (cold)", "createOrder (cold)", "login (cold)"]
            assert "receipts/" in page.locator("#sim-cloud-files").inner_text()
            page.screenshot(path=str(shots / f"cloud-panel-{profile}.png"))
            # <image src="cloud://…">: the client maps file ids to the preview server, which
            # serves media as itself and anything else as a download.
            storage = driver.container.bridge.cloud.storage
            png = (ROOT / "docs" / "img").glob("*.png").__next__().read_bytes()
            png_id = storage.upload("img/a.png", png)
            html_id = storage.upload("img/x.html", b"<script>alert(1)</script>")
            got = page.evaluate("""async ([a, b]) => {
              const out = [];
              for (const id of [a, b, 'cloud://local.fanxing/none.png']) {
                const url = FX.safeUrl(id);
                const r = await fetch(url);
                out.push([url.split('?')[0], r.status, r.headers.get('content-type'),
                          r.headers.get('content-disposition'), (await r.arrayBuffer()).byteLength]);
              }
              return out;
            }""", [png_id, html_id])
            assert got == [["/__fx_cloud/id", 200, "image/png", None, len(png)],
                           ["/__fx_cloud/id", 200, "application/octet-stream", "attachment", 25],
                           ["/__fx_cloud/id", 404, got[2][2], None, got[2][4]]]
        finally:
            page.close()
