"""Diagnostics: every problem the compiler finds, with file, line and column."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one source file. ``line`` and ``col`` are 1-based."""

    path: str  # path relative to the app root, with forward slashes
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        """Render as ``path:line:col: severity: message`` (the CLI format). Control
        characters app text may carry (terminal escapes, line breaks that would fake
        another diagnostic) are written as escapes."""
        return (f"{_escape_controls(self.path)}:{self.line}:{self.col}: {self.severity}: "
                f"{_escape_controls(self.message)}")

    def __str__(self) -> str:
        return self.format()


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_controls(text: str) -> str:
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class CompileError(Exception):
    """Raised when a source cannot be compiled; carries at least one error diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


@dataclass
class DiagnosticSink:
    """Collects diagnostics while a project compiles, so one run reports every problem."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, col, "error", message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, col, "warning", message))

    def extend(self, diags: list[Diagnostic]) -> None:
        self.items.extend(diags)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` naming the candidate closest to ``word``, or ``""``.

    Case differences and two swapped letters count as close (``ontap`` → ``onTap``,
    ``tpa`` → ``tap``)."""
    pool = [c for c in dict.fromkeys(candidates) if c != word]
    folded = {c.lower(): c for c in pool}
    if word.lower() in folded:
        return f" (did you mean {folded[word.lower()]!r}?)"
    # two swapped letters (tpa → tap): too short for difflib's ratio to see it
    swapped = [c for low, c in folded.items() if len(low) == len(word) and
               sorted(low) == sorted(word.lower()) and
               sum(a != b for a, b in zip(low, word.lower(), strict=True)) == 2]
    if swapped:
        return f" (did you mean {swapped[0]!r}?)"
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
