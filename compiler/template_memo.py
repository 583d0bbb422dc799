"""What a compiled ``for`` body reads, so unchanged loop items can reuse their nodes.

A loop item's nodes depend only on what its generated body code reads: the item, the
index, data names (``_js.get(_d, 'name')`` is the only way generated code reads data),
outer loop variables (``_l_*`` names bound outside the body) and SJS/WXS modules
through ``_ctx``. :func:`loop_inputs` finds those inputs in the generated Python, so it
sees through includes, template calls and nested loops alike; a body that reads
anything it does not recognise is not memoized. The runtime side (``LoopMemo``,
``PLAIN``, ``memo_hit``) is in :mod:`fanxing.compiler.template_runtime`.
"""

from __future__ import annotations

import ast
import builtins
import re
import textwrap
from collections.abc import Collection

#: Names generated code may read that never change between renders.
_CONSTANT_NAMES = frozenset({"_js", "_rt", "_E", "_N", "_T", "_ctx"}) | frozenset(dir(builtins))
_MEMO_SITE = re.compile(r"^_M\d+$")  # module-level LoopMemo objects of nested loops


def loop_inputs(body: list[str], out: str, item: str, index: str,
                outer: Collection[str]) -> tuple[list[str], list[str], bool] | None:
    """The inputs of a generated loop body (its lines, at any indent).

    ``out`` is the list the body appends to, ``item``/``index`` the loop's own variable
    names and ``outer`` the loop-variable names bound outside the body. Returns
    ``(data names read, outer variables read, whether the index is read)``, or None when
    the body reads something else (then it must be re-rendered every time).
    """
    try:
        tree = ast.parse(textwrap.dedent("\n".join(body)))
    except SyntaxError:  # not expected from the generator; rendering every time is safe
        return None
    data_reads: set[str] = set()
    allowed_d: set[int] = set()
    bound: set[str] = set()
    loads: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and _is_data_read(n):
            allowed_d.add(id(n.args[0]))
            data_reads.add(n.args[1].value)  # type: ignore[attr-defined]
        elif isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Load):
                if n.id == "_d" and id(n) not in allowed_d:
                    return None
                loads.add(n.id)
            else:
                bound.add(n.id)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
    # ast.walk visits a call before its arguments, so every allowed `_d` was seen first.
    loads.discard("_d")
    outer_reads = sorted(name for name in loads if name in outer)
    unknown = {name for name in loads - bound - _CONSTANT_NAMES - set(outer_reads)
               if name not in (out, item, index) and not _MEMO_SITE.match(name)}
    if unknown:
        return None
    return sorted(data_reads), outer_reads, index in loads


def _is_data_read(call: ast.Call) -> bool:
    """``_js.get(_d, 'name')``: the generated form of a data name read."""
    f = call.func
    return (isinstance(f, ast.Attribute) and f.attr == "get" and isinstance(f.value, ast.Name)
            and f.value.id == "_js" and len(call.args) == 2 and not call.keywords
            and isinstance(call.args[0], ast.Name) and call.args[0].id == "_d"
            and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str))
