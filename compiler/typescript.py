"""TypeScript to JavaScript, as the vendor tools' TypeScript compile plugins do: each file
on its own (types stripped; enums, namespaces, parameter properties and, with
``experimentalDecorators``, decorators emitted), ES modules kept for the module step.

The engine is esbuild's transform (``bench/RESULTS.md`` says why), run in the shared
Node worker (:mod:`.node_worker`). Its output is laid back on the ``.ts`` lines
(:mod:`.line_layout`), so diagnostics, ``console`` sources and stack traces name the
``.ts`` file and line. The ``compilerOptions`` that change the emitted code are read
from the project's ``tsconfig.json`` (the app folder or a folder above it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import jsonpos
from .diagnostics import DiagnosticSink
from .line_layout import relayout
from .memo import StepMemo
from .node_worker import EngineError, NodeWorker, ToolError, shared_worker

# compilerOptions that change what a single-file transform emits (esbuild honours these)
_EMIT_OPTIONS = ("experimentalDecorators", "emitDecoratorMetadata", "useDefineForClassFields",
                 "target", "verbatimModuleSyntax", "preserveValueImports",
                 "importsNotUsedAsValues", "alwaysStrict", "jsx", "jsxFactory",
                 "jsxFragmentFactory", "jsxImportSource")

TsMemo = StepMemo[tuple[str, str], tuple["str | None", list[tuple[int, int, str]]]]


def is_typescript(path: str) -> bool:
    """A TypeScript module (declaration files are not modules)."""
    return path.endswith(".ts") and not path.endswith(".d.ts")


def emit_options(root: Path, depth: int = 3) -> dict[str, Any]:
    """The emit-relevant ``compilerOptions`` of the nearest ``tsconfig.json`` at ``root``
    or up to ``depth`` folders above it (a project folder holding the app folder)."""
    folder = root
    for _ in range(depth + 1):
        file = folder / "tsconfig.json"
        if file.is_file():
            try:
                data = jsonpos.loads(_strip_jsonc(file.read_text(encoding="utf-8-sig")))
            except (OSError, ValueError):
                return {}
            options = data.get("compilerOptions") if isinstance(data, dict) else None
            if not isinstance(options, dict):
                return {}
            return {k: options[k] for k in _EMIT_OPTIONS if k in options}
        if folder.parent == folder:
            break
        folder = folder.parent
    return {}


_JSONC = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/|,(?=\s*[}\]])', re.S)


def _strip_jsonc(text: str) -> str:
    """tsconfig.json is JSON with comments and trailing commas: drop those."""
    return _JSONC.sub(lambda m: m.group(1) or "", text)


class TypeScript:
    """Compiles ``.ts`` modules of one app; results are kept by source text in ``memo``
    (a :class:`~fanxing.compiler.build_cache.BuildCache` passes its own)."""

    def __init__(self, options: dict[str, Any] | None = None, memo: TsMemo | None = None,
                 worker: NodeWorker | None = None) -> None:
        self.options = dict(options or {})
        self.memo: TsMemo = memo if memo is not None else StepMemo()
        self.worker = worker
        self._options_key = json.dumps(self.options, sort_keys=True)

    def compile(self, path: str, source: str, sink: DiagnosticSink) -> str | None:
        """JavaScript for ``source`` on the same lines, or None with an error in ``sink``
        (a syntax error at its ``.ts`` line and column, or the engine missing)."""
        code, problems = self.memo.get((self._options_key, source),
                                       lambda: self._transpile(source), label=path)
        for line, col, message in problems:
            sink.error(path, line, col, message)
        return code

    def _transpile(self, source: str) -> tuple[str | None, list[tuple[int, int, str]]]:
        worker = self.worker or shared_worker()
        try:
            out = worker.call("ts", source=source, file="input.ts", tsconfig=self.options)
        except EngineError as exc:
            return None, [(exc.line, exc.col, f"TypeScript: {exc.message}")]
        except ToolError as exc:
            return None, [(1, 1, f"cannot compile TypeScript: {exc}")]
        mappings = json.loads(out["map"]).get("mappings", "")
        return relayout(out["code"], mappings), []
