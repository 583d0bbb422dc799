"""Where an interrupted function was spinning, from its source.

QuickJS names the interrupted frame's function but not where in it the time ran out: the
line it gives is the function's first line or the last call made from that frame, and the
column is 1. The function is found in the module's source (the innermost one of that name
around that line); the loop that spun is the one of its own loops (loops of nested
functions are theirs) that still runs at or after that line — when exactly one fits, or
one holds the line. Otherwise the function's own start is the answer.
"""

from __future__ import annotations

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

_PARSER = Parser(Language(tree_sitter_javascript.language()))
_FUNCTIONS = {"function_declaration", "function_expression", "function", "arrow_function",
              "method_definition", "generator_function_declaration",
              "generator_function"}
_LOOPS = {"for_statement", "for_in_statement", "while_statement", "do_statement"}


def _name(node: Node) -> str | None:
    named = node.child_by_field_name("name")
    if named is not None:
        return named.text.decode("utf-8", "replace") if named.text else None
    parent = node.parent  # `spin = () => …`, `spin: function () …`
    if parent is not None and parent.type in ("variable_declarator", "pair",
                                              "assignment_expression"):
        key = parent.child_by_field_name("name") or parent.child_by_field_name("key") \
            or parent.child_by_field_name("left")
        if key is not None and key.text:
            return key.text.decode("utf-8", "replace").rsplit(".", 1)[-1]
    return None


def _walk(node: Node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _own_loops(fn: Node) -> list[Node]:
    out: list[Node] = []
    stack = list(fn.children)
    while stack:
        node = stack.pop()
        if node.type in _FUNCTIONS:
            continue
        if node.type in _LOOPS:
            out.append(node)
        stack.extend(node.children)
    return out


def spin_site(code: str, line: int, name: str | None) -> tuple[int, int] | None:
    """``(line, col)`` (1-based) of the loop, else of the function named ``name`` (None or
    ``<anonymous>``: an unnamed one) around ``line``; None when there is no such
    function."""
    row = line - 1
    tree = _PARSER.parse(code.encode("utf-8"))
    anonymous = not name or name == "<anonymous>"
    around = [n for n in _walk(tree.root_node) if n.type in _FUNCTIONS
              and n.start_point[0] <= row <= n.end_point[0]
              and (_name(n) is None if anonymous else _name(n) == name)]
    if not around:
        return None
    fn = max(around, key=lambda n: n.start_byte)  # the innermost
    later = [loop for loop in _own_loops(fn) if loop.end_point[0] >= row]
    holding = [loop for loop in later if loop.start_point[0] <= row]
    if len(later) == 1:
        target = later[0]
    elif holding and row > fn.start_point[0]:
        target = max(holding, key=lambda n: n.start_byte)
    else:
        target = fn
    r, c = target.start_point
    return r + 1, c + 1
