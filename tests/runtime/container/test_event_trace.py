"""A traced event brings its per-hop marks back on the patch it causes
(``fanxing.runtime.view.trace``): marks in order, client marks kept, and a malformed
trace rejected like any malformed field."""

from __future__ import annotations

from pathlib import Path

from fanxing.runtime.view import protocol as P
from fanxing.testing import launch

ORDER = ["click", "send", "srv", "queued", "logic", "js", "view"]


def _app(root: Path) -> Path:
    files = {
        "project.config.json": "{}",
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": "App({})",
        "pages/index/index.js": ("Page({ data: { n: 0 }, tap() { this.setData({ n: this.data.n + 1 }); },"
                                 " quiet() {} })"),
        "pages/index/index.wxml": ('<view class="tap" bindtap="tap">{{n}}</view>'
                                   '<view class="quiet" bindtap="quiet">q</view>'),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _tap(mp, selector: str, trace) -> list[dict]:
    node = mp.page.get(selector)
    patches: list[dict] = []
    unsubscribe = mp.container.subscribe(lambda m: patches.append(m) if m["type"] == "patch" else None)
    msg = P.event_message(node.page_id, node.node_id, "tap")
    if trace is not None:
        msg["trace"] = trace
    mp.container.client_message(msg)
    mp.container.pump()
    unsubscribe()
    return patches


def test_marks_come_back_in_order(tmp_path: Path) -> None:
    with launch(_app(tmp_path / "app"), data_dir=tmp_path / "data") as mp:
        patches = _tap(mp, ".tap", {"click": 1.0, "send": 2.0, "srv": 3.0})
        assert len(patches) == 1 and "ack" not in patches[0]  # nothing waits for this patch
        trace = patches[0]["trace"]
        assert list(trace) == ORDER
        assert [trace[k] for k in ORDER] == sorted(trace[k] for k in ORDER)
        assert trace["view"] - trace["queued"] < 60_000  # epoch ms, one clock
        assert mp.page.data["n"] == 1
        # an event that causes no patch drops its trace: the next patch carries none
        assert _tap(mp, ".quiet", {"click": 1.0}) == []
        untraced = _tap(mp, ".tap", None)
        assert len(untraced) == 1 and "trace" not in untraced[0]


def test_a_malformed_trace_is_rejected(tmp_path: Path) -> None:
    with launch(_app(tmp_path / "app"), data_dir=tmp_path / "data") as mp:
        before = len(mp.errors)
        assert _tap(mp, ".tap", {"click": "soon"}) == []
        assert _tap(mp, ".tap", {str(i): i for i in range(P.trace.MAX_MARKS + 1)}) == []
        assert len(mp.errors) == before + 2
        assert "'trace' must be" in mp.errors[-1]["message"]
        assert mp.page.data["n"] == 0
