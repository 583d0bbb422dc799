"""Date and performance.now() follow the runtime clock (real QuickJS, manual clock)."""

from __future__ import annotations

import time

import pytest
from logic_harness import Harness, log_lines

EPOCH = 1_700_000_000_000
PAGE = "Page({ data: {} });"


@pytest.fixture
def h() -> Harness:
    return Harness({"app.js": "App({})", "pages/index/index.js": PAGE}, epoch_ms=EPOCH)


def test_date_now_starts_at_the_epoch_and_advances_exactly_with_the_clock(h: Harness) -> None:
    assert h.js("Date.now()") == EPOCH
    h.engine.advance(1234)
    assert h.js("Date.now()") == EPOCH + 1234
    h.clock.advance(0.5)
    assert h.js("[Date.now(), new Date().getTime(), +new Date()]") == [EPOCH + 1234] * 3
    h.clock.advance(0.5)
    assert h.js("Date.now()") == EPOCH + 1235
    # Time stands still within a turn on a manual clock.
    assert h.js("(() => { const a = Date.now(); for (let i = 0; i < 1e5; i++); return Date.now() - a })()") == 0


def test_timers_and_date_agree(h: Harness) -> None:
    h.send({"type": "eval", "code": "globalThis.t0 = Date.now();"
            "setTimeout(() => console.log('after', Date.now() - t0, performance.now()), 250);"
            "setInterval(function () { console.log('tick', Date.now() - t0) }, 100); 0"})
    assert log_lines(h.engine.advance(300)) == ["tick 100", "tick 200", "after 250 250", "tick 300"]


def test_date_never_goes_back_for_a_late_timer(h: Harness) -> None:
    h.send({"type": "eval", "code": "setTimeout(() => console.log('late', Date.now() - " + str(EPOCH) + "), 50); 0"})
    h.clock.advance(100)
    assert h.js("Date.now()") == EPOCH + 100
    assert log_lines(h.send({"type": "timers"})) == ["late 100"]


def test_performance_now_follows_the_runtime_clock(h: Harness) -> None:
    h.clock.advance(42.5)
    assert h.js("[performance.now(), performance.timeOrigin]") == [42.5, EPOCH]


def test_console_time_measures_runtime_time(h: Harness) -> None:
    h.send({"type": "eval", "code": "console.time('load'); setTimeout(() => console.timeEnd('load'), 75); 0"})
    assert log_lines(h.engine.advance(75)) == ["load: 75ms"]


def test_explicit_dates_and_the_date_api_still_work(h: Harness) -> None:
    assert h.js("(() => { const d = new Date(2020, 0, 1); return [d.getFullYear(), d.getMonth(), d.getDate(),"
                " d.getHours()] })()") == [2020, 0, 1, 0]
    assert h.js("new Date(2020, 0, 1, 13, 5, 7, 9).getMilliseconds() + new Date(2020, 1).getMonth()") == 10
    assert h.js("isNaN(new Date(2020, 0, undefined).getTime()) && isNaN(new Date(undefined).getTime())") is True
    assert h.js("new Date('2020-01-02T00:00:00Z').getTime()") == 1577923200000
    assert h.js("new Date(0).toISOString()") == "1970-01-01T00:00:00.000Z"
    assert h.js("[Date.UTC(2020, 0, 2), Date.parse('2020-01-02T00:00:00Z')]") == [1577923200000] * 2
    assert h.js("new Date() instanceof Date && new Date().constructor === Date && Date.name === 'Date'") is True
    assert h.js("new Date(new Date(5)).getTime()") == 5
    assert h.js("typeof Date() === 'string' && Date() === new Date(" + str(EPOCH) + ").toString()") is True
    assert h.js("(() => { class D extends Date { y() { return this.getUTCFullYear() } }"
                " return [new D(0).y(), new D() instanceof D, new D().getTime()] })()") == [1970, True, EPOCH]


def test_default_epoch_is_the_wall_clock_at_launch() -> None:
    h = Harness({"app.js": "App({})"})
    now = time.time() * 1000
    assert abs(h.js("Date.now()") - now) < 5000
    h.engine.advance(60_000)
    assert abs(h.js("Date.now()") - now - 60_000) < 5000
