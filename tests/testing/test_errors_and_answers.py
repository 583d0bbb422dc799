"""App errors are reported and the app keeps working; time; scripted dialog answers."""

from __future__ import annotations

from fanxing.runtime.logic.engine import Limits

from .conftest import FIXTURES


def test_throwing_handler_is_reported_and_app_goes_on(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/errors/errors")
    mp.page.get(".boom").tap()
    assert len(mp.errors) == 1
    err = mp.errors[0]
    assert "kaboom" in err["message"]
    assert err["where"]["handler"] == "boom"
    assert "pages/errors/errors.js:4" in err["stack"]
    mp.page.get(".ok").tap()
    assert mp.page.data["okCount"] == 1


def test_infinite_loop_is_stopped_and_app_still_answers(miniprogram):
    mp = miniprogram(FIXTURES["alipay"], page="pages/errors/errors",
                     limits=Limits(turn_seconds=0.2))
    mp.page.get(".loop").tap()
    assert [e["kind"] for e in mp.errors] == ["abort"]
    assert mp.errors[0]["where"]["handler"] == "loop"
    mp.page.get(".ok").tap()
    assert mp.page.data["okCount"] == 1
    assert mp.page.get(".ok").text == "ok 1"


def test_timers_run_on_the_manual_clock(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/errors/errors")
    mp.page.get(".later").tap()
    assert mp.page.data["ticks"] == 0
    mp.advance(299)
    assert mp.page.data["ticks"] == 0
    mp.advance(1)
    assert mp.page.data["ticks"] == 1
    mp.page.get(".later").tap()
    mp.settle(1000)  # settle with a bound fires timers due within it
    assert mp.page.data["ticks"] == 2


def test_consent_answers(miniprogram, tmp_path):
    denied = miniprogram(FIXTURES["wechat"], page="pages/api/api",
                         answers={"consent": "deny"}, data_dir=tmp_path / "a")
    denied.page.get(".where").tap()
    assert denied.page.data["result"].startswith("denied: ")
    assert denied.api_calls[-1]["name"] == "wx.getLocation"
    assert denied.api_calls[-1]["ok"] is False
    allowed = miniprogram(FIXTURES["wechat"], page="pages/api/api",
                          answers={"consent": "allow"}, data_dir=tmp_path / "b")
    allowed.page.get(".where").tap()
    assert allowed.page.data["result"].startswith("at 30.")
    assert any(u.get("ask") and u["kind"] == "consent" for u in allowed.ui_log)


def test_modal_answer(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/api/api", answers={"confirm": "cancel"})
    mp.page.get(".ask").tap()
    assert mp.page.data["result"] == "cancelled"


def test_payment_and_auth_answers(miniprogram, tmp_path):
    mp = miniprogram(FIXTURES["alipay"], page="pages/api/api",
                     answers={"pay": "6001", "consent": "deny"}, data_dir=tmp_path / "a")
    mp.page.get(".pay").tap()
    assert mp.page.data["result"] == "pay 6001"
    mp.page.get(".auth").tap()
    assert mp.page.data["result"].startswith("auth failed")
    ok = miniprogram(FIXTURES["alipay"], page="pages/api/api", data_dir=tmp_path / "b")
    ok.page.get(".pay").tap()
    assert ok.page.data["result"] == "pay 9000"
    ok.page.get(".auth").tap()
    assert ok.page.data["result"] == "code yes"


def test_evaluate_runs_in_the_logic_layer(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    assert mp.evaluate("getCurrentPages().length") == 1
    assert mp.evaluate("getCurrentPages()[0].route") == "pages/events/events"
