"""Snapshots of rendered pages and components are stable across runs (syrupy stores them
in __snapshots__/; `pytest --snapshot-update` rewrites them)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fanxing.testing import launch, mount_component

from .conftest import FIXTURES, ROOT

FEED = ROOT / "tests" / "fixtures" / "devday-wechat"
ITEMS = [{"id": 1, "title": "Tea"}, {"id": 2, "title": "Cake", "hot": True}]


def test_page_snapshot(snapshot, tmp_path):
    with launch(FEED, data_dir=tmp_path, url_check=False,
                mocks={"https://api.example.com/items": ITEMS,
                       "wx.getLocation": {"latitude": 1, "longitude": 2}}) as mp:
        assert mp.page.snapshot() == snapshot


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_component_snapshot(snapshot, dialect, tmp_path):
    with mount_component(FIXTURES[dialect], "components/counter/counter",
                         props={"count": 3, "label": "c"}, slots={"": "<text>slot</text>"},
                         data_dir=tmp_path) as m:
        m.get(".inc").tap()
        assert m.snapshot() == snapshot


_PRINT = """
import sys, tempfile
from fanxing.testing import launch
with launch(sys.argv[1], page="pages/comp/comp", data_dir=tempfile.mkdtemp()) as mp:
    print(mp.page.snapshot())
"""


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_snapshots_equal_across_processes(dialect):
    # Two interpreters (different hash seeds, data folders): the same text.
    outs = [subprocess.run([sys.executable, "-c", _PRINT, str(FIXTURES[dialect])],
                           capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
            for seed in ("1", "2")]
    assert outs[0] == outs[1] and "<counter" in outs[0] and "fx-c" not in outs[0]


def test_epoch_and_random_seed_make_runs_repeatable(tmp_path):
    code = "[Date.now(), new Date().toISOString(), Math.random(), Math.random()]"
    runs = []
    for n in range(2):
        with launch(FEED, data_dir=tmp_path / str(n), url_check=False,
                    epoch_ms=1_700_000_000_000, random_seed=42) as mp:
            runs.append(mp.evaluate(code))
            mp.advance(1500)  # the manual clock moves Date with it
            assert mp.evaluate("Date.now()") == 1_700_000_001_500
    assert runs[0] == runs[1] and runs[0][:2] == [1_700_000_000_000, "2023-11-14T22:13:20.000Z"]
    assert 0 <= runs[0][2] < 1 and runs[0][2] != runs[0][3]
    with launch(FEED, data_dir=tmp_path / "x", url_check=False, random_seed=43) as mp:
        assert mp.evaluate("Math.random()") != runs[0][2]
