"""Answers and ScriptedHost: scripted decisions for headless runs."""

from __future__ import annotations

import pytest
from fanxing.bridge import Answers, ApiError, Host, ScriptedHost


def test_parse_command_line_pairs_and_aliases():
    a = Answers.parse(["consent=deny", "pay=6001", "confirm=cancel"])
    assert a.answer("consent", {"scope": "location"}) == "deny"
    assert a.answer("cashier", {}) == "6001"
    assert a.answer("confirm", {}) == "cancel"
    with pytest.raises(ValueError, match="KIND=CHOICE"):
        Answers.parse(["consent"])


def test_parse_json_choices_and_plain_strings():
    a = Answers.parse(['openSetting={"scope.userLocation": true}', "pay=6001",
                       'confirm=["cancel", "ok"]', 'scan="{not json}"', "prompt=hi {x}",
                       "sheet=0"])
    assert a.answer("openSetting", {}) == {"scope.userLocation": True}
    assert a.answer("cashier", {}) == "6001"  # plain strings stay strings
    assert [a.answer("confirm", {}) for _ in range(3)] == ["cancel", "ok", "ok"]  # a sequence
    assert a.answer("scanCode", {}) == "{not json}"  # a quoted JSON string
    assert a.answer("prompt", {}) == "hi {x}"
    assert a.answer("actionSheet", {}) == "0"
    with pytest.raises(ValueError, match=r"'openSetting=\{scope: 1\}': the choice is not valid "
                                         r"JSON \(Expecting property name"):
        Answers.parse(["openSetting={scope: 1}"])


def test_scope_specific_answers_and_sequences():
    a = Answers({"consent": "allow", "consent.location": "deny", "pay": ["6001", "9000"]})
    assert a.answer("consent", {"scope": "location"}) == "deny"
    assert a.answer("consent", {"scope": "userInfo"}) == "allow"
    assert [a.answer("cashier", {}) for _ in range(3)] == ["6001", "9000", "9000"]


def test_defaults_and_strict_mode():
    assert Answers().answer("consent", {}) == "allow"
    assert Answers().answer("actionSheet", {}) == "cancel"
    with pytest.raises(ApiError, match="no scripted answer"):
        Answers(strict=True).answer("consent", {})


def test_strict_answers_fail_the_call_cleanly(make_bridge):
    b = make_bridge("wechat", host=ScriptedHost(Answers(strict=True)))
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.showModal", {"content": "?"})
    assert e.value.payload == {"errMsg": "showModal:fail no scripted answer for confirm"}


def test_scripted_host_is_a_host():
    assert isinstance(ScriptedHost(), Host)


def test_async_host_methods_are_awaited(make_bridge):
    class AsyncHost(ScriptedHost):
        async def ask(self, kind, payload):
            return "cancel" if kind == "confirm" else super().ask(kind, payload)

    b = make_bridge("alipay", host=AsyncHost())
    assert b.call_sync("my.confirm", {}) == {"confirm": False}
