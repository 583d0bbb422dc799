"""``fanxing lint APP``: quality audits as text, JSON or SARIF, with exit codes for CI
(the audits live in ``fanxing.runtime.devtools.lint``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from fanxing.runtime.cli.output import shown_path

FAIL_ON = ("error", "warning", "note", "never")


@click.command("lint")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
@click.option("--profile", "profiles", multiple=True,
              help="Host profile the app targets (repeatable; default: every builtin profile "
                   "of its dialect). The first one is used for the scripted run.")
@click.option("--no-run", is_flag=True, help="Only the audits of the files (no scripted run).")
@click.option("--page", "pages", multiple=True,
              help="Pages to open in the scripted run (default: every page).")
@click.option("--do", "actions", multiple=True, metavar="ACTION",
              help="Actions on the first page opened, as for `fanxing render` (tap:SEL…).")
@click.option("--device", default="iphone-14", show_default=True)
@click.option("--rule", "rules", multiple=True, help="Only these rules (repeatable).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding of this severity or worse is found.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Storage folder for the scripted run (default: a fresh temporary one).")
@click.option("-q", "--quiet", is_flag=True, help="Text: print errors only.")
def lint_command(app_dir: Path, fmt: str, out: Path | None, profiles: tuple[str, ...],
                 no_run: bool, pages: tuple[str, ...], actions: tuple[str, ...], device: str,
                 rules: tuple[str, ...], fail_on: str, data_dir: Path | None,
                 quiet: bool) -> None:
    """Audit an app: nodes per page, setData size and rate, oversized images, unused
    pages/components/files, package sizes, for lists without keys, deprecated and
    missing APIs per host profile. Exit 0 clean, 1 findings at --fail-on, 2 bad usage."""
    import tempfile

    from fanxing import __version__
    from fanxing.bridge.profiles import load_profile
    from fanxing.runtime.devtools.lint import SEVERITY_ORDER, lint_app
    from fanxing.runtime.devtools.lint.formats import as_json, as_sarif, as_text

    for name in profiles:
        try:
            load_profile(name)
        except (ValueError, OSError) as e:
            raise click.BadParameter(str(e), param_hint="--profile") from None
    with tempfile.TemporaryDirectory(prefix="fanxing-lint-") as tmp:
        try:
            report = lint_app(app_dir, profiles=profiles, run=not no_run,
                              routes=pages or None, actions=list(actions), device=device,
                              data_dir=data_dir or tmp, rules=rules or None)
        except ValueError as e:
            raise click.UsageError(str(e)) from None
    root = shown_path(report.root)

    def shown(path: str) -> str:
        if not path:
            return root
        return path if root == "." else f"{root}/{path}"

    if quiet and fmt == "text":
        report.findings = [f for f in report.findings if f.severity == "error"]
    text = {"text": as_text, "json": as_json}.get(fmt)
    body = text(report, shown) if text else as_sarif(report, shown, __version__)
    if out is not None:
        out.write_text(body + "\n", "utf-8")
        click.echo(f"wrote {out} ({len(report.findings)} finding(s))", err=True)
    else:
        click.echo(body)
    worst = report.worst()
    failed = (fail_on != "never" and worst is not None
              and SEVERITY_ORDER[worst] >= SEVERITY_ORDER[fail_on])
    sys.stdout.flush()
    sys.exit(1 if failed else 0)


COMMANDS = [lint_command]
