"""``fanxing init DIR``: a new mini-program that compiles, runs and has a passing test.

The files come from ``project-templates/``: ``shared/`` (a pytest test, README,
gitignore), then ``<dialect>/blank/`` (below ``APP_ROOT`` when the project keeps its app
in a sub-folder), then ``<dialect>/<template>/`` on top. ``cloud`` runs on the local
cloud (``fanxing.bridge.cloud``): a ``count`` function keeps the taps in its database.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

TEMPLATES = ("blank", "tabs", "cloud")
# Where the app's own files go when the project folder holds more than the app (a
# WeChat cloud project keeps the app in miniprogram/ beside cloudfunctions/).
APP_ROOT = {("wechat", "cloud"): "miniprogram/"}
RENAMED = {"gitignore": ".gitignore"}  # dotfiles are not package data


def _files(folder: Traversable, prefix: str = "") -> dict[str, Traversable]:
    out: dict[str, Traversable] = {}
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        rel = f"{prefix}{RENAMED.get(entry.name, entry.name)}"
        if entry.is_dir():
            out.update(_files(entry, rel + "/"))
        else:
            out[rel] = entry
    return out


def template_files(dialect: str, template: str) -> dict[str, Traversable]:
    """``{relative path: template file}`` of a new project (later layers win)."""
    base = resources.files("fanxing.runtime.cli") / "project-templates"
    files = _files(base / "shared")
    files.update(_files(base / dialect / "blank", APP_ROOT.get((dialect, template), "")))
    if template != "blank":
        files.update(_files(base / dialect / template))
    if (dialect, template) in APP_ROOT:  # the project file now lives in the overlay
        files.pop(APP_ROOT[(dialect, template)] + "project.config.json", None)
    return files


def create_project(target: Path, name: str, dialect: str, template: str) -> list[str]:
    """Write the project into ``target`` (which must be missing or empty); the files
    written, relative to it. ``name`` goes into the config files as JSON text only."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise click.ClickException(f"{target} already exists and is not an empty folder")
    files = template_files(dialect, template)
    for rel, source in sorted(files.items()):
        text = source.read_text("utf-8")
        if rel.endswith(".json"):
            text = text.replace("__NAME__", json.dumps(name, ensure_ascii=False)[1:-1])
        elif rel.endswith(".md"):
            text = text.replace("__NAME__", name)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return sorted(files)


@click.command("init")
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--dialect", type=click.Choice(["wechat", "alipay"]), default="wechat",
              show_default=True, help="WeChat (WXML/WXSS, wx.*) or Alipay (AXML/ACSS, my.*).")
@click.option("--template", type=click.Choice(TEMPLATES), default="blank", show_default=True,
              help="blank: one page; tabs: a tab bar with two pages and a component; "
                   "cloud: the count kept by a cloud function in the local cloud database.")
@click.option("--name", help="The app's name (default: the folder's name).")
def init_command(target: Path, dialect: str, template: str, name: str | None) -> None:
    """Create a new mini-program in DIR: it compiles, runs and has one passing test."""
    written = create_project(target, name or target.resolve().name, dialect, template)
    click.echo(f"created {target} ({dialect}, {template}): {len(written)} files")
    click.echo(f"next:\n  fanxing dev {target}\n  python -m pytest {target / 'tests'}")


COMMANDS = [init_command]
