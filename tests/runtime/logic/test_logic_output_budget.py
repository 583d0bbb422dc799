"""The outbox of a turn is bounded; aborted timers are cleared; aborts and out-of-memory
errors name a real location (issue 10, findings 3, 5 and 11)."""

from __future__ import annotations

import pytest
from fanxing.runtime.logic.engine import Limits
from logic_harness import Harness, log_lines, of_type

APP = """
App({ onError(msg) { console.log('App.onError', msg.split('\\n')[0]) } });
"""

PAGE = """
const spin = () => { for (;;) {} };
Page({
  data: {n: 0},
  logs() { for (var i = 0; i < 200000; i++) console.log('line ' + i, {i: i}); },
  sets() { for (var i = 0; i < 200000; i++) this.setData({['k' + i]: i}); },
  caught() { for (var i = 0; i < 200000; i++) { try { console.log(i) } catch (e) {} } },
  big() { var s = 'x'.repeat(600000); for (var i = 0; i < 100; i++) console.log(s); },
  arrow: spin,
  interval() { setInterval(() => { while (true) {} }, 10); },
  noisyInterval() { setInterval(function () { for (;;) console.log('tick'); }, 10); },
  objs() { var a = []; while (true) a.push({x: a.length, y: 'abc' + a.length}); },
  ok() { this.setData({n: this.data.n + 1}) },
});
"""

LIMITS = Limits(memory_bytes=32 * 1024 * 1024, stack_bytes=512 * 1024, turn_seconds=0.3,
                turn_console_lines=2000, turn_setdata_ops=20000)


@pytest.fixture
def h() -> Harness:
    h = Harness({"app.js": APP, "pages/index/index.js": PAGE}, limits=LIMITS)
    h.launch()
    h.page("p1", "pages/index/index")
    return h


def _answers_next_event(h: Harness) -> None:
    before = h.data("p1")["n"]
    out = h.event("p1", "ok")
    assert not of_type(out, "error")
    assert h.data("p1")["n"] == before + 1


@pytest.mark.parametrize(("handler", "what"), [
    ("logs", "more than 2000 console lines"),
    ("sets", "more than 20000 setData operations"),
    ("caught", "more than 2000 console lines"),  # caught in a loop: times out after it
    ("big", "bytes of output"),
])
def test_runaway_output_is_one_abort_and_the_app_answers(h: Harness, handler: str, what: str) -> None:
    out = h.event("p1", handler)
    errors = of_type(out, "error")
    assert len(errors) == 1, [e["message"] for e in errors]
    assert errors[0]["kind"] == "abort"
    assert what in errors[0]["message"]
    assert errors[0]["where"] == {"instanceId": "p1", "path": "pages/index/index", "handler": handler}
    assert [line for line in log_lines(out) if line.startswith("App.onError")] == [
        "App.onError " + errors[0]["message"]]
    assert len(of_type(out, "console")) <= LIMITS.turn_console_lines + 3
    _answers_next_event(h)


def test_aborted_interval_is_cleared_and_reported_once(h: Harness) -> None:
    h.event("p1", "interval")
    out = h.engine.advance(10)
    out += h.engine.advance(1000)
    errors = of_type(out, "error")
    assert len(errors) == 1
    assert errors[0]["kind"] == "abort"
    assert errors[0]["message"].endswith("; the setInterval was cleared")
    assert errors[0]["where"]["handler"] == "setInterval callback (from interval)"
    assert h.engine.next_timer is None
    _answers_next_event(h)


def test_interval_over_output_budget_is_cleared(h: Harness) -> None:
    h.event("p1", "noisyInterval")
    out = h.engine.advance(10) + h.engine.advance(100)
    errors = of_type(out, "error")
    assert len(errors) == 1 and "console lines" in errors[0]["message"]
    assert "the setInterval was cleared" in errors[0]["message"]
    assert h.engine.next_timer is None


def test_interval_that_throws_keeps_running() -> None:
    page = "Page({ data: {n: 0}, start() { setInterval(() => { this.setData({n: this.data.n + 1}); " \
           "throw new Error('tick') }, 10) } });"
    h = Harness({"app.js": APP, "pages/index/index.js": page}, limits=LIMITS)
    h.launch()
    h.page("p1", "pages/index/index")
    h.event("p1", "start")
    out = h.engine.advance(35)
    assert len(of_type(out, "error")) == 3  # an ordinary exception is no runaway
    assert h.data("p1")["n"] == 3


def test_aborted_turn_points_at_the_loop_that_spun(h: Harness) -> None:
    # QuickJS names only the function's line (column 1); the source says where it spun.
    err = of_type(h.event("p1", "arrow"), "error")[0]
    assert "at spin (pages/index/index.js:1:22)" in err["stack"]  # `for (;;) {}` in spin
    h.event("p1", "interval")
    err = of_type(h.engine.advance(10), "error")[0]
    # `  interval() { setInterval(() => { while (true) {} }, 10); },`
    assert "at <anonymous> (pages/index/index.js:9:36)" in err["stack"]


def test_spin_in_a_longer_handler_with_two_loops() -> None:
    page = """Page({
  data: {n: 0},
  deep() {
    let total = 0;
    for (let i = 0; i < 3; i++) total += i;
    const more = [1, 2].map((x) => x * 2);
    while (total >= 0) {
      total += more.length;
    }
  },
});"""
    h = Harness({"app.js": APP, "pages/index/index.js": page}, limits=LIMITS)
    h.launch()
    h.page("p1", "pages/index/index")
    err = of_type(h.event("p1", "deep"), "error")[0]
    # QuickJS says line 6 (the last call, to map), column 1: the loop still running
    # after it is the while
    assert "at deep (pages/index/index.js:7:5)" in err["stack"]
    assert err["where"]["handler"] == "deep"


def test_out_of_memory_has_a_message_and_a_location(h: Harness) -> None:
    out = h.event("p1", "objs")
    err = of_type(out, "error")[0]
    assert "null" not in err["message"]
    assert err["message"].startswith("InternalError: out of memory")
    assert "at objs (pages/index/index.js:" in err["stack"]
    _answers_next_event(h)
