"""Small helpers the generated render functions call (kept out of the generated code).

Generated modules import this as ``_rt``; everything else is straight-line Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .jsvalue import UNDEFINED
from .render_tree import Node

RenderFn = Callable[[Any, Any], list[Node]]


def iterate(value: Any) -> list[tuple[Any, Any]] | Any:
    """``(index, item)`` pairs for ``wx:for`` / ``a:for``, as WeChat iterates.

    Arrays give ``(i, item)``; objects give ``(key, value)`` (the key is the index);
    strings give their characters; a number ``n`` gives ``0 … n-1``; anything else
    (null, undefined, booleans) gives nothing.
    """
    t = type(value)
    if t is list:
        return enumerate(value)
    if t is dict:
        return value.items()
    if t is str:
        return enumerate(value)
    if (t is int or t is float) and value > 0 and value == value:
        n = int(value)
        return ((i, i) for i in range(n))
    return ()


def call_template(table: Mapping[str, RenderFn], name: Any, data: Any, ctx: Any) -> list[Node]:
    """Render the template ``name`` from ``table`` with ``data``; unknown names render nothing."""
    fn = table.get(name) if type(name) is str else None
    if fn is None:
        return []
    return fn(data if type(data) is dict else {}, ctx)


def set_keys(nodes: list[Node], start: int, key: Any) -> None:
    """Give every node a loop item produced (``nodes[start:]``) the item's key."""
    if key is UNDEFINED:
        key = None
    for i in range(start, len(nodes)):
        nodes[i].key = key


def key_of(key: Any) -> Any:
    """A loop key as stored in ``Node.key`` (undefined becomes None)."""
    return None if key is UNDEFINED else key
