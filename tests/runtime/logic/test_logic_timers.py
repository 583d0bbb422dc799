"""Timers on the runtime's manual clock, promise/microtask ordering, API calls."""

from __future__ import annotations

from logic_harness import Harness, log_lines, of_type

PAGE = "Page({ run(e) { (0, eval)('(function (page) {' + e.detail + '})')(this) } });"


def make(**kw) -> Harness:
    h = Harness({"app.js": "App({})", "pages/index/index.js": PAGE}, **kw)
    h.page("p1", "pages/index/index")
    return h


def run(h: Harness, code: str) -> list[dict]:
    return h.event("p1", "run", {"detail": code})


def test_timeouts_fire_in_due_order_without_sleeping() -> None:
    h = make()
    out = run(h, "setTimeout(() => console.log('b 20'), 20); setTimeout(() => console.log('a 10'), 10);"
                 "setTimeout(() => console.log('c 20 later'), 20); console.log('sync')")
    assert log_lines(out) == ["sync"]
    assert of_type(out, "timer") == [{"type": "timer", "next": 10}]
    assert log_lines(h.engine.advance(9)) == []
    out = h.engine.advance(1)
    assert log_lines(out) == ["a 10"]
    assert of_type(out, "timer") == [{"type": "timer", "next": 20}]
    out = h.engine.advance(100)
    assert log_lines(out) == ["b 20", "c 20 later"]
    assert of_type(out, "timer")[-1] == {"type": "timer", "next": None}


def test_each_timer_is_its_own_turn() -> None:
    h = make()
    run(h, "setTimeout(() => page.setData({a: 1}), 5); setTimeout(() => page.setData({b: 2}), 5)")
    out = h.send({"type": "timers", "now": 5})
    assert [m["ops"] for m in of_type(out, "setData")] == [[["set", "a", 1]], [["set", "b", 2]]]


def test_interval_clear_and_nested_timers_use_the_timer_time() -> None:
    h = make()
    run(h, "var n = 0; var id = setInterval(() => { n++; console.log('tick', n);"
           " if (n === 3) clearInterval(id); }, 10);"
           "var t = setTimeout(() => console.log('never'), 15); clearTimeout(t);"
           "setTimeout(() => setTimeout(() => console.log('nested at 12'), 7), 5);")
    out = h.engine.advance(100)
    assert log_lines(out) == ["tick 1", "nested at 12", "tick 2", "tick 3"]
    assert h.engine.next_timer is None


def test_microtasks_run_before_timers_and_in_order() -> None:
    h = make()
    out = run(
        h,
        "setTimeout(() => console.log('timeout'), 0);"
        "Promise.resolve().then(() => console.log('then 1')).then(() => console.log('then 3'));"
        "queueMicrotask(() => console.log('micro 2'));"
        "(async () => { await null; console.log('await 2b'); })();"
        "console.log('sync');",
    )
    assert log_lines(out) == ["sync", "then 1", "micro 2", "await 2b", "then 3"]
    assert log_lines(h.engine.advance(0)) == ["timeout"]


def test_promise_jobs_from_timers_run_in_the_timer_turn() -> None:
    h = make()
    run(h, "setTimeout(() => { Promise.resolve().then(() => page.setData({p: 1})) }, 1);"
           "setTimeout(() => console.log('second'), 1);")
    out = h.engine.advance(1)
    assert [m["type"] for m in out if m["type"] in ("setData", "console")] == ["setData", "console"]


def test_invoke_api_round_trip_and_api_events() -> None:
    h = make()
    out = run(h, "__fx.invokeApi('wx.getLocation', {type: 'gcj02'})"
                 ".then(r => console.log('ok', r.lat), e => console.log('fail', e.errMsg));"
                 "__fx.invokeApi('wx.request', {url: 'x'}).catch(e => console.log('fail', e.errMsg));"
                 "__fx.onApiEvent('onNetworkStatusChange', p => console.log('net', p.isConnected));")
    calls = of_type(out, "api")
    assert [(c["name"], c["args"]) for c in calls] == [
        ("wx.getLocation", {"type": "gcj02"}),
        ("wx.request", {"url": "x"}),
    ]
    out = h.send({"type": "apiResult", "callId": calls[1]["callId"], "ok": False, "result": {"errMsg": "request:fail"}})
    out += h.send({"type": "apiResult", "callId": calls[0]["callId"], "ok": True, "result": {"lat": 30}})
    out += h.send({"type": "apiEvent", "name": "onNetworkStatusChange", "payload": {"isConnected": False}})
    assert log_lines(out) == ["fail request:fail", "ok 30", "net false"]


def test_api_script_sees_table_and_sync_state() -> None:
    api = (
        "wx.getStorageSync = function (k) { return (__fx.syncState.storage || {})[k] };\n"
        "wx.request = function (o) { return __fx.invokeApi('wx.request', o) };\n"
    )
    h = Harness(
        {"app.js": "App({})", "pages/index/index.js": PAGE},
        api_script=api,
        sync_state={"storage": {"k": "v"}},
    )
    h.page("p1", "pages/index/index")
    assert h.js("wx.getStorageSync('k')") == "v"
    h.send({"type": "syncState", "patch": {"storage": {"k": None, "j": 2}}})
    assert h.js("[wx.getStorageSync('k'), wx.getStorageSync('j')]") == [None, 2]


def test_without_api_script_my_and_wx_exist() -> None:
    h = Harness({"app.js": "App({ onLaunch() { console.log(typeof my, typeof wx, typeof wx.request) } })"})
    assert log_lines(h.launch()) == ["object object undefined"]
