"""The only ways app-supplied text enters generated Python source.

Template code generation turns an untrusted app's files into Python that the host
``exec``s, so every piece of app text (paths, template, tag, attribute, module, handler
and class names, literals) must reach the source as a ``repr()``'d literal or as an
identifier built by :func:`fanxing.compiler.expression.local_name`. :func:`literal` and
:func:`comment` are those two doors; :func:`check_lines` is the net under them: a
generated line holding a character Python could read as a line break (``\\n``, ``\\r``,
``\\x0c`` and every other non-printable character) means raw app text slipped through,
and the module is refused instead of run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

#: Python values :func:`literal` writes; ``repr`` of these is a plain literal.
_LITERAL_TYPES = (str, int, float, bool, type(None))


class UnsafeSource(ValueError):
    """Generated source that would carry raw app text (a code generator bug)."""


def literal(value: object) -> str:
    """``value`` as a Python literal: ``str``/``int``/``float``/``bool``/``None`` or a
    tuple of those. Anything else (a ``str`` subclass with its own ``__repr__``, an
    infinite float whose ``repr`` is a name) raises ``TypeError``."""
    if type(value) is tuple:
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if type(value) not in _LITERAL_TYPES:
        raise TypeError(f"not a plain literal: {type(value).__name__}")
    if type(value) is float and not math.isfinite(value):
        raise TypeError(f"{value!r} has no Python literal")
    return repr(value)


def comment(text: str) -> str:
    """A one-line comment quoting ``text`` (``repr`` escapes every line break)."""
    return "# " + literal(str(text))


def check_lines(lines: Iterable[str]) -> None:
    """Raise :class:`UnsafeSource` if a generated line holds a non-printable character.

    ``repr`` escapes every non-printable character, and the generator's own text is
    printable, so such a character can only be raw app text (a line break in a comment
    would start a line of code).
    """
    for number, line in enumerate(lines, 1):
        if not line.isprintable():
            bad = next(c for c in line if not c.isprintable())
            raise UnsafeSource(f"generated line {number} holds raw {bad!r}")
