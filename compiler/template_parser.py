"""AXML / WXML source → element tree with exact offsets.

This is a small hand-written tokenizer rather than lxml over a masked copy of the
source. Mini-program markup is not XML: attributes without values
(``<input disabled/>``), unquoted values (``src={{x}}``), HTML entities such as
``&nbsp;``, raw ``<``/``&&`` inside ``{{ }}`` and raw script bodies are all legal, and
attribute case must survive. Masking would have to special-case each of these and
then map lxml's positions (line only, for most errors) back to the source; scanning
the source directly gives every node, attribute, ``{{`` and error its exact offset
with less code.

The parser never raises on bad input: it returns a best-effort tree plus a list of
:class:`ParseError` (offset, message), which the front door turns into diagnostics.
"""

from __future__ import annotations

import bisect
import html.entities
import re
from dataclasses import dataclass, field

from .diagnostics import line_col

#: Deeper element nesting is reported (and flattened) to keep later stages' recursion bounded.
MAX_DEPTH = 100
#: Elements whose body is kept as raw text (inline WXS / SJS).
RAW_BODY_TAGS = frozenset({"wxs", "import-sjs"})

_TAG_NAME = re.compile(r"[A-Za-z_][\w\-.:]*")
_ATTR_NAME = re.compile(r"[^\s=/>\"'<]+")
_CLOSE_TAG = re.compile(r"</\s*([A-Za-z_][\w\-.:]*)\s*>")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TAG_START = re.compile(r"<[A-Za-z_/!?]")
# what ends a value: text runs to its end; quoted values to the quote; unquoted ones
# to whitespace, '>' or '/>'; '{{' always starts a mustache (which may hold any of these)
_STOPS = {
    "": re.compile(r"\{\{"),
    '"': re.compile(r'\{\{|"'),
    "'": re.compile(r"\{\{|'"),
    " ": re.compile(r"\{\{|\s|>|/>"),
}


@dataclass(slots=True)
class Mustache:
    """One ``{{ … }}``: ``src`` is the text between the braces, ``offset`` its start."""

    src: str
    offset: int


Segment = str | Mustache


@dataclass(slots=True)
class Value:
    """Text or an attribute value split into literal strings and mustaches.

    Literal parts have their entities decoded; mustache bodies are kept raw.
    """

    parts: list[Segment]
    offset: int  # offset of the first character of the value in the file

    @property
    def single(self) -> Mustache | None:
        """The mustache when the value is exactly one ``{{ }}`` (keeps its JS type)."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Mustache):
            return self.parts[0]
        return None

    @property
    def is_static(self) -> bool:
        return all(isinstance(p, str) for p in self.parts)

    @property
    def literal(self) -> str:
        """The value as plain text (mustaches rendered back as ``{{src}}``)."""
        return "".join(p if isinstance(p, str) else "{{" + p.src + "}}" for p in self.parts)


@dataclass(slots=True)
class Attr:
    name: str
    offset: int  # offset of the attribute name
    value: Value | None  # None for a valueless attribute (``disabled``)


@dataclass(slots=True)
class Text:
    value: Value

    @property
    def offset(self) -> int:
        return self.value.offset


@dataclass(slots=True)
class Element:
    tag: str
    offset: int  # offset of ``<``
    attrs: list[Attr] = field(default_factory=list)
    children: list[Element | Text] = field(default_factory=list)
    raw: str | None = None  # raw body of RAW_BODY_TAGS elements
    raw_offset: int = 0

    def attr(self, name: str) -> Attr | None:
        for a in self.attrs:
            if a.name == name:
                return a
        return None


@dataclass(slots=True)
class ParseError:
    offset: int
    message: str
    severity: str = "error"  # or "warning"


@dataclass(slots=True)
class Document:
    children: list[Element | Text]
    errors: list[ParseError]


class LineMap:
    """Offsets → 1-based (line, column), in O(log n) per lookup."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


def decode_entities(text: str) -> str:
    """Decode HTML entities (``&nbsp;``, ``&lt;``, ``&#123;``, ``&#x1F600;``); leave unknown ones."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _entity(m: re.Match[str]) -> str:
    body = m.group(1)
    if body[0] == "#":
        try:
            code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
            return chr(code)
        except (ValueError, OverflowError):
            return m.group(0)
    return html.entities.html5.get(body + ";", m.group(0))


def find_mustache_end(src: str, start: int) -> int:
    """Offset of the closing ``}}`` for the ``{{`` at ``start``, or -1.

    Quotes and braces inside the expression are tracked so that ``{{ {a: 1} }}``
    and ``{{ '}}' }}`` close where JS would; if that scan finds no end (an
    unterminated string, say) the first plain ``}}`` is used, so the expression
    parser can report the real problem.
    """
    n = src.rfind("}}") + 2  # nothing after the last '}}' can close (keeps '{{{{…' linear)
    if n < start + 4:
        return -1
    i = start + 2
    depth = 0
    quote = ""
    while i < n:
        c = src[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                if src.startswith("}", i + 1):
                    return i
            else:
                depth -= 1
        i += 1
    return src.find("}}", start + 2)


class _Parser:
    def __init__(self, src: str):
        self.src = src
        self.n = len(src)
        self.pos = 0
        self.errors: list[ParseError] = []
        self.too_deep = False

    def error(self, offset: int, message: str, severity: str = "error") -> None:
        self.errors.append(ParseError(offset, message, severity))

    # -- values ---------------------------------------------------------------------------

    def split_value(self, start: int, end: int, *, stop: str = "") -> tuple[Value, int]:
        """Split ``src[start:end]`` into literal and mustache parts.

        With ``stop`` (quote chars or whitespace marker), scanning ends at the first stop
        character outside a mustache; returns the value and the offset where it stopped.
        """
        src = self.src
        parts: list[Segment] = []
        lit_start = i = start
        pattern = _STOPS[stop]
        while i < end:
            m = pattern.search(src, i, end)
            if m is None:
                i = end
                break
            i = m.start()
            if m.group() != "{{":
                break
            close = find_mustache_end(src, i)
            if close < 0:
                self.error(i, "unterminated '{{' (missing '}}')")
                i += 2
                continue
            if i > lit_start:
                parts.append(decode_entities(src[lit_start:i]))
            parts.append(Mustache(src[i + 2 : close], i + 2))
            i = lit_start = close + 2
        if i > lit_start:
            parts.append(decode_entities(src[lit_start:i]))
        return Value(parts, start), i

    # -- markup ---------------------------------------------------------------------------

    def parse(self) -> Document:
        root = Element("#root", 0)
        stack: list[Element] = [root]
        src = self.src
        while self.pos < self.n:
            m = _TAG_START.search(src, self.pos)
            text_end = m.start() if m else self.n
            if text_end > self.pos:
                self.text(stack[-1], text_end)
            if self.pos >= self.n:
                break
            if src.startswith("<!--", self.pos):
                end = src.find("-->", self.pos + 4)
                if end < 0:
                    self.error(self.pos, "unclosed comment '<!--'")
                    self.pos = self.n
                else:
                    self.pos = end + 3
            elif src.startswith("<![CDATA[", self.pos):
                end = src.find("]]>", self.pos)
                if end < 0:
                    self.error(self.pos, "unclosed CDATA section")
                    self.pos = self.n
                else:
                    stack[-1].children.append(
                        Text(Value([src[self.pos + 9 : end]], self.pos + 9)))
                    self.pos = end + 3
            elif src.startswith("<!", self.pos) or src.startswith("<?", self.pos):
                end = src.find(">", self.pos)
                self.pos = self.n if end < 0 else end + 1
            elif src.startswith("</", self.pos):
                self.close_tag(stack)
            else:
                self.open_tag(stack)
        for el in reversed(stack[1:]):
            self.error(el.offset, f"unclosed tag <{el.tag}>")
        return Document(root.children, self.errors)

    def text(self, parent: Element, end: int) -> None:
        """Consume text up to the next tag; mustaches may contain '<'."""
        start = self.pos
        src = self.src
        i = start
        # a '{{' before the next tag may hide a '<' that is not a tag start
        while True:
            j = src.find("{{", i, end)
            if j < 0:
                break
            close = find_mustache_end(src, j)
            if close < 0:
                break  # reported by split_value
            i = close + 2
            if i > end:
                m = _TAG_START.search(src, i)
                end = m.start() if m else self.n
        value, _ = self.split_value(start, end)
        self.pos = end
        if value.parts and not (value.is_static and not "".join(value.parts).strip()):
            parent.children.append(Text(value))

    def open_tag(self, stack: list[Element]) -> None:
        src = self.src
        start = self.pos
        m = _TAG_NAME.match(src, start + 1)
        assert m is not None  # _TAG_START guarantees a name character
        el = Element(m.group(0), start)
        self.pos = m.end()
        self_closing = self.attributes(el)
        if len(stack) <= MAX_DEPTH:
            stack[-1].children.append(el)
        elif not self.too_deep:  # report once; deeper elements stay out of the tree
            self.too_deep = True
            self.error(start, f"elements nested deeper than {MAX_DEPTH} levels")
        if self_closing:
            return
        if el.tag in RAW_BODY_TAGS:
            close = re.compile(r"</\s*" + re.escape(el.tag) + r"\s*>").search(src, self.pos)
            if close is None:
                self.error(start, f"unclosed tag <{el.tag}>")
                el.raw, el.raw_offset = src[self.pos :], self.pos
                self.pos = self.n
            else:
                el.raw, el.raw_offset = src[self.pos : close.start()], self.pos
                self.pos = close.end()
            return
        stack.append(el)

    def attributes(self, el: Element) -> bool:
        """Parse attributes up to '>' or '/>'; True when self-closing."""
        src = self.src
        seen: dict[str, int] = {}
        while True:
            while self.pos < self.n and src[self.pos].isspace():
                self.pos += 1
            if self.pos >= self.n:
                self.error(el.offset, f"unclosed start tag <{el.tag}")
                return True
            c = src[self.pos]
            if c == ">":
                self.pos += 1
                return False
            if src.startswith("/>", self.pos):
                self.pos += 2
                return True
            m = _ATTR_NAME.match(src, self.pos)
            if m is None and c in "\"'":
                # `<view class="a"">`: the vendor compilers (and HTML) skip a stray quote.
                self.error(self.pos, f"stray {c} in start tag <{el.tag}> ignored", "warning")
                self.pos += 1
                continue
            if m is None:
                self.error(self.pos, f"unexpected {c!r} in start tag <{el.tag}>")
                if c == "<":  # a new tag begins: treat this one as self-closed
                    return True
                self.pos += 1
                continue
            name, name_at = m.group(0), m.start()
            self.pos = m.end()
            j = self.pos
            while j < self.n and src[j].isspace():
                j += 1
            value: Value | None = None
            if j < self.n and src[j] == "=":
                j += 1
                while j < self.n and src[j].isspace():
                    j += 1
                if j < self.n and src[j] in "\"'":
                    quote = src[j]
                    value, end = self.split_value(j + 1, self.n, stop=quote)
                    if end >= self.n:
                        self.error(j, f"unterminated attribute value for '{name}'")
                        self.pos = self.n
                    else:
                        self.pos = end + 1
                else:
                    value, end = self.split_value(j, self.n, stop=" ")
                    if end == j:
                        self.error(j, f"missing value for attribute '{name}'")
                    self.pos = end
            if name in seen:
                # both hosts accept this (the last one wins), so it only warns
                self.error(name_at, f"duplicate attribute '{name}'; the last one wins", "warning")
            seen[name] = name_at
            el.attrs.append(Attr(name, name_at, value))

    def close_tag(self, stack: list[Element]) -> None:
        start = self.pos
        m = _CLOSE_TAG.match(self.src, start)
        if m is None:
            self.error(start, "malformed closing tag")
            end = self.src.find(">", start)
            self.pos = self.n if end < 0 else end + 1
            return
        self.pos = m.end()
        tag = m.group(1)
        if len(stack) > 1 and stack[-1].tag == tag:
            stack.pop()
            return
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth].tag == tag:
                top = stack[-1]
                line, col = line_col(self.src, top.offset)
                self.error(start, f"mismatched closing tag </{tag}>: <{top.tag}> opened at "
                                  f"{line}:{col} is still open")
                del stack[depth:]
                return
        self.error(start, f"unexpected closing tag </{tag}>: no <{tag}> is open")


def parse_template(src: str) -> Document:
    """Parse template source into a :class:`Document` (never raises)."""
    return _Parser(src).parse()
