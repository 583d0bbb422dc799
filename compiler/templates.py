"""Front door of the template compiler: a set of AXML/WXML files → render functions.

Pipeline per file: :mod:`template_parser` (source → element tree with offsets) →
:mod:`template_ir` (directives) → :mod:`template_codegen` (Python source). This module
links the files: it checks import/include targets and cycles, inlines includes,
reports every problem as a :class:`~fanxing.compiler.diagnostics.Diagnostic`, and
loads the generated modules lazily when a file is first rendered.

Rules carried here:

* ``<import src>`` is not transitive: a file sees the templates defined in the files
  it imports, not what those import. Its own definitions win over imported ones.
* ``<include src>`` inlines the target's body (not its template definitions or
  modules); the templates visible to included content (the included file's own and
  imported ones) are visible to the including file too, below its own.
* A file with any error renders nothing and exports no templates; other files still
  compile. An include of a broken file renders nothing.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import CodeType, SimpleNamespace
from typing import Any, Literal, Protocol

from .diagnostics import Diagnostic, DiagnosticSink
from .memo import StepMemo
from .pysource import UnsafeSource, literal
from .render_tree import Node
from .template_codegen import FAILED_MODULE, generate_module, module_bindings
from .template_ir import FileIR, Loc, build_ir
from .template_parser import LineMap, parse_template

Dialect = Literal["alipay", "wechat"]

__all__ = ["RenderContext", "TemplateMemo", "TemplateSet", "compile_template_set"]

# an error or warning as the compiler reports it: (path, offset, message, severity)
_Call = tuple[str, int, str, str]


class RenderContext(Protocol):
    """What render functions need from the view layer: SJS/WXS module access.

    ``module_id`` is the resolved module path (``utils/format.sjs``) or
    ``file.wxml#name`` for an inline module (source in ``TemplateSet.inline_modules``).
    """

    def call_module(self, module_id: str, member: str, args: list[Any]) -> Any: ...

    def module_member(self, module_id: str, member: str) -> Any: ...


@dataclass
class TemplateSet:
    """Compiled templates: Python source per template file plus link metadata.

    ``meta[path]`` holds ``modules`` (``{name: module_id | [module_id, export]}``),
    ``visible`` (files whose templates this file sees, lowest precedence first) and
    ``failed``. ``sources`` and ``meta`` are plain JSON-ready data, so a build folder
    can store them and :meth:`from_sources` loads them back without the templates.
    """

    dialect: Dialect
    sources: dict[str, str]
    meta: dict[str, dict[str, Any]]
    inline_modules: dict[str, str] = field(default_factory=dict)
    _loaded: dict[str, SimpleNamespace] = field(default_factory=dict, repr=False)
    _code: dict[str, CodeType] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def from_sources(cls, sources: Mapping[str, str],
                     meta: Mapping[str, Any] | None = None) -> TemplateSet:
        """Rebuild from the ``sources`` of an earlier build.

        Each generated source starts with a ``# fanxing-template-meta:`` JSON line, so
        ``meta`` (the ``to_meta()`` output) is optional.
        """
        if meta is None:
            meta = _meta_from_sources(sources)
        files = dict(meta["files"])
        return cls(meta["dialect"], dict(sources), files, dict(meta.get("inline_modules", {})))

    def to_meta(self) -> dict[str, Any]:
        """JSON-ready metadata that, with ``sources``, reloads this set."""
        return {"dialect": self.dialect, "files": self.meta,
                "inline_modules": self.inline_modules}

    @property
    def paths(self) -> list[str]:
        return sorted(self.sources)

    def failed(self, path: str) -> bool:
        return bool(self.meta[path]["failed"])

    def modules_for(self, path: str) -> dict[str, str]:
        """``{name: module_id}`` of the WXS/SJS modules a template file uses."""
        out = {}
        for name, binding in self.meta[path]["modules"].items():
            out[name] = binding if isinstance(binding, str) else binding[0]
        return out

    def template_names(self, path: str) -> list[str]:
        """Names of the ``<template name>`` definitions visible in ``path``."""
        return sorted(self._module(path)._T)

    def render(self, path: str, data: Mapping[str, Any], ctx: RenderContext) -> list[Node]:
        """Render template file ``path`` over ``data``; a file that failed renders ``[]``."""
        return self._module(path).render(data, ctx)

    def render_function(self, path: str) -> Any:
        """The compiled ``render(data, ctx)`` of ``path`` (skip the lookup in hot loops)."""
        return self._module(path).render

    def load_all(self) -> None:
        """Compile every generated module now instead of on first render."""
        for path in self.sources:
            self._module(path)

    def _module(self, path: str) -> SimpleNamespace:
        mod = self._loaded.get(path)
        if mod is not None:
            return mod
        if path not in self.sources:
            raise KeyError(f"no template {path!r} in this TemplateSet")
        with self._lock:
            return self._load(path)

    def _load(self, path: str) -> SimpleNamespace:
        mod = self._loaded.get(path)
        if mod is not None:
            return mod
        ns: dict[str, Any] = {"__name__": f"fanxing_template:{path}"}
        code = self._code.pop(path, None)
        if code is None:
            code = compile(self.sources[path], _code_name(path), "exec")
        exec(code, ns)
        mod = SimpleNamespace(**ns)
        mod._T = ns["_T"]  # the dict the module's functions read
        self._loaded[path] = mod  # before linking: imports may be cyclic
        table: dict[str, Any] = {}
        for dep in self.meta[path]["visible"]:
            if dep in self.sources and dep != path:
                table.update(self._load(dep).TEMPLATES)
        table.update(ns["TEMPLATES"])
        mod._T.update(table)
        return mod


META_PREFIX = "# fanxing-template-meta: "


def _code_name(path: str) -> str:
    """The file name compiled template code reports (no NUL or line break from the app)."""
    return f"<template {literal(path)[1:-1]}>"
MAX_DIAGNOSTICS_PER_FILE = 100


def _meta_from_sources(sources: Mapping[str, str]) -> dict[str, Any]:
    files: dict[str, Any] = {}
    inline: dict[str, str] = {}
    dialect = "wechat"
    for path, src in sources.items():
        first = src.split("\n", 1)[0]
        if not first.startswith(META_PREFIX):
            raise ValueError(f"TemplateSet.from_sources: {path!r} has no {META_PREFIX.strip()} line")
        entry = json.loads(first[len(META_PREFIX):])
        dialect = entry.pop("dialect", dialect)
        inline.update(entry.pop("inline_modules", {}))
        files[path] = entry
    return {"dialect": dialect, "files": files, "inline_modules": inline}


class TemplateMemo:
    """Per-file work of earlier template compiles, reused when its inputs are unchanged.

    Three steps are kept, each with the problems it reported (replayed in order, so the
    diagnostics are the same as compiling afresh): parsing a file to its IR (keyed by
    path, source and the listing of template and module files, which decides whether
    targets exist), generating its Python source (keyed by the sources of the file and
    of every file it includes, transitively) and compiling that source.
    """

    def __init__(self) -> None:
        self.irs: StepMemo[tuple[Any, ...], tuple[FileIR, list[_Call]]] = StepMemo()
        self.generated: StepMemo[tuple[Any, ...], tuple[str, list[_Call]]] = StepMemo()
        self.code: StepMemo[tuple[str, str], tuple[CodeType | None, list[_Call]]] = StepMemo()
        self._listing: tuple[Any, ...] | None = None

    def listing(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """``key`` itself, or the equal one kept from before (so later lookups compare by
        identity instead of comparing every file name again)."""
        if self._listing != key:
            self._listing = key
        return self._listing

    @property
    def steps(self) -> tuple[StepMemo[Any, Any], ...]:
        return (self.irs, self.generated, self.code)


class _Compiler:
    def __init__(self, files: Mapping[str, str], dialect: Dialect, sink: DiagnosticSink,
                 root_files: Collection[str] | None, memo: TemplateMemo | None = None):
        self.files = files
        self.memo = memo
        self.include_targets: dict[str, list[str]] = {}
        self.dialect: Dialect = dialect
        self.sink = sink
        self.module_files = set(root_files) if root_files is not None else None
        self.lines: dict[str, LineMap] = {}
        self.irs: dict[str, FileIR] = {}
        self.failed: set[str] = set()
        self.reported: set[tuple[str, int, str]] = set()
        self.counts: dict[str, int] = {}
        self.pending: list[Diagnostic] = []  # sorted by position before they reach the sink

    def error(self, path: str, offset: int, message: str, severity: str = "error") -> None:
        if (path, offset, message) in self.reported:
            return
        self.reported.add((path, offset, message))
        count = self.counts[path] = self.counts.get(path, 0) + 1
        if count > MAX_DIAGNOSTICS_PER_FILE:
            if severity == "error":
                self.failed.add(path)
            if count == MAX_DIAGNOSTICS_PER_FILE + 1:
                self.pending.append(Diagnostic(path, 1, 1, "error",
                                               "too many problems; the rest are not shown"))
            return
        line, col = self.lines[path].line_col(offset) if path in self.lines else (1, 1)
        self.pending.append(Diagnostic(path, line, col, severity, message))  # type: ignore[arg-type]
        if severity == "error":
            self.failed.add(path)

    def replay(self, calls: list[_Call]) -> None:
        for path, offset, message, severity in calls:
            self.error(path, offset, message, severity)

    def recorder(self, calls: list[_Call]) -> Any:
        """A ``report(path, offset, message[, severity])`` that reports and records."""
        def report(path: str, offset: int, message: str, severity: str = "error") -> None:
            calls.append((path, offset, message, severity))
            self.error(path, offset, message, severity)
        return report

    def run(self) -> TemplateSet:
        listing = (self.dialect, frozenset(self.files),
                   None if self.module_files is None else frozenset(self.module_files))
        if self.memo is not None:
            listing = self.memo.listing(listing)
        for path in sorted(self.files):
            src = self.files[path]
            self.lines[path] = LineMap(src)
            if self.memo is None:
                ir, _ = self.parse(path, src, self.error)
            else:
                ir, calls = self.memo.irs.get((path, src, listing),
                                              lambda p=path, s=src: self.parse(p, s, None))
                self.replay(calls)
            self.include_targets[path] = [t for t, _ in ir.includes]
            # check_cycles drops edges from self.irs: keep the memo's IR as it was
            self.irs[path] = copy.copy(ir) if self.memo is not None else ir
        self.check_cycles()
        sources: dict[str, str] = {}
        # first without includes: every file reports its own expression errors once
        for path, ir in self.irs.items():
            sources[path] = self.generate_step(ir, False, listing)
        for path, ir in self.irs.items():
            if ir.includes and path not in self.failed:
                sources[path] = self.generate_step(ir, True, listing)
        codes = {path: self.compile_step(path, src) for path, src in sources.items()
                 if path not in self.failed}
        meta: dict[str, dict[str, Any]] = {}
        inline: dict[str, str] = {}
        for path, ir in self.irs.items():
            failed = path in self.failed
            modules = {n: (b if isinstance(b, str) else list(b))
                       for n, b in module_bindings(ir).items()}
            meta[path] = {"modules": {} if failed else modules,
                          "visible": [] if failed else self.visible(path), "failed": failed}
            own_inline = {m.module_id: m.inline_source for m in ir.modules
                          if m.inline_source is not None and not failed}
            inline.update(own_inline)
            line = json.dumps({"dialect": self.dialect, **meta[path],
                               "inline_modules": own_inline}, ensure_ascii=True)
            sources[path] = META_PREFIX + line + "\n" + (FAILED_MODULE if failed else sources[path])
            if failed:
                codes.pop(path, None)
        self.sink.extend(sorted(self.pending, key=lambda d: (d.path, d.line, d.col)))
        ts = TemplateSet(self.dialect, sources, meta, inline)
        ts._code.update(codes)  # already compiled: the first render need not compile again
        return ts

    def parse(self, path: str, src: str, report: Any) -> tuple[FileIR, list[_Call]]:
        """Source → IR and the problems found (sent to ``report`` too, if given)."""
        calls: list[_Call] = []

        def error(offset: int, message: str, severity: str = "error") -> None:
            calls.append((path, offset, message, severity))
            if report is not None:
                report(path, offset, message, severity)

        try:
            doc = parse_template(src)
            for e in doc.errors:
                error(e.offset, e.message, e.severity)
            ir = build_ir(doc, path, self.dialect, files=self.files,
                          module_files=self.module_files)
        except RecursionError:
            error(0, "template is nested too deeply")
            ir = FileIR(path)
        for offset, message in ir.errors:
            error(offset, message)
        for offset, message in ir.warnings:
            error(offset, message, "warning")
        return ir, calls

    def generate_step(self, ir: FileIR, include: bool, listing: tuple[Any, ...]) -> str:
        if self.memo is None:
            return self.generate(ir, include, self.error)
        # what generation reads: the sources of the files it inlines, and which of them
        # are broken (those inline nothing)
        closure = [ir.path]
        if include:
            for path in closure:
                closure.extend(t for t in self.include_targets[path]
                               if t in self.irs and t not in closure)
        key = (include, listing, tuple((p, self.files[p], p in self.failed) for p in closure))

        def compute() -> tuple[str, list[_Call]]:
            calls: list[_Call] = []
            return self.generate(ir, include, self.recorder(calls)), calls

        (source, calls), computed = self.memo.generated.fetch(key, compute)
        if not computed:  # reported while computing; from the memo, report it again
            self.replay(calls)
        return source

    def compile_step(self, path: str, source: str) -> CodeType | None:
        if self.memo is None:
            return self.compile(path, source, self.error)

        def compute() -> tuple[CodeType | None, list[_Call]]:
            calls: list[_Call] = []
            return self.compile(path, source, self.recorder(calls)), calls

        (code, calls), computed = self.memo.code.fetch((path, source), compute)
        if not computed:
            self.replay(calls)
        return code

    def generate(self, ir: FileIR, include: bool, report: Any) -> str:
        def lookup(target: str) -> FileIR | None:
            if not include or target in self.failed:
                return None
            return self.irs.get(target)

        try:
            return generate_module(ir, self.lines, report, lookup)
        except RecursionError:
            report(ir.path, 0, "template is nested too deeply to compile")
            return FAILED_MODULE
        except UnsafeSource as e:  # a generator bug caught by the net: never run it
            report(ir.path, 0, f"cannot generate safe code for this template ({e}); "
                               "please report this fanxing bug")
            return FAILED_MODULE

    def compile(self, path: str, source: str, report: Any) -> CodeType | None:
        """Compile generated code (with the meta line the build stores, for line numbers)."""
        try:
            return compile("#\n" + source, _code_name(path), "exec")
        except (RecursionError, MemoryError):
            report(path, 0, "template is nested too deeply to compile")
            return None
        except SyntaxError as e:
            if "nested" in str(e.msg) or "too many" in str(e.msg):
                # Python's own limits: about 100 indented blocks, 20 nested loops
                report(path, 0, "template is nested too deeply to compile")
            else:
                report(path, 0, f"cannot compile the generated code ({e.msg}); "
                                "please report this fanxing bug")
            return None

    def edges(self, path: str) -> list[tuple[str, Loc, str]]:
        ir = self.irs[path]
        return ([(t, loc, "import") for t, loc in ir.imports]
                + [(t, loc, "include") for t, loc in ir.includes])

    def check_cycles(self) -> None:
        """Report every import/include edge that closes a cycle, and drop it."""
        state: dict[str, int] = {}  # 1 on the stack, 2 done

        def visit(path: str, stack: list[str]) -> None:
            state[path] = 1
            stack.append(path)
            ir = self.irs[path]
            for target, loc, kind in self.edges(path):
                if not target or target not in self.irs:
                    continue
                if state.get(target) == 1:
                    cycle = " → ".join(stack[stack.index(target):] + [target])
                    self.error(path, loc.offset, f"{kind} cycle: {cycle}")
                    ir.imports = [e for e in ir.imports if e[1] is not loc]
                    ir.includes = [e for e in ir.includes if e[1] is not loc]
                elif target not in state:
                    visit(target, stack)
            stack.pop()
            state[path] = 2

        for path in sorted(self.irs):
            if path not in state:
                visit(path, [])

    def visible(self, path: str) -> list[str]:
        """Files whose templates ``path`` sees, lowest precedence first (not itself)."""
        out: list[str] = []
        seen = {path}

        def included(p: str) -> None:
            for target, _ in self.irs[p].includes:
                if target in self.irs and target not in seen:
                    seen.add(target)
                    included(target)
                    out.extend(t for t, _ in self.irs[target].imports if t in self.irs)
                    out.append(target)

        included(path)
        out.extend(t for t, _ in self.irs[path].imports if t in self.irs)
        return [p for p in dict.fromkeys(out) if p != path and p not in self.failed]


def compile_template_set(files: Mapping[str, str], dialect: Dialect, sink: DiagnosticSink, *,
                         root_files: Collection[str] | None = None,
                         memo: TemplateMemo | None = None) -> TemplateSet:
    """Compile every template in ``files`` (``{'pages/index/index.wxml': source}``).

    Paths are relative to the app root with forward slashes and the dialect's
    extension. ``root_files``, when given, lists every file under the app root (any
    extension) and is used to check that ``<wxs src>`` / ``<import-sjs from>`` targets
    exist. Problems go to ``sink``; a file with errors renders nothing, and never
    stops the others from compiling. ``memo`` (kept from an earlier compile of the same
    app) skips the per-file work whose inputs did not change; the result is the same.
    """
    if dialect not in ("alipay", "wechat"):
        raise ValueError(f"compile_template_set: dialect must be 'alipay' or 'wechat', "
                         f"got {dialect!r}")
    return _Compiler(files, dialect, sink, root_files, memo).run()
