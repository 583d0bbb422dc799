"""setData / $spliceData conformance against real QuickJS."""

from __future__ import annotations

import json

import pytest
from logic_harness import Harness, log_lines, logs, of_type, set_ops

PAGE = """
Page({
  data: INITIAL,
  apply(e) { this.setData(e.detail) },
  run(e) { (0, eval)('(function (page) {' + e.detail + '})')(this) },
});
"""


def make(initial: dict, dialect: str = "wechat") -> Harness:
    h = Harness(
        {"app.js": "App({})", "pages/index/index.js": PAGE.replace("INITIAL", json.dumps(initial))},
        dialect=dialect,
    )
    h.launch()
    h.page("p1", "pages/index/index")
    return h


# (initial data, setData argument (JS source), expected data afterwards)
PATH_TABLE = [
    ({}, "{a: 1}", {"a": 1}),
    ({"a": 1}, "{b: 'x'}", {"a": 1, "b": "x"}),
    ({}, "{'a.b.c': 1}", {"a": {"b": {"c": 1}}}),
    ({"a": {"x": 1}}, "{'a.b': 2}", {"a": {"x": 1, "b": 2}}),
    ({}, "{'list[2]': 'z'}", {"list": [None, None, "z"]}),
    ({"list": [1]}, "{'list[3]': 4}", {"list": [1, None, None, 4]}),
    ({"list": [1, 2, 3]}, "{'list[1]': 9}", {"list": [1, 9, 3]}),
    ({"obj": {}}, "{'obj[1]': 'v'}", {"obj": {"1": "v"}}),
    ({}, "{'a[0].b': 1}", {"a": [{"b": 1}]}),
    ({"a": [{"b": 1, "c": 2}]}, "{'a[0].b': 5}", {"a": [{"b": 5, "c": 2}]}),
    ({"m": [[1], [2]]}, "{'m[1][0]': 7}", {"m": [[1], [7]]}),
    ({"a": 5}, "{'a.b': 1}", {"a": {"b": 1}}),
    ({"a": None}, "{'a[0]': 1}", {"a": [1]}),
    ({}, "{'a\\\\.b': 1}", {"a.b": 1}),
    ({}, "{'x\\\\[0\\\\]': 1}", {"x[0]": 1}),
    ({}, "{'a . b': 1}", {"a ": {" b": 1}}),
    ({}, "{'a.b': 1, 'a.c': 2, a2: [1, {k: null}]}", {"a": {"b": 1, "c": 2}, "a2": [1, {"k": None}]}),
    ({"s": "old"}, "{s: new Date(0)}", {"s": "1970-01-01T00:00:00.000Z"}),
]


@pytest.mark.parametrize(("initial", "arg", "expected"), PATH_TABLE)
@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_set_data_paths(initial: dict, arg: str, expected: dict, dialect: str) -> None:
    h = make(initial, dialect)
    out = h.event("p1", "run", {"detail": f"page.setData({arg})"})
    assert h.data("p1") == expected
    # The ops the view receives replay to the same data.
    assert [op[0] for op in set_ops(out, "p1")] and all(op[0] == "set" for op in set_ops(out, "p1"))
    assert not of_type(out, "error")


def test_initial_data_is_sent_on_create() -> None:
    h = Harness({"app.js": "App({})", "pages/index/index.js": PAGE.replace("INITIAL", '{"a": 1, "b.c": [2]}')})
    out = h.page("p1", "pages/index/index")
    assert set_ops(out, "p1") == [["set", "a", 1], ["set", "b\\.c", [2]]]


def test_values_are_deep_copied() -> None:
    h = make({})
    h.event("p1", "run", {"detail": "var v = {list: [1]}; page.setData({v: v}); v.list.push(2); page.kept = v;"})
    assert h.data("p1") == {"v": {"list": [1]}}
    out = h.event("p1", "run", {"detail": "page.kept.list.push(3); page.setData({w: 1})"})
    # The earlier op is not changed by later mutation, and data holds a copy.
    assert set_ops(out, "p1") == [["set", "w", 1]]
    assert h.data("p1")["v"] == {"list": [1]}


@pytest.mark.parametrize(
    ("arg", "key_in_warning", "expected"),
    [
        ("{u: undefined, ok: 1}", "u is undefined", {"ok": 1}),
        ("{f: function () {}, ok: 1}", "f is a function", {"ok": 1}),
        ("{o: {x: undefined, y: 1}}", "o.x is undefined", {"o": {"y": 1}}),
        ("{o: {fn: () => 1}}", "o.fn is a function", {"o": {}}),
        ("{n: NaN}", "n is NaN", {"n": None}),
        ("{arr: [1, undefined]}", "arr[1] is undefined", {"arr": [1, None]}),
        ("{'a..b': 1, ok: 2}", 'invalid data path "a..b"', {"ok": 2}),
        ("{'a[x]': 1, ok: 2}", 'invalid data path "a[x]"', {"ok": 2}),
        ("(function () { var c = {}; c.self = c; return {c: c}; })()", "c.self is a circular", {"c": {}}),
    ],
)
def test_rejected_values_warn_with_key(arg: str, key_in_warning: str, expected: dict) -> None:
    h = make({})
    out = h.event("p1", "run", {"detail": f"page.setData({arg})"})
    warnings = [a[0] for a in logs(out, "warn")]
    assert any(key_in_warning in w for w in warnings), warnings
    assert h.data("p1") == expected


def test_payload_over_256k_warns_and_over_1m_is_refused() -> None:
    h = make({})
    out = h.event("p1", "run", {"detail": "page.setData({big: 'x'.repeat(300 * 1024)})"})
    assert any("256 KB" in a[0] for a in logs(out, "warn"))
    assert len(h.data("p1")["big"]) == 300 * 1024
    out = h.event("p1", "run", {"detail": "page.setData({huge: 'x'.repeat(1100 * 1024)})"})
    errors = of_type(out, "error")
    assert errors and "1 MB" in errors[0]["message"]
    assert errors[0]["where"]["instanceId"] == "p1"
    assert "huge" not in h.data("p1")
    assert not set_ops(out, "p1")


def test_one_message_per_instance_per_turn_and_callbacks_after_flush() -> None:
    h = make({"n": 0})
    out = h.event(
        "p1",
        "run",
        {
            "detail": "page.setData({n: 1}, () => console.log('cb1', page.data.n));"
            "page.setData({'m.k': 2}); page.$spliceData({list: [0, 0, 'a', 'b']});"
            "page.setData({n: 3}, () => console.log('cb2'));"
            "Promise.resolve().then(() => page.setData({late: true}));"
        },
    )
    msgs = of_type(out, "setData")
    assert len(msgs) == 1
    assert msgs[0]["ops"] == [
        ["set", "n", 1],
        ["set", "m.k", 2],
        ["splice", "list", 0, 0, ["a", "b"]],
        ["set", "n", 3],
        ["set", "late", True],
    ]
    assert log_lines(out) == []
    out = h.send({"type": "flushed", "ids": [msgs[0]["flushId"]]})
    assert log_lines(out) == ["cb1 3", "cb2"]
    # A second flushed for the same id runs nothing.
    assert log_lines(h.send({"type": "flushed", "ids": [msgs[0]["flushId"]]})) == []


def test_splice_data() -> None:
    h = make({"a": {"b": [1, 2, 3, 4]}})
    out = h.event("p1", "run", {"detail": "page.$spliceData({'a.b': [1, 2, 'x', {y: 1}]})"})
    assert h.data("p1") == {"a": {"b": [1, "x", {"y": 1}, 4]}}
    assert set_ops(out, "p1") == [["splice", "a.b", 1, 2, ["x", {"y": 1}]]]


def test_batched_updates_and_separate_instances() -> None:
    h = make({})
    h.page("p2", "pages/index/index")
    out = h.event(
        "p1",
        "run",
        {"detail": "page.$batchedUpdates(() => { page.setData({a: 1}); getCurrentPages()[1].setData({b: 2}); page.setData({c: 3}); })"},
    )
    msgs = of_type(out, "setData")
    assert [(m["instanceId"], m["ops"]) for m in msgs] == [
        ("p1", [["set", "a", 1], ["set", "c", 3]]),
        ("p2", [["set", "b", 2]]),
    ]
    # nothing waits for these patches: no flush id, so clients need not ack them
    assert "flushId" not in msgs[0] and "flushId" not in msgs[1]


def test_flush_id_only_when_a_callback_waits() -> None:
    h = make({})
    h.page("p2", "pages/index/index")
    out = h.event("p1", "run", {"detail": (
        "page.setData({a: 1}, () => {}); getCurrentPages()[1].setData({b: 2}, () => {});"
        "page.setData({c: 3});")})
    msgs = of_type(out, "setData")
    assert [m["instanceId"] for m in msgs] == ["p1", "p2"]
    assert msgs[0]["flushId"] != msgs[1]["flushId"]
    out = h.event("p1", "run", {"detail": "page.setData({d: 4})"})
    assert "flushId" not in of_type(out, "setData")[0]
