"""Open-platform calls a cloud function makes: trades, payment notification, code exchange.

* WeChat ``cloud.cloudPay.unifiedOrder({body, outTradeNo, totalFee, functionName})``
  registers the order with the bridge's ``Ledger`` and answers the ``payment`` object the
  app hands to ``wx.requestPayment``; Alipay ``openapi.invoke('alipay.trade.create',
  {out_trade_no, total_amount, subject, notify_function})`` answers the ``trade_no`` for
  ``my.tradePay``. Once the cashier settles the trade (the ledger's hook), the named
  function is invoked with the platform's notification.
* ``auth.code2Session`` (WeChat ``wx.login`` code) and ``alipay.system.oauth.token``
  (``my.getAuthCode`` code) exchange a code with the bridge's ``IdentityService``.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..identity import AuthCodeError, IdentityService
from ..jsonstore import atomic_write_json, read_json
from ..payment import PAID, Ledger, Order


class OpenApiError(ValueError):
    """A bad open-platform call (unknown API, missing parameter, bad code)."""


def _need(params: dict[str, Any], key: str, api: str) -> Any:
    if params.get(key) in (None, ""):
        raise OpenApiError(f"{api}: parameter {key} is required")
    return params[key]


class Trades:
    """Orders created by functions, persisted in the cloud folder (``trades.json``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, Any] = read_json(path, {})

    def put(self, trade_no: str, info: dict[str, Any]) -> None:
        with self._lock:
            self._data = {**self._data, trade_no: info}
            atomic_write_json(self.path, self._data)

    def get(self, trade_no: str) -> dict[str, Any] | None:
        with self._lock:
            return dict(self._data[trade_no]) if trade_no in self._data else None

    def update(self, trade_no: str, **fields: Any) -> None:
        with self._lock:
            if trade_no in self._data:
                self._data = {**self._data, trade_no: {**self._data[trade_no], **fields}}
                atomic_write_json(self.path, self._data)


class OpenPlatform:
    """The open APIs of one cloud. ``invoke_function(name, event, caller)`` runs the
    notification function (the cloud's function pool)."""

    def __init__(self, trades: Trades, invoke_function: Callable[[str, Any, dict[str, Any]], Any]):
        self.trades = trades
        self.invoke_function = invoke_function

    # -- trades ------------------------------------------------------------------------

    def unified_order(self, params: dict[str, Any], caller: dict[str, Any],
                      ledger: Ledger) -> dict[str, Any]:
        api = "cloudPay.unifiedOrder"
        out_trade_no = str(_need(params, "outTradeNo", api))
        fee = _need(params, "totalFee", api)
        if not isinstance(fee, int) or isinstance(fee, bool) or fee <= 0:
            raise OpenApiError(f"{api}: totalFee must be a positive integer (fen)")
        body = str(params.get("body") or "")
        prepay = "wx" + hashlib.sha1(f"{caller.get('appId')}\0{out_trade_no}".encode()).hexdigest()[:28]
        ledger.create_order(prepay, f"{fee / 100:.2f}", body)
        self.trades.put(prepay, {"platform": "wechat", "outTradeNo": out_trade_no, "totalFee": fee,
                                 "body": body, "functionName": params.get("functionName"),
                                 "openId": caller.get("openId"), "appId": caller.get("appId"),
                                 "status": "NOTPAY", "created": time.time()})
        nonce = secrets.token_hex(8)
        stamp = str(int(time.time()))
        package = f"prepay_id={prepay}"
        sign = hashlib.md5(f"{caller.get('appId')}{stamp}{nonce}{package}".encode()).hexdigest()
        return {"returnCode": "SUCCESS", "resultCode": "SUCCESS", "outTradeNo": out_trade_no,
                "payment": {"appId": caller.get("appId"), "timeStamp": stamp, "nonceStr": nonce,
                            "package": package, "signType": "MD5", "paySign": sign.upper()}}

    def alipay_trade_create(self, params: dict[str, Any], caller: dict[str, Any],
                            ledger: Ledger) -> dict[str, Any]:
        api = "alipay.trade.create"
        out_trade_no = str(_need(params, "out_trade_no", api))
        amount = str(_need(params, "total_amount", api))
        try:
            if float(amount) <= 0:
                raise ValueError
        except ValueError:
            raise OpenApiError(f"{api}: total_amount must be a positive amount") from None
        subject = str(_need(params, "subject", api))
        trade_no = time.strftime("%Y%m%d") + hashlib.sha1(
            f"{caller.get('appId')}\0{out_trade_no}".encode()).hexdigest()[:20]
        ledger.create_order(trade_no, amount, subject)
        self.trades.put(trade_no, {"platform": "alipay", "outTradeNo": out_trade_no,
                                   "totalAmount": amount, "subject": subject,
                                   "functionName": params.get("notify_function"),
                                   "openId": caller.get("openId"), "userId": caller.get("userId"),
                                   "appId": caller.get("appId"), "status": "WAIT_BUYER_PAY",
                                   "created": time.time()})
        return {"code": "10000", "msg": "Success", "out_trade_no": out_trade_no,
                "trade_no": trade_no}

    def query(self, trade_no: str) -> dict[str, Any]:
        info = self.trades.get(trade_no)
        if info is None:
            raise OpenApiError(f"trade {trade_no!r} does not exist")
        return info

    def settled(self, order: Order, code: str) -> dict[str, Any] | None:
        """Called when the cashier settles ``order``: mark it, notify its function.
        Returns the notification event (None when the trade is not this cloud's)."""
        info = self.trades.get(order.trade_no)
        if info is None or code != PAID or info.get("status") in ("SUCCESS", "TRADE_SUCCESS"):
            return None
        now = time.strftime("%Y%m%d%H%M%S")
        if info["platform"] == "wechat":
            self.trades.update(order.trade_no, status="SUCCESS", paid=time.time())
            event: dict[str, Any] = {
                "returnCode": "SUCCESS", "resultCode": "SUCCESS", "outTradeNo": info["outTradeNo"],
                "transactionId": "42" + order.trade_no[2:], "totalFee": info["totalFee"],
                "cashFee": info["totalFee"], "timeEnd": now, "tradeType": "JSAPI",
                "userInfo": {"appId": info.get("appId"), "openId": info.get("openId")}}
        else:
            self.trades.update(order.trade_no, status="TRADE_SUCCESS", paid=time.time())
            event = {"notify_type": "trade_status_sync", "trade_status": "TRADE_SUCCESS",
                     "trade_no": order.trade_no, "out_trade_no": info["outTradeNo"],
                     "total_amount": info["totalAmount"], "subject": info["subject"],
                     "buyer_id": info.get("userId"), "buyer_open_id": info.get("openId"),
                     "app_id": info.get("appId"), "gmt_payment": now}
        if info.get("functionName"):
            caller = {"openId": info.get("openId"), "appId": info.get("appId"),
                      "userId": info.get("userId"), "source": "pay_notify"}
            self.invoke_function(str(info["functionName"]), event, caller)
        return event

    # -- identity --------------------------------------------------------------------

    @staticmethod
    def code_to_user(identity: IdentityService, code: Any, app_id: str | None,
                     api: str) -> dict[str, Any]:
        if not isinstance(code, str) or not code:
            raise OpenApiError(f"{api}: parameter code is required")
        try:
            who = identity.exchange(code, app_id)
        except AuthCodeError as e:
            raise OpenApiError(f"{api}: {e}") from None
        return who
