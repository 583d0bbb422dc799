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
