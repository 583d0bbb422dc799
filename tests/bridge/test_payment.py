"""Payment: every result code, the ledger, no double payment, hosts without payment,
a custom provider."""

from __future__ import annotations

import pytest
from fanxing.bridge import ApiError
from fanxing.bridge.payment import RESULT_MEMOS

PAYING = ["alipay", "taobao", "amap"]


@pytest.mark.parametrize("profile", PAYING)
@pytest.mark.parametrize("code", sorted(RESULT_MEMOS))
def test_trade_pay_every_code(make_bridge, profile, code):
    b = make_bridge(profile, {"pay": code})
    res = b.call_sync("my.tradePay", {"tradeNO": f"T-{code}"})
    assert res == {"resultCode": code, "memo": RESULT_MEMOS[code], "result": ""}
    assert b.ledger.status(f"T-{code}") == code
    asked = [p for m, k, p in b.host.log if k == "cashier"]
    assert asked and asked[0]["tradeNO"] == f"T-{code}"


def test_same_trade_is_never_paid_twice(make_bridge):
    b = make_bridge("alipay", {"pay": ["6001", "9000", "9000"]})
    assert b.call_sync("my.tradePay", {"tradeNO": "T1"})["resultCode"] == "6001"
    assert b.call_sync("my.tradePay", {"tradeNO": "T1"})["resultCode"] == "9000"
    assert b.call_sync("my.tradePay", {"tradeNO": "T1"})["resultCode"] == "4000"
    assert len([1 for m, k, _ in b.host.log if k == "cashier"]) == 2  # not shown the 3rd time
    codes = [e["resultCode"] for e in b.ledger.entries("app1")]
    assert codes == ["6001", "9000", "4000"]
    assert sum(e["resultCode"] == "9000" for e in b.ledger.entries()) == 1
    # The ledger persists: another run of another app cannot pay it either.
    other = make_bridge("alipay", {"pay": "9000"}, app_id="app2")
    assert other.call_sync("my.tradePay", {"tradeNO": "T1"})["resultCode"] == "4000"


def test_order_str_and_registered_orders(make_bridge):
    b = make_bridge("alipay")
    b.ledger.create_order("T9", "12.50", "Coffee")
    b.call_sync("my.tradePay", {"tradeNO": "T9"})
    shown = [p for m, k, p in b.host.log if k == "cashier"][-1]
    assert shown["amount"] == "12.50" and shown["subject"] == "Coffee"
    b.call_sync("my.tradePay", {"orderStr": "out_trade_no=O7&total_amount=3.00&subject=Tea"})
    assert b.ledger.status("O7") == "9000"
    assert b.ledger.entries()[-1]["amount"] == "3.00"
    with pytest.raises(ApiError) as e:
        b.call_sync("my.tradePay", {})
    assert e.value.payload["error"] == 2 and "tradeNO" in e.value.payload["errorMessage"]


PAY_ARGS = {"timeStamp": "1", "nonceStr": "n", "package": "prepay_id=W1", "signType": "MD5",
            "paySign": "s"}


@pytest.mark.parametrize("code,payload", [
    ("9000", {"errMsg": "requestPayment:ok"}),
    ("6001", {"errMsg": "requestPayment:fail cancel"}),
    ("4000", {"errMsg": "requestPayment:fail 订单支付失败 (4000)", "resultCode": "4000"}),
])
def test_wechat_request_payment(make_bridge, code, payload):
    b = make_bridge("wechat", {"pay": code})
    if code == "9000":
        assert b.call_sync("wx.requestPayment", PAY_ARGS) == payload
    else:
        with pytest.raises(ApiError) as e:
            b.call_sync("wx.requestPayment", PAY_ARGS)
        assert e.value.payload == payload
    assert b.ledger.status("W1") == code


def test_wechat_request_payment_needs_its_parameters(make_bridge):
    with pytest.raises(ApiError) as e:
        make_bridge("wechat").call_sync("wx.requestPayment", {"package": "x"})
    assert "parameter.timeStamp" in e.value.payload["errMsg"]


def test_host_without_payment(make_js):
    js = make_js("dingtalk")
    assert js.eval("my.canIUse('tradePay')") is False
    js.exec("my.tradePay({tradeNO: 'T'}).catch(function (e) { log.push(e) })")
    assert js.get("log") == [{"error": 1, "errorMessage": "my.tradePay is not supported by dingtalk"}]
    assert js.bridge.ledger.entries() == []
    assert make_js("wechat").eval("typeof wx.tradePay") == "undefined"
    assert make_js("alipay").eval("typeof wx") == "undefined"


def test_custom_payment_provider(make_bridge):
    class Bank:
        def __init__(self):
            self.orders = []

        async def pay(self, order, ctx):
            self.orders.append(order)
            return "8000"

    bank = Bank()
    b = make_bridge("alipay", payment=bank)
    assert b.call_sync("my.tradePay", {"tradeNO": "B1"})["resultCode"] == "8000"
    assert bank.orders[0].trade_no == "B1" and bank.orders[0].app_id == "app1"
    assert not [k for m, k, _ in b.host.log if k == "cashier"]


def test_cashier_answer_must_be_a_known_code(make_bridge):
    with pytest.raises(ApiError) as e:
        make_bridge("alipay", {"pay": "1234"}).call_sync("my.tradePay", {"tradeNO": "X"})
    assert "expected one of" in e.value.payload["errorMessage"]
