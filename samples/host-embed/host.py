"""An example host program embedding fanxing (see docs/bridge.md).

It sets up a host app ("MyBank", built on the Alipay profile), offers a custom API,
restricts what one mini-program may do, plugs in its own payment provider, and then
drives the bridge directly (the part that runs today). Once the runtime container
exists, ``launch()`` runs a real mini-program with the same HostApp.

Run: ``.venv/bin/python samples/host-embed/host.py [data-folder]``
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from fanxing.bridge import HostApp, MockRule, ScriptedHost
from fanxing.bridge.payment import Order

HERE = Path(__file__).parent


class BankPayments:
    """Our own payment provider: pays from the user's balance, no cashier UI."""

    def __init__(self, balance: float) -> None:
        self.balance = balance

    def pay(self, order: Order, ctx) -> str:
        amount = float(order.amount or 0)
        if amount > self.balance:
            return "4000"
        self.balance -= amount
        return "9000"


def make_host_app(data_dir: Path) -> HostApp:
    app = HostApp(HERE / "mybank-profile.json", data_dir=data_dir, user="user-42",
                  payment=BankPayments(balance=100.0))

    # my.call('getBalance') in every mini-program of MyBank.
    app.register_api("getBalance", lambda params: {"balance": app.payment.balance})
    # bank.transfer({to, amount}) — a namespace of our own, with a checked schema.
    app.register_api("transfer", lambda p: {"ok": True, "to": p["to"]},
                     {"to": "string!", "amount": "number!"}, namespace="bank")

    app.allow_domains("coupon-app", "api.coupons.example")
    app.deny_apis("coupon-app", "my.getLocation", "bank.*")
    return app


def bridge_demo(data_dir: Path) -> dict:
    """What a mini-program could do, called from Python through the bridge."""
    app = make_host_app(data_dir)
    app.ledger.create_order("ORDER-1", "30.00", "Coupon pack")
    # The coupon backend is simulated; remove the mock to reach the real one.
    app.mocks.append(MockRule(url="https://api.coupons.example/list",
                              json=[{"id": 1, "title": "10% off"}]))

    # ScriptedHost answers dialogs headless; a desktop or web shell would show them.
    bridge = app.bridge("coupon-app", ScriptedHost({"consent": "allow", "confirm": "ok"}))
    out = {
        "system": bridge.call_sync("my.getSystemInfo", {})["app"],
        "coupons": bridge.call_sync("my.request",
                                    {"url": "https://api.coupons.example/list"})["data"],
        "pay": bridge.call_sync("my.tradePay", {"tradeNO": "ORDER-1"})["resultCode"],
        "payAgain": bridge.call_sync("my.tradePay", {"tradeNO": "ORDER-1"})["resultCode"],
        "balance": bridge.call_sync("my.call", {"api": "getBalance"})["balance"],
    }
    code = bridge.call_sync("my.getAuthCode", {"scopes": "auth_user"})["authCode"]
    out["backendSees"] = app.exchange_auth_code(code, "coupon-app")["userId"]
    try:
        bridge.call_sync("my.getLocation", {})
    except Exception as e:  # denied by MyBank's policy for this mini-program
        out["location"] = e.payload
    out["canIUse"] = {k: v.get("canIUse", True) for k, v in bridge.api_table()["apis"].items()
                      if k in ("my.getLocation", "bank.transfer", "my.tradePay")}
    return out


def launch(project: Path, data_dir: Path) -> None:
    """Run a mini-program with this host setup in the runtime container.

    The container is built by fanxing.runtime; it creates one ``Bridge`` per launched
    mini-program with ``host_app.bridge(app_id, host)``, where ``host`` is its view
    client (desktop window, browser preview or headless harness).
    """
    from fanxing.runtime import container  # available once the runtime container lands

    container.launch(project, host_app=make_host_app(data_dir))


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="mybank-"))
    print(json.dumps(bridge_demo(folder), ensure_ascii=False, indent=2))
