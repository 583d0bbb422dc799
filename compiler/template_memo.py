"""What a compiled ``for`` body reads, so unchanged loop items can reuse their nodes.

A loop item's nodes depend only on what its generated body code reads: the item, the
index, data names (``_js.get(_d, 'name')`` is the only way generated code reads data),
outer loop variables (``_l_*`` names bound outside the body) and SJS/WXS modules
through ``_ctx``. :func:`line_reads` finds those inputs in the generated Python, so it
sees through includes, template calls and nested loops alike; a body that reads
anything it does not recognise is not memoized. The generator reads each line once, as
it emits it, and sums nested loops' reads into their parents (:class:`Reads`), so deep
loop nests cost time linear in the generated code. The runtime side (``LoopMemo``,
``PLAIN``, ``memo_hit``) is in :mod:`fanxing.compiler.template_runtime`.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

#: Names generated code may read that never change between renders.
_CONSTANT_NAMES = frozenset({"_js", "_rt", "_E", "_N", "_T", "_ctx"}) | frozenset(dir(builtins))
_MEMO_SITE = re.compile(r"^_M\d+$")  # module-level LoopMemo objects of nested loops


@dataclass(slots=True)
class Reads:
    """What a run of generated lines reads and binds (unions as lines are added)."""

    data: set[str] = field(default_factory=set)  # data names read as _js.get(_d, 'name')
    loads: set[str] = field(default_factory=set)  # every other name read
    bound: set[str] = field(default_factory=set)  # names assigned or taken as arguments
    opaque: bool = False  # reads _d some other way: the body cannot be memoized

    def add(self, other: Reads) -> None:
        self.data |= other.data
        self.loads |= other.loads
        self.bound |= other.bound
        self.opaque = self.opaque or other.opaque


_HEADERS = ("if ", "elif ", "for ", "def ", "while ")


@lru_cache(maxsize=4096)
def line_reads(line: str) -> Reads:
    """The reads of one generated line (a statement, or a block header such as
    ``for a, b in x:``, read as if its block were ``pass``). Cached: loop nests emit
    the same memo lines at each level. Do not mutate the result."""
    text = line.strip()
    if text == "else:":
        return Reads()
    if text.endswith(":") and text.startswith(_HEADERS):
        text = ("if " + text[5:] if text.startswith("elif ") else text) + " pass"
    try:
        tree = ast.parse(text)
    except SyntaxError:  # not expected from the generator; rendering every time is safe
        return Reads(opaque=True)
    out = Reads()
    allowed_d: set[int] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and _is_data_read(n):
            allowed_d.add(id(n.args[0]))
            out.data.add(n.args[1].value)  # type: ignore[attr-defined]
        elif isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Load):
                if n.id == "_d":
                    # ast.walk visits a call before its arguments: allowed ones are known
                    out.opaque = out.opaque or id(n) not in allowed_d
                else:
                    out.loads.add(n.id)
            else:
                out.bound.add(n.id)
        elif isinstance(n, ast.arg):
            out.bound.add(n.arg)
    return out


def inputs_of(reads: Reads, out: str, item: str, index: str,
              outer: Collection[str]) -> tuple[list[str], list[str], bool] | None:
    """The inputs of a loop body whose lines read ``reads``.

    ``out`` is the list the body appends to, ``item``/``index`` the loop's own variable
    names and ``outer`` the loop-variable names bound outside the body. Returns
    ``(data names read, outer variables read, whether the index is read)``, or None when
    the body reads something else (then it must be re-rendered every time).
    """
    if reads.opaque:
        return None
    outer_reads = sorted(name for name in reads.loads if name in outer)
    unknown = {name for name in reads.loads - reads.bound - _CONSTANT_NAMES - set(outer_reads)
               if name not in (out, item, index) and not _MEMO_SITE.match(name)}
    if unknown:
        return None
    return sorted(reads.data), outer_reads, index in reads.loads


def loop_inputs(body: list[str], out: str, item: str, index: str,
                outer: Collection[str]) -> tuple[list[str], list[str], bool] | None:
    """:func:`inputs_of` for the generated lines ``body`` (at any indent)."""
    reads = Reads()
    for line in body:
        reads.add(line_reads(line))
    return inputs_of(reads, out, item, index, outer)


def _is_data_read(call: ast.Call) -> bool:
    """``_js.get(_d, 'name')``: the generated form of a data name read."""
    f = call.func
    return (isinstance(f, ast.Attribute) and f.attr == "get" and isinstance(f.value, ast.Name)
            and f.value.id == "_js" and len(call.args) == 2 and not call.keywords
            and isinstance(call.args[0], ast.Name) and call.args[0].id == "_d"
            and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str))
