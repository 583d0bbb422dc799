"""The compiled app and its build folder: ``CompiledApp`` and how it is stored and read back.

The layout is documented in ``docs/build-output.md``. ``manifest.json`` indexes every
other file, so readers never guess file names from ids.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import jsonpos
from .config import AppConfig, ComponentConfig, PageConfig
from .diagnostics import Diagnostic
from .js_module import JsModule
from .templates import TemplateSet

BUILD_FORMAT = "fanxing-build"
BUILD_VERSION = 2  # 2: WXS function references in templates
MANIFEST = "manifest.json"
_PARTS = ("templates", "styles", "logic", "view", MANIFEST)


@dataclass
class PageUnit:
    """One page: its files (paths from the app root) and its merged config."""

    path: str  # the route, no extension
    template: str | None  # "pages/index/index.axml"
    style: str | None  # key in CompiledApp.styles
    script: str | None  # module id in CompiledApp.modules
    config: PageConfig

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "template": self.template, "style": self.style,
                "script": self.script, "config": self.config.to_json()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> PageUnit:
        return cls(obj["path"], obj["template"], obj["style"], obj["script"],
                   PageConfig.from_json(obj["config"]))


@dataclass
class ComponentUnit:
    """One custom component; ``style_isolation``/``external_classes`` mirror its config."""

    path: str
    template: str | None
    style: str | None
    script: str | None
    config: ComponentConfig

    @property
    def using_components(self) -> dict[str, str]:
        return self.config.using_components

    @property
    def style_isolation(self) -> str:
        return self.config.style_isolation

    @property
    def external_classes(self) -> list[str]:
        return self.config.external_classes

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "template": self.template, "style": self.style,
                "script": self.script, "config": self.config.to_json()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> ComponentUnit:
        return cls(obj["path"], obj["template"], obj["style"], obj["script"],
                   ComponentConfig.from_json(obj["config"]))


@dataclass
class CompiledApp:
    """Everything the runtime needs to run an app; see ``docs/internals.md``."""

    root: Path
    dialect: str
    config: AppConfig
    pages: dict[str, PageUnit] = field(default_factory=dict)
    components: dict[str, ComponentUnit] = field(default_factory=dict)
    templates: TemplateSet | None = None
    styles: dict[str, str] = field(default_factory=dict)
    modules: dict[str, JsModule] = field(default_factory=dict)
    view_modules: dict[str, JsModule] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the build has no error diagnostics."""
        return not any(d.severity == "error" for d in self.diagnostics)

    def page_components(self, route: str) -> list[str]:
        """The components a page can show: its ``usingComponents`` and theirs, recursively
        (paths in ``components`` order; unknown paths left out)."""
        seen: set[str] = set()
        todo = list(self.pages[route].config.using_components.values())
        while todo:
            path = todo.pop()
            if path in seen or path not in self.components:
                continue
            seen.add(path)
            todo.extend(self.components[path].using_components.values())
        return [path for path in self.components if path in seen]

    def write(self, out_dir: str | os.PathLike[str]) -> Path:
        """Store the build in ``out_dir`` (layout: ``docs/build-output.md``)."""
        return write_build(self, Path(out_dir))


def load_build(out_dir: str | os.PathLike[str]) -> CompiledApp:
    """Read a build folder written by ``CompiledApp.write``; no source is needed."""
    return read_build(Path(out_dir))


def is_build_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a build folder (``fanxing compile -o``) rather than sources."""
    return (Path(path) / MANIFEST).is_file() and not (Path(path) / "app.json").exists()



class BuildFolderError(ValueError):
    """A build folder that cannot be written or read (names the folder and the problem)."""


def _safe_name(ident: str, suffix: str = "") -> str:
    """A relative file name for an id; ids that are not plain relative paths are hashed."""
    parts = ident.replace("#", "/#").split("/")
    if ident.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in ident:
        return "_/" + hashlib.sha1(ident.encode()).hexdigest()[:16] + suffix
    return ident.replace("#", ".inline.") + suffix


def write_build(app: CompiledApp, out: Path) -> Path:
    """Write ``app`` to ``out`` (created if needed; an earlier build there is replaced)."""
    if out.exists() and not out.is_dir():
        raise BuildFolderError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise BuildFolderError(f"{out}: not empty and not a fanxing build; refusing to "
                               "overwrite it")
    out.mkdir(parents=True, exist_ok=True)
    for part in _PARTS:  # an earlier build: remove it so no stale file survives
        target = out / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()

    def put(rel: str, text: str) -> str:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return rel

    put(MANIFEST, json.dumps(app_manifest(app, put), ensure_ascii=False, indent=1))
    return out


def app_manifest(app: CompiledApp, put: Callable[[str, str], str]) -> dict[str, Any]:
    """``app`` as JSON-ready data; each text part (template, style, module) goes to
    ``put(name, text)``, whose answer the manifest keeps to find it again."""
    sources = app.templates.sources if app.templates is not None else {}
    templates = {p: put("templates/" + _safe_name(p, ".py"), src) for p, src in sources.items()}
    styles = {k: put("styles/" + _safe_name(k, ".css"), css) for k, css in app.styles.items()}

    def modules(kind: str, table: dict[str, JsModule]) -> dict[str, Any]:
        return {mid: {"path": m.path, "deps": m.deps,
                      "file": put(f"{kind}/" + _safe_name(mid, ".js"
                                                          if "#" in mid else ""), m.code)}
                for mid, m in table.items()}

    return {
        "format": BUILD_FORMAT,
        "version": BUILD_VERSION,
        "root": str(app.root),
        "dialect": app.dialect,
        "config": app.config.to_json(),
        "pages": {r: u.to_json() for r, u in app.pages.items()},
        "components": {p: u.to_json() for p, u in app.components.items()},
        "templates": templates,
        "templates_meta": app.templates.to_meta() if app.templates is not None else None,
        "styles": styles,
        "modules": modules("logic", app.modules),
        "view_modules": modules("view", app.view_modules),
        "diagnostics": [[d.path, d.line, d.col, d.severity, d.message]
                        for d in app.diagnostics],
    }


def read_build(out: Path) -> CompiledApp:
    """Read a build folder; raises ``BuildFolderError`` naming what is wrong."""
    try:
        manifest = jsonpos.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildFolderError(f"{out}: no {MANIFEST}; not a fanxing build") from None
    except (OSError, ValueError) as e:
        raise BuildFolderError(f"{out / MANIFEST}: unreadable: {e}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BUILD_FORMAT:
        raise BuildFolderError(f"{out / MANIFEST}: not a fanxing build manifest")
    if manifest.get("version") != BUILD_VERSION:
        raise BuildFolderError(f"{out / MANIFEST}: build format version "
                               f"{manifest.get('version')!r}, expected {BUILD_VERSION}; "
                               "rebuild the app")

    def text(rel: str) -> str:
        try:
            return (out / rel).read_text(encoding="utf-8")
        except OSError as e:
            raise BuildFolderError(f"{out / rel}: {e.strerror or e}") from None

    try:
        return app_from_manifest(manifest, text)
    except (KeyError, TypeError) as e:
        raise BuildFolderError(f"{out / MANIFEST}: malformed manifest ({e!r})") from None


def app_from_manifest(manifest: dict[str, Any], text: Callable[[str], str]) -> CompiledApp:
    """The app ``app_manifest`` described; ``text(ref)`` gives back each text part.
    Raises ``KeyError``/``TypeError`` when the manifest is malformed."""

    def modules(table: dict[str, Any]) -> dict[str, JsModule]:
        return {mid: JsModule(mid, m["path"], text(m["file"]), dict(m["deps"]))
                for mid, m in table.items()}

    sources = {p: text(rel) for p, rel in manifest["templates"].items()}
    return CompiledApp(
        root=Path(manifest["root"]),
        dialect=manifest["dialect"],
        config=AppConfig.from_json(manifest["config"]),
        pages={r: PageUnit.from_json(u) for r, u in manifest["pages"].items()},
        components={p: ComponentUnit.from_json(u) for p, u in manifest["components"].items()},
        templates=TemplateSet.from_sources(sources, manifest.get("templates_meta")),
        styles={k: text(rel) for k, rel in manifest["styles"].items()},
        modules=modules(manifest["modules"]),
        view_modules=modules(manifest["view_modules"]),
        diagnostics=[Diagnostic(*d) for d in manifest["diagnostics"]],
    )
