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
``data_dir`` is given; every app is closed when the test ends. So each test also gets a
fresh local cloud (``mp.cloud``: database, functions, files under that folder).

``cloud_factory`` gives a test clouds of its own, without an app::

    def test_orders(cloud_factory):
        cloud = cloud_factory(functions_root="cloudfunctions")
        cloud.db.add("orders", {"item": "tea"})
        inv = cloud.call_function("listOrders", {}, {"openId": "o1", "appId": "app"})

``database_url="postgresql://…"`` runs it on PostgreSQL (tables are created on first use).
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


@pytest.fixture
def cloud_factory(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Factory: ``cloud_factory(functions_root=None, database_url=None, **options) -> Cloud``,
    a fresh cloud in the test's ``tmp_path``, closed (workers stopped) when the test ends."""
    from fanxing.bridge.cloud import Cloud

    made: list[Any] = []

    def factory(functions_root: Any = None, database_url: str | None = None,
                **options: Any) -> Any:
        folder = tmp_path / f"cloud-{len(made) + 1}"
        cloud = Cloud(folder, functions_root=Path(functions_root) if functions_root else None,
                      database_url=database_url or f"sqlite:{folder / 'database.sqlite3'}",
                      **options)
        made.append(cloud)
        return cloud

    yield factory
    for cloud in made:
        cloud.close()
