"""The ``fanxing`` command line (click): ``main`` is the entry point."""

from fanxing.runtime.cli.main import main

__all__ = ["main"]
