"""The embedding API: custom APIs (my.call and namespaces), per-app grants and denials,
domains, providers shared by every mini-program of a host."""

from __future__ import annotations

import pytest
from fanxing.bridge import ApiError, HostApp, MockRule, ScriptedHost


@pytest.fixture
def host_app(tmp_path):
    app = HostApp("alipay", data_dir=tmp_path, user="alice")
    seen = []

    def points(params, info):
        seen.append(info)
        return {"points": 100 + params.get("bonus", 0)}

    async def greet(params):
        return {"text": f"hi {params['name']}"}

    app.register_api("getPoints", points, {"bonus": "number"})
    app.register_api("greet", greet, {"name": "string!"}, namespace="bank")
    app.seen = seen
    return app


def test_custom_api_through_my_call_in_js(host_app):
    from .jsenv import JsEnv

    js = JsEnv(host_app.bridge("shop", ScriptedHost()))
    js.exec("""
      my.call('getPoints', {bonus: 5}).then(function (r) { log.push(r) });
      my.call('nope', {}).catch(function (e) { log.push(e) });
      my.call('getPoints', {bonus: 'x'}).catch(function (e) { log.push(e.error) });
      bank.greet({name: 'Ann', success: function (r) { log.push(r) }});
      log.push(my.canIUse('getPoints'), my.canIUse('bank.greet'), typeof bank.greet);
    """)
    log = js.get("log")
    assert log[:3] == [True, True, "function"]
    assert {"points": 105} in log and {"text": "hi Ann"} in log
    assert {"error": 1, "errorMessage": "API nope is not registered by the host"} in log
    assert 2 in log
    assert host_app.seen[0].app_id == "shop" and host_app.seen[0].user == "alice"


def test_custom_namespace_under_wechat(tmp_path):
    app = HostApp("wechat", data_dir=tmp_path, user="bob")
    app.register_api("scanTicket", lambda p: {"ok": p["id"]}, {"id": "string!"}, namespace="wx")
    b = app.bridge("app", ScriptedHost())
    assert b.call_sync("wx.scanTicket", {"id": "7"}) == {"ok": "7", "errMsg": "scanTicket:ok"}
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.scanTicket", {})
    assert e.value.payload["errMsg"] == \
        "scanTicket:fail parameter error: parameter.id should be String instead of Undefined;"
    assert not b.has_api("wx.call")  # my.call is Alipay-family only


def test_deny_and_grant_per_mini_program(host_app):
    host_app.deny_apis("shady", "my.getLocation", "my.call")
    host_app.grant_apis("kiosk", "my.showToast", "my.get*")
    shady = host_app.bridge("shady", ScriptedHost())
    with pytest.raises(ApiError) as e:
        shady.call_sync("my.getLocation", {})
    assert e.value.payload == {"error": 4, "errorMessage": "no permission to call my.getLocation"}
    assert shady.api_table()["apis"]["my.getLocation"]["canIUse"] is False
    with pytest.raises(ApiError):
        shady.call_sync("my.call", {"api": "getPoints"})
    kiosk = host_app.bridge("kiosk", ScriptedHost())
    kiosk.call_sync("my.showToast", {})
    kiosk.call_sync("my.getSystemInfo", {})
    with pytest.raises(ApiError):
        kiosk.call_sync("my.alert", {})
    # Other mini-programs are untouched.
    assert host_app.bridge("fine", ScriptedHost()).call_sync("my.getLocation", {})["latitude"]


def test_domains_per_mini_program(host_app):
    host_app.allow_domains("a", "api.a.example")
    b = host_app.bridge("a", ScriptedHost())
    host_app.mocks.append(MockRule(url="https://api.*.example/*", json={"ok": 1}))
    assert b.call_sync("my.request", {"url": "https://api.a.example/x"})["data"] == {"ok": 1}
    other = host_app.bridge("b", ScriptedHost())
    with pytest.raises(ApiError):
        other.call_sync("my.request", {"url": "https://api.a.example/x"})
    host_app.set_domain_check("b", False)
    assert other.call_sync("my.request", {"url": "https://api.a.example/x"})["status"] == 200


def test_providers_are_shared_and_exchange_works(host_app):
    b = host_app.bridge("shop", ScriptedHost({"consent": "allow", "pay": "9000"}))
    code = b.call_sync("my.getAuthCode", {"scopes": "auth_user"})["authCode"]
    who = host_app.exchange_auth_code(code, "shop")
    assert who["userId"] == "alice" and who["profile"]["nickName"]
    b.call_sync("my.tradePay", {"tradeNO": "S1"})
    assert host_app.ledger.is_paid("S1")
    again = host_app.bridge("shop", ScriptedHost({"pay": "9000"}))
    assert again.call_sync("my.tradePay", {"tradeNO": "S1"})["resultCode"] == "4000"


def test_blocking_custom_api_runs_off_the_loop(tmp_path):
    import threading

    app = HostApp("alipay", data_dir=tmp_path, user="u")
    threads = []
    app.register_api("slowLookup", lambda p: threads.append(threading.get_ident()) or {})
    app.register_api("quick", lambda p: threads.append(threading.get_ident()) or {}, sync=True)
    b = app.bridge("x", ScriptedHost())
    b.call_sync("my.call", {"api": "slowLookup"})
    b.call_sync("my.call", {"api": "quick"})
    assert threads[0] != threading.get_ident() and threads[1] == threading.get_ident()


def test_bad_custom_names_are_refused(tmp_path):
    app = HostApp("alipay", data_dir=tmp_path, user="u")
    with pytest.raises(ValueError, match="JS identifier"):
        app.register_api("not-valid", lambda p: None)
    with pytest.raises(ValueError, match="unknown parameter type"):
        app.register_api("ok", lambda p: None, {"x": "integer"})
