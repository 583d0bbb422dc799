"""The ``fanxing`` command line (click). Each command is one function on ``main``."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from fanxing.compiler.diagnostics import CompileError
from fanxing.runtime.cli.output import app_root, print_diagnostics, rebase, shown_path
from fanxing.runtime.cli.package_arg import app_argument, trust_key_option

# Projects with fewer files build in a blink; no progress bar for them.
_PROGRESS_MIN_FILES = 200


@click.group()
@click.version_option(package_name="fanxing")
def main() -> None:
    """fanxing: run Alipay and WeChat mini-programs on the desktop."""


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
@click.option("-q", "--quiet", is_flag=True, help="Print errors only; nothing when all is well.")
@click.option("-v", "--verbose", is_flag=True, help="Also print what was compiled.")
@click.option("--traceback", is_flag=True, hidden=True,
              help="Show Python tracebacks of internal errors.")
def compile_command(app_dir: Path, out_dir: Path | None, quiet: bool, verbose: bool,
                    traceback: bool) -> None:
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
        print_diagnostics(rebase(e.diagnostics, app_dir))
        sys.exit(1)
    except Exception as e:  # a compiler bug must not look like a crash of the user's app
        if traceback:
            raise
        click.echo(f"fanxing: internal error while compiling {app_dir}: "
                   f"{type(e).__name__}: {e} (rerun with --traceback)", err=True)
        sys.exit(2)
    # tags that are neither built-in nor declared, misspelt events: warned here (and by
    # `fanxing lint`), not in compile_app, whose cost the benches hold down
    from fanxing.compiler.template_lint import lint_templates

    extra = [d for rule, d in lint_templates(app) if rule in ("unknown-tag", "unknown-event")]
    shown = rebase([*app.diagnostics, *extra], root)
    print_diagnostics(shown, quiet=quiet)
    if verbose:
        for stage, count in (("pages", len(app.pages)), ("components", len(app.components)),
                             ("logic modules", len(app.modules)),
                             ("SJS/WXS modules", len(app.view_modules))):
            click.echo(f"  {count} {stage}", err=True)
    if not shown and not quiet:
        click.echo(f"{app_dir}: compiled {len(app.pages)} page(s), {len(app.components)} "
                   "component(s): no problems", err=True)
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


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} should look like KEY=VALUE", param_hint=what)
        out[key] = value
    return out


def _url_check(text: str) -> bool | list[str]:
    """``--url-check off|on|HOST,HOST``."""
    if text in ("off", "on"):
        return text == "on"
    hosts = [h.strip() for h in text.split(",") if h.strip()]
    if not hosts:
        raise click.BadParameter("expected off, on or hosts separated by commas",
                                 param_hint="--url-check")
    return hosts


@main.command("render")
@app_argument
@trust_key_option
@click.option("--page", help="Route or URL of the page to open (default: the home page).")
@click.option("--query", "queries", multiple=True, metavar="K=V", help="Page query entry.")
@click.option("--profile", help="Host profile (alipay, taobao, dingtalk, amap, wechat, or a file).")
@click.option("--device", default="iphone-14", show_default=True, help="Device preset.")
@click.option("--do", "actions", multiple=True, metavar="ACTION",
              help="tap:SEL, longpress:SEL, input:SEL=TEXT, confirm:SEL, change:SEL=VALUE, "
                   "submit:SEL, scroll:SEL=TOP, wait:MS, back, navigate:URL (in order).")
@click.option("--answer", "answers", multiple=True, metavar="KIND=CHOICE",
              help="Scripted answer to a dialog, e.g. consent=allow, pay=6001; a choice "
                   "starting with { [ or \" is JSON: 'openSetting={\"scope.userLocation\": true}'.")
@click.option("--format", "fmt", type=click.Choice(["html", "json"]), default="html",
              show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Storage folder (default: the user's data folder).")
@click.option("--user", default="default", show_default=True, help="User whose storage to use.")
@click.option("--settle", "settle_ms", type=click.FloatRange(min=0), default=5000,
              show_default=True, help="Runtime ms of timers to let run after launch and each action.")
@click.option("--strict", is_flag=True,
              help="Exit 1 when the app reported errors or has compile errors (those in "
                   "files the page does not reach do not stop the render).")
@click.option("--mock", "mocks", multiple=True, metavar="KEY=VALUE",
              help="Answer a request or an API before the app starts: "
                   "'GET https://api.x.com/items=@items.json', "
                   "'https://api.x.com/*=500 {\"error\": 1}', "
                   "'my.getLocation={\"latitude\": 30, \"longitude\": 120}'.")
@click.option("--url-check", default="off", show_default=True, metavar="off|on|HOST,...",
              help="The domain whitelist check: off (the developer tools' default), on "
                   "(the host's policy), or the hosts to allow.")
@click.option("--traceback", is_flag=True, hidden=True)
def render_command(app_dir: Path, page: str | None, queries: tuple[str, ...],
                   profile: str | None, device: str, actions: tuple[str, ...],
                   answers: tuple[str, ...], fmt: str, data_dir: Path | None, user: str,
                   settle_ms: float, strict: bool, mocks: tuple[str, ...], url_check: str,
                   traceback: bool) -> None:
    """Run an app headless, perform ACTIONs and print the page as HTML or JSON."""
    import json

    from fanxing.bridge.host import Answers
    from fanxing.runtime.container.app_errors import describe
    from fanxing.runtime.devtools.render_run import RunFailed, run_render

    query = _pairs(queries, "--query")
    try:
        scripted = Answers.parse(list(answers))
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--answer") from None
    try:
        result = run_render(app_dir, page=page, query=query, profile=profile, device=device,
                            actions=list(actions), answers=scripted, data_dir=data_dir,
                            user=user, settle_ms=settle_ms, pretty=fmt == "html",
                            mocks=list(mocks), url_check=_url_check(url_check))
    except RunFailed as e:
        for d in e.diagnostics:
            if d.severity == "error":
                click.echo(d.format(), err=True)
        click.echo(f"fanxing render: {e}", err=True)
        sys.exit(1)
    except Exception as e:  # a fanxing bug must not look like the user's mistake
        if traceback:
            raise
        click.echo(f"fanxing render: internal error: {type(e).__name__}: {e} "
                   "(rerun with --traceback)", err=True)
        sys.exit(2)
    for text in result.compile_errors:
        click.echo(f"compile error (a page not rendered): {text}", err=True)
    prefix = shown_path(app_root(app_dir)) + "/"
    for line in dict.fromkeys(describe(err, prefix.removeprefix("./")) for err in result.errors):
        click.echo(line, err=True)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(result.html)
    if strict and (result.errors or result.compile_errors):
        click.echo(f"fanxing render: {len(result.errors)} app error(s), "
                   f"{len(result.compile_errors)} compile error(s) (--strict)", err=True)
        sys.exit(1)


# Commands in modules of their own, each exporting COMMANDS; one line per module.
_COMMAND_MODULES = [
    "simulator_commands",  # preview, dev, screenshot, demo
    "catalog_commands",  # profiles, devices
    "init_command",  # init
    "lint_command",  # lint
    "pack_command",  # pack, keygen, install
    "cloud_commands",  # cloud invoke/collections/export/import/index/acl/files/reset/serve
]


def _add_commands() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        for command in importlib.import_module(f"fanxing.runtime.cli.{name}").COMMANDS:
            main.add_command(command)


_add_commands()


if __name__ == "__main__":  # python -m fanxing.runtime.cli.main
    main()
