"""samples/host-embed: importable, and its bridge-level part runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "host-embed" / "host.py"


def test_host_embed_sample_runs(tmp_path):
    spec = importlib.util.spec_from_file_location("host_embed_sample", SAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.bridge_demo(tmp_path)
    assert out["system"] == "MyBank"
    assert out["coupons"] == [{"id": 1, "title": "10% off"}]
    assert (out["pay"], out["payAgain"], out["balance"]) == ("9000", "4000", 70.0)
    assert out["backendSees"] == "user-42"
    assert out["location"]["error"] == 4
    assert out["canIUse"] == {"bank.transfer": False, "my.getLocation": False,
                              "my.tradePay": True}
