"""A strict JSON reader that remembers where every key and value starts.

Config diagnostics must point at the key that is wrong (``app.json:12:5``), which the
standard ``json`` module cannot tell. This scanner parses the same strict JSON (strings
via ``json.decoder.scanstring``, so escapes behave exactly like ``json.loads``) and
records the character offset of each object key and each value by its *key path*, a
tuple such as ``("window", "navigationBarTitleText")`` or ``("pages", 3)``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import line_col

KeyPath = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_MAX_DEPTH = 200  # deeper documents are refused instead of overflowing the stack
_STRING_END = re.compile(r'(?:[^"\\]|\\.)*"?', re.S)


class JsonSyntaxError(ValueError):
    """Malformed JSON; ``offset`` is 0-based, ``line``/``col`` 1-based."""

    def __init__(self, message: str, text: str, offset: int):
        self.message = message
        self.offset = offset
        self.line, self.col = line_col(text, offset)
        super().__init__(f"{message} (line {self.line}, column {self.col})")


@dataclass
class JsonDocument:
    """A parsed JSON document plus the positions of its keys and values."""

    value: Any
    text: str
    key_offsets: dict[KeyPath, int] = field(default_factory=dict)
    value_offsets: dict[KeyPath, int] = field(default_factory=dict)
    duplicate_keys: list[KeyPath] = field(default_factory=list)

    def position(self, path: KeyPath) -> tuple[int, int]:
        """1-based (line, col) of the key at ``path`` (of the value for array items).

        Falls back to the nearest enclosing key, then to 1:1, so a diagnostic always
        has a place even for a key that is absent.
        """
        while path:
            off = self.key_offsets.get(path)
            if off is None:
                off = self.value_offsets.get(path)
            if off is not None:
                return line_col(self.text, off)
            path = path[:-1]
        return line_col(self.text, self.value_offsets.get((), 0))

    def value_position(self, path: KeyPath) -> tuple[int, int]:
        """1-based (line, col) of the value at ``path`` (or of its nearest ancestor)."""
        while path:
            off = self.value_offsets.get(path)
            if off is not None:
                return line_col(self.text, off)
            path = path[:-1]
        return line_col(self.text, self.value_offsets.get((), 0))


def loads(text: str) -> Any:
    """``json.loads`` for app files, where nesting too deep for Python's stack is a
    ``JsonSyntaxError`` (a ``ValueError``) at the bracket that goes too deep, never a
    ``RecursionError``. Fast: the standard decoder does the work."""
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonSyntaxError("JSON nested too deeply", text, _too_deep_at(text)) from None


def _too_deep_at(text: str) -> int:
    """Offset of the first bracket nested deeper than ``_MAX_DEPTH`` (strings skipped)."""
    depth, pos, n = 0, 0, len(text)
    while pos < n:
        c = text[pos]
        if c == '"':
            pos = _STRING_END.match(text, pos + 1).end()
            continue
        if c in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return pos
        elif c in "]}":
            depth -= 1
        pos += 1
    return 0


def parse_json(text: str) -> JsonDocument:
    """Parse strict JSON (a leading BOM is allowed); raise ``JsonSyntaxError``."""
    start = 1 if text.startswith("\ufeff") else 0
    doc = JsonDocument(None, text)
    parser = _Parser(text, doc)
    pos = parser.skip_ws(start)
    if pos >= len(text):
        raise JsonSyntaxError("empty JSON document", text, pos)
    doc.value, pos = parser.value(pos, (), 0)
    pos = parser.skip_ws(pos)
    if pos < len(text):
        raise JsonSyntaxError("unexpected text after the JSON value", text, pos)
    return doc


class _Parser:
    def __init__(self, text: str, doc: JsonDocument):
        self.text = text
        self.doc = doc

    def fail(self, message: str, pos: int) -> JsonSyntaxError:
        return JsonSyntaxError(message, self.text, pos)

    def skip_ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def value(self, pos: int, path: KeyPath, depth: int) -> tuple[Any, int]:
        text = self.text
        if depth > _MAX_DEPTH:
            raise self.fail("JSON nested too deeply", pos)
        self.doc.value_offsets[path] = pos
        if pos >= len(text):
            raise self.fail("unexpected end of JSON, expected a value", pos)
        ch = text[pos]
        if ch == "{":
            return self.object(pos + 1, path, depth)
        if ch == "[":
            return self.array(pos + 1, path, depth)
        if ch == '"':
            return self.string(pos)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, pos):
                return val, pos + len(word)
        m = _NUMBER.match(text, pos)
        if m:
            s = m.group()
            is_float = any(c in s for c in ".eE")
            return (float(s) if is_float else int(s)), m.end()
        if ch == "/" and text.startswith(("//", "/*"), pos):
            raise self.fail("comments are not allowed in JSON", pos)
        if ch == "'":
            raise self.fail("strings must use double quotes", pos)
        raise self.fail(f"unexpected character {ch!r}, expected a value", pos)

    def string(self, pos: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, pos + 1, True)
        except json.JSONDecodeError as e:
            raise self.fail(e.msg.lower(), e.pos) from None

    def object(self, pos: int, path: KeyPath, depth: int) -> tuple[dict, int]:
        text = self.text
        result: dict[str, Any] = {}
        pos = self.skip_ws(pos)
        if pos < len(text) and text[pos] == "}":
            return result, pos + 1
        while True:
            if pos >= len(text):
                raise self.fail("unexpected end of JSON, expected '}'", pos)
            if text[pos] != '"':
                if text[pos] == "}":
                    raise self.fail("trailing comma before '}'", pos)
                raise self.fail("expected a double-quoted key", pos)
            key_pos = pos
            key, pos = self.string(pos)
            sub = (*path, key)
            if key in result:
                self.doc.duplicate_keys.append(sub)
            self.doc.key_offsets[sub] = key_pos
            pos = self.skip_ws(pos)
            if pos >= len(text) or text[pos] != ":":
                raise self.fail("expected ':' after the key", pos)
            pos = self.skip_ws(pos + 1)
            result[key], pos = self.value(pos, sub, depth + 1)
            pos = self.skip_ws(pos)
            if pos < len(text) and text[pos] == ",":
                pos = self.skip_ws(pos + 1)
                continue
            if pos < len(text) and text[pos] == "}":
                return result, pos + 1
            raise self.fail("expected ',' or '}'", pos)

    def array(self, pos: int, path: KeyPath, depth: int) -> tuple[list, int]:
        text = self.text
        result: list[Any] = []
        pos = self.skip_ws(pos)
        if pos < len(text) and text[pos] == "]":
            return result, pos + 1
        while True:
            if pos < len(text) and text[pos] == "]":
                raise self.fail("trailing comma before ']'", pos)
            item, pos = self.value(pos, (*path, len(result)), depth + 1)
            result.append(item)
            pos = self.skip_ws(pos)
            if pos < len(text) and text[pos] == ",":
                pos = self.skip_ws(pos + 1)
                continue
            if pos < len(text) and text[pos] == "]":
                return result, pos + 1
            raise self.fail("expected ',' or ']'", pos)
