"""fanxing: a Python runtime and app container for Alipay and WeChat mini-programs.

The parts: ``fanxing.compiler`` (projects → ``CompiledApp``), ``fanxing.bridge`` (host
profiles, APIs, ``HostApp`` for embedding), ``fanxing.runtime`` (``Container``, view,
developer tools, the ``fanxing`` command) and ``fanxing.testing`` (the harness).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("fanxing")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
