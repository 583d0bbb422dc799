"""The project loader: find the app root, detect the dialect, list the app's files.

A mini-program project is either Alipay (``mini.project.json``, ``.axml/.acss/.sjs``)
or WeChat (``project.config.json``, ``.wxml/.wxss/.wxs``). Both files may name a
``miniprogramRoot``: the folder that holds ``app.json``. A project that mixes the
two dialects' source files is refused with a diagnostic naming one file of each.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import jsonpos, npm
from .diagnostics import CompileError, Diagnostic, DiagnosticSink

DialectName = Literal["alipay", "wechat"]


@dataclass(frozen=True)
class Dialect:
    """File endings and names of one dialect."""

    name: DialectName
    template: str  # ".axml"
    style: str  # ".acss"
    script_module: str  # ".sjs"
    project_file: str  # "mini.project.json"
    label: str  # "Alipay"

    @property
    def markers(self) -> tuple[str, str, str]:
        return (self.template, self.style, self.script_module)


ALIPAY = Dialect("alipay", ".axml", ".acss", ".sjs", "mini.project.json", "Alipay")
WECHAT = Dialect("wechat", ".wxml", ".wxss", ".wxs", "project.config.json", "WeChat")
DIALECTS: dict[str, Dialect] = {"alipay": ALIPAY, "wechat": WECHAT}

# Folders never part of the app itself. npm folders are read on demand, when a
# component or a require() reaches into them.
_SKIP_DIRS = {"node_modules", "miniprogram_npm", ".git", ".svn", ".hg", "__pycache__"}
# Project-tool files that are not shipped in the package.
_TOOL_FILES = {"project.config.json", "project.private.config.json", "mini.project.json",
               "sitemap.json"}


@dataclass
class Project:
    """A loaded project: where the app is, which dialect, which files."""

    root: Path  # the folder holding app.json
    dialect: Dialect
    files: list[str] = field(default_factory=list)  # posix paths from root, sorted
    project_file: Path | None = None  # mini.project.json / project.config.json, if any
    npm_packages: set[str] = field(default_factory=set)  # npm package folders listed
    # where names left out of the listing are reported (see unsafe_name)
    sink: DiagnosticSink | None = field(default=None, repr=False, compare=False)
    # answers of has(): config, components and styles ask about the same files many times
    _has: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def has(self, rel: str) -> bool:
        """Whether ``rel`` (posix, from the root) is a file of the app or its npm folders."""
        found = self._has.get(rel)
        if found is None:
            found = self._has[rel] = os.path.isfile(f"{self.root}/{rel}")
        return found

    def read(self, rel: str) -> str:
        """The text of ``rel``; undecodable bytes are replaced rather than fatal."""
        return (self.root / rel).read_text(encoding="utf-8", errors="replace")

    def files_with(self, *suffixes: str) -> list[str]:
        """The listed files ending in one of ``suffixes``."""
        return [f for f in self.files if f.endswith(suffixes)]

    def package_files(self) -> list[str]:
        """Files that ship in the package (the listing minus project-tool files)."""
        return [f for f in self.files if f not in _TOOL_FILES]

    def add_tree(self, rel_dir: str) -> None:
        """Add every file under ``rel_dir`` (e.g. an npm package a component lives in)."""
        base = self.root / rel_dir
        known = set(self.files)
        for f in _walk(base, skip=frozenset({".git"}), sink=self.sink, prefix=rel_dir + "/"):
            rel = f"{rel_dir}/{f}"
            if rel not in known:
                self.files.append(rel)
        self.files.sort()


def find_app_root(path: str | os.PathLike[str]) -> tuple[Path, Path | None]:
    """The folder holding ``app.json`` for a project folder, and the project file used.

    ``path`` may be the app folder itself or a project folder whose
    ``mini.project.json`` / ``project.config.json`` names ``miniprogramRoot``.
    Raises ``CompileError`` when there is no app there.
    """
    base = Path(path)
    if not base.is_dir():
        raise CompileError(Diagnostic(str(path), 1, 1, "error", "not a folder"))
    for dialect in (ALIPAY, WECHAT):
        pf = base / dialect.project_file
        if not pf.is_file():
            continue
        sub = _miniprogram_root(pf)
        if sub:
            root = (base / sub).resolve()
            if not (root / "app.json").is_file():
                raise CompileError(Diagnostic(
                    dialect.project_file, 1, 1, "error",
                    f"miniprogramRoot {sub!r} has no app.json"))
            return root, pf
        if (base / "app.json").is_file():
            return base.resolve(), pf
    if (base / "app.json").is_file():
        return base.resolve(), None
    raise CompileError(Diagnostic(
        "app.json", 1, 1, "error",
        f"no app.json in {base} (and no mini.project.json / project.config.json "
        "naming a miniprogramRoot)"))


def _miniprogram_root(project_file: Path) -> str | None:
    # A broken project file must not stop a build: the tools ignore it too.
    try:
        data = jsonpos.loads(project_file.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    sub = data.get("miniprogramRoot") if isinstance(data, dict) else None
    if isinstance(sub, str) and sub.strip("./"):
        return sub
    return None


#: Characters no app file name may hold: controls (line breaks would let a name act as
#: code or fake output lines), undecodable bytes (surrogate escapes), line/paragraph
#: separators and bidi overrides (names that display as other names).
_UNSAFE_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def unsafe_name(name: str) -> str | None:
    """The first character of a file or folder name the loader refuses, or None."""
    for c in name:
        if c in _BIDI or unicodedata.category(c) in _UNSAFE_CATEGORIES:
            return c
    return None


def printable_path(path: str) -> str:
    """``path`` with every refused character written as an escape (for diagnostics)."""
    return "".join(c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   if unsafe_name(c) else c for c in path)


def _walk(base: Path, skip: frozenset[str] = frozenset(_SKIP_DIRS),
          sink: DiagnosticSink | None = None, prefix: str = "") -> list[str]:
    """Files under ``base`` (posix, relative); names with refused characters are left
    out and reported to ``sink`` (``prefix`` is ``base`` relative to the app root)."""
    out: list[str] = []

    def refuse(rel: str, kind: str) -> None:
        bad = unsafe_name(rel) or "?"
        if sink is not None:
            sink.error(printable_path(prefix + rel), 1, 1,
                       f"{kind} name holds the character U+{ord(bad):04X}, which app file "
                       "names may not hold; it is left out of the app")

    for dirpath, dirnames, filenames in os.walk(base):
        rel = os.path.relpath(dirpath, base).replace(os.sep, "/")
        here = "" if rel == "." else rel + "/"
        kept = []
        for d in sorted(d for d in dirnames if d not in skip and not d.startswith(".")):
            if unsafe_name(d):
                refuse(here + d, "folder")
            else:
                kept.append(d)
        dirnames[:] = kept
        for f in filenames:
            if f.startswith("."):
                continue
            if unsafe_name(f):
                refuse(here + f, "file")
            else:
                out.append(here + f)
    out.sort()
    return out


def detect_dialect(files: list[str], project_file: Path | None, sink: DiagnosticSink
                   ) -> Dialect:
    """The dialect of a listing; a mixed listing is a fatal ``CompileError``.

    Source endings decide. Without any template/style/script-module file the project
    file decides, and without that the project is taken as WeChat (with a warning).
    """
    found: dict[str, list[str]] = {"alipay": [], "wechat": []}
    for f in files:
        for d in (ALIPAY, WECHAT):
            if f.endswith(d.markers):
                found[d.name].append(f)
    if found["alipay"] and found["wechat"]:
        a, w = found["alipay"], found["wechat"]
        minority = a if len(a) < len(w) else w
        msg = (f"project mixes Alipay files ({len(a)}, e.g. {a[0]}) and WeChat files "
               f"({len(w)}, e.g. {w[0]}); a project must use one dialect")
        raise CompileError(Diagnostic(minority[0], 1, 1, "error", msg))
    if found["alipay"]:
        return ALIPAY
    if found["wechat"]:
        return WECHAT
    if project_file is not None:
        return ALIPAY if project_file.name == ALIPAY.project_file else WECHAT
    sink.warning("app.json", 1, 1, "no .axml/.wxml/.acss/.wxss files: assuming WeChat")
    return WECHAT


def load_project(path: str | os.PathLike[str], sink: DiagnosticSink | None = None
                 ) -> Project:
    """Find the app root under ``path``, list its files and detect its dialect.

    Raises ``CompileError`` when there is no app or the project mixes dialects.
    """
    sink = sink if sink is not None else DiagnosticSink()
    root, project_file = find_app_root(path)
    files = _walk(root, sink=sink)
    dialect = detect_dialect(files, project_file, sink)
    return Project(root=root, dialect=dialect, files=files, project_file=project_file,
                   sink=sink)


def _norm(rel: str) -> str | None:
    """Normalize a posix path relative to the root; None if it escapes the root."""
    parts: list[str] = []
    for p in rel.split("/"):
        if p in ("", "."):
            continue
        if p == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(p)
    return "/".join(parts)


def resolve_component(project: Project, from_dir: str, request: str) -> str | None:
    """Resolve a ``usingComponents`` value to a component path (no extension).

    ``from_dir`` is the folder (posix, from the root) of the .json file that names it.
    ``/a/b`` is from the app root, ``./a`` and ``../a`` and bare ``a/b`` from
    ``from_dir``; a bare request not found there is an npm package, looked up as the
    tools' "build npm" step would (:mod:`fanxing.compiler.npm`) in ``miniprogram_npm`` /
    ``node_modules`` of ``from_dir`` and each folder above it. Each candidate ``p`` is
    ``p`` itself or ``p/index``. The package folder holding a component that is found
    is added to the project's file listing. Returns ``None`` if nothing matches.
    """
    request = request.strip()
    path = _norm(request) if request.startswith("/") else _norm(f"{from_dir}/{request}")
    found = _component_at(project, path)
    if found is None and path is not None:  # into a miniprogram_npm never built
        for cand in npm.built_path(project.root, path, project.dialect.name):
            found = _component_at(project, cand)
            if found is not None:
                _list_package_folder(project, found)
                return found
    if found is not None or request.startswith((".", "/")):
        return found
    name, sub = npm.split_request(request)
    for store, pkg in npm.package_dirs(project.root, from_dir, name):
        for base in npm.package_bases(project.root, pkg, store, project.dialect.name):
            found = _component_at(project, _norm(f"{base}/{sub}"))
            if found is not None:
                _add_folder(project, npm.listed_folder(store, pkg, base, found))
                return found
    return None


def _add_folder(project: Project, folder: str) -> None:
    if folder not in project.npm_packages:
        project.npm_packages.add(folder)
        project.add_tree(folder)


def _list_package_folder(project: Project, path: str) -> None:
    """List the built folder of the ``node_modules`` package holding component ``path``."""
    parts = path.split("/")
    i = parts.index("node_modules")
    end = i + 3 if parts[i + 1].startswith("@") else i + 2
    pkg = "/".join(parts[:end])
    bases = npm.package_bases(project.root, pkg, "node_modules", project.dialect.name)
    base = next(b for b in bases if path.startswith(b + "/"))
    _add_folder(project, npm.listed_folder("node_modules", pkg, base, path))


def _component_at(project: Project, cand: str | None) -> str | None:
    if cand is None:
        return None
    for path in (cand, f"{cand}/index" if cand else "index"):
        if _is_component(project, path):
            return path
    return None


def _is_component(project: Project, path: str) -> bool:
    return project.has(path + project.dialect.template) or project.has(path + ".js")
