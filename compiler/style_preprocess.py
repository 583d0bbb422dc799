"""Less and Sass/SCSS stylesheets compiled to plain ACSS/WXSS before the style step, as the
vendor tools' compile plugins do (``index.less`` is the page's ``index.wxss``).

The engines are the reference ``less`` compiler and dart-sass, run in the shared Node
worker (:mod:`.node_worker`; ``bench/RESULTS.md`` says why these). They read the files
a stylesheet ``@import``s themselves, only from inside the project. A result is kept
by the stylesheet's text and the texts of everything it imported, so a rebuild compiles
again only a stylesheet whose own or imported text changed. Errors name the file, line
and column of the Less/Sass source.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import DiagnosticSink
from .node_worker import EngineError, NodeWorker, ToolError, shared_worker

#: preprocessed stylesheet endings and the worker op (and Sass syntax) for each
PREPROCESSED = {".less": ("less", None), ".scss": ("sass", "scss"), ".sass": ("sass", "indented")}


def preprocessed_ending(rel: str) -> str | None:
    """The preprocessor ending of ``rel`` (``".less"``…), or None for plain CSS."""
    ext = os.path.splitext(rel)[1].lower()
    return ext if ext in PREPROCESSED else None


@dataclass
class _Result:
    source: str
    imports: dict[str, str]  # absolute path -> text it had
    css: str | None
    problems: list[tuple[str, int, int, str]]  # (rel path, line, col, message)


@dataclass
class StylePreprocessor:
    """Compiles the Less/Sass files of one app (``root``); ``roots`` are the folders an
    ``@import`` may read (the app and its project folder). Keep one across builds for
    incremental rebuilds: :attr:`computed` lists what the current build compiled."""

    root: Path
    roots: list[Path] = field(default_factory=list)
    worker: NodeWorker | None = None
    computed: list[str] = field(default_factory=list)
    _results: dict[str, _Result] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    def begin(self, root: Path, roots: list[Path]) -> None:
        """Start a build (another app forgets every result)."""
        if root != self.root:
            self._results.clear()
        self.root, self.roots = root, roots
        self.computed, self._used = [], set()

    def finish(self) -> None:
        """Forget results of files the build no longer compiled."""
        self._results = {k: v for k, v in self._results.items() if k in self._used}

    def compile(self, rel: str, source: str, sink: DiagnosticSink) -> str | None:
        """Plain CSS for the Less/Sass file ``rel`` (posix, from the root) with text
        ``source``, or None with the engine's error in ``sink``."""
        self._used.add(rel)
        result = self._results.get(rel)
        if result is None or result.source != source or not _unchanged(result.imports):
            result = self._results[rel] = self._compile(rel, source)
            self.computed.append(rel)
        for path, line, col, message in result.problems:
            sink.error(path, line, col, message)
        return result.css

    def _compile(self, rel: str, source: str) -> _Result:
        op, syntax = PREPROCESSED[preprocessed_ending(rel) or ".less"]
        file = self.root / rel
        roots = [str(r) for r in (self.roots or [self.root])]
        worker = self.worker or shared_worker()
        try:
            out = worker.call(op, source=source, file=str(file), syntax=syntax, roots=roots)
        except EngineError as exc:
            where = self._relative(exc.file) or rel
            return _Result(source, {}, None, [(where, exc.line, exc.col, exc.message)])
        except ToolError as exc:
            return _Result(source, {}, None, [(rel, 1, 1, f"cannot compile {rel}: {exc}")])
        imports = {}
        for path in out.get("imports") or []:
            imported = Path(path)
            if imported != file:
                imports[str(imported)] = _read(imported)
        return _Result(source, imports, out["css"], [])

    def _relative(self, file: str | None) -> str | None:
        if not file:
            return None
        try:
            return Path(file).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return file


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _unchanged(imports: dict[str, str]) -> bool:
    return all(_read(Path(p)) == text for p, text in imports.items())
