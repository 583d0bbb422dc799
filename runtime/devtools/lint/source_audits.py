"""The lint's audits of the compiled app and its files: compiler problems, package
sizes, templates (``fanxing.compiler.template_lint``), host APIs, unused pages and files."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from fanxing.compiler.build import package_size_diagnostics
from fanxing.compiler.build_output import CompiledApp
from fanxing.compiler.config import load_app_config
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.jsonpos import JsonSyntaxError, parse_json
from fanxing.compiler.project import Project
from fanxing.compiler.template_lint import lint_templates

from .api_usage import api_findings
from .findings import Finding, make

# Files a project keeps beside the app that never count as unused.
_KEEP = re.compile(r"(^|/)(project\.config\.json|project\.private\.config\.json|"
                   r"mini\.project\.json|sitemap\.json|theme\.json|ext\.json|"
                   r"package(-lock)?\.json|tsconfig\.json|jsconfig\.json|\.[^/]*|"
                   r"[^/]*\.(md|txt|d\.ts|lock|map|yaml|yml|toml|py|pyc|cfg|ini|sh))$")
_SKIP_DIRS = ("miniprogram_npm/", "node_modules/", "tests/", "test/", "__tests__/",
              "typings/", "cloudfunctions/", "build/", "dist/")
_TEXT = (".js", ".ts", ".json", ".wxml", ".axml", ".wxss", ".acss", ".less", ".scss",
         ".wxs", ".sjs", ".mjs", ".cjs")


def source_findings(app: CompiledApp, project: Project,
                    profiles: Iterable[str] | None = None) -> list[Finding]:
    """Every audit that needs no run of the app."""
    sink = DiagnosticSink()
    config = load_app_config(project, sink)
    size_diags = package_size_diagnostics(project, config)
    found = [make("package-size", d.path, d.line, d.col, d.message) for d in size_diags]
    for d in app.diagnostics:
        if d not in size_diags:
            found.append(make("compile", d.path, d.line, d.col, d.message,
                              severity=d.severity))
    found += [make(rule, d.path, d.line, d.col, d.message) for rule, d in lint_templates(app)]
    found += api_findings(app, profiles)
    texts = {rel: project.read(rel) for rel in project.package_files() if rel.endswith(_TEXT)}
    found += _unused_pages(app, texts)
    found += _unused_files(app, project, texts)
    return found


def _unused_pages(app: CompiledApp, texts: dict[str, str]) -> list[Finding]:
    config = app.config
    entry = {config.pages[0]} if config.pages else set()
    if config.tab_bar:
        entry |= {item.page_path for item in config.tab_bar.items}
    corpus = "\n".join(t for rel, t in texts.items() if rel != "app.json")
    place = _route_positions(texts.get("app.json", ""))
    out = []
    for route in app.pages:
        if route in entry:
            continue
        # navigateTo('/pages/a/a'), url="../a/a", or built from parts ('/pages/' + name +
        # …, {page: 'a'}): a quoted or slashed folder/file name of the route counts.
        parts = route.split("/")
        tail = "/".join(parts[-2:])
        names = {re.escape(p) for p in parts[-2:] if p not in ("index", "main")}
        if route in corpus or tail in corpus or any(
                re.search(rf"['\"`/]{n}['\"`/?]", corpus) for n in names):
            continue
        out.append(make("unused-page", "app.json", *place.get(route, (1, 1)),
                        f"page {route!r} is never opened: no navigation, link or tab "
                        "refers to it"))
    return out


def _route_positions(text: str) -> dict[str, tuple[int, int]]:
    """``{route: (line, col)}`` where app.json lists each page (subpackages included)."""
    try:
        doc = parse_json(text)
    except JsonSyntaxError:
        return {}
    obj = doc.value if isinstance(doc.value, dict) else {}
    out: dict[str, tuple[int, int]] = {}
    for i, page in enumerate(obj.get("pages") or []):
        if isinstance(page, str):
            out[page] = doc.position(("pages", i))
    for key in ("subPackages", "subpackages"):
        for k, sp in enumerate(obj.get(key) or []):
            if isinstance(sp, dict) and isinstance(sp.get("root"), str):
                for j, page in enumerate(sp.get("pages") or []):
                    if isinstance(page, str):
                        route = f"{sp['root'].strip('/')}/{page}"
                        out[route] = doc.position((key, k, "pages", j))
    return out


def _unused_files(app: CompiledApp, project: Project, texts: dict[str, str]) -> list[Finding]:
    used = {"app.json", "app.js", "app.ts"}
    for unit in [*app.pages.values(), *app.components.values()]:
        for rel in (unit.template, unit.script):
            if rel:
                used.add(rel)
        used.add(f"{unit.path}.json")
    used |= {m.path for m in app.modules.values()} | {m.path for m in app.view_modules.values()}
    # Stylesheets: a page's / component's own, the app's, and what they @import.
    style_ext = project.dialect.style
    # (or the Less/Sass/Stylus source the build compiles to it)
    for stem in [*(u.path for u in [*app.pages.values(), *app.components.values()]), "app"]:
        used |= {f"{stem}{ext}" for ext in (style_ext, ".less", ".scss", ".sass", ".styl")}
    for rel, text in texts.items():
        for ref in re.findall(r"@import\s+(?:url\()?['\"]([^'\"]+)['\"]", text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), ref)
                                        if not ref.startswith("/") else ref.lstrip("/"))
            used.add(target)
    corpus = "\n".join(texts.values())
    workers = app.config.extra.get("workers")
    if isinstance(workers, dict):
        workers = workers.get("path")
    kept = _SKIP_DIRS + ((workers.strip("/") + "/",) if isinstance(workers, str) else ())
    out = []
    for rel in project.package_files():
        if rel in used or _KEEP.search(rel) or rel.startswith(kept):
            continue
        name = posixpath.basename(rel)
        stem = posixpath.splitext(rel)[0]
        # Assets are named in templates, styles and scripts (often built from parts).
        if name in corpus or (rel.endswith(_TEXT) and stem in corpus):
            continue
        out.append(make("unused-file", rel, 0, 0,
                        f"{rel} is in the package but nothing refers to it"))
    return out
