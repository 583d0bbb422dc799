"""fanxing.testing: drive a mini-program from Python tests like a user would.

``launch(app_dir, ...) -> MiniProgram``; ``MiniProgram.page`` is the current ``Page``
with ``query_selector`` / ``query_selector_all`` returning ``Node`` handles that
``tap()``, ``input(text)``, ``change(value)``, ``submit()``, ``scroll(top=)``… (see
``harness``). The pytest plugin (``fanxing.testing.pytest_plugin``) adds a
``miniprogram`` fixture factory.
"""

from .harness import (
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
from .selectors import SelectorError

__all__ = [
    "AppCompileError",
    "Component",
    "HarnessError",
    "MiniProgram",
    "Node",
    "Page",
    "SelectorError",
    "StaleNodeError",
    "compile_or_raise",
    "launch",
]
