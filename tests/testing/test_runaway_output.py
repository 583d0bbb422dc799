"""A turn that floods the host (API calls, console lines) is aborted and reported, and
the app answers the next event: through ``fanxing.testing.launch`` and ``fanxing render``
(issue 10, finding 3)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fanxing.runtime.logic.engine import Limits

from tests.compiler.app_factory import write_tree

PAGE_WXML = """<view>
  <button class="calls" bindtap="calls">calls</button>
  <button class="logs" bindtap="logs">logs</button>
  <button class="ok" bindtap="ok">ok {{n}}</button>
</view>"""

PAGE_JS = """Page({
  data: {n: 0},
  calls() { for (var i = 0; i < 20000; i++) wx.getStorage({key: 'k' + i, fail() {}}); },
  logs() { for (var i = 0; i < 200000; i++) console.log('line', i); },
  ok() { this.setData({n: this.data.n + 1}); },
});
"""


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "app", {
        "app.json": {"pages": ["pages/index/index"]},
        "app.js": "App({ onError(m) { console.log('App.onError ' + m.split('\\n')[0]); } });\n",
        "project.config.json": {"appid": "wxrunaway"},
        "pages/index/index.wxml": PAGE_WXML,
        "pages/index/index.js": PAGE_JS,
    })


@pytest.mark.parametrize(("button", "what", "budget"), [
    ("calls", "more than 1000 API calls", Limits(turn_api_calls=1000)),
    ("logs", "more than 5000 console lines", Limits()),
])
def test_flooding_turn_is_aborted_and_the_app_answers(miniprogram, app, button, what, budget):
    mp = miniprogram(app, limits=budget)
    mp.page.get("." + button).tap()
    assert [e["kind"] for e in mp.errors] == ["abort"]
    assert what in mp.errors[0]["message"]
    assert mp.errors[0]["where"]["handler"] == button
    assert any(c["args"][0].startswith("App.onError OutputBudgetError") for c in mp.console)
    if button == "calls":
        assert len(mp.api_calls) == 1000
    mp.page.get(".ok").tap()
    assert mp.page.data["n"] == 1
    assert mp.page.get(".ok").text == "ok 1"


def test_render_reports_the_flood_as_an_app_error(app, tmp_path):
    cmd = [sys.executable, "-m", "fanxing.runtime.cli", "render", str(app), "--format", "json",
           "--data-dir", str(tmp_path / "data"), "--do", "tap:.calls", "--do", "tap:.logs",
           "--do", "tap:.ok"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    doc = json.loads(run.stdout)
    assert [e["kind"] for e in doc["errors"]] == ["abort", "abort"]
    assert "API calls" in doc["errors"][0]["message"]
    assert "console lines" in doc["errors"][1]["message"]
    assert doc["data"]["n"] == 1
