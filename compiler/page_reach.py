"""Which files a page reaches, so an app with errors in some files still runs the pages
those errors do not reach (the vendor tools refuse the whole app instead).

A page reaches the app's own files (``app.json``, the app script and what it requires,
the app stylesheet) and its own: its template and the templates and SJS/WXS modules
that template uses, its script and what that requires, its ``.json`` and stylesheet,
and the same for every component it can show. A diagnostic reaches the page when its
file is one of those. Stylesheets a stylesheet ``@import``s are not followed: a style
problem loses some rules, it does not stop a page.
"""

from __future__ import annotations

import re

from .build_output import CompiledApp
from .diagnostics import Diagnostic
from .project import printable_path

_STYLE_SOURCES = (".less", ".scss", ".sass")
# app.json's "page 'x' is missing x.js" (config.py) is about that page alone
_PAGE_PROBLEM = re.compile(r"page '([^']+)' is missing ")


def _unit_files(app: CompiledApp, path: str, script: str | None, template: str | None,
                style_ext: str) -> set[str]:
    template_ext = ".axml" if app.dialect == "alipay" else ".wxml"
    files = {f"{path}.json", f"{path}{style_ext}", *(f"{path}{e}" for e in _STYLE_SOURCES),
             f"{path}.js", f"{path}.ts", f"{path}{template_ext}"}
    if script:
        files.add(script)
    if template and app.templates is not None and template in app.templates.meta:
        files.add(template)
        meta = app.templates.meta[template]
        files.update(meta.get("visible", []))
        for seen in [template, *meta.get("visible", [])]:
            if seen in app.templates.meta:
                files.update(app.templates.modules_for(seen).values())
    elif template:
        files.add(template)
    return files


def _with_requires(app: CompiledApp, files: set[str]) -> set[str]:
    out = set(files)
    todo = [f for f in files if f in app.modules or f in app.view_modules]
    while todo:
        module = app.modules.get(todo.pop())
        for dep in (module.deps.values() if module else ()):
            if dep not in out:
                out.add(dep)
                todo.append(dep)
    for view_id in [f for f in out if f in app.view_modules]:
        stack = [view_id]
        while stack:
            module = app.view_modules.get(stack.pop())
            for dep in (module.deps.values() if module else ()):
                if dep not in out:
                    out.add(dep)
                    stack.append(dep)
    # diagnostics name files by their printable (escaped) path
    # and an inline module ("page.wxml#fmt") by its template
    return {printable_path(f.partition("#")[0] if f in app.view_modules else f) for f in out}


def page_files(app: CompiledApp, route: str) -> set[str]:
    """Every file (paths from the app root) page ``route`` reaches; see the module doc."""
    style_ext = ".acss" if app.dialect == "alipay" else ".wxss"
    app_script = next((m for m in ("app.ts", "app.js") if m in app.modules), "app.js")
    files = {"app.json", f"app{style_ext}", *(f"app{e}" for e in _STYLE_SOURCES), app_script}
    page = app.pages.get(route)
    if page is not None:
        files |= _unit_files(app, route, page.script, page.template, style_ext)
        for path in app.page_components(route):
            comp = app.components[path]
            files |= _unit_files(app, path, comp.script, comp.template, style_ext)
    return _with_requires(app, files)


def launch_route(app: CompiledApp, page: str | None) -> str | None:
    """The route a launch on ``page`` (a route or URL, None for the home page) opens."""
    if page:
        return page.split("?", 1)[0].strip("/") or None
    return app.config.home or (app.config.pages[0] if app.config.pages else None)


def _reaches(d: Diagnostic, route: str, files: set[str]) -> bool:
    if d.path == "app.json":
        about = _PAGE_PROBLEM.match(d.message)
        if about is not None:
            return about.group(1) in (route, printable_path(route))
    return d.path in files


def errors_reaching(app: CompiledApp, route: str) -> list[Diagnostic]:
    """The error diagnostics of ``app`` in files page ``route`` reaches."""
    files = page_files(app, route)
    return [d for d in app.diagnostics if d.severity == "error" and _reaches(d, route, files)]


def errors_elsewhere(app: CompiledApp, route: str) -> list[Diagnostic]:
    """The error diagnostics of ``app`` in files page ``route`` does not reach."""
    files = page_files(app, route)
    return [d for d in app.diagnostics
            if d.severity == "error" and not _reaches(d, route, files)]
