"""Put generated JavaScript back on its source's lines, using the generator's source map.

A transpiler (esbuild for TypeScript) re-prints code: its lines no longer match the
source. The rest of fanxing counts on module code keeping the source's line numbers
(compile diagnostics, ``console`` sources, mapped stack traces), so :func:`relayout`
moves each generated line to the source line its first mapping names: it pads with
newlines to reach a later line and joins a line that maps to an earlier or the same
line onto the current one with a space. Joining is safe for the printer's output (one
statement per line, semicolons written) except after a ``//`` comment or inside a
template literal; those line breaks are kept. Columns are the generator's, not the
source's.
"""

from __future__ import annotations

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

_PARSER = Parser(Language(tree_sitter_javascript.language()))
_B64 = {c: i for i, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _vlq(segment: str) -> list[int]:
    values, shift, value = [], 0, 0
    for ch in segment:
        digit = _B64[ch]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        values.append(-(value >> 1) if value & 1 else value >> 1)
        shift = value = 0
    return values


def line_segments(mappings: str) -> list[list[tuple[int, int]]]:
    """For each generated line of a source map's ``mappings``: its mapped segments as
    ``(generated column, 1-based source line)``, in order."""
    out: list[list[tuple[int, int]]] = []
    src_line = 0
    for line in mappings.split(";"):
        segments: list[tuple[int, int]] = []
        gen_col = 0
        for segment in line.split(","):
            if not segment:
                continue
            fields = _vlq(segment)
            gen_col += fields[0]
            if len(fields) >= 4:
                src_line += fields[2]
                segments.append((gen_col, src_line + 1))
        out.append(segments)
    return out


def _line_target(segments: list[tuple[int, int]], indent: int) -> int | None:
    """The source line of a generated line: the mapping where its code starts, else the
    one on its indentation (esbuild maps column 0 of a statement's line to the
    statement, but of a member's line to the line before)."""
    before = None
    for col, line in segments:
        if col == indent:
            return line
        if col > indent:
            break
        before = line
    return before


def _kept_breaks(code: bytes) -> set[int]:
    """0-based indexes of generated lines whose break before them must stay (the line
    starts inside a template literal or follows a ``//`` comment)."""
    kept: set[int] = set()
    stack: list[Node] = [_PARSER.parse(code).root_node]
    while stack:
        node = stack.pop()
        if node.type in ("template_string", "string") and \
                node.end_point.row > node.start_point.row:
            kept.update(range(node.start_point.row + 1, node.end_point.row + 1))
        elif node.type == "comment" and code[node.start_byte:node.start_byte + 2] == b"//":
            kept.add(node.end_point.row + 1)
        else:
            stack.extend(node.children)
    return kept


def relayout(code: str, mappings: str) -> str:
    """``code`` with each line moved to its source line (see the module docstring)."""
    lines = code.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    segments = line_segments(mappings)
    kept = _kept_breaks(code.encode("utf-8"))
    out: list[str] = []
    current = 1
    for i, text in enumerate(lines):
        indent = len(text) - len(text.lstrip())
        target = _line_target(segments[i], indent) if i < len(segments) else None
        if i == 0:
            if target is not None and target > 1:
                out.append("\n" * (target - 1))
                current = target
            out.append(text)
        elif i in kept:
            out.append("\n" + text)
            current += 1
        elif target is not None and target > current:
            out.append("\n" * (target - current) + text.lstrip())
            current = target
        elif text.strip():
            out.append(" " + text.strip())
    return "".join(out) + "\n"
