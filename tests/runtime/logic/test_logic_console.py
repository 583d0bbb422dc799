"""Console forwarding, error reporting with file:line, eval, and the threaded engine."""

from __future__ import annotations

import threading

from fanxing.runtime.logic.clock import ManualClock
from fanxing.runtime.logic.engine import LogicEngine
from logic_harness import Harness, module, of_type

PAGE = """
Page({
  say() {
    console.log('n', 1, true, null, undefined, {a: [1]}, () => 1);
    console.warn('careful');
    console.error(new Error('shown'));
    console.info('i'); console.debug('d');
  },
  cyclic() { var o = {}; o.o = o; console.log(o) },
  fail() {
    var x = 1;
    throw new TypeError('bad ' + x);
  },
});
"""


def make() -> Harness:
    h = Harness(
        {
            "app.js": "App({ onError(m) { console.log('onError', m) } })",
            "pages/index/index.js": PAGE,
        }
    )
    h.page("p1", "pages/index/index")
    return h


def test_console_levels_args_and_source() -> None:
    h = make()
    out = of_type(h.event("p1", "say"), "console")
    assert [(m["level"], m["source"]) for m in out] == [
        ("log", "pages/index/index.js:3"),
        ("warn", "pages/index/index.js:4"),
        ("error", "pages/index/index.js:5"),
        ("info", "pages/index/index.js:6"),
        ("debug", "pages/index/index.js:6"),
    ]
    assert out[0]["args"] == ["n", 1, True, None, "undefined", {"a": [1]}, "[Function anonymous]"]
    assert out[2]["args"][0].startswith("Error: shown\n    at say (pages/index/index.js:5:")
    cyc = of_type(h.event("p1", "cyclic"), "console")[0]
    assert cyc["args"] == [{"o": "[Circular]"}]


def test_thrown_error_reaches_outbound_console_and_on_error_with_file_line() -> None:
    h = make()
    out = h.event("p1", "fail")
    err = of_type(out, "error")[0]
    assert err["message"] == "TypeError: bad 1"
    assert err["where"] == {"instanceId": "p1", "path": "pages/index/index", "handler": "fail"}
    assert "at fail (pages/index/index.js:11:" in err["stack"]
    consoles = of_type(out, "console")
    assert consoles[0]["level"] == "error" and consoles[0]["source"] == "pages/index/index.js:11"
    on_error = [m["args"] for m in consoles if m["args"][0] == "onError"]
    assert on_error and "pages/index/index.js:11" in on_error[0][1]


def test_eval_message_reports_value_and_errors() -> None:
    h = make()
    ok = of_type(h.send({"type": "eval", "code": "getCurrentPages().length + 1"}), "evalResult")[0]
    assert ok == {"type": "evalResult", "ok": True, "value": 2}
    bad = of_type(h.send({"type": "eval", "code": "nope.x"}), "evalResult")[0]
    assert bad["ok"] is False and "nope" in bad["value"] and "eval:1" in bad["value"]


def test_unknown_message_type_warns() -> None:
    h = make()
    out = h.send({"type": "bogus"})
    assert 'unknown inbound message type "bogus"' in out[0]["args"][0]


def test_threaded_engine_posts_and_delivers() -> None:
    got: list[dict] = []
    done = threading.Event()

    def on_message(m: dict) -> None:
        got.append(m)
        if m["type"] == "console" and m["args"] == ["tapped", 2]:
            done.set()

    mods = {
        "app.js": module("app.js", "App({})"),
        "pages/index/index.js": module(
            "pages/index/index.js", "Page({ tap(e) { console.log('tapped', e.n) } })"
        ),
    }
    engine = LogicEngine(mods, dialect="alipay", app_config={}, on_message=on_message, clock=ManualClock())
    engine.start()
    try:
        engine.post({"type": "pageCreate", "pageId": "p1", "route": "pages/index/index", "query": {}})
        engine.post({"type": "event", "instanceId": "p1", "handler": "tap", "event": {"n": 2}})
        assert done.wait(10)
    finally:
        engine.stop()
    assert [m["type"] for m in got] == ["console"]
