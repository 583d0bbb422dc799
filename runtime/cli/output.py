"""How the CLI prints diagnostics: paths relative to the current folder (so terminals and
editors can jump to them), each problem once, a summary line, ``--quiet``/``--verbose``."""

from __future__ import annotations

import os
from dataclasses import replace

import click
from fanxing.compiler.diagnostics import Diagnostic


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the current folder when it lies below it, else absolute."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute)
    return absolute if rel.startswith("..") else rel.replace(os.sep, "/")


def rebase(diagnostics: list[Diagnostic], root: str | os.PathLike[str]) -> list[Diagnostic]:
    """Diagnostics whose paths (relative to the app ``root``) are made relative to the
    current folder; duplicates dropped; sorted by path and position."""
    prefix = shown_path(root)
    out = []
    for d in dict.fromkeys(diagnostics):
        path = d.path
        if path and not os.path.isabs(path):
            path = path if prefix == "." else f"{prefix}/{path}"
        out.append(replace(d, path=path))
    return sorted(out, key=lambda d: (d.path, d.line, d.col))


def print_diagnostics(diagnostics: list[Diagnostic], *, quiet: bool = False) -> None:
    """Print ``path:line:col: severity: message`` lines (errors only when ``quiet``), then
    a summary line on stderr."""
    for d in diagnostics:
        if quiet and d.severity != "error":
            continue
        color = "red" if d.severity == "error" else "yellow"
        click.echo(d.format().replace(f" {d.severity}:",
                                      " " + click.style(d.severity + ":", fg=color), 1),
                   color=None)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics and not (quiet and not errors):
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)



def app_root(app_dir: str | os.PathLike[str]) -> str:
    """The folder holding app.json for APP_DIR (a project folder may name one below it);
    APP_DIR itself when it cannot be told."""
    from fanxing.compiler.diagnostics import CompileError
    from fanxing.compiler.project import find_app_root

    try:
        return str(find_app_root(app_dir)[0])
    except (CompileError, OSError):
        return str(app_dir)
