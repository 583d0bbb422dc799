"""Shared paths for the harness tests (the ``miniprogram`` fixture comes from the
fanxing pytest plugin, registered through its ``pytest11`` entry point)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {"wechat": ROOT / "samples" / "todo-wechat", "alipay": ROOT / "samples" / "todo-alipay"}
FIXTURES = {"wechat": ROOT / "tests" / "fixtures" / "harness-wechat",
            "alipay": ROOT / "tests" / "fixtures" / "harness-alipay"}
