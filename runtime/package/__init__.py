"""fanxing: a Python runtime and app container for Alipay and WeChat mini-programs.

The parts: ``fanxing.compiler`` (projects → ``CompiledApp``), ``fanxing.bridge`` (host
profiles, APIs, ``HostApp`` for embedding), ``fanxing.runtime`` (``Container``, view,
developer tools, the ``fanxing`` command) and ``fanxing.testing`` (the harness).
"""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    # ``__version__`` is looked up when asked for: importlib.metadata costs ~15 ms, which
    # every start of the ``fanxing`` command would pay.
    if name != "__version__":
        raise AttributeError(f"module 'fanxing' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("fanxing")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0+unknown"
    globals()["__version__"] = value
    return value
