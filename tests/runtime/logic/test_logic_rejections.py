"""Unhandled promise rejections: every form reported exactly once, handled ones never.

Real QuickJS through the LogicEngine; both dialects. A rejection is unhandled when no
handler is attached by the end of the turn (after the promise jobs ran).
"""

from __future__ import annotations

import pytest
from fanxing.bridge import Bridge, ScriptedHost, api_script
from fanxing.runtime.logic.clock import ManualClock
from fanxing.runtime.logic.engine import LogicEngine
from logic_harness import Harness, log_lines, module, of_type

APP = """
App({
  onUnhandledRejection(r) {
    console.log('onUnhandledRejection', String(r.reason && r.reason.message || r.reason),
                r.promise instanceof Promise);
  },
  onError(e) { console.log('onError', e.split('\\n')[0]) },
});
"""

PAGE = """
async function moduleAsync() { throw new Error('module-async') }
Page({
  data: {},
  floatReject() { Promise.reject(new Error('float-reject')) },
  floatNew() { new Promise((resolve, reject) => reject(new Error('float-new'))) },
  executorThrows() { new Promise(() => { throw new Error('executor') }) },
  throwInThen() { Promise.resolve().then(() => { throw new Error('throw-in-then') }) },
  passThrough() { Promise.reject(new Error('pass-through')).then(() => 1).then(() => 2) },
  finallyPass() { Promise.reject(new Error('finally')).finally(() => {}) },
  all() { Promise.all([1, Promise.reject(new Error('all'))]) },
  returnsRejected() { Promise.resolve().then(() => Promise.reject(new Error('returned'))) },
  intoChain() { Promise.resolve().then(() => moduleAsync()) },
  async load() { throw new Error('async-method') },
  async loadLater() { await null; throw new Error('async-later') },
  async awaitsRejected() { await Promise.reject(new Error('awaited')) },
  floatAsync() { this.load() },
  floatAsyncLater() { this.loadLater() },
  floatAwaitsRejected() { this.awaitsRejected() },
  nonError() { Promise.reject(42) },
  fromTimer() { setTimeout(() => { Promise.reject(new Error('in-timer')) }, 5) },
  async lifecycleAsync() { throw new Error('returned-to-framework') },
  // handled: never reported
  caughtNow() { Promise.reject(new Error('x')).catch(() => console.log('caught now')) },
  caughtLaterSameTurn() {
    const p = Promise.reject(new Error('x'));
    Promise.resolve().then(() => Promise.resolve()).then(() => p.catch(() => console.log('caught later')));
  },
  async awaitCaught() {
    try { await Promise.reject(new Error('x')) } catch (e) { console.log('await caught') }
  },
  callAwaitCaught() { this.awaitCaught() },
  async awaitAsyncCaught() {
    try { await this.load() } catch (e) { console.log('async caught', e.message) }
  },
  callAwaitAsyncCaught() { this.awaitAsyncCaught() },
  thenSecondArg() { Promise.reject(new Error('x')).then(null, () => console.log('second arg')) },
  allCaught() { Promise.all([Promise.reject(new Error('x'))]).catch(() => console.log('all caught')) },
  raceSettled() {
    Promise.allSettled([Promise.reject(new Error('x'))]).then(r => console.log('settled', r[0].status));
  },
  handlerBeforeReject() {
    let rej; const p = new Promise((_, r) => { rej = r }); p.catch(() => console.log('pre-attached'));
    Promise.resolve().then(() => rej(new Error('x')));
  },
  subclass() {
    class P2 extends Promise {}
    new P2((_, r) => r(new Error('subclass')));
    (async () => { try { await new P2((_, r) => r(new Error('y'))) } catch (e) { console.log('sub caught') } })();
  },
  ping() { console.log('alive') },
  boom() { throw new Error('boom') },
});
"""

UNHANDLED = {
    "floatReject": "float-reject",
    "floatNew": "float-new",
    "executorThrows": "executor",
    "throwInThen": "throw-in-then",
    "passThrough": "pass-through",
    "finallyPass": "finally",
    "all": "all",
    "returnsRejected": "returned",
    "intoChain": "module-async",
    "floatAsync": "async-method",
    "floatAsyncLater": "async-later",
    "floatAwaitsRejected": "awaited",
    "nonError": "42",
    "lifecycleAsync": "returned-to-framework",
}

HANDLED = {
    "caughtNow": "caught now",
    "caughtLaterSameTurn": "caught later",
    "callAwaitCaught": "await caught",
    "callAwaitAsyncCaught": "async caught async-method",
    "thenSecondArg": "second arg",
    "allCaught": "all caught",
    "raceSettled": "settled rejected",
    "handlerBeforeReject": "pre-attached",
}


def make(dialect: str) -> Harness:
    h = Harness({"app.js": APP, "pages/index/index.js": PAGE}, dialect=dialect)
    h.launch()
    h.page("p1", "pages/index/index")
    return h


def rejections(out: list[dict]) -> list[dict]:
    return [m for m in of_type(out, "error") if m["kind"] == "unhandledrejection"]


@pytest.fixture(params=["wechat", "alipay"])
def h(request: pytest.FixtureRequest) -> Harness:
    return make(request.param)


@pytest.mark.parametrize(("handler", "reason"), sorted(UNHANDLED.items()))
def test_each_unhandled_form_is_reported_exactly_once(h: Harness, handler: str, reason: str) -> None:
    out = h.event("p1", handler)
    errs = rejections(out)
    assert len(errs) == 1, (handler, of_type(out, "error"))
    assert reason in errs[0]["message"]
    assert errs[0]["where"]["instanceId"] == "p1"
    assert log_lines(out) == [f"onUnhandledRejection {reason} true"]
    # Never again in later turns, and the app keeps answering.
    later = h.event("p1", "ping") + h.engine.advance(10)
    assert rejections(later) == []
    assert log_lines(later) == ["alive"]


@pytest.mark.parametrize(("handler", "line"), sorted(HANDLED.items()))
def test_rejections_handled_within_the_turn_are_not_reported(h: Harness, handler: str, line: str) -> None:
    out = h.event("p1", handler)
    assert of_type(out, "error") == []
    assert log_lines(out) == [line]


def test_stack_is_mapped_to_the_source_line(h: Harness) -> None:
    err = rejections(h.event("p1", "floatReject"))[0]
    assert "pages/index/index.js:4:" in err["stack"]
    console = [m for m in of_type(h.out, "console") if m["level"] == "error"]
    assert console and console[-1]["args"][0].startswith("Unhandled promise rejection in pages/index/index")


def test_rejection_in_a_timer_is_reported_in_the_timer_turn(h: Harness) -> None:
    assert rejections(h.event("p1", "fromTimer")) == []
    out = h.engine.advance(5)
    assert [e["message"] for e in rejections(out)] == ["Error: in-timer"]


def test_rejection_handled_in_a_later_turn_was_reported_once(h: Harness) -> None:
    h.send({"type": "eval", "code": "globalThis.kept = Promise.reject(new Error('kept')); 0"})
    assert len(rejections(h.out)) == 1
    out = h.send({"type": "eval", "code": "kept.catch(() => console.log('late catch')); 0"})
    assert rejections(out) == [] and log_lines(out) == ["late catch"]


def test_subclass_rejections_are_tracked(h: Harness) -> None:
    out = h.event("p1", "subclass")
    assert [e["message"] for e in rejections(out)] == ["Error: subclass"]
    assert "sub caught" in log_lines(out)


def test_without_on_unhandled_rejection_app_on_error_gets_it() -> None:
    h = Harness({"app.js": "App({ onError(e) { console.log('onError', e.split('\\n')[0]) } })",
                 "pages/index/index.js": PAGE})
    h.page("p1", "pages/index/index")
    out = h.event("p1", "floatReject")
    assert log_lines(out) == ["onError Error: float-reject"]


def test_a_rejecting_on_unhandled_rejection_does_not_loop() -> None:
    app = "App({ onUnhandledRejection(r) { console.log('seen'); Promise.reject(new Error('again')) } })"
    h = Harness({"app.js": app, "pages/index/index.js": PAGE})
    h.page("p1", "pages/index/index")
    out = h.event("p1", "floatReject")
    assert [e["message"] for e in rejections(out)] == ["Error: float-reject", "Error: again"]
    assert log_lines(out) == ["seen"]
    assert log_lines(h.event("p1", "ping")) == ["alive"]


def test_promise_identity_and_ordering_are_kept(h: Harness) -> None:
    assert h.js("(() => { const p = Promise.resolve(1); return Promise.resolve(p) === p })()") is True
    assert h.js("(async () => {})() instanceof Promise && new Promise(r => r()) instanceof Promise") is True
    assert h.js("Object.prototype.toString.call(Promise.reject(1).catch(() => 0))") == "[object Promise]"
    assert h.js("[Promise.name, typeof Promise.allSettled, typeof Promise.any]") == [
        "Promise", "function", "function"]
    out = h.send({"type": "eval", "code": """
      (async () => { await Promise.resolve(); console.log('a'); })();
      Promise.resolve().then(() => console.log('b')).then(() => console.log('c'));
      (async () => { await null; console.log('d'); })(); 0"""})
    assert log_lines(out) == ["a", "b", "d", "c"]
    assert h.js("(() => { try { Promise(() => {}); return 'no' } catch (e) { return e.name } })()") == "TypeError"


BRIDGE_APP = """
App({});
%(ns)s.onUnhandledRejection(function (r) { console.log('listener', r.reason.message, r.promise instanceof Promise) });
globalThis.second = function second(r) { console.log("second") };
%(ns)s.onUnhandledRejection(second);
%(ns)s.onError(function (e) { console.log('onError listener', e.split('\\n')[0]) });
"""


@pytest.mark.parametrize(("dialect", "profile", "ns"), [("wechat", "wechat", "wx"), ("alipay", "alipay", "my")])
def test_bridge_on_unhandled_rejection_listeners(tmp_path, dialect: str, profile: str, ns: str) -> None:
    bridge = Bridge(profile, data_dir=tmp_path, user="u1", app_id="app1", host=ScriptedHost({}))
    mods = {"app.js": module("app.js", BRIDGE_APP % {"ns": ns}),
            "pages/index/index.js": module("pages/index/index.js", PAGE)}
    eng = LogicEngine(mods, dialect=dialect, app_config={"pages": ["pages/index/index"]},  # type: ignore[arg-type]
                      api_script=api_script(), api_table=bridge.api_table(),
                      sync_state=bridge.sync_state(), clock=ManualClock())
    eng.boot()
    eng.process({"type": "pageCreate", "pageId": "p1", "route": "pages/index/index", "query": {}})
    out = eng.process({"type": "event", "instanceId": "p1", "handler": "floatAsync", "event": {}})
    assert log_lines(out) == ["listener async-method true", "second"]
    assert len(rejections(out)) == 1
    eng.process({"type": "eval", "code": f"{ns}.offUnhandledRejection(second)"})
    out = eng.process({"type": "event", "instanceId": "p1", "handler": "floatReject", "event": {}})
    assert log_lines(out) == ["listener float-reject true"]
    out = eng.process({"type": "event", "instanceId": "p1", "handler": "boom", "event": {}})
    assert log_lines(out) == ["onError listener Error: boom"]


def test_plain_object_and_string_reasons_show_their_content() -> None:
    # mushroom (a real Alipay app) rejects with my.request's fail object; the report read
    # "Uncaught [object Object]", hiding the cause (error 4, domain not whitelisted).
    page = """
    Page({
      rejectFailObject() { Promise.reject({ error: 4, errorMessage: 'not whitelisted' }) },
      throwObject() { throw { code: 'E1', nested: { list: [1, null] } } },
      throwString() { throw 'boom' },
    });
    """
    h = Harness({"app.js": "App({})", "pages/index/index.js": page}, dialect="alipay")
    h.page("p1", "pages/index/index")
    messages = [e["message"] for name in ("rejectFailObject", "throwObject", "throwString")
                for e in of_type(h.event("p1", name), "error")]
    assert messages == ['Uncaught {"error":4,"errorMessage":"not whitelisted"}',
                        'Uncaught {"code":"E1","nested":{"list":[1,null]}}',
                        "Uncaught boom"]
