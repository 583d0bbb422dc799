"""Compiled apps kept on disk, so a new process does not compile an unchanged app again.

``CompileCache.open(path, sink, compile)`` answers a project with the ``CompiledApp`` an
earlier process stored for exactly the same inputs, else compiles it and stores the
result. The key is a SHA-256 over:

* the contents (and names) of every file under the project folder (the app folder, or
  the folder of ``project.config.json`` / ``mini.project.json`` above it; version-control
  folders and ``__pycache__`` left out), npm folders included, and each
  ``tsconfig.json`` the TypeScript step may read above it;
* the app's absolute path (a ``CompiledApp`` knows its root);
* the compiler itself (the contents of every file of ``fanxing.compiler``), the build
  format, the Python version and the Node settings (``FANXING_NODE``,
  ``FANXING_NODE_TOOLS``).

Never modification times: a file saved twice in a second, or restored by ``git
checkout``, still changes the key. Only builds without errors are stored (an app with
errors is being edited, and an error may come from the machine: Node missing).

An entry is one file, written atomically: a header with the key and a SHA-256 of the
payload, then the payload, ``marshal`` data holding the manifest of
:func:`~fanxing.compiler.build_output.app_manifest`, its texts, the diagnostics the
compile reported (replayed into the sink in the same order) and the code objects of
the generated templates (the compiler's own output: app text in them is only ever a
quoted literal, ``fanxing.compiler.pysource``). A damaged, truncated or foreign entry
is ignored and the app compiled again; the cache can never fail a build.

Where: ``$FANXING_CACHE_DIR/compiled``, else ``$XDG_CACHE_HOME/fanxing/compiled``, else
``~/.cache/fanxing/compiled``. ``FANXING_COMPILE_CACHE=0`` turns it off. The oldest
entries beyond ``MAX_ENTRIES`` are removed when one is stored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import marshal
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from types import CodeType

from .build_output import BUILD_VERSION, CompiledApp, app_from_manifest, app_manifest
from .diagnostics import CompileError, Diagnostic, DiagnosticSink
from .project import find_app_root

log = logging.getLogger("fanxing.compile_cache")

FORMAT = b"fanxing-compiled 1\n"
MAX_ENTRIES = 200
# Folders whose files never reach a build (the project walk skips them too).
_SKIP = frozenset({".git", ".svn", ".hg", "__pycache__"})
_TSCONFIG_DEPTH = 3  # typescript.emit_options looks this many folders above the app

Compile = Callable[[str | os.PathLike[str], DiagnosticSink], CompiledApp]


def cache_dir() -> Path:
    """fanxing's cache folder: ``$FANXING_CACHE_DIR``, ``$XDG_CACHE_HOME/fanxing`` or
    ``~/.cache/fanxing``."""
    own = os.environ.get("FANXING_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "fanxing"


def default_cache() -> CompileCache | None:
    """The user's compile cache (one per folder and process, so its memory layer is
    shared), or None when ``FANXING_COMPILE_CACHE=0``."""
    if os.environ.get("FANXING_COMPILE_CACHE", "1").strip().lower() in ("0", "off", "no",
                                                                          "false"):
        return None
    return _cache_at(cache_dir() / "compiled")


@functools.cache
def _cache_at(folder: Path) -> CompileCache:
    return CompileCache(folder)


@functools.cache
def _compiler_digest() -> bytes:
    """What makes this compiler's output what it is: its files, the build format, the
    Python version (code objects are per version)."""
    h = hashlib.sha256(f"{BUILD_VERSION}|{sys.implementation.cache_tag}|"
                       f"{sys.version}".encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(here).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def _walk(base: Path) -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP)
        out += [Path(folder, f) for f in sorted(files)]
    return out


def app_key(path: str | os.PathLike[str]) -> str:
    """The cache key of the project at ``path`` (see the module docstring). Raises
    ``CompileError`` when there is no app there, ``OSError`` when a file cannot be read."""
    root, project_file = find_app_root(path)
    base = root
    if project_file is not None and project_file.parent in root.parents:
        base = project_file.parent
    h = hashlib.sha256(_compiler_digest())
    for name in ("FANXING_NODE", "FANXING_NODE_TOOLS"):
        h.update(f"{name}={os.environ.get(name, '')}\0".encode())
    h.update(f"root={root}\0base={base}\0".encode())
    for file in _walk(base):
        h.update(b"F" + os.fsencode(file.relative_to(base)) + b"\0")
        h.update(hashlib.sha256(file.read_bytes()).digest())
    folder = base
    for _ in range(_TSCONFIG_DEPTH + 1):
        folder = folder.parent
        tsconfig = folder / "tsconfig.json"
        if tsconfig.is_file():
            h.update(b"T" + os.fsencode(tsconfig) + b"\0")
            h.update(hashlib.sha256(tsconfig.read_bytes()).digest())
    return h.hexdigest()


class CompileCache:
    """Compiled apps under ``folder``, one file per key, and the last ``MEMORY`` of them
    in memory (the test suite launches the same samples many times: the same
    ``CompiledApp`` serves them all, as ``fanxing.testing.launch(app)`` allows).
    ``hits`` (``memory_hits`` of them from memory), ``misses`` and ``stored`` count what
    this instance did."""

    MEMORY = 32

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.hits = self.memory_hits = self.misses = self.stored = 0
        self._memory: OrderedDict[str, tuple[CompiledApp, list[Diagnostic]]] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, path: str | os.PathLike[str], sink: DiagnosticSink | None,
             compile: Compile) -> CompiledApp:
        """The app at ``path`` from the cache, its diagnostics replayed into ``sink``;
        else ``compile(path, sink)``, stored when it has no errors."""
        sink = sink if sink is not None else DiagnosticSink()
        try:
            key = app_key(path)
        except (CompileError, OSError, ValueError):
            return compile(path, sink)  # no app there, or unreadable: let the compiler say
        with self._lock:
            cached = self._memory.get(key)
            if cached is not None:
                self._memory.move_to_end(key)
                self.memory_hits += 1
        if cached is None:
            cached = self.load(key)
        if cached is not None:
            self.hits += 1
            self._remember(key, cached)
            sink.extend(cached[1])
            return cached[0]
        self.misses += 1
        start = len(sink.items)
        app = compile(path, sink)
        if app.ok:
            reported = sink.items[start:]
            self.store(key, app, reported)
            self._remember(key, (app, reported))
        return app

    def _remember(self, key: str, entry: tuple[CompiledApp, list[Diagnostic]]) -> None:
        with self._lock:
            self._memory[key] = entry
            self._memory.move_to_end(key)
            while len(self._memory) > self.MEMORY:
                self._memory.popitem(last=False)

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.fxc"

    def load(self, key: str) -> tuple[CompiledApp, list[Diagnostic]] | None:
        """The app stored under ``key`` and the diagnostics its compile reported, or None
        (absent, damaged or not ours)."""
        entry = self._entry(key)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        try:
            return _decode(data, key)
        except Exception as e:  # any damage: compile again (and overwrite it)
            log.warning("ignoring compile cache entry %s: %s: %s", entry, type(e).__name__, e)
            return None

    def store(self, key: str, app: CompiledApp, reported: list[Diagnostic]) -> None:
        """Store ``app`` under ``key`` (atomically; a failure only logs)."""
        try:
            data = _encode(key, app, reported)
            entry = self._entry(key)
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".fxc")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self.stored += 1
            self._prune()
        except Exception as e:  # a full disk or a read-only home must not fail the build
            log.warning("cannot store %s in the compile cache: %s", app.root, e)

    def _prune(self) -> None:
        entries = list(self.folder.glob("*/*.fxc"))
        if len(entries) <= MAX_ENTRIES:
            return

        def age(p: Path) -> float:
            try:
                return p.stat().st_mtime
            except OSError:
                return 0.0

        for old in sorted(entries, key=age)[:len(entries) - MAX_ENTRIES]:
            with contextlib.suppress(OSError):
                old.unlink()


def _encode(key: str, app: CompiledApp, reported: list[Diagnostic]) -> bytes:
    texts: list[str] = []

    def put(_name: str, text: str) -> str:
        texts.append(text)
        return str(len(texts) - 1)

    manifest = json.dumps(app_manifest(app, put), ensure_ascii=False)
    codes = dict(app.templates._code) if app.templates is not None else {}
    payload = marshal.dumps((manifest, texts, [list(_diag(d)) for d in reported], codes))
    header = json.dumps({"key": key, "sha256": hashlib.sha256(payload).hexdigest()})
    return FORMAT + header.encode() + b"\n" + payload


def _diag(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.path, d.line, d.col, d.severity, d.message)


def _decode(data: bytes, key: str) -> tuple[CompiledApp, list[Diagnostic]]:
    if not data.startswith(FORMAT):
        raise ValueError("not a compile cache entry")
    header_end = data.index(b"\n", len(FORMAT))
    header = json.loads(data[len(FORMAT):header_end])
    payload = data[header_end + 1:]
    if header.get("key") != key:
        raise ValueError("stored under another key")
    # checked before unmarshalling: marshal is not meant for damaged data
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise ValueError("damaged (checksum)")
    manifest, texts, reported, codes = marshal.loads(payload)
    app = app_from_manifest(json.loads(manifest), lambda ref: texts[int(ref)])
    if app.templates is not None:
        app.templates._code.update({p: c for p, c in codes.items()
                                    if p in app.templates.sources and isinstance(c, CodeType)})
    return app, [Diagnostic(*d) for d in reported]
