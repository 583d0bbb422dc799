"""Limits: a runaway handler ends as a reported error and the app keeps answering."""

from __future__ import annotations

import pytest
from fanxing.runtime.logic.engine import Limits
from logic_harness import Harness, log_lines, of_type

APP = """
App({
  onError(msg) { console.log('App.onError', msg.split('\\n')[0]) },
  onUnhandledRejection(r) { console.log('App.onUnhandledRejection', String(r.reason)) },
});
"""

PAGE = """
Page({
  data: {n: 0},
  loop() { while (true) {} },
  recurse() { (function f(n) { return f(n + 1) + 1; })(0); },
  bomb() { var a = []; while (true) a.push(new Array(100000).fill(7)); },
  strings() { var s = 'x'; while (true) s = s + s; },
  spin() { var f = () => { Promise.resolve().then(f); }; f(); },
  awaitSpin() { (async () => { while (true) await null; })(); },
  ok() { this.setData({n: this.data.n + 1}) },
});
"""

LIMITS = Limits(memory_bytes=32 * 1024 * 1024, stack_bytes=512 * 1024, turn_seconds=0.2)


@pytest.fixture(scope="module")
def h() -> Harness:
    h = Harness({"app.js": APP, "pages/index/index.js": PAGE}, limits=LIMITS)
    h.launch()
    h.page("p1", "pages/index/index")
    return h


@pytest.mark.parametrize(
    ("handler", "message_part"),
    [
        ("loop", "Time budget of 0.2 s exceeded"),
        ("recurse", "Maximum call stack size exceeded"),
        ("bomb", "out of memory"),
        ("strings", ""),
    ],
)
def test_runaway_handler_is_reported_and_app_keeps_answering(h: Harness, handler: str, message_part: str) -> None:
    before = h.data("p1")["n"]
    out = h.event("p1", handler)
    errors = of_type(out, "error")
    assert len(errors) == 1, out
    assert message_part in errors[0]["message"]
    assert errors[0]["where"] == {"instanceId": "p1", "path": "pages/index/index", "handler": handler}
    assert any(line.startswith("App.onError") for line in log_lines(out))
    # The context still works: the next handler runs and its setData arrives.
    out = h.event("p1", "ok")
    assert not of_type(out, "error")
    assert h.data("p1")["n"] == before + 1
    assert of_type(out, "setData")[0]["ops"] == [["set", "n", before + 1]]


def test_infinite_loop_stack_points_at_the_loop(h: Harness) -> None:
    out = h.event("p1", "loop")
    err = of_type(out, "error")[0]
    assert err["kind"] == "abort"
    assert "at loop (pages/index/index.js:3:" in err["stack"]


@pytest.mark.parametrize("handler", ["spin", "awaitSpin"])
def test_endless_promise_chain_is_cut(h: Harness, handler: str) -> None:
    out = h.event("p1", handler)
    errors = of_type(out, "error")
    assert errors and "Promise jobs ran past the time budget" in errors[-1]["message"]
    assert errors[-1]["where"]["handler"] == "microtasks"
    # The chain is gone: the next turn has no leftover jobs and runs normally.
    out = h.event("p1", "ok")
    assert not of_type(out, "error")


def test_loop_in_on_error_does_not_recurse() -> None:
    h = Harness(
        {
            "app.js": "App({ onError() { while (true) {} } })",
            "pages/index/index.js": "Page({ bad() { throw new Error('first') }, ok() { console.log('alive') } })",
        },
        limits=LIMITS,
    )
    h.page("p1", "pages/index/index")
    out = h.event("p1", "bad")
    messages = [e["message"] for e in of_type(out, "error")]
    assert messages[0] == "Error: first"
    assert any("Time budget" in m for m in messages[1:])
    assert log_lines(h.event("p1", "ok")) == ["alive"]


def test_loop_at_module_top_level_is_reported() -> None:
    h = Harness(
        {"app.js": "App({})", "pages/index/index.js": "while (true) {}\nPage({})"},
        limits=LIMITS,
    )
    out = h.page("p1", "pages/index/index")
    err = of_type(out, "error")[0]
    assert "Time budget" in err["message"]
    assert err["where"]["handler"] == "module"


def test_async_rejection_goes_to_on_unhandled_rejection(h: Harness) -> None:
    h.send({"type": "eval", "code": "getCurrentPages()[0].rej = async function () { throw new Error('later') }"})
    out = h.event("p1", "rej")
    assert "App.onUnhandledRejection Error: later" in log_lines(out)
    assert of_type(out, "error")[0]["kind"] == "unhandledrejection"


def test_memory_stays_bounded_after_bombs(h: Harness) -> None:
    h.event("p1", "bomb")
    assert h.engine.memory()["memory_used_size"] < LIMITS.memory_bytes // 2
