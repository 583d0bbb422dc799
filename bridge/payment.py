"""Payment: my.tradePay (Alipay family) and wx.requestPayment through a pluggable
PaymentProvider; the default is a simulated cashier that asks the Host. Every payment
lands in a persistent Ledger, and a trade already paid is never paid again."""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

from .context import ApiContext, resolve
from .errors import NOT_FOUND, ApiError
from .jsonstore import Reporter, atomic_write_json, read_json
from .registry import Registry

RESULT_MEMOS = {
    "9000": "支付成功", "8000": "正在处理中", "4000": "订单支付失败", "6001": "用户中途取消",
    "6002": "网络连接出错", "6004": "支付结果未知",
}
PAID, PROCESSING = "9000", "8000"


@dataclass
class Order:
    """What the cashier shows: the trade key and, if known, amount and subject."""

    trade_no: str
    app_id: str
    user: str
    api: str
    amount: str | None = None
    subject: str | None = None

    def as_payload(self) -> dict[str, Any]:
        return {"tradeNO": self.trade_no, "amount": self.amount, "subject": self.subject}


class PaymentProvider(Protocol):
    """Decides a payment: returns one of the result codes in ``RESULT_MEMOS``."""

    def pay(self, order: Order, ctx: ApiContext) -> Any: ...


class SimulatedCashier:
    """The default provider: shows the order through ``Host.ask('cashier', …)``."""

    async def pay(self, order: Order, ctx: ApiContext) -> str:
        answer = str(await ctx.ask("cashier", order.as_payload()))
        if answer not in RESULT_MEMOS:
            raise ApiError(f"cashier answered {answer!r}; expected one of "
                           f"{', '.join(RESULT_MEMOS)}", wx=f"invalid cashier answer {answer}")
        return answer


class Ledger:
    """Every payment attempt, persisted. Orders created by a host backend may be
    registered first (``create_order``) so the cashier can show amount and subject."""

    def __init__(self, path: Path, report: Reporter | None = None) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] = read_json(self.path, {"orders": {}, "payments": []}, report)
        self._data.setdefault("orders", {})
        self._data.setdefault("payments", [])
        #: fn(order, code), sync or async, run after each recorded attempt (the cloud's
        #: payment notification); the app gets its result once they are done.
        self.hooks: list[Callable[[Order, str], Any]] = []

    def create_order(self, trade_no: str, amount: str, subject: str = "") -> None:
        self._save({**self._data, "orders": {**self._data["orders"],
                                             trade_no: {"amount": amount, "subject": subject}}})

    def order_info(self, trade_no: str) -> dict[str, Any]:
        return dict(self._data["orders"].get(trade_no, {}))

    def entries(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """All payment attempts (optionally of one app), oldest first."""
        return [dict(e) for e in self._data["payments"] if app_id in (None, e["appId"])]

    def status(self, trade_no: str) -> str | None:
        """The latest result code of a trade, or None if never attempted."""
        codes = [e["resultCode"] for e in self._data["payments"] if e["tradeNO"] == trade_no]
        return codes[-1] if codes else None

    def is_paid(self, trade_no: str) -> bool:
        return any(e["tradeNO"] == trade_no and e["resultCode"] == PAID
                   for e in self._data["payments"])

    def record(self, order: Order, code: str) -> None:
        entry = {"tradeNO": order.trade_no, "appId": order.app_id, "user": order.user,
                 "api": order.api, "amount": order.amount, "subject": order.subject,
                 "resultCode": code, "time": time.time()}
        self._save({**self._data, "payments": [*self._data["payments"], entry]})

    def _save(self, data: dict[str, Any]) -> None:
        atomic_write_json(self.path, data)
        self._data = data


def _order(ctx: ApiContext, trade_no: str, fields: dict[str, str]) -> Order:
    info = ctx.bridge.ledger.order_info(trade_no)
    return Order(trade_no=trade_no, app_id=ctx.app_id, user=ctx.bridge.user, api=ctx.name,
                 amount=info.get("amount") or fields.get("total_amount") or fields.get("amount"),
                 subject=info.get("subject") or fields.get("subject"))


async def _settle(ctx: ApiContext, order: Order) -> str:
    ledger = ctx.bridge.ledger
    if ledger.is_paid(order.trade_no):
        # The real cashier refuses a trade that is already paid; nothing is charged.
        ledger.record(order, "4000")
        return "4000"
    code = str(await resolve(ctx.bridge.payment.pay(order, ctx)))
    ledger.record(order, code)
    for hook in list(ledger.hooks):
        if inspect.iscoroutinefunction(hook):
            await hook(order, code)
        else:
            await asyncio.to_thread(hook, order, code)
    return code


async def trade_pay(ctx: ApiContext, args: dict[str, Any]) -> Any:
    if not ctx.bridge.profile.payment:
        raise ApiError(f"{ctx.name} is not supported by {ctx.bridge.profile.name}",
                       code=NOT_FOUND, wx="not supported")
    fields: dict[str, str] = {}
    if args.get("tradeNO"):
        trade_no = str(args["tradeNO"])
    elif args.get("orderStr"):
        fields = dict(parse_qsl(str(args["orderStr"])))
        trade_no = fields.get("out_trade_no") or "order-" + hashlib.sha1(
            str(args["orderStr"]).encode()).hexdigest()[:16]
    else:
        raise ApiError("parameter error: tradeNO or orderStr is required", code=2,
                       wx="parameter error: tradeNO or orderStr is required;")
    code = await _settle(ctx, _order(ctx, trade_no, fields))
    # Alipay reports every outcome through success with its resultCode.
    return {"resultCode": code, "memo": RESULT_MEMOS[code], "result": ""}


async def request_payment(ctx: ApiContext, args: dict[str, Any]) -> Any:
    trade_no = str(args["package"]).removeprefix("prepay_id=")
    code = await _settle(ctx, _order(ctx, trade_no, {}))
    if code == PAID:
        return None
    if code == "6001":
        raise ApiError("cancel", wx="cancel")
    raise ApiError(RESULT_MEMOS[code], wx=f"{RESULT_MEMOS[code]} ({code})",
                   extra={"resultCode": code})


def register(reg: Registry) -> None:
    reg.add("tradePay", trade_pay, family="alipay", returns=("resultCode", "memo", "result"),
            schema={"tradeNO": "string", "orderStr": "string"})
    reg.add("requestPayment", request_payment, family="wechat",
            schema={"timeStamp": "string!", "nonceStr": "string!", "package": "string!",
                    "signType": {"type": "string", "enum": ["MD5", "HMAC-SHA256", "RSA"]},
                    "paySign": "string!"})
