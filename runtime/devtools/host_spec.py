"""``--host MODULE:ATTR``: find a host program's ``HostApp`` to run the simulator with.

``MODULE`` is an importable module (``mybank.host``) or a Python file
(``samples/host-embed/host.py``); ``ATTR`` names a ``HostApp`` in it, or a function that
takes no arguments and returns one.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from fanxing.bridge import HostApp


class HostSpecError(ValueError):
    """``--host`` names nothing usable; the message says what and why."""


def load_host_app(spec: str) -> HostApp:
    """The ``HostApp`` that ``spec`` (``module:attr`` or ``file.py:attr``) names."""
    module_name, sep, attr = spec.rpartition(":")
    if not sep or not module_name or not attr.isidentifier():
        raise HostSpecError(f"--host {spec!r}: expected MODULE:ATTR or FILE.py:ATTR, e.g. "
                            "samples/host-embed/host.py:simulator_host")
    module = _module(spec, module_name)
    if not hasattr(module, attr):
        raise HostSpecError(f"--host {spec!r}: {module_name} has no {attr!r}")
    value = getattr(module, attr)
    if callable(value) and not isinstance(value, HostApp):
        try:
            value = value()
        except TypeError as e:
            raise HostSpecError(f"--host {spec!r}: {attr}() must take no arguments ({e})") from None
    if not isinstance(value, HostApp):
        raise HostSpecError(f"--host {spec!r}: {attr} is a {type(value).__name__}, "
                            "not a fanxing.bridge.HostApp (or a function returning one)")
    return value


def _module(spec: str, name: str) -> ModuleType:
    if name.endswith(".py") or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise HostSpecError(f"--host {spec!r}: no file {path}")
        mod_name = f"fanxing_host_{abs(hash(str(path.resolve())))}"
        loader = importlib.util.spec_from_file_location(mod_name, path)
        assert loader is not None and loader.loader is not None
        module = importlib.util.module_from_spec(loader)
        sys.modules[mod_name] = module  # dataclasses and pickling look modules up
        loader.loader.exec_module(module)
        return module
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise HostSpecError(f"--host {spec!r}: cannot import {name} ({e})") from None
