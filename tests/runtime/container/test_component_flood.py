"""A page that creates components without bound (a self-using component in a long loop, as
the fuzzer found) is capped at MAX_COMPONENT_INSTANCES, and an app whose JS context runs out
of memory turn after turn is stopped once instead of failing every later event."""

from __future__ import annotations

from pathlib import Path

from fanxing.runtime.logic import Limits
from fanxing.runtime.view.page_view import MAX_COMPONENT_INSTANCES
from fanxing.testing import launch


def _flood_app(root: Path, count: int) -> Path:
    files = {
        "project.config.json": "{}",
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": "App({})",
        "comp/c.js": "Component({ properties: { title: String } })",
        "comp/c.json": '{"component": true, "usingComponents": {"my-comp": "/comp/c"}}',
        "comp/c.wxml": '<view>{{title}}<my-comp title="t"/></view>',
        "pages/index/index.json": '{"usingComponents": {"my-comp": "/comp/c"}}',
        "pages/index/index.js": "Page({ data: { n: 0 }, tap() { this.setData({ n: this.data.n + 1 }); } })",
        "pages/index/index.wxml": ('<view class="tap" bindtap="tap">{{n}}</view>'
                                   f'<my-comp wx:for="{{{{{count}}}}}" wx:key="*this" title="{{{{item}}}}"/>'),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _count(errors: list[dict], words: str) -> int:
    return sum(words in e["message"] for e in errors)


def test_component_instances_are_capped_and_reported_once(tmp_path: Path) -> None:
    app = _flood_app(tmp_path / "app", 200)  # 200 x 64 levels: past the cap
    with launch(app, data_dir=tmp_path / "data", limits=Limits(memory_bytes=512 << 20)) as mp:
        assert _count(mp.errors, f"holds {MAX_COMPONENT_INSTANCES} component instances") == 1
        assert len(mp.container.current.view.instances) == MAX_COMPONENT_INSTANCES
        mp.page.get(".tap").tap()
        assert mp.page.data["n"] == 1  # the app keeps answering


def test_an_app_out_of_memory_turn_after_turn_is_stopped_once(tmp_path: Path) -> None:
    app = _flood_app(tmp_path / "app", 1500)
    with launch(app, data_dir=tmp_path / "data", limits=Limits(memory_bytes=32 << 20)) as mp:
        assert _count(mp.errors, "App stopped") == 1
        assert mp.container.logic.stopped and "out of memory" in mp.container.logic.stopped
        before = len(mp.errors)
        mp.page.get(".tap").tap()  # dropped, not failed again
        assert len(mp.errors) == before
        assert mp.page.data["n"] == 0
