"""Shared helpers for the sample tests: compile each sample once, read text like a user."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fanxing.compiler.build import CompiledApp
from fanxing.testing import MiniProgram, Node, compile_or_raise

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FANXING = str(Path(sys.executable).with_name("fanxing"))  # the installed command

_BUILT: dict[str, CompiledApp] = {}


def build(name: str) -> CompiledApp:
    """Compile a sample once per test session (the build is read-only at run time)."""
    if name not in _BUILT:
        _BUILT[name] = compile_or_raise(SAMPLES / name)
    return _BUILT[name]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``fanxing`` command."""
    return subprocess.run([FANXING, *args], capture_output=True, text=True, timeout=120)


def text(where: MiniProgram | Node, selector: str) -> str:
    """Whitespace-normalized text of the first node ``selector`` finds on the current page
    (or inside the node ``where``)."""
    node = (where.page if isinstance(where, MiniProgram) else where).get(selector)
    return " ".join(node.text.split())


def page_text(mp: MiniProgram) -> str:
    """All text on the current page."""
    tops = [n for n in mp.page.query_selector_all("*") if n.parent is None]
    return " ".join(" ".join(n.text for n in tops).split())


def tab(mp: MiniProgram, route: str) -> None:
    """The user taps a tab-bar item."""
    mp.container.tab_tap(route)
    mp.settle()
