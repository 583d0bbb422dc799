"""The build pipeline: a project folder → ``CompiledApp`` → a build folder and back.

``compile_app`` runs the stages in order (project and config, templates, styles,
logic and view modules, lints) and collects every diagnostic instead of stopping at
the first. The result's model and its build folder live in :mod:`.build_output`
(re-exported here); ``open_app`` takes either a project or a build folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Literal

from .build_cache import BuildCache
from .build_output import (  # noqa: F401  (the compiled app's model, re-exported here)
    BUILD_FORMAT,
    BUILD_VERSION,
    CompiledApp,
    ComponentUnit,
    PageUnit,
    is_build_folder,
    load_build,
)
from .compile_cache import CompileCache, default_cache
from .config import (
    AppConfig,
    collect_components,
    load_app_config,
    load_page_config,
    package_key_position,
)
from .diagnostics import Diagnostic, DiagnosticSink
from .memo import StepMemo
from .modules import build_module_table
from .npm import NPM_DIRS
from .project import Project, load_project
from .style_preprocess import PREPROCESSED, StylePreprocessor, preprocessed_ending
from .styles import StyleMemo, compile_stylesheet, component_class_prefix
from .templates import compile_template_set
from .typescript import TypeScript, emit_options

PACKAGE_LIMIT = 2 * 1024 * 1024  # bytes per (sub)package, as the platforms enforce
TOTAL_PACKAGE_LIMIT = 20 * 1024 * 1024  # bytes of all packages together
#: Share the compiled form of files compiled more than once (a stylesheet @imported by
#: many pages); the output is the same either way. Tests turn it off to compare.
SHARE_WITHIN_BUILD = True

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stage is "config", "templates", "styles" or "modules"."""


def open_app(path: str | os.PathLike[str], sink: DiagnosticSink | None = None, *,
             cache: BuildCache | None = None,
             stored: CompileCache | None | Literal["default"] = "default") -> CompiledApp:
    """The app at ``path``: a build folder is loaded as it is, a project is compiled
    (with ``cache``, if given: see ``compile_app``) unless ``stored`` (a
    :class:`~fanxing.compiler.compile_cache.CompileCache`; by default the user's, None
    for none) holds its build for the same files."""
    if is_build_folder(path):
        return load_build(path)
    store = default_cache() if stored == "default" else stored
    if store is None:
        return compile_app(path, sink, cache=cache)
    return store.open(path, sink, lambda p, s: compile_app(p, s, cache=cache))


def compile_app(root: str | os.PathLike[str], sink: DiagnosticSink | None = None, *,
                progress: Progress | None = None, cache: BuildCache | None = None
                ) -> CompiledApp:
    """Compile the project at ``root`` (an app folder or a project folder).

    Every problem lands in ``sink`` and in ``CompiledApp.diagnostics``; the build
    goes on past errors so one run reports them all. Raises ``CompileError`` only
    when there is no app to build (no app.json, or a project mixing dialects).
    ``cache``, passed to every build of one app, makes a rebuild redo only the work
    that depends on files that changed (``fanxing.compiler.build_cache``).
    """
    sink = sink if sink is not None else DiagnosticSink()
    report = progress or (lambda stage, done, total: None)
    start = len(sink.items)

    report("config", 0, 1)
    project = load_project(root, sink)
    if cache is not None:
        cache.begin(project.root)
    config = load_app_config(project, sink)
    page_configs = {r: load_page_config(project, config, r, sink) for r in config.all_pages}
    comp_configs = collect_components(project, config, page_configs, sink)
    report("config", 1, 1)

    app = CompiledApp(root=project.root, dialect=project.dialect.name, config=config)
    ext = project.dialect
    for route, pc in page_configs.items():
        app.pages[route] = PageUnit(route, _file(project, route + ext.template),
                                    None, _script(project, route), pc)
    for path, cc in comp_configs.items():
        app.components[path] = ComponentUnit(path, _file(project, path + ext.template),
                                             None, _script(project, path), cc)

    _compile_templates(project, app, sink, report, cache)
    _compile_styles(project, app, sink, report, cache)
    _build_modules(project, app, sink, report, cache)
    sink.extend(package_size_diagnostics(project, config))
    if cache is not None:
        cache.finish()
    # a stylesheet @imported by many pages reports its problems once per importer
    app.diagnostics = list(dict.fromkeys(sink.items[start:]))
    return app


def _file(project: Project, rel: str) -> str | None:
    return rel if project.has(rel) else None


def _script(project: Project, path: str) -> str | None:
    """A page's or component's logic file: TypeScript, which the tools compile over a
    ``.js`` beside it, else JavaScript (an npm package ships its compiled ``.js``)."""
    order = (".js", ".ts") if path.startswith(NPM_DIRS) or "/node_modules/" in path \
        else (".ts", ".js")
    for ext in order:
        if project.has(path + ext):
            return path + ext
    return None


def _compile_templates(project: Project, app: CompiledApp, sink: DiagnosticSink,
                       report: Progress, cache: BuildCache | None) -> None:
    files = project.files_with(project.dialect.template)
    report("templates", 0, len(files))
    sources = {f: project.read(f) for f in files}
    app.templates = compile_template_set(sources, project.dialect.name, sink,
                                         root_files=project.files,
                                         memo=cache.templates if cache else None)
    report("templates", len(files), len(files))


def _compile_styles(project: Project, app: CompiledApp, sink: DiagnosticSink,
                    report: Progress, cache: BuildCache | None) -> None:
    ext = project.dialect.style
    read: dict[str, str | None] = {}
    pre = cache.preprocessor if cache else StylePreprocessor(project.root)
    roots = [project.root]
    if project.project_file is not None and project.project_file.parent != project.root:
        roots.append(project.project_file.parent)
    pre.begin(project.root, roots)

    def loader(rel: str) -> str | None:
        if rel not in read:
            read[rel] = _style_source(project, rel, ext, pre, sink)
        return read[rel]

    # (key in styles, file, class prefix); pages and components are scoped, app is not
    jobs: list[tuple[str, str, str, Any]] = [("app", f"app{ext}", "", None)]
    for route, page in app.pages.items():
        jobs.append((route, f"{route}{ext}", component_class_prefix(route), page))
    for path, comp in app.components.items():
        shared = comp.style_isolation in ("shared", "page-shared")
        jobs.append((path, f"{path}{ext}", "" if shared else component_class_prefix(path),
                     comp))
    memo = cache.styles if cache else StyleMemo() if SHARE_WITHIN_BUILD else None
    report("styles", 0, len(jobs))
    for done, (key, rel, prefix, unit) in enumerate(jobs, 1):
        source = loader(rel)
        if source is not None:
            app.styles[key] = compile_stylesheet(rel, source, loader=loader, sink=sink,
                                                 class_prefix=prefix,
                                                 component=key in app.components, memo=memo)
            if unit is not None:
                unit.style = key
        report("styles", done, len(jobs))
    pre.finish()


def _style_source(project: Project, rel: str, ext: str, pre: StylePreprocessor,
                  sink: DiagnosticSink) -> str | None:
    """The CSS text of style file ``rel``: a ``.less``/``.scss``/``.sass`` file compiled,
    and a ``.wxss``/``.acss`` followed by what its preprocessed twin (``index.less``
    beside ``index.wxss``) compiles to, as the tools' compile plugins output it."""
    if preprocessed_ending(rel):
        return pre.compile(rel, project.read(rel), sink) if project.has(rel) else None
    parts = [project.read(rel)] if project.has(rel) else []
    if rel.endswith(ext):
        for pre_ext in PREPROCESSED:
            twin = rel[:-len(ext)] + pre_ext
            if project.has(twin):
                css = pre.compile(twin, project.read(twin), sink)
                if css:
                    parts.append(css)
    return "\n".join(parts) if parts else None


def _build_modules(project: Project, app: CompiledApp, sink: DiagnosticSink,
                   report: Progress, cache: BuildCache | None) -> None:
    app_script = _script(project, "app")
    entries = [app_script] if app_script else []
    if not entries:
        sink.error("app.js", 1, 1, "the app has no app.js")
    units: list[PageUnit | ComponentUnit] = [*app.pages.values(), *app.components.values()]
    entries += [u.script for u in units if u.script and u.script not in entries]
    view_entries = project.files_with(project.dialect.script_module)
    inline = dict(app.templates.inline_modules) if app.templates is not None else {}
    total = len(entries) + len(view_entries) + len(inline)
    report("modules", 0, total)
    memo = cache.modules if cache else StepMemo() if SHARE_WITHIN_BUILD else None
    typescript = TypeScript(emit_options(project.root),
                            memo=cache.typescript if cache else None)
    app.modules = build_module_table(project.root, entries, sink=sink, kind="logic", memo=memo,
                                     dialect=project.dialect.name, typescript=typescript)
    report("modules", len(entries), total)
    # Inline <wxs>/<import-sjs> bodies go through the same table so their require()s resolve.
    app.view_modules = build_module_table(project.root, view_entries, sink=sink, kind="view",
                                          inline=inline, memo=memo,
                                          dialect=project.dialect.name)
    report("modules", total, total)


def package_sizes(project: Project, config: AppConfig) -> dict[str | None, int]:
    """Bytes per package: ``None`` for the main package, else the subpackage's root."""
    sizes: dict[str | None, int] = {None: 0}
    for rel in project.package_files():
        sp = config.package_of(rel)
        key = sp.root if sp is not None else None
        try:
            sizes[key] = sizes.get(key, 0) + os.path.getsize(f"{project.root}/{rel}")
        except OSError:
            continue
    return sizes


def package_size_diagnostics(project: Project, config: AppConfig) -> list[Diagnostic]:
    """Warnings for each (sub)package above ``PACKAGE_LIMIT`` and a total above
    ``TOTAL_PACKAGE_LIMIT``, at the app.json key naming the package."""
    out = []
    index = {sp.root: i for i, sp in enumerate(config.subpackages)}
    sizes = package_sizes(project, config)
    for root in [None, *index]:
        size = sizes.get(root, 0)
        if size > PACKAGE_LIMIT:
            name = "main package" if root is None else f"subpackage {root!r}"
            line, col = package_key_position(project, None if root is None else index[root])
            out.append(Diagnostic("app.json", line, col, "warning",
                                  f"{name} is {size / 1024 / 1024:.2f} MB; the limit is 2 MB "
                                  "per (sub)package"))
    total = sum(sizes.values())
    if total > TOTAL_PACKAGE_LIMIT:
        line, col = package_key_position(project, None)
        out.append(Diagnostic("app.json", line, col, "warning",
                              f"all packages together are {total / 1024 / 1024:.2f} MB; the "
                              "limit is 20 MB"))
    return out
