"""pytest plugin: the ``miniprogram`` fixture, a factory over ``fanxing.testing.launch``.

Registered through the ``pytest11`` entry point of the fanxing package, so any project
with fanxing installed gets it (without the entry point, add
``pytest_plugins = ["fanxing.testing.pytest_plugin"]`` to a ``conftest.py``)::

    def test_add(miniprogram):
        mp = miniprogram("path/to/app", profile="alipay")
        mp.page.get(".add-input").input("milk")
        mp.page.get(".add-btn").tap()
        assert mp.page.data["todos"][0]["text"] == "milk"

Each call launches a fresh app; storage goes to the test's ``tmp_path`` unless
``data_dir`` is given; every app is closed when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def miniprogram(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Factory: ``miniprogram(app_dir, **launch_options) -> MiniProgram``."""
    from .harness import MiniProgram, launch

    made: list[MiniProgram] = []

    def factory(app_dir: Any, **options: Any) -> MiniProgram:
        options.setdefault("data_dir", tmp_path / "fanxing-data")
        mp = launch(app_dir, **options)
        made.append(mp)
        return mp

    yield factory
    for mp in made:
        mp.close()
