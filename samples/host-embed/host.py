"""An example host program embedding fanxing (see docs/bridge.md).

It sets up a host app ("MyBank", built on the Alipay profile), offers a custom API,
restricts what one mini-program may do, plugs in its own payment provider, and then
drives the bridge directly; ``launch()`` then runs a real mini-program
(``coupon-app/``) inside the same HostApp setup.

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


def launch(data_dir: Path) -> dict:
    """Run the bundled coupon mini-program inside MyBank's setup, headless.

    ``fanxing.testing.launch`` is the headless view client; a desktop or web shell would
    use the same ``host_app`` with ``fanxing.runtime.container.Container``.
    """
    from fanxing.testing import launch as run_app

    host_app = make_host_app(data_dir)
    host_app.ledger.create_order("ORDER-1", "30.00", "Coupon pack")
    host_app.mocks.append(MockRule(url="https://api.coupons.example/list",
                                   json=[{"id": 1, "title": "10% off"}]))
    with run_app(HERE / "coupon-app", host_app=host_app, app_id="coupon-app") as mp:
        mp.page.get(".pay").tap()
        return {"html": mp.page.html(pretty=True), "data": mp.page.data,
                "errors": [e.get("message") for e in mp.errors]}


def simulator_host() -> HostApp:
    """MyBank's setup for the simulator (``fanxing dev coupon-app --host host.py:simulator_host``):
    an order to pay and the coupon backend simulated, data in a fresh folder."""
    app = make_host_app(Path(tempfile.mkdtemp(prefix="mybank-sim-")))
    app.ledger.create_order("ORDER-1", "30.00", "Coupon pack")
    app.mocks.append(MockRule(url="https://api.coupons.example/list",
                              json=[{"id": 1, "title": "10% off"}, {"id": 2, "title": "Free tea"}]))
    return app


def simulator() -> None:
    """Open the simulator on the coupon app inside MyBank (window, or browser preview)."""
    from fanxing.runtime.devtools.simulator import run_simulator

    run_simulator(HERE / "coupon-app", host_app=simulator_host(), app_id="coupon-app",
                  on_url=lambda url: print(f"MyBank simulator at {url} (Ctrl-C to stop)"))


if __name__ == "__main__":
    if sys.argv[1:] == ["--simulator"]:
        simulator()
        sys.exit(0)
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="mybank-"))
    print(json.dumps(bridge_demo(folder), ensure_ascii=False, indent=2))
    print(json.dumps(launch(folder / "run"), ensure_ascii=False, indent=2))
