"""The build folder: how a ``CompiledApp`` is stored and read back.

The layout is documented in ``docs/build-output.md``. ``manifest.json`` indexes every
other file, so readers never guess file names from ids.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from .build import (
    BUILD_FORMAT,
    BUILD_VERSION,
    CompiledApp,
    ComponentUnit,
    PageUnit,
)
from .config import AppConfig
from .diagnostics import Diagnostic
from .js_module import JsModule
from .templates import TemplateSet

MANIFEST = "manifest.json"
_PARTS = ("templates", "styles", "logic", "view", MANIFEST)


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

    sources = app.templates.sources if app.templates is not None else {}
    templates = {p: put("templates/" + _safe_name(p, ".py"), src) for p, src in sources.items()}
    styles = {k: put("styles/" + _safe_name(k, ".css"), css) for k, css in app.styles.items()}

    def modules(kind: str, table: dict[str, JsModule]) -> dict[str, Any]:
        return {mid: {"path": m.path, "deps": m.deps,
                      "file": put(f"{kind}/" + _safe_name(mid, ".js"
                                                          if "#" in mid else ""), m.code)}
                for mid, m in table.items()}

    manifest = {
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
    put(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return out


def read_build(out: Path) -> CompiledApp:
    """Read a build folder; raises ``BuildFolderError`` naming what is wrong."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
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

    def modules(table: dict[str, Any]) -> dict[str, JsModule]:
        return {mid: JsModule(mid, m["path"], text(m["file"]), dict(m["deps"]))
                for mid, m in table.items()}

    try:
        sources = {p: text(rel) for p, rel in manifest["templates"].items()}
        return CompiledApp(
            root=Path(manifest["root"]),
            dialect=manifest["dialect"],
            config=AppConfig.from_json(manifest["config"]),
            pages={r: PageUnit.from_json(u) for r, u in manifest["pages"].items()},
            components={p: ComponentUnit.from_json(u)
                        for p, u in manifest["components"].items()},
            templates=TemplateSet.from_sources(sources, manifest.get("templates_meta")),
            styles={k: text(rel) for k, rel in manifest["styles"].items()},
            modules=modules(manifest["modules"]),
            view_modules=modules(manifest["view_modules"]),
            diagnostics=[Diagnostic(*d) for d in manifest["diagnostics"]],
        )
    except (KeyError, TypeError) as e:
        raise BuildFolderError(f"{out / MANIFEST}: malformed manifest ({e!r})") from None
