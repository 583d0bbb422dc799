"""The ``fanxing`` command line (click). Each command is one function on ``main``."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import click
from fanxing.compiler.diagnostics import CompileError, Diagnostic

# Projects with fewer files build in a blink; no progress bar for them.
_PROGRESS_MIN_FILES = 200


@click.group()
@click.version_option(package_name="fanxing")
def main() -> None:
    """fanxing: run Alipay and WeChat mini-programs on the desktop."""


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Print diagnostics as ``path:line:col: severity: message``, then a summary line."""
    for d in diagnostics:
        color = "red" if d.severity == "error" else "yellow"
        click.echo(d.format().replace(f" {d.severity}:",
                                      " " + click.style(d.severity + ":", fg=color), 1),
                   color=None)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _progress(file_count: int):
    """A rich progress display on stderr for large projects in a terminal, else None."""
    if not sys.stderr.isatty() or file_count < _PROGRESS_MIN_FILES:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(),
                    console=Console(stderr=True), transient=True)


@main.command("compile")
@click.argument("app_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Write the build folder here (without it, only check).")
@click.option("--traceback", is_flag=True, hidden=True,
              help="Show Python tracebacks of internal errors.")
def compile_command(app_dir: Path, out_dir: Path | None, traceback: bool) -> None:
    """Check an app (or build it into OUT_DIR); print every problem as path:line:col."""
    from fanxing.compiler.build import compile_app
    from fanxing.compiler.build_output import BuildFolderError
    from fanxing.compiler.project import load_project

    tasks: dict[str, int] = {}
    bar = None

    def progress(stage: str, done: int, total: int) -> None:
        if bar is None:
            return
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total or 1)
        bar.update(tasks[stage], completed=done, total=total or 1)

    try:
        project = load_project(app_dir)
        root = project.root
        bar = _progress(len(project.files))
        with bar if bar is not None else nullcontext():
            app = compile_app(app_dir, progress=progress)
    except CompileError as e:
        print_diagnostics(e.diagnostics)
        sys.exit(1)
    except Exception as e:  # a compiler bug must not look like a crash of the user's app
        if traceback:
            raise
        click.echo(f"fanxing: internal error while compiling {app_dir}: "
                   f"{type(e).__name__}: {e} (rerun with --traceback)", err=True)
        sys.exit(2)
    # diagnostics name files from the app root; the user gave APP_DIR (maybe a project
    # folder whose miniprogramRoot is below it)
    prefix = os.path.relpath(root, app_dir.resolve()).replace(os.sep, "/")
    if prefix != ".":
        app.diagnostics = [replace(d, path=f"{prefix}/{d.path}") for d in app.diagnostics]
    print_diagnostics(sorted(app.diagnostics, key=lambda d: (d.path, d.line, d.col)))
    if out_dir is not None and not app.ok:
        click.echo("build not written: fix the errors first", err=True)
    if out_dir is not None and app.ok:
        try:
            app.write(out_dir)
        except (BuildFolderError, OSError) as e:
            click.echo(f"fanxing: cannot write the build: {e}", err=True)
            sys.exit(1)
        click.echo(f"built {len(app.pages)} page(s), {len(app.components)} component(s) "
                   f"into {out_dir}", err=True)
    sys.exit(0 if app.ok else 1)
