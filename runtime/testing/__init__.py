"""fanxing.testing: drive a mini-program from Python tests like a user would.

``launch(app_dir, ...) -> MiniProgram``; ``MiniProgram.page`` is the current ``Page``
with ``query_selector`` / ``query_selector_all`` returning ``Node`` handles that
``tap()``, ``input(text)``, ``change(value)``, ``submit()``, ``scroll(top=)``… (see
``harness``). The pytest plugin (``fanxing.testing.pytest_plugin``) adds a
``miniprogram`` fixture factory.

Names load on first use, so the pytest plugin (imported by every pytest run through
its entry point) costs nothing until a test launches an app.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "AppCompileError": "harness", "Component": "harness", "HarnessError": "harness",
    "MiniProgram": "harness", "Node": "harness", "Page": "harness",
    "StaleNodeError": "harness", "compile_or_raise": "harness", "launch": "harness",
    "SelectorError": "fanxing.runtime.view.selectors", "ApiCallFailed": "harness",
    "Fail": "mocks", "Response": "mocks", "MountedComponent": "component_mount",
    "mount_component": "component_mount",
}

__all__ = [
    "ApiCallFailed", "AppCompileError", "Fail", "MountedComponent", "Response",
    "mount_component", "Component", "HarnessError", "MiniProgram", "Node", "Page",
    "SelectorError", "StaleNodeError", "compile_or_raise", "launch",
]

if TYPE_CHECKING:
    from fanxing.runtime.view.selectors import SelectorError

    from .component_mount import MountedComponent, mount_component
    from .harness import (
        ApiCallFailed,
        AppCompileError,
        Component,
        HarnessError,
        MiniProgram,
        Node,
        Page,
        StaleNodeError,
        compile_or_raise,
        launch,
    )
    from .mocks import Fail, Response


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fanxing.testing' has no attribute {name!r}")
    value = getattr(import_module(module if "." in module else f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
