"""The embeddable core: ``Container`` ties one app's logic engine, views and bridge together.

This is what a host program imports (with ``fanxing.bridge.HostApp``); the developer
tools in ``fanxing.runtime.devtools`` and the CLI build on it, never the reverse.
"""

from fanxing.runtime.container.container import (
    Container,
    ContainerError,
    LivePage,
    default_profile,
)
from fanxing.runtime.container.router import NavigationError

__all__ = ["Container", "ContainerError", "LivePage", "NavigationError", "default_profile"]
