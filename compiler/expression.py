"""The ``{{ }}`` expression language: lexer, parser (to an AST) and compiler (to Python).

A template expression compiles to a Python *expression* string, the way Jinja2
compiles templates to Python source. The generated code only names:

* ``_d`` — the data dict in scope (free names read as ``_js.get(_d, 'name')``),
* ``_ctx`` — the ``RenderContext`` (SJS/WXS calls: ``_ctx.call_module`` via
  ``_js.call_module``),
* ``_js`` — ``fanxing.compiler.jsvalue`` (JS semantics),
* locals bound by ``for``/``slot-scope``/template code, named by ``Scope.local_name``.

Values follow JavaScript; see ``jsvalue`` for the few places templates are forgiving.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from . import jsvalue
from .pysource import literal as _lit

__all__ = [
    "ArrayLit",
    "Arrow",
    "Binary",
    "Call",
    "Conditional",
    "Expr",
    "ExpressionError",
    "Literal",
    "Logical",
    "Member",
    "Name",
    "ObjectLit",
    "Prop",
    "Scope",
    "Spread",
    "TemplateLit",
    "Unary",
    "compile_expression",
    "compile_object_body",
    "local_name",
    "parse_expression",
    "parse_object_body",
]

MAX_DEPTH = 48  # generated Python nests about one level per AST level; CPython allows 200


class ExpressionError(Exception):
    """A syntax or compile error in an expression; ``offset`` is 0-based into its source."""

    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


# ---------------------------------------------------------------------------
# AST. Every node records the 0-based ``offset`` of its first character (operators:
# of the operator); offsets do not take part in equality.


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, string, boolean, null (``None``) or undefined (``jsvalue.UNDEFINED``)."""

    value: Any
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Name:
    """A free or local identifier."""

    name: str
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Member:
    """``obj.prop`` (``prop`` is a string ``Literal``) or ``obj[prop]``."""

    obj: Expr
    prop: Expr
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    """``callee(args)``: an SJS/WXS module function or a whitelisted method."""

    callee: Expr
    args: tuple[Expr | Spread, ...]
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    """``!x``, ``-x``, ``+x``, ``typeof x``."""

    op: str
    operand: Expr
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic, comparison, equality and ``in``."""

    op: str
    left: Expr
    right: Expr
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Logical:
    """``&&``, ``||`` and ``??`` (short-circuit)."""

    op: str
    left: Expr
    right: Expr
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Conditional:
    """``test ? then : otherwise``."""

    test: Expr
    then: Expr
    otherwise: Expr
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Spread:
    """``...arg`` inside an array or object literal."""

    arg: Expr
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Prop:
    """``key: value`` in an object literal; ``key`` is a str or, if computed, an Expr."""

    key: str | Expr
    value: Expr
    computed: bool = False
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ArrayLit:
    """``[a, ...b]``."""

    items: tuple[Expr | Spread, ...]
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ObjectLit:
    """``{a, b: 1, ...c, [k]: v}``."""

    props: tuple[Prop | Spread, ...]
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class TemplateLit:
    """A template literal `` `a${x}b` ``: ``quasis`` (cooked text) has one more item than
    ``exprs``; each substitution is converted with JS ``String()``."""

    quasis: tuple[str, ...]
    exprs: tuple[Expr, ...]
    offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Arrow:
    """``(item, i) => body``: only as the callback of an array method (Alipay's compiler
    accepts it; mini-antui's grid writes ``list.some(item => item.desc)``)."""

    params: tuple[str, ...]
    body: Expr
    offset: int = field(default=0, compare=False)


Expr = Union[  # noqa: UP007
    Literal, Name, Member, Call, Unary, Binary, Logical, Conditional, ArrayLit, ObjectLit,
    TemplateLit, Arrow,
]

#: Array methods whose callback may be an arrow function.
CALLBACK_METHODS = frozenset({"some", "every", "filter", "map", "find", "findIndex"})


# ---------------------------------------------------------------------------
# Lexer

_WS = re.compile(r"[ \t\n\r\f\v\u00a0\ufeff\u2028\u2029\u3000]*")
_NAME = re.compile(r"(?:[^\W\d]|\$)[\w$]*")
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
# Longest first. The second group is JS syntax this language rejects, lexed whole so the
# error names the operator.
_OPERATORS = (
    "...", "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "=>",
    "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}",
)  # fmt: skip
_REJECTED = (
    ">>>=", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "**", "++", "--", "<<", ">>",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "=", "&", "|", "^", "~", ";", "#",
    "@", "\\",
)  # fmt: skip
_ALL_OPS = sorted(_OPERATORS + _REJECTED, key=len, reverse=True)
_OP_RE = re.compile("|".join(re.escape(op) for op in _ALL_OPS))
_REJECTED_SET = frozenset(_REJECTED)
_KEYWORDS = {"true": True, "false": False, "null": None, "undefined": jsvalue.UNDEFINED}
# Words with JS meaning this language lacks. Other reserved words stay usable as data
# names, as glass-easel allows (tdesign binds a WXS module as `this`, data as `class`).
_RESERVED = frozenset(
    [
        "new",
        "delete",
        "void",
        "function",
        "instanceof",
        "var",
        "return",
        "throw",
        "yield",
        "await",
        "import",
        "super",
        "debugger",
    ]
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}


@dataclass(slots=True)
class _Tok:
    kind: str  # "num" | "str" | "name" | "op" | "tpl" | "eof"
    value: Any
    offset: int
    end: int


def _tokenize(src: str, i: int = 0, *, substitution: bool = False, depth: int = 0,
              notes: list[tuple[int, str]] | None = None) -> list[_Tok]:
    """Tokens of ``src`` from ``i``; the last is ``eof``. With ``substitution`` (the body
    of a template literal's ``${ }``) lexing stops at the unmatched ``}``, whose offset
    the ``eof`` token takes. Comments are skipped (Alipay's compiler accepts them) and
    noted in ``notes`` as ``(offset, message)``."""
    toks: list[_Tok] = []
    n = len(src)
    braces = 0
    while True:
        i = _WS.match(src, i).end()
        if src.startswith("/*", i) or src.startswith("//", i):
            block = src[i + 1] == "*"
            end = src.find("*/", i + 2) if block else src.find("\n", i + 2)
            if block and end == -1:
                raise ExpressionError("unterminated comment", i)
            if notes is not None:
                notes.append((i, "comment inside {{ }} ignored"))
            i = n if end == -1 else end + (2 if block else 1)
            continue
        if i >= n:
            toks.append(_Tok("eof", None, n, n))
            return toks
        c = src[i]
        if substitution and c in "{}":
            if c == "}" and braces == 0:
                toks.append(_Tok("eof", None, i, i))
                return toks
            braces += 1 if c == "{" else -1
        if c == "`":
            tok = _read_template(src, i, depth + 1)
            toks.append(tok)
            i = tok.end
            continue
        if c in "'\"":
            value, end = _read_string(src, i)
            toks.append(_Tok("str", value, i, end))
            i = end
            continue
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _NUMBER.match(src, i)
            end = m.end() if m else i
            if not m or end < n and (src[end].isalnum() or src[end] in "_$"):
                bad = end if m else i
                raise ExpressionError(f"invalid number {src[i : _word_end(src, bad)]!r}", i)
            text = m.group()
            if len(text) > 1 and text[0] == "0" and text[1].isdigit():
                raise ExpressionError(f"legacy octal number {text!r} is not allowed", i)
            toks.append(_Tok("num", _parse_number(text), i, end))
            i = end
            continue
        m = _NAME.match(src, i)
        if m:
            toks.append(_Tok("name", m.group(), i, m.end()))
            i = m.end()
            continue
        m = _OP_RE.match(src, i)
        if m:
            op = m.group()
            # `a?.5:b` is a conditional, not optional chaining (as in JS)
            if op == "?." and i + 2 < n and src[i + 2].isdigit():
                op = "?"
            if op in _REJECTED_SET:
                if op.endswith("=") and op not in ("<=", ">="):
                    raise ExpressionError(f"assignment {op!r} is not allowed in an expression", i)
                raise ExpressionError(f"unknown operator {op!r}", i)
            toks.append(_Tok("op", op, i, i + len(op)))
            i += len(op)
            continue
        raise ExpressionError(f"unexpected character {c!r}", i)


def _word_end(src: str, i: int) -> int:
    while i < len(src) and (src[i].isalnum() or src[i] in "_$."):
        i += 1
    return i


def _parse_number(text: str) -> int | float:
    if text[:2].lower() in ("0x", "0o", "0b"):
        base = {"x": 16, "o": 8, "b": 2}[text[1].lower()]
        value = int(text[2:], base)
        return value if value <= 2**53 else float(value)
    if text.isdigit():
        value = int(text)
        return value if value <= 2**53 else float(text)
    x = float(text)
    return int(x) if x.is_integer() and abs(x) <= 2**53 else x


def _read_string(src: str, start: int) -> tuple[str, int]:
    quote = src[start]
    out: list[str] = []
    i, n = start + 1, len(src)
    while True:
        if i >= n or src[i] in "\n\r":
            raise ExpressionError("unterminated string", start)
        c = src[i]
        if c == quote:
            return _join_surrogates("".join(out)), i + 1
        if c != "\\":
            j = i + 1
            while j < n and src[j] not in (quote, "\\", "\n", "\r"):
                j += 1
            out.append(src[i:j])
            i = j
            continue
        if i + 1 >= n:
            raise ExpressionError("unterminated string", start)
        text, i = _read_escape(src, i)
        out.append(text)


def _join_surrogates(text: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        # `\ud83d\ude00` escapes one astral character as two code units
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return text


def _read_escape(src: str, i: int) -> tuple[str, int]:
    """The text of the escape sequence at ``src[i] == '\\'`` and the offset after it."""
    n = len(src)
    e = src[i + 1]
    if e in _ESCAPES:
        return _ESCAPES[e], i + 2
    if e == "0" and not (i + 2 < n and src[i + 2].isdigit()):
        return "\0", i + 2
    if e in "123456789" or e == "0":
        raise ExpressionError("octal escape sequences are not allowed", i)
    if e == "x":
        h = src[i + 2 : i + 4]
        if len(h) != 2 or not _is_hex(h):
            raise ExpressionError("invalid \\x escape sequence", i)
        return chr(int(h, 16)), i + 4
    if e == "u":
        if src.startswith("{", i + 2):
            close = src.find("}", i + 3)
            h = src[i + 3 : close] if close > 0 else ""
            if not h or not _is_hex(h) or int(h, 16) > 0x10FFFF:
                raise ExpressionError("invalid \\u{…} escape sequence", i)
            return chr(int(h, 16)), close + 1
        h = src[i + 2 : i + 6]
        if len(h) != 4 or not _is_hex(h):
            raise ExpressionError("invalid \\u escape sequence", i)
        return chr(int(h, 16)), i + 6
    if e == "\r":  # line continuation
        return "", i + 3 if src.startswith("\r\n", i + 1) else i + 2
    if e in "\n\u2028\u2029":
        return "", i + 2
    return e, i + 2


def _read_template(src: str, start: int, depth: int) -> _Tok:
    """The ``tpl`` token of the template literal at ``src[start] == '`'``: its value is
    ``(quasis, substitutions)``, each substitution the token list of one ``${ }`` body."""
    if depth > MAX_DEPTH:
        raise ExpressionError(f"template literals nested too deeply (over {MAX_DEPTH})", start)
    quasis: list[str] = []
    subs: list[list[_Tok]] = []
    out: list[str] = []
    i, n = start + 1, len(src)
    while True:
        if i >= n:
            raise ExpressionError("unterminated template literal", start)
        c = src[i]
        if c == "`":
            quasis.append(_join_surrogates("".join(out)))
            return _Tok("tpl", (tuple(quasis), tuple(subs)), start, i + 1)
        if c == "\\":
            if i + 1 >= n:
                raise ExpressionError("unterminated template literal", start)
            text, i = _read_escape(src, i)
            out.append(text)
        elif c == "$" and src.startswith("{", i + 1):
            quasis.append(_join_surrogates("".join(out)))
            out = []
            toks = _tokenize(src, i + 2, substitution=True, depth=depth)
            close = toks[-1].offset
            if close >= n:
                raise ExpressionError("unterminated '${' in template literal", i)
            subs.append(toks)
            i = close + 1
        elif c == "\r":  # line terminators in template text read as \n
            out.append("\n")
            i += 2 if src.startswith("\r\n", i) else 1
        else:
            out.append(c)
            i += 1


def _is_hex(s: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in s)


# ---------------------------------------------------------------------------
# Parser (recursive descent, JS precedence)

_EQUALITY = ("==", "!=", "===", "!==")
_RELATIONAL = ("<", ">", "<=", ">=")
_ADDITIVE = ("+", "-")
_MULTIPLICATIVE = ("*", "/", "%")


class _Parser:
    def __init__(self, src: str, toks: list[_Tok] | None = None,
                 notes: list[tuple[int, str]] | None = None):
        self.src = src
        self.notes = notes
        self.toks = _tokenize(src, notes=notes) if toks is None else toks
        self.pos = 0
        self.depth = 0

    # token helpers
    @property
    def tok(self) -> _Tok:
        return self.toks[self.pos]

    def at(self, *ops: str) -> bool:
        t = self.toks[self.pos]
        return t.kind == "op" and t.value in ops

    def at_name(self, name: str) -> bool:
        t = self.toks[self.pos]
        return t.kind == "name" and t.value == name

    def advance(self) -> _Tok:
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def expect(self, op: str) -> _Tok:
        if not self.at(op):
            self.fail_unexpected(f"expected {op!r}")
        return self.advance()

    def fail_unexpected(self, hint: str = "") -> None:
        t = self.tok
        if t.kind == "eof":
            what = "unexpected end of expression"
        else:
            what = f"unexpected {self.src[t.offset : t.end]!r}"
        raise ExpressionError(f"{what}, {hint}" if hint else what, t.offset)

    def enter(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested too deeply (over {MAX_DEPTH} levels)", offset)

    # grammar
    def parse_all(self) -> Expr:
        if self.tok.kind == "eof":
            raise ExpressionError("empty expression", 0)
        e = self.expression()
        if self.tok.kind != "eof":
            self.fail_unexpected("expected end of expression")
        return e

    def parse_object_body(self, offset: int) -> ObjectLit:
        props = self.object_members(end=None)
        if self.tok.kind != "eof":
            self.fail_unexpected("expected ',' or end of expression")
        return ObjectLit(tuple(props), offset)

    def expression(self) -> Expr:
        if self.at(","):
            self.fail_unexpected()
        e = self.conditional()
        if self.at(","):
            # The comma operator is JS but never useful in a template; say so precisely.
            raise ExpressionError("the comma operator is not supported", self.tok.offset)
        return e

    def conditional(self) -> Expr:
        self.enter(self.tok.offset)
        test = self.short_circuit()
        if self.at("?"):
            self.advance()
            then = self.conditional()
            self.expect(":")
            otherwise = self.conditional()
            test = Conditional(test, then, otherwise, test.offset)
        self.depth -= 1
        return test

    def short_circuit(self) -> Expr:
        left = self.binary(0)
        if self.at("??"):
            while self.at("??"):
                t = self.advance()
                left = Logical("??", left, self.binary(0), t.offset)
            if self.at("&&", "||"):
                raise ExpressionError(
                    f"cannot mix '??' with {self.tok.value!r} without parentheses",
                    self.tok.offset,
                )
            return left
        while self.at("&&"):
            t = self.advance()
            left = Logical("&&", left, self.binary(0), t.offset)
        while self.at("||"):
            t = self.advance()
            right = self.binary(0)
            while self.at("&&"):
                t2 = self.advance()
                right = Logical("&&", right, self.binary(0), t2.offset)
            left = Logical("||", left, right, t.offset)
        if self.at("??"):
            raise ExpressionError(
                "cannot mix '??' with '&&' or '||' without parentheses", self.tok.offset
            )
        return left

    _LEVELS = (_EQUALITY, _RELATIONAL, _ADDITIVE, _MULTIPLICATIVE)

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        ops = self._LEVELS[level]
        left = self.binary(level + 1)
        while True:
            t = self.tok
            if t.kind == "op" and t.value in ops:
                op = t.value
            elif level == 1 and t.kind == "name" and t.value == "in":
                op = "in"
            else:
                return left
            self.advance()
            left = Binary(op, left, self.binary(level + 1), t.offset)

    def unary(self) -> Expr:
        t = self.tok
        if (t.kind == "op" and t.value in ("!", "-", "+")) or (
            t.kind == "name" and t.value == "typeof"
        ):
            self.advance()
            self.enter(t.offset)
            operand = self.unary()
            self.depth -= 1
            return Unary(t.value, operand, t.offset)
        return self.postfix()

    def postfix(self) -> Expr:
        e = self.primary()
        while True:
            t = self.tok
            if t.kind != "op":
                return e
            if t.value == "?.":
                self.advance()
                if self.at("["):
                    continue  # `a?.[k]`: reads are already forgiving
                if self.at("("):
                    continue  # `f?.(x)`
                e = self.dot_member(e, t)
            elif t.value == ".":
                self.advance()
                e = self.dot_member(e, t)
            elif t.value == "[":
                self.advance()
                self.enter(t.offset)
                prop = self.expression()
                self.depth -= 1
                self.expect("]")
                e = Member(e, prop, t.offset)
            elif t.value == "(":
                self.advance()
                args = self.items(")")
                e = Call(e, tuple(args), t.offset)
            else:
                return e

    def dot_member(self, obj: Expr, dot: _Tok) -> Expr:
        t = self.tok
        if t.kind != "name":
            self.fail_unexpected("expected a property name")
        self.advance()
        return Member(obj, Literal(t.value, t.offset), dot.offset)

    def items(self, close: str) -> list[Expr | Spread]:
        """Comma-separated expressions or spreads up to ``close`` (trailing comma ok)."""
        out: list[Expr | Spread] = []
        while not self.at(close):
            if self.at(","):
                self.fail_unexpected(f"expected an expression or {close!r}")
            if self.at("..."):
                t = self.advance()
                out.append(Spread(self.conditional(), t.offset))
            else:
                out.append(self.conditional())
            if not self.at(close):
                if not self.at(","):
                    self.fail_unexpected(f"expected ',' or {close!r}")
                self.advance()
        self.advance()
        return out

    def arrow_params(self) -> list[str] | None:
        """The parameters if an arrow function starts here (``x =>``, ``(a, b) =>``)."""
        toks, i = self.toks, self.pos
        if toks[i].kind == "name" and toks[i + 1].kind == "op" and toks[i + 1].value == "=>":
            return [toks[i].value]
        if not (toks[i].kind == "op" and toks[i].value == "("):
            return None
        names: list[str] = []
        i += 1
        while toks[i].kind == "name":
            names.append(toks[i].value)
            i += 1
            if toks[i].kind == "op" and toks[i].value == ",":
                i += 1
        if toks[i].kind == "op" and toks[i].value == ")" and \
                toks[i + 1].kind == "op" and toks[i + 1].value == "=>":
            return names
        return None

    def arrow(self, params: list[str]) -> Arrow:
        start = self.tok.offset
        while not self.at("=>"):
            self.advance()
        self.advance()
        if self.at("{"):
            raise ExpressionError("an arrow function in a template needs an expression body, "
                                  "not a block", self.tok.offset)
        for name in params:
            if name in _KEYWORDS or name in _RESERVED:
                raise ExpressionError(f"{name!r} cannot be a parameter name", start)
        self.enter(start)
        body = self.conditional()
        self.depth -= 1
        if self.notes is not None:
            self.notes.append((start, "arrow function inside {{ }} (Alipay accepts it; "
                                      "WeChat's compiler does not)"))
        return Arrow(tuple(params), body, start)

    def primary(self) -> Expr:
        t = self.tok
        params = self.arrow_params()
        if params is not None:
            return self.arrow(params)
        if t.kind == "num" or t.kind == "str":
            self.advance()
            return Literal(t.value, t.offset)
        if t.kind == "tpl":
            self.advance()
            return self.template(t)
        if t.kind == "name":
            name = t.value
            if name in _KEYWORDS:
                self.advance()
                return Literal(_KEYWORDS[name], t.offset)
            if name in _RESERVED or name in ("in", "typeof"):
                raise ExpressionError(
                    f"{name!r} is not supported in template expressions", t.offset
                )
            self.advance()
            return Name(name, t.offset)
        if t.kind == "op":
            if t.value == "(":
                self.advance()
                self.enter(t.offset)
                if self.at(")"):
                    self.fail_unexpected("expected an expression")
                e = self.expression()
                self.depth -= 1
                self.expect(")")
                return e
            if t.value == "[":
                self.advance()
                self.enter(t.offset)
                items = self.items("]")
                self.depth -= 1
                return ArrayLit(tuple(items), t.offset)
            if t.value == "{":
                self.advance()
                self.enter(t.offset)
                props = self.object_members(end="}")
                self.depth -= 1
                self.expect("}")
                return ObjectLit(tuple(props), t.offset)
        self.fail_unexpected()
        raise AssertionError  # unreachable

    def template(self, t: _Tok) -> TemplateLit:
        quasis, subs = t.value
        exprs: list[Expr] = []
        for toks in subs:
            inner = _Parser(self.src, toks)
            inner.depth = self.depth
            if inner.tok.kind == "eof":
                raise ExpressionError("empty '${}' in template literal", inner.tok.offset)
            exprs.append(inner.expression())
            if inner.tok.kind != "eof":
                inner.fail_unexpected("expected '}'")
        return TemplateLit(quasis, tuple(exprs), t.offset)

    def object_members(self, end: str | None) -> list[Prop | Spread]:
        props: list[Prop | Spread] = []

        def at_end() -> bool:
            return self.tok.kind == "eof" if end is None else self.at(end)

        while not at_end():
            t = self.tok
            if self.at("..."):
                self.advance()
                props.append(Spread(self.conditional(), t.offset))
            elif self.at("["):
                self.advance()
                key = self.conditional()
                self.expect("]")
                self.expect(":")
                props.append(Prop(key, self.conditional(), True, t.offset))
            elif t.kind in ("name", "str", "num"):
                self.advance()
                key = t.value if t.kind != "num" else jsvalue.to_string(t.value)
                if t.kind == "name" and not self.at(":"):
                    if t.value in _KEYWORDS or t.value in _RESERVED:
                        raise ExpressionError(
                            f"{t.value!r} cannot be a shorthand property", t.offset
                        )
                    props.append(Prop(key, Name(t.value, t.offset), False, t.offset))
                else:
                    self.expect(":")
                    props.append(Prop(key, self.conditional(), False, t.offset))
            else:
                self.fail_unexpected("expected a property")
            if not at_end():
                if not self.at(","):
                    self.fail_unexpected(f"expected ',' or {end or 'end of expression'!r}")
                self.advance()
        return props


def parse_expression(src: str, notes: list[tuple[int, str]] | None = None) -> Expr:
    """Parse one ``{{ }}`` body into an AST; raises ``ExpressionError``. ``notes``
    collects ``(offset, message)`` for accepted leniencies (comments, arrow functions)."""
    return _Parser(src, notes=notes).parse_all()


def parse_object_body(src: str) -> ObjectLit:
    """Parse the ``a, b: 1, ...c`` body of a template ``data="{{ }}"`` as an object."""
    p = _Parser(src)
    if p.tok.kind == "eof":
        raise ExpressionError("empty expression", 0)
    if p.at("{"):
        # `data="{{ {a: 1} }}"`: a whole object literal is also accepted
        e = p.parse_all()
        if isinstance(e, ObjectLit):
            return e
        raise ExpressionError("expected an object", p.toks[0].offset)
    return p.parse_object_body(p.tok.offset)


# ---------------------------------------------------------------------------
# Scope

_SAFE = re.compile(r"[A-Za-z0-9]")


def local_name(name: str) -> str:
    """The Python identifier generated code uses for the template local ``name``.

    Injective: ``_`` is doubled and any other non-alphanumeric or non-ASCII character
    becomes ``_x<hex>_``, so distinct JS names never collide (Python's NFKC
    normalization of identifiers cannot merge them either).
    """
    out = ["_l_"]
    for c in name:
        if _SAFE.match(c):
            out.append(c)
        elif c == "_":
            out.append("__")
        else:
            out.append(f"_x{ord(c):x}_")
    return "".join(out)


ModuleBinding = Union[str, tuple[str, str]]  # noqa: UP007


class Scope:
    """Names an expression can see besides the data.

    ``locals``: names bound by ``for`` item/index, ``slot-scope`` and template code.
    ``modules``: SJS/WXS bindings; a value is a module id (``<wxs module="m">`` /
    ``<import-sjs name="m">``) or ``(module_id, export_name)`` for a named import
    (``<import-sjs name="{fn}">``). Locals shadow modules, which shadow data.

    Generated code reaches modules only through ``_ctx``: ``m.f(a)`` becomes
    ``call_module(id, 'f', [a])``, ``m.k`` ``module_member(id, 'k')``; a whole module
    used as a value or called (``module.exports = fn``) passes ``None`` as member.
    """

    __slots__ = ("_locals", "_modules")

    def __init__(
        self, locals: Iterable[str] = (), modules: Mapping[str, ModuleBinding] | None = None
    ):
        self._locals = frozenset(locals)
        self._modules: dict[str, ModuleBinding] = dict(modules or {})

    @property
    def locals(self) -> frozenset[str]:
        return self._locals

    @property
    def modules(self) -> Mapping[str, ModuleBinding]:
        return self._modules

    def local_name(self, name: str) -> str:
        """Python identifier for the local ``name`` (see module-level ``local_name``)."""
        return local_name(name)

    def is_local(self, name: str) -> bool:
        return name in self._locals

    def module_ref(self, name: str) -> ModuleBinding | None:
        """The module binding ``name`` refers to here, or None (locals shadow modules)."""
        if name in self._locals:
            return None
        return self._modules.get(name)

    def child(
        self, locals: Iterable[str] = (), modules: Mapping[str, ModuleBinding] | None = None
    ) -> Scope:
        """A nested scope with more locals (and modules)."""
        s = Scope(self._locals | frozenset(locals))
        s._modules = {**self._modules, **(modules or {})}
        return s


# ---------------------------------------------------------------------------
# Compiler (AST → Python expression source)

_BINARY_FN = {
    "-": "sub", "*": "mul", "/": "div", "%": "mod",
    "<": "lt", ">": "gt", "<=": "le", ">=": "ge",
    "==": "loose_eq", "!=": "loose_ne", "===": "strict_eq", "!==": "strict_ne",
}  # fmt: skip
_LOGICAL_FN = {"&&": "and_", "||": "or_", "??": "coalesce"}


def _literal(v: Any) -> str:
    if v is jsvalue.UNDEFINED:
        return "_js.UNDEFINED"
    if type(v) is float:
        if math.isinf(v):
            return "_js.INFINITY" if v > 0 else "(-_js.INFINITY)"
        if v != v:
            return "_js.NAN"
    return _lit(v)


class _Compiler:
    def __init__(self, scope: Scope, functions: bool = False):
        self.scope = scope
        # module members read through module_function keep functions (WXS handlers)
        self.member_fn = "_rt.module_function" if functions else "_js.module_member"

    def expr(self, e: Expr, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression nested too deeply (over {MAX_DEPTH} levels)", e.offset
            )
        d = depth + 1
        if isinstance(e, Literal):
            return _literal(e.value)
        if isinstance(e, Name):
            return self.name(e)
        if isinstance(e, Member):
            mod = self.module_of(e.obj)
            if mod is not None:
                return self.module_member(mod, e.prop, d)
            return f"_js.get({self.expr(e.obj, d)}, {self.expr(e.prop, d)})"
        if isinstance(e, Call):
            return self.call(e, d)
        if isinstance(e, Unary):
            return self.unary(e, d)
        if isinstance(e, Binary):
            if e.op == "+":
                terms = self.add_chain(e)
                code = ", ".join(self.expr(t, d) for t in terms)
                return f"_js.add({code})" if len(terms) == 2 else f"_js.add_many({code})"
            if e.op == "in":
                return f"_js.has({self.expr(e.left, d)}, {self.expr(e.right, d)})"
            return f"_js.{_BINARY_FN[e.op]}({self.expr(e.left, d)}, {self.expr(e.right, d)})"
        if isinstance(e, Logical):
            left, right = self.expr(e.left, d), self.expr(e.right, d)
            if self.calls_out(e.right):
                return f"_js.{_LOGICAL_FN[e.op]}_lazy({left}, lambda: {right})"
            return f"_js.{_LOGICAL_FN[e.op]}({left}, {right})"
        if isinstance(e, Conditional):
            return (
                f"({self.expr(e.then, d)} if _js.truthy({self.expr(e.test, d)}) "
                f"else {self.expr(e.otherwise, d)})"
            )
        if isinstance(e, ArrayLit):
            return "[" + ", ".join(self.item(i, d, "_js.spread_array") for i in e.items) + "]"
        if isinstance(e, ObjectLit):
            return self.object(e, d)
        if isinstance(e, TemplateLit):
            return self.template(e, d)
        if isinstance(e, Arrow):
            raise ExpressionError(
                "an arrow function can only be the callback of an array method ("
                + ", ".join(sorted(CALLBACK_METHODS)) + ")", e.offset)
        raise TypeError(f"not an expression node: {e!r}")

    def arrow(self, e: Arrow, d: int) -> str:
        """A Python lambda taking (item, index, array) as JS would pass them."""
        inner = _Compiler(self.scope.child(e.params), self.member_fn == "_rt.module_function")
        params = "".join(f"{local_name(p)}=_js.UNDEFINED, " for p in e.params)
        return f"(lambda {params}*_a: {inner.expr(e.body, d)})"

    def calls_out(self, e: Any) -> bool:
        """Whether evaluating ``e`` may reach SJS/WXS code or raise, so a short-circuit
        operator must not evaluate it early. Everything else is pure and cheap."""
        if isinstance(e, Call | Arrow):
            return True
        if isinstance(e, Binary) and e.op == "in":
            return True
        if isinstance(e, ArrayLit) and any(isinstance(i, Spread) for i in e.items):
            return True
        if isinstance(e, Name):
            return self.scope.module_ref(e.name) is not None
        if isinstance(e, Member) and self.module_of(e.obj) is not None:
            return True
        for name in getattr(e, "__slots__", ()):
            child = getattr(e, name)
            if isinstance(child, tuple):
                if any(self.calls_out(c) for c in child):
                    return True
            elif hasattr(child, "__slots__") and self.calls_out(child):
                return True
        return False

    def add_chain(self, e: Expr) -> list[Expr]:
        """Left-nested ``a + b + c`` flattened; evaluation stays left to right."""
        terms: list[Expr] = []
        while isinstance(e, Binary) and e.op == "+":
            terms.append(e.right)
            e = e.left
        terms.append(e)
        return terms[::-1]

    def name(self, e: Name) -> str:
        if self.scope.is_local(e.name):
            return local_name(e.name)
        binding = self.scope.module_ref(e.name)
        if binding is not None:
            mid, member = binding if isinstance(binding, tuple) else (binding, None)
            return f"{self.member_fn}(_ctx, {_lit(mid)}, {_lit(member)})"
        return f"_js.get(_d, {_lit(e.name)})"

    def module_of(self, e: Expr) -> str | None:
        """The module id if ``e`` names a whole SJS/WXS module."""
        if isinstance(e, Name) and not self.scope.is_local(e.name):
            binding = self.scope.module_ref(e.name)
            if isinstance(binding, str):
                return binding
        return None

    def module_member(self, mid: str, prop: Expr, d: int) -> str:
        key = prop.value if isinstance(prop, Literal) and type(prop.value) is str else None
        if key is not None:
            return f"{self.member_fn}(_ctx, {_lit(mid)}, {_lit(key)})"
        return (f"{self.member_fn}(_ctx, {_lit(mid)}, "
                f"_js.to_property_key({self.expr(prop, d)}))")

    def args(self, args: tuple[Expr | Spread, ...], d: int) -> str:
        return "[" + ", ".join(self.item(a, d, "_js.spread_array") for a in args) + "]"

    def call(self, e: Call, d: int) -> str:
        callee = e.callee
        if isinstance(callee, Name):
            binding = (
                None if self.scope.is_local(callee.name) else self.scope.module_ref(callee.name)
            )
            if binding is not None:
                # `m(x)` calls a module whose export is itself a function (member None)
                mid, member = binding if isinstance(binding, tuple) else (binding, None)
                return f"_js.call_module(_ctx, {_lit(mid)}, {_lit(member)}, {self.args(e.args, d)})"
            raise ExpressionError(
                f"{callee.name!r} is not a function a template can call "
                "(only SJS/WXS module functions and whitelisted methods)",
                callee.offset,
            )
        if isinstance(callee, Member):
            mod = self.module_of(callee.obj)
            prop = callee.prop
            static = prop.value if isinstance(prop, Literal) and type(prop.value) is str else None
            if mod is not None:
                if static is not None:
                    return (f"_js.call_module(_ctx, {_lit(mod)}, {_lit(static)}, "
                            f"{self.args(e.args, d)})")
                key = f"_js.to_property_key({self.expr(prop, d)})"
                return f"_js.call_module(_ctx, {_lit(mod)}, {key}, {self.args(e.args, d)})"
            if static is None:
                raise ExpressionError("only named methods can be called", prop.offset)
            if static in CALLBACK_METHODS and not (e.args and isinstance(e.args[0], Arrow)):
                raise ExpressionError(
                    f"method {static!r} is not available without an arrow-function callback "
                    f"(`{static}(item => ...)`)", prop.offset)
            if static not in jsvalue.METHODS:
                raise ExpressionError(
                    f"method {static!r} is not available in templates (allowed: "
                    f"{', '.join(sorted(jsvalue.METHODS))})",
                    prop.offset,
                )
            if any(isinstance(a, Spread) for a in e.args):
                raise ExpressionError(
                    "spread arguments are not supported in method calls", e.offset
                )
            recv = self.expr(callee.obj, d)
            args = [self.arrow(a, d) if isinstance(a, Arrow) and static in CALLBACK_METHODS
                    else self.expr(a, d) for a in e.args]
            if any(self.calls_out(a) for a in e.args):
                return (f"_js.method_lazy({recv}, {_lit(static)}, "
                        f"lambda: ({''.join(a + ', ' for a in args)}))")
            return f"_js.method({', '.join([recv, _lit(static), *args])})"
        raise ExpressionError("this value cannot be called", e.offset)

    def unary(self, e: Unary, d: int) -> str:
        operand = e.operand
        if e.op == "-" and isinstance(operand, Literal) and type(operand.value) in (int, float):
            return _literal(jsvalue.neg(operand.value))
        fn = {"!": "not_", "-": "neg", "+": "to_number", "typeof": "typeof"}[e.op]
        return f"_js.{fn}({self.expr(operand, d)})"

    def item(self, i: Expr | Spread, d: int, spread_fn: str) -> str:
        if isinstance(i, Spread):
            return f"*{spread_fn}({self.expr(i.arg, d)})"
        return self.expr(i, d)

    def template(self, e: TemplateLit, d: int) -> str:
        parts = [_lit(e.quasis[0])] if e.quasis[0] else []
        for sub, text in zip(e.exprs, e.quasis[1:], strict=True):
            parts.append(f"_js.to_string({self.expr(sub, d)})")
            if text:
                parts.append(_lit(text))
        if len(parts) <= 1:
            return parts[0] if parts else "''"
        return "''.join((" + ", ".join(parts) + "))"

    def object(self, e: ObjectLit, d: int) -> str:
        parts = []
        for p in e.props:
            if isinstance(p, Spread):
                parts.append(f"**_js.spread_object({self.expr(p.arg, d)})")
            elif p.computed:
                assert not isinstance(p.key, str)
                parts.append(f"_js.to_property_key({self.expr(p.key, d)}): {self.expr(p.value, d)}")
            else:
                parts.append(f"{_lit(p.key)}: {self.expr(p.value, d)}")
        return "{" + ", ".join(parts) + "}"


def compile_ast(e: Expr, scope: Scope) -> str:
    """Python expression source for a parsed expression."""
    return _Compiler(scope).expr(e)


def compile_expression(src: str, scope: Scope, notes: list[tuple[int, str]] | None = None,
                       *, functions: bool = False) -> str:
    """Compile one ``{{ }}`` body to a Python expression string (see the module doc).

    ``notes`` as in ``parse_expression``. ``functions``: read SJS/WXS module members
    through ``_rt.module_function``, which keeps a function as a ``ViewFunction`` (WXS
    event handlers, observers)."""
    return _Compiler(scope, functions).expr(parse_expression(src, notes))


def compile_object_body(src: str, scope: Scope) -> str:
    """Compile a template ``data="{{...a, b, c: 1}}"`` body to a Python dict expression."""
    return compile_ast(parse_object_body(src), scope)
