"""Small helpers the generated render functions call (kept out of the generated code).

Generated modules import this as ``_rt``; everything else is straight-line Python.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .jsvalue import UNDEFINED, render_text
from .render_tree import Node, ViewFunction

RenderFn = Callable[[Any, Any], list[Node]]


def iterate(value: Any, weight: int = 1, where: Where | None = None
            ) -> list[tuple[Any, Any]] | Any:
    """``(index, item)`` pairs for ``wx:for`` / ``a:for``, as WeChat iterates.

    Arrays give ``(i, item)``; objects give ``(key, value)`` (the key is the index);
    strings give their characters; a number ``n`` gives ``0 … n-1``; anything else
    (null, undefined, booleans) gives nothing. ``weight`` (the nodes one item's body
    builds, nested loops and template calls not counted) times the item count is
    charged to the render budget before the loop runs; ``where`` is the loop's
    ``(file, line, col)``.
    """
    t = type(value)
    if t is list or t is dict or t is str:
        if _active.budget is not None:
            tick(len(value) * weight, where)
        return value.items() if t is dict else enumerate(value)
    if (t is int or t is float) and value > 0 and value == value:
        n = int(value) if value < 1e18 else 10**18
        if _active.budget is not None:
            tick(n * weight, where)
        return ((i, i) for i in range(n))
    return ()


def call_template(table: Mapping[str, RenderFn], name: Any, data: Any, ctx: Any,
                  where: Where | None = None) -> list[Node]:
    """Render the template ``name`` from ``table`` with ``data``; unknown names render
    nothing. Calls nest at most ``MAX_TEMPLATE_DEPTH`` deep under a render budget (a
    template that calls itself)."""
    fn = table.get(name) if type(name) is str else None
    if fn is None:
        return []
    budget = _active.budget
    if budget is None:
        return fn(data if type(data) is dict else {}, ctx)
    if budget.depth >= MAX_TEMPLATE_DEPTH:
        raise RenderBudgetExceeded(f"template calls nested deeper than {MAX_TEMPLATE_DEPTH}",
                                   where)
    budget.depth += 1
    try:
        return fn(data if type(data) is dict else {}, ctx)
    finally:
        budget.depth -= 1


# ---- the render budget ---------------------------------------------------------------

#: Nodes one render may build: the platforms advise at most 1000 per page; this hard
#: limit is far above that, so only runaway templates (nested loops over big lists,
#: templates that multiply) reach it.
MAX_RENDER_NODES = 100_000
#: Wall seconds one render may take (checked at each loop start and template call).
MAX_RENDER_SECONDS = 2.0
#: How deep ``<template is>`` calls may nest in one render.
MAX_TEMPLATE_DEPTH = 64

Where = tuple[str, int, int]


class RenderBudgetExceeded(Exception):
    """A render went over its budget; ``where`` is the template ``(file, line, col)``
    whose loop or call went over (None when unknown)."""

    def __init__(self, reason: str, where: Where | None):
        self.reason = reason
        self.where = where
        at = f"{where[0]}:{where[1]}:{where[2]}: " if where else ""
        super().__init__(at + reason)


class _Budget:
    __slots__ = ("depth", "deadline", "max_nodes", "nodes", "seconds")

    def __init__(self, max_nodes: int, seconds: float):
        self.nodes = 0
        self.depth = 0
        self.max_nodes = max_nodes
        self.seconds = seconds
        self.deadline = time.perf_counter() + seconds


class _Active(threading.local):
    budget: _Budget | None = None


_active = _Active()


@contextmanager
def render_budget(max_nodes: int = MAX_RENDER_NODES,
                  max_seconds: float = MAX_RENDER_SECONDS) -> Iterator[None]:
    """Renders in this block (this thread) raise :class:`RenderBudgetExceeded` past
    ``max_nodes`` nodes or ``max_seconds``. Nested blocks share the outer budget."""
    if _active.budget is not None:
        yield
        return
    _active.budget = _Budget(max_nodes, max_seconds)
    try:
        yield
    finally:
        _active.budget = None


def spent() -> int:
    """Nodes charged to the active render budget so far (0 without one)."""
    budget = _active.budget
    return 0 if budget is None else budget.nodes


#: Loop memos charge reused nodes in batches of about this many (tick per item cost more
#: than the reuse itself); the budget's clock is checked at each batch.
TICK_BATCH = 2048


def tick(nodes: int, where: Where | None) -> None:
    """Charge ``nodes`` to the active render budget (if any) and check its clock."""
    budget = _active.budget
    if budget is None:
        return
    budget.nodes += nodes
    if budget.nodes > budget.max_nodes:
        raise RenderBudgetExceeded(f"over {budget.max_nodes} nodes", where)
    if time.perf_counter() > budget.deadline:
        raise RenderBudgetExceeded(f"over {budget.seconds:g} s", where)


def set_keys(nodes: list[Node], start: int, key: Any) -> None:
    """Give every node a loop item produced (``nodes[start:]``) the item's key."""
    if key is UNDEFINED:
        key = None
    for i in range(start, len(nodes)):
        node = nodes[i]
        if node.key is not key and node.key != key:
            # The node may be shared with an earlier render (loop memo): copy, never mutate.
            nodes[i] = copy.copy(node)
            nodes[i].key = key


def key_of(key: Any) -> Any:
    """A loop key as stored in ``Node.key`` (undefined becomes None)."""
    return None if key is UNDEFINED else key


# ---- WXS functions as values (event handlers, change:prop observers) ------------------


def module_function(ctx: Any, module_id: str, member: str | None) -> Any:
    """``m.name`` where a WXS function may stand: a ``ViewFunction`` when the member is a
    function (``ctx.module_function``), else the member's value. A context without
    ``module_function`` gives plain ``module_member`` values."""
    fn = getattr(ctx, "module_function", None)
    if fn is None:
        return ctx.module_member(module_id, member)
    return fn(module_id, member)


def handler(value: Any) -> str | ViewFunction:
    """An event attribute's value: a WXS function stays one, anything else is the
    method name as text."""
    return value if type(value) is ViewFunction else render_text(value)


def observers(pairs: dict[str, Any]) -> dict[str, ViewFunction]:
    """``change:prop`` observers; a value that is not a WXS function observes nothing."""
    return {k: v for k, v in pairs.items() if type(v) is ViewFunction}


# ---- loop memos (see fanxing.compiler.template_memo) -----------------------------------

_render_pass = [0]
_generation = [0]  # bumped by reset_memos: every LoopMemo drops its entries


def new_render() -> None:
    """A top-level render starts: loop memos keep only this pass's and the last one's."""
    _render_pass[0] += 1


def reset_memos() -> None:
    """Forget every loop memo (benches use it to time cold renders)."""
    _generation[0] += 1


class LoopMemo:
    """The nodes each item of one ``for`` produced in the current and the previous render.

    An entry is ``(item, ctx, free values, nodes)`` keyed as :data:`PLAIN` says; it is reused
    only when :func:`memo_hit` says every input is the same. Reused nodes are shared
    between render trees, so nothing may change a ``Node`` after its render returned
    (``set_keys`` copies instead).
    """

    __slots__ = ("cur", "prev", "epoch", "generation")

    def __init__(self) -> None:
        self.cur: dict[Any, tuple] = {}
        self.prev: dict[Any, tuple] = {}
        self.epoch = -1
        self.generation = _generation[0]

    def tables(self) -> tuple[dict[Any, tuple], dict[Any, tuple]]:
        """``(this pass's entries, the previous pass's entries)``."""
        epoch, generation = _render_pass[0], _generation[0]
        if self.epoch != epoch or self.generation != generation:
            if self.generation != generation:
                self.cur, self.generation = {}, generation
            self.prev, self.cur, self.epoch = self.cur, {}, epoch
        return self.cur, self.prev


#: Types of loop items a memo keys by value; any other item is keyed by ``id()`` (the
#: entry keeps the item alive, so the id stays its own). Keys only pick the entry to
#: check: ``1``/``True``/``1.0`` may share one, and :func:`memo_hit` tells them apart.
PLAIN = frozenset({str, int, float, bool, type(None)})


def memo_hit(entry: tuple, item: Any, ctx: Any, free: tuple) -> bool:
    """True when ``entry`` was rendered from the same item, context and free values."""
    if entry[1] is not ctx or not same_value(entry[0], item):
        return False
    old = entry[2]
    if old is free:
        return True
    return all(map(same_value, old, free))  # one site: always the same length


def same_value(a: Any, b: Any) -> bool:
    """``a`` is ``b``, or both are equal primitives of one type (render the same)."""
    if a is b:
        return True
    t = type(a)
    if t is not type(b) or t is dict or t is list or a != b:
        return False
    return t is not float or math.copysign(1.0, a) == math.copysign(1.0, b)
