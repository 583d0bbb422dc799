"""Fixtures for the conformance tests: an app builder that launches and closes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fanxing.testing.harness import MiniProgram

from .kit import run, write_app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Callable[..., MiniProgram]]:
    """``app(dialect, pages, components=..., **launch_options)`` -> a launched app."""
    opened: list[MiniProgram] = []
    count = iter(range(1000))

    def make(dialect: str, pages: dict[str, Any], *, launch: dict[str, Any] | None = None,
             **build: Any) -> MiniProgram:
        root = write_app(tmp_path / f"app{next(count)}", dialect, pages, **build)
        mp = run(root, tmp_path / "data", **(launch or {}))
        opened.append(mp)
        return mp

    yield make
    for mp in opened:
        mp.close()
