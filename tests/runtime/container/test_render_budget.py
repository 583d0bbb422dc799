"""A runaway render is stopped by its budget, reported at the template line, and the
app keeps its last good screen and keeps answering (issue 10, finding 4: five nested
``for``s over 40 items from one setData ran for minutes and took gigabytes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.compiler.template_runtime import MAX_RENDER_NODES
from fanxing.runtime.cli.main import main
from fanxing.testing import launch

LOOPS = 5
PAGE_JS = """
Page({
  data: {count: 0, a: []},
  grow() { const l = []; for (let i = 0; i < 40; i++) l.push(i); this.setData({a: l}); },
  small() { this.setData({a: [1, 2]}); },
  more() { this.setData({count: this.data.count + 1}); },
  onLoad(q) { if (q.grow) this.grow(); },
});
"""


def nested_template(dialect: str) -> str:
    p = "a:" if dialect == "alipay" else "wx:"
    tap = "onTap" if dialect == "alipay" else "bindtap"
    loops = "".join(f'<view {p}for="{{{{a}}}}" {p}for-item="i{n}">' for n in range(LOOPS))
    return (f'<view class="count">count {{{{count}}}}</view>\n'
            f'<button class="grow" {tap}="grow">grow</button>'
            f'<button class="small" {tap}="small">small</button>'
            f'<button class="more" {tap}="more">more</button>\n'
            f'{loops}<text>x</text>{"</view>" * LOOPS}\n')


def make_app(root: Path, dialect: str) -> Path:
    ext = ".axml" if dialect == "alipay" else ".wxml"
    files = {"app.json": json.dumps({"pages": ["pages/index/index"]}), "app.js": "App({});",
             f"pages/index/index{ext}": nested_template(dialect),
             "pages/index/index.js": PAGE_JS}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_runaway_render_is_stopped_reported_and_the_app_answers(tmp_path, dialect):
    ext = ".axml" if dialect == "alipay" else ".wxml"
    mp = launch(make_app(tmp_path / "app", dialect), data_dir=tmp_path / "data")
    try:
        mp.page.get(".small").tap()  # a good render: 2^5 nested items
        good = mp.page.html()
        assert good.count("<text>x</text>") == 2 ** LOOPS
        start = time.perf_counter()
        mp.page.get(".grow").tap()  # 40^5 = 102 million nodes
        took = time.perf_counter() - start
        assert took < 30, took  # stopped, not minutes (a loose bound: CI machines are slow)
        [err] = [e for e in mp.errors if e["where"].get("handler") == "render"]
        assert f"over {MAX_RENDER_NODES} nodes" in err["message"]
        assert f"pages/index/index{ext}" in err["message"]
        assert f"(pages/index/index{ext}:3:" in err["stack"]  # the loops' line
        assert mp.page.html() == good  # the last good render stays on screen
        mp.page.get(".more").tap()  # the app still answers: and still over budget
        assert mp.page.data["count"] == 1
        assert len([e for e in mp.errors if e["where"].get("handler") == "render"]) == 2
        mp.page.get(".small").tap()  # back under budget: renders again
        assert "count 1" in mp.page.html()
    finally:
        mp.close()


def test_fanxing_render_reports_the_template_line(tmp_path):
    app = make_app(tmp_path / "app", "wechat")
    result = CliRunner().invoke(main, ["render", str(app), "--data-dir", str(tmp_path / "d"),
                                       "--query", "grow=1"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "pages/index/index.wxml:3:" in result.stderr
    assert f"over {MAX_RENDER_NODES} nodes" in result.stderr


def test_a_template_calling_itself_is_stopped(tmp_path):
    root = make_app(tmp_path / "app", "wechat")
    (root / "pages/index/index.wxml").write_text(
        '<template name="t"><view>{{n}}</view><template is="t" data="{{n: n}}"/></template>'
        '\n<template is="t" data="{{n: 1}}"/>', encoding="utf-8")
    mp = launch(root, data_dir=tmp_path / "data")
    try:
        [err] = mp.errors
        assert "template calls nested deeper than 64" in err["message"]
        assert "(pages/index/index.wxml:1:" in err["stack"]
    finally:
        mp.close()


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_a_component_using_itself_is_stopped(tmp_path, dialect):
    """Found by the fuzzer: each level was a new logic-layer instance, without end (the
    launch never returned). Now 64 levels show and the next is reported, not created."""
    from fanxing.runtime.view.page_view import MAX_COMPONENT_DEPTH
    ext = ".axml" if dialect == "alipay" else ".wxml"
    comp = "Component({});"
    files = {"app.json": json.dumps({"pages": ["pages/p/p"]}), "app.js": "App({});",
             f"pages/p/p{ext}": "<my-comp/>", "pages/p/p.js": "Page({});",
             "pages/p/p.json": json.dumps({"usingComponents": {"my-comp": "/comp/c"}}),
             f"comp/c{ext}": "<view>c<my-comp/></view>", "comp/c.js": comp,
             "comp/c.json": json.dumps({"component": True,
                                        "usingComponents": {"my-comp": "/comp/c"}})}
    root = tmp_path / "app"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    mp = launch(root, data_dir=tmp_path / "data")
    try:
        assert mp.page.html().count("<view") == MAX_COMPONENT_DEPTH
        [err] = mp.errors
        assert f"comp/c nested deeper than {MAX_COMPONENT_DEPTH} levels" in err["message"]
    finally:
        mp.close()
